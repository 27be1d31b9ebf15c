"""``ecoforum rebuild_search_index [--edition 2023]``: index everything again."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ecoforum.forums.models import Edition
from ecoforum.search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index (of one edition plus the documents across editions, or of all)."

    def add_arguments(self, parser):
        parser.add_argument("--edition", help="An edition's address, such as 2023.")

    def handle(self, *args, edition=None, **options):
        chosen = None
        if edition:
            chosen = Edition.objects.filter(slug=edition).first()
            if chosen is None:
                raise CommandError(f"No edition “{edition}”.")

        def progress(kind: str, count: int) -> None:
            self.stdout.write(f"  {kind:<10} {count:>7}")

        total = rebuild(chosen, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} documents."))
