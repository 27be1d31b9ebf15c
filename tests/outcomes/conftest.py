"""Fixtures of the outcomes: a project signed on stage, its owner's reporting user, another unit's user."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecoforum.forums.enums import CommitteeRole
from ecoforum.outcomes import services

from ..factories import CommitteeMemberFactory, OrganizationFactory, PersonFactory, UserFactory
from ..investment.factories import InvestmentProjectFactory, SigningFactory, SigningPartyFactory


def signed_at(edition, day: int = 0, hour: int = 15) -> dt.datetime:
    """A moment on the edition's ``day`` (0 = first day) in its own time zone."""
    return dt.datetime.combine(edition.start_date + dt.timedelta(days=day), dt.time(hour), tzinfo=edition.tz)


@pytest.fixture
def owner_org(db):
    return OrganizationFactory(name_zh_hans="贵州绿色能源有限公司", name_en="Guizhou Green Energy Co.")


@pytest.fixture
def project(edition, owner_org):
    return InvestmentProjectFactory(edition=edition, owner=owner_org, code="GZ-001")


@pytest.fixture
def signing(edition, project):
    signing = SigningFactory(
        edition=edition,
        project=project,
        title_zh_hans="光伏电站项目签约",
        title_en="Solar plant signing",
        amount=Decimal("500000000.00"),
        signed_at=signed_at(edition),
    )
    SigningPartyFactory(signing=signing, organization=project.owner, role="owner")
    return signing


@pytest.fixture
def outcome(signing):
    return services.follow_signing(signing, actor=None)


@pytest.fixture
def reporter(owner_org):
    """A user whose person works for the responsible unit of ``outcome``."""
    user = UserFactory()
    PersonFactory(organization=owner_org, user=user, email="li@example.org")
    return user


@pytest.fixture
def stranger(db):
    """A user of another unit."""
    user = UserFactory()
    PersonFactory(user=user)
    return user


@pytest.fixture
def staff(edition):
    user = UserFactory()
    CommitteeMemberFactory(edition=edition, user=user, role=CommitteeRole.STAFF)
    return user
