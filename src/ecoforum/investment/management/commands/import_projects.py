"""``ecoforum import_projects EDITION FILE.xlsx``: the edition's project index from a workbook."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ecoforum.forums.models import Edition
from ecoforum.investment.spreadsheets import COLUMNS, import_projects


class Command(BaseCommand):
    help = "Import the investment projects of an edition from an .xlsx workbook (amounts in 万元); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="The edition's address, such as 2023.")
        parser.add_argument(
            "file", type=Path, help="The workbook; its header row: " + ", ".join(c.key for c in COLUMNS)
        )
        parser.add_argument("--language", default="en", choices=["en", "zh-hans"], help="The language of the messages.")

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"There is no edition «{options['edition']}».")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        with translation.override(options["language"]):
            result = import_projects(edition, data, actor=None, filename=path.name)
            if not result.ok:
                for error in result.errors:
                    self.stderr.write(str(error))
                raise CommandError(f"Nothing was imported: {len(result.errors)} problem(s).")
        self.stdout.write(
            f"{len(result.created)} created, {len(result.changed)} changed, {len(result.unchanged)} unchanged."
        )
