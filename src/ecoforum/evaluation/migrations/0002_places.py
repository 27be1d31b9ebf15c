"""Loads the product's list of cities guests come from (``evaluation/data/places.csv``) as :class:`Place` rows.

Rows are matched on (country, English name) and updated, so running it again changes
nothing; places added later by organizers are kept.
"""

import csv
from pathlib import Path

from django.db import migrations

PLACES = Path(__file__).resolve().parent.parent / "data" / "places.csv"


def load_places(apps, schema_editor):
    Place = apps.get_model("evaluation", "Place")
    with PLACES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Place.objects.update_or_create(
                country=row["country"],
                name_en=row["name_en"],
                defaults={
                    "name": row["name_zh_hans"],
                    "name_zh_hans": row["name_zh_hans"],
                    "latitude": row["latitude"],
                    "longitude": row["longitude"],
                    "aliases": row["aliases"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(load_places, migrations.RunPython.noop)]
