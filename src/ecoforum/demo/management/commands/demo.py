"""``ecoforum demo``: load the 2023 demo edition (idempotent) and say how to log in;
``ecoforum demo --scale tradefair``: build the large trade-fair edition (``ecoforum.demo.tradefair``)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ecoforum.demo import login as demo_login
from ecoforum.demo import tradefair
from ecoforum.demo.data.edition import EDITION
from ecoforum.demo.loader import load_demo
from ecoforum.people.models import ExpertProfile
from ecoforum.program.models import Section, Session, ThemeForum


class Command(BaseCommand):
    help = (
        "Load the 2023 demo edition of the Eco Forum Global Guiyang (idempotent: a second run changes nothing). "
        f"The password comes from {demo_login.ENV_VAR} or is generated once into var/{demo_login.FILE_NAME}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["forum", "tradefair"],
            default="forum",
            help="forum: the 2023 demo edition (default); tradefair: a separate, large invented edition "
            "(slug 'tradefair') to measure the site at trade-fair size.",
        )
        for name, default in tradefair.DEFAULTS.items():
            parser.add_argument(
                f"--{name}", type=int, default=default, help=f"With --scale tradefair: how many {name} ({default:,})."
            )

    def handle(self, *args, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not up to date: run `ecoforum migrate` first.")
        if options["scale"] == "tradefair":
            self._tradefair(options)
            return
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

    def _tradefair(self, options) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        numbers = {name: options[name] for name in tradefair.DEFAULTS}
        if min(numbers.values()) < 1:
            raise CommandError("Every number must be at least 1.")
        if numbers["projects"] > numbers["exhibitors"]:
            raise CommandError("Each project is owned by an exhibitor: give at least as many exhibitors as projects.")
        if tradefair.Edition.objects.filter(slug=tradefair.SLUG).exists():
            self.stdout.write(
                f"The trade-fair edition ({tradefair.SLUG}) is already there: nothing to do. "
                "Delete it in the admin to build it again."
            )
            return
        totals = tradefair.plan_totals(**numbers)
        started = time.monotonic()
        with Progress(
            TextColumn("{task.description:<14}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            disable=options["verbosity"] == 0,
        ) as bar:
            tasks = {step: bar.add_task(step, total=total) for step, total in totals.items()}

            def progress(step: str, advance: int, total: int) -> None:
                bar.update(tasks[step], advance=advance)

            try:
                report = tradefair.build_tradefair(**numbers, progress=progress)
            except tradefair.TradefairExists:
                raise CommandError(f"The trade-fair edition ({tradefair.SLUG}) appeared meanwhile.") from None
        counts = report.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Trade-fair edition {tradefair.SLUG}: {counts['guests']:,} guests, {counts['exhibitors']:,} "
                f"exhibitors, {counts['projects']:,} projects, {counts['sessions']:,} sessions "
                f"in {time.monotonic() - started:.0f} s."
            )
        )
        site, _back_office = demo_login.site_urls(tradefair.SLUG)
        self.stdout.write(f"  Site:         {site}")
