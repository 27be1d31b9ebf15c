"""``ecoforum demo``: load the 2023 demo edition (idempotent) and say how to log in."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ecoforum.demo import login as demo_login
from ecoforum.demo.data.edition import EDITION
from ecoforum.demo.loader import load_demo
from ecoforum.people.models import ExpertProfile
from ecoforum.program.models import Section, Session, ThemeForum


class Command(BaseCommand):
    help = (
        "Load the 2023 demo edition of the Eco Forum Global Guiyang (idempotent: a second run changes nothing). "
        f"The password comes from {demo_login.ENV_VAR} or is generated once into var/{demo_login.FILE_NAME}."
    )

    def handle(self, *args, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not up to date: run `ecoforum migrate` first.")
        login = demo_login.demo_login()
        report = load_demo(password=login.password)
        path = demo_login.write_login_file(login, EDITION["slug"])

        slug = EDITION["slug"]
        experts = ExpertProfile.objects.filter(person__is_demo=True)
        academicians = experts.filter(academy__in=["cas", "cae"]).count()
        self.stdout.write(
            f"Demo edition {slug}: {Section.objects.filter(edition__slug=slug).count()} sections, "
            f"{ThemeForum.objects.filter(edition__slug=slug).count()} theme forums, "
            f"{Session.objects.filter(edition__slug=slug).count()} sessions, "
            f"{experts.count()} experts ({academicians} academicians)."
        )
        if report.anything:
            created = sum(report.created.values())
            changed = sum(report.changed.values())
            self.stdout.write(self.style.SUCCESS(f"Loaded: {created} created, {changed} changed."))
        else:
            self.stdout.write("Already loaded: nothing to change.")
        if report.released:
            self.stdout.write(self.style.SUCCESS(f"Program released as version {report.released}."))
        site, back_office = demo_login.site_urls(slug)
        self.stdout.write("")
        self.stdout.write(f"  Site:         {site}")
        self.stdout.write(f"  Back office:  {back_office}")
        self.stdout.write(
            f"  Log in as:    {demo_login.ORGANIZER} (organizer) or {demo_login.COORDINATOR} (coordinator of one "
            "theme forum)"
        )
        self.stdout.write(
            f"                {demo_login.INVESTOR} (an investor's portal), {demo_login.OWNER} (a project owner's "
            f"portal) or {demo_login.EXHIBITOR} (an exhibitor's portal)"
        )
        self.stdout.write(
            f"                {demo_login.DESK} (guest services: registrations, badges, hotels, transport, meals) "
            f"or {demo_login.GATE} (gate staff: the badge scanner)"
        )
        self.stdout.write(
            f"                {demo_login.UNIT} (a responsible unit reporting on its outcomes after the forum)"
        )
        if login.from_env:
            self.stdout.write(f"  Password:     the value of {demo_login.ENV_VAR}")
        else:
            self.stdout.write(f"  Password:     {login.password}   (kept in {path})")
        self.stdout.write("  Serve it with `ecoforum serve` (or `make demo`).")
