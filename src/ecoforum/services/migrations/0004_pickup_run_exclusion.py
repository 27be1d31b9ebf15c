"""A pickup run keeps its vehicle until ``ends_at`` (departure + 90 minutes); on PostgreSQL the database
itself refuses two runs of one vehicle whose times overlap.

The transport services check this under a lock on the vehicle; the exclusion constraint is the
backstop for any write that slips past them. SQLite has no exclusion constraints, so there the
services' check is the rule (as for rooms in ``program/migrations/0002_room_exclusion.py``).
"""

import datetime as dt

from django.db import migrations, models

CONSTRAINT = "pickup_run_vehicle_no_overlap"
RUN_DURATION = dt.timedelta(minutes=90)


def fill_ends(apps, schema_editor):
    PickupRun = apps.get_model("services", "PickupRun")
    for run in PickupRun.objects.all():
        run.ends_at = run.departs_at + RUN_DURATION
        run.save(update_fields=["ends_at"])


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE services_pickuprun ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(vehicle_id WITH =, tstzrange(departs_at, ends_at, '[)') WITH &&)"
    )


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE services_pickuprun DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("services", "0003_labels")]
    operations = [
        migrations.AddField(
            model_name="pickuprun",
            name="ends_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="vehicle free again"),
        ),
        migrations.RunPython(fill_ends, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="pickuprun",
            name="ends_at",
            field=models.DateTimeField(editable=False, verbose_name="vehicle free again"),
        ),
        migrations.AddConstraint(
            model_name="pickuprun",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_at__gt", models.F("departs_at"))), name="pickup_run_takes_time"
            ),
        ),
        migrations.RunPython(add_exclusion, drop_exclusion, elidable=False),
    ]
