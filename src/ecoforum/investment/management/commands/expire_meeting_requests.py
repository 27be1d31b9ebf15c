"""``ecoforum expire_meeting_requests [EDITION …]``: pending meeting requests past their time become expired.

Without an edition, every edition. Pages already treat an overdue request as
expired; this writes it down (and frees the pair for a new request).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ecoforum.forums.models import Edition
from ecoforum.investment.requests import expire_overdue


class Command(BaseCommand):
    help = "Mark pending meeting requests past their time as expired."

    def add_arguments(self, parser):
        parser.add_argument("editions", nargs="*", help="Edition slugs, such as 2023 (default: every edition).")

    def handle(self, *args, editions, **options):
        found = Edition.objects.order_by("slug")
        if editions:
            found = found.filter(slug__in=editions)
            missing = sorted(set(editions) - set(found.values_list("slug", flat=True)))
            if missing:
                raise CommandError(f"No such edition: {', '.join(missing)}")
        for edition in found:
            count = expire_overdue(edition)
            self.stdout.write(f"{edition.slug}: {count} request(s) expired")
