"""Indexes for the public exhibitor directory at trade-fair size (25,000 exhibitors): its order and its
country filter. Measured with ``make bench-pages``: the first page's query goes from a sort of every
exhibitor of the edition (about 80 ms) to an index read (under 1 ms); the list of countries from a
scan (about 20-40 ms) to a skip through the index (0.1 ms)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exhibition", "0002_practicecase"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="exhibitor",
            index=models.Index(fields=["edition", "name_zh_hans", "name_en", "id"], name="exhibitor_directory_order"),
        ),
        migrations.AddIndex(
            model_name="exhibitor",
            index=models.Index(fields=["edition", "country"], name="exhibitor_edition_country"),
        ),
    ]
