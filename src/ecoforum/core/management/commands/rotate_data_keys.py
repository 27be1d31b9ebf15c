"""``ecoforum rotate_data_keys``: re-encrypt every encrypted value with the first key of ECOFORUM_DATA_KEYS.

Rotation: put the new key first in ``ECOFORUM_DATA_KEYS`` (keep the old one after it), run this
command, then drop the old key. Every row holding an encrypted value is rewritten, in batches, each
batch in its own transaction. ``--check`` only counts.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from ecoforum.core import crypto

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt identity data with the first key of ECOFORUM_DATA_KEYS (after adding a new key first)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only count the values that would be rewritten.")

    def handle(self, *args, check: bool = False, **options):
        total = 0
        for model in apps.get_models():
            names = [f.attname for f in model._meta.concrete_fields if isinstance(f, crypto.EncryptedTextField)]
            if not names:
                continue
            rewritten = 0
            pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH):
                with transaction.atomic():
                    rows = model._default_manager.filter(pk__in=pks[start : start + BATCH]).only("pk", *names)
                    for row in rows:  # read: decrypted with any key; written: encrypted with the first
                        changes = {name: getattr(row, name) for name in names if getattr(row, name)}
                        if changes:
                            rewritten += 1
                            if not check:
                                model._default_manager.filter(pk=row.pk).update(**changes)
            if rewritten:
                self.stdout.write(f"{model._meta.label}: {rewritten} rows {'to rewrite' if check else 'rewritten'}")
            total += rewritten
        self.stdout.write(self.style.SUCCESS(f"{total} rows {'would be' if check else 'were'} re-encrypted."))
