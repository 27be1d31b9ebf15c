"""Loads the Green Industry Guidance Catalogue (2019) into every database.

Idempotent: entries are matched by code and brought up to date, so running it
again (or a later migration calling ``load``) changes only what differs.
"""

from django.db import migrations

from ecoforum.investment.catalogue_data import CATALOGUE


def load(apps, schema_editor):
    GreenIndustry = apps.get_model("investment", "GreenIndustry")
    by_code = {}
    for node in CATALOGUE:
        entry, _created = GreenIndustry.objects.update_or_create(
            code=node.code,
            defaults={
                "level": node.level,
                "parent": by_code[node.parent_code] if node.parent_code else None,
                "sort_key": node.sort_key,
                "name": node.name_zh_hans,
                "name_zh_hans": node.name_zh_hans,
                "name_en": node.name_en,
                "description": node.description_zh_hans,
                "description_zh_hans": node.description_zh_hans,
                "description_en": "",
                "standards": list(node.standards),
            },
        )
        by_code[node.code] = entry


class Migration(migrations.Migration):
    dependencies = [("investment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
