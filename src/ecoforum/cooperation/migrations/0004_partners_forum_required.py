"""Partners and agreements need their forum; names and addresses are unique per forum; the database keeps
every agreement's and delegation's partner in the agreement's (the delegation's edition's) forum.

The last guarantee spans tables, so it is kept by triggers (PostgreSQL and SQLite alike), which refuse:

- an agreement's partner of another forum than the agreement's;
- an agreement signed at an edition of another forum than its own;
- a delegation whose partner is of another forum than the delegation's edition;
- moving a partner or an agreement to another forum while agreements or delegations tie it to its own.

On SQLite, Django rebuilds a table to alter it and the rebuild drops its triggers: a later migration that
alters ``cooperation_agreement``, ``cooperation_partner``, ``cooperation_delegation`` or the agreements'
partner table must create them again (``create_triggers`` below). The tests of the guarantee
(``tests/cooperation/test_forums.py``) fail if they are missing.
"""

import django.db.models.deletion
from django.db import migrations, models

MESSAGE = "cooperation: a partner belongs to the forum of the agreement or delegation that names it"

#: (table, trigger name suffix, the events, the condition that refuses), in SQL both databases read.
CHECKS = [
    (
        "cooperation_agreement_partners",
        "partner_forum",
        ["INSERT", "UPDATE"],
        "(SELECT forum_id FROM cooperation_partner WHERE id = NEW.partner_id)"
        " <> (SELECT forum_id FROM cooperation_agreement WHERE id = NEW.agreement_id)",
    ),
    (
        "cooperation_agreement",
        "edition_forum",
        ["INSERT", "UPDATE"],
        "NEW.edition_id IS NOT NULL"
        " AND (SELECT forum_id FROM forums_edition WHERE id = NEW.edition_id) <> NEW.forum_id",
    ),
    (
        "cooperation_agreement",
        "partners_forum",
        ["UPDATE"],
        "EXISTS (SELECT 1 FROM cooperation_agreement_partners t JOIN cooperation_partner p ON p.id = t.partner_id"
        " WHERE t.agreement_id = NEW.id AND p.forum_id <> NEW.forum_id)",
    ),
    (
        "cooperation_partner",
        "used_forum",
        ["UPDATE"],
        "NEW.forum_id <> OLD.forum_id AND (EXISTS (SELECT 1 FROM cooperation_agreement_partners t"
        " JOIN cooperation_agreement a ON a.id = t.agreement_id WHERE t.partner_id = NEW.id"
        " AND a.forum_id <> NEW.forum_id) OR EXISTS (SELECT 1 FROM cooperation_delegation d"
        " JOIN forums_edition e ON e.id = d.edition_id WHERE d.partner_id = NEW.id AND e.forum_id <> NEW.forum_id))",
    ),
    (
        "cooperation_delegation",
        "partner_forum",
        ["INSERT", "UPDATE"],
        "NEW.partner_id IS NOT NULL AND (SELECT forum_id FROM cooperation_partner WHERE id = NEW.partner_id)"
        " <> (SELECT forum_id FROM forums_edition WHERE id = NEW.edition_id)",
    ),
]


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    """(create, drop) statements of the triggers on ``vendor``."""
    create, drop = [], []
    for table, suffix, events, condition in CHECKS:
        name = f"{table}_{suffix}"
        if vendor == "postgresql":
            create.append(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                f" IF {condition} THEN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation'; END IF;"
                " RETURN NEW; END $$"
            )
            create.append(
                f"CREATE TRIGGER {name} BEFORE {' OR '.join(events)} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
            drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            drop.append(f"DROP FUNCTION IF EXISTS {name}()")
        elif vendor == "sqlite":
            for event in events:
                create.append(
                    f"CREATE TRIGGER {name}_{event.lower()} BEFORE {event} ON {table} FOR EACH ROW"
                    f" WHEN {condition} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                )
                drop.append(f"DROP TRIGGER IF EXISTS {name}_{event.lower()}")
    return create, drop


def create_triggers(apps, schema_editor) -> None:
    for statement in _statements(schema_editor.connection.vendor)[0]:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor) -> None:
    for statement in _statements(schema_editor.connection.vendor)[1]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0003_partners_forum_fill"),
        ("forums", "0003_alter_committeemember_role"),
        ("people", "0002_advisoryinput_contactrequest_directoryentry"),
        ("program", "0002_room_exclusion"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="partner",
            options={"ordering": ["forum", "slug"], "verbose_name": "partner", "verbose_name_plural": "partners"},
        ),
        migrations.AlterField(
            model_name="agreement",
            name="forum",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agreements",
                to="forums.forum",
                verbose_name="forum",
            ),
        ),
        migrations.AlterField(
            model_name="partner",
            name="forum",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="partners",
                to="forums.forum",
                verbose_name="forum",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.UniqueConstraint(fields=("forum", "slug"), name="agreement_slug_per_forum"),
        ),
        migrations.AddConstraint(
            model_name="partner",
            constraint=models.UniqueConstraint(fields=("forum", "organization"), name="partner_once_per_forum"),
        ),
        migrations.AddConstraint(
            model_name="partner",
            constraint=models.UniqueConstraint(fields=("forum", "slug"), name="partner_slug_per_forum"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
