"""On PostgreSQL, the database itself refuses two sessions in one room at once.

The timetable services already check this under a lock; the exclusion
constraint is the backstop for any write that would slip past them. SQLite
has no exclusion constraints, so there the services' check is the rule.
"""

from django.db import migrations

CONSTRAINT = "slot_room_no_overlap"


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE program_sessionslot ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(release_id WITH =, room_id WITH =, tstzrange(start, \"end\", '[)') WITH &&) "
        "WHERE (room_id IS NOT NULL AND start IS NOT NULL)"
    )


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE program_sessionslot DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("program", "0001_initial")]
    operations = [migrations.RunPython(add_exclusion, drop_exclusion, elidable=False)]
