import datetime as dt

import pytest
from django.db import IntegrityError

from ecoforum.core.models import AuditEntry
from ecoforum.forums import services
from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.models import CharterVersion
from ecoforum.forums.queries import current_charter

from ..factories import EditionFactory, UserFactory


def adopt(forum, n):
    return services.adopt_charter_version(
        forum,
        actor=None,
        title_zh_hans="论坛章程",
        title_en="Charter",
        body_zh_hans=f"第{n}版",
        body_en=f"Version {n}",
        adopted_on=dt.date(2023, 4, n),
    )


def test_charter_versions_are_numbered_and_kept(edition):
    first = adopt(edition.forum, 1)
    second = adopt(edition.forum, 2)
    assert (first.number, second.number) == (1, 2)
    assert current_charter(edition.forum) == second
    assert list(CharterVersion.objects.values_list("body_zh_hans", flat=True)) == ["第2版", "第1版"]
    assert AuditEntry.objects.filter(action="forums.charter.adopted").count() == 2


def test_charter_version_numbers_are_unique_in_the_database(edition):
    adopt(edition.forum, 1)
    with pytest.raises(IntegrityError):
        CharterVersion.objects.create(
            forum=edition.forum, number=1, title="x", body="y", adopted_on=dt.date(2023, 1, 1)
        )


def test_edition_cannot_end_before_it_starts(db):
    with pytest.raises(IntegrityError):
        EditionFactory(start_date=dt.date(2023, 7, 9), end_date=dt.date(2023, 7, 8))


def test_roles_grant_only_their_rights(edition):
    organizer, manager, staff, stranger = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    services.appoint_committee_member(edition, actor=None, user=organizer, role=CommitteeRole.ORGANIZER)
    services.appoint_committee_member(edition, actor=None, user=manager, role=CommitteeRole.PROGRAM_MANAGER)
    services.appoint_committee_member(edition, actor=None, user=staff, role=CommitteeRole.STAFF)
    rights = {
        name: (
            user.has_perm("forums.manage_edition", edition),
            user.has_perm("forums.manage_program", edition),
            user.has_perm("forums.view_backoffice", edition),
        )
        for name, user in [("organizer", organizer), ("manager", manager), ("staff", staff), ("stranger", stranger)]
    }
    assert rights == {
        "organizer": (True, True, True),
        "manager": (False, True, True),
        "staff": (False, False, True),
        "stranger": (False, False, False),
    }


def test_committee_role_on_one_edition_gives_nothing_on_another(edition):
    other = EditionFactory(year=2024)
    user = UserFactory()
    services.appoint_committee_member(edition, actor=None, user=user, role=CommitteeRole.ORGANIZER)
    assert (user.has_perm("forums.manage_program", edition), user.has_perm("forums.manage_program", other)) == (
        True,
        False,
    )
