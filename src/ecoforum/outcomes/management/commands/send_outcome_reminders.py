"""``ecoforum send_outcome_reminders [EDITION …]``: mail the responsible units about stages due soon or overdue.

Without an edition, every edition. Safe to run as often as wanted (from cron, say, every
morning): each reminder goes once per stage, kind and planned date.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ecoforum.forums.models import Edition
from ecoforum.outcomes.services import send_reminders


class Command(BaseCommand):
    help = "Mail the responsible units about outcome stages due within 14 days or overdue (each reminder once)."

    def add_arguments(self, parser):
        parser.add_argument("editions", nargs="*", help="Edition slugs, such as 2023 (default: every edition).")

    def handle(self, *args, editions, **options):
        if not editions:
            count = send_reminders()
            self.stdout.write(f"{count} reminder(s) sent")
            return
        found = Edition.objects.filter(slug__in=editions).order_by("slug")
        missing = sorted(set(editions) - set(found.values_list("slug", flat=True)))
        if missing:
            raise CommandError(f"No such edition: {', '.join(missing)}")
        for edition in found:
            count = send_reminders(edition=edition)
            self.stdout.write(f"{edition.slug}: {count} reminder(s) sent")
