"""``ecoforum demo --scale tradefair``: the large invented edition, built small here."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from ecoforum.demo import tradefair
from ecoforum.exhibition.models import Exhibitor
from ecoforum.forums.models import Edition
from ecoforum.investment.models import InvestmentProject
from ecoforum.program.models import ProgramRelease, Session, SessionSlot
from ecoforum.search.models import SearchDocument
from ecoforum.services.enums import RegistrationStatus
from ecoforum.services.models import GuestCategory, Registration

pytestmark = pytest.mark.django_db

SMALL = ["--guests", "200", "--exhibitors", "30", "--projects", "12", "--sessions", "45"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--scale", "tradefair", *args, verbosity=0, stdout=out)
    return out.getvalue()


def test_tradefair_builds_the_numbers_asked_for():
    output = run(*SMALL)

    edition = Edition.objects.get(slug="tradefair")
    assert edition.is_public is True
    assert Registration.objects.filter(edition=edition).count() == 200
    assert Exhibitor.objects.filter(edition=edition).count() == 30
    assert InvestmentProject.objects.filter(edition=edition).count() == 12
    assert Session.objects.filter(edition=edition).count() == 45
    assert output.splitlines()[0].startswith(
        "Trade-fair edition tradefair: 200 guests, 30 exhibitors, 12 projects, 45 sessions in "
    )


def test_tradefair_program_is_released_without_room_overlaps():
    run(*SMALL)

    edition = Edition.objects.get(slug="tradefair")
    release = ProgramRelease.objects.get(edition=edition, version="1.0")
    slots = list(SessionSlot.objects.filter(release=release).values_list("room_id", "start"))
    assert len(slots) == 45
    assert len(set(slots)) == 45  # no room holds two sessions at one time


def test_tradefair_places_are_not_overflowed_and_identity_is_empty():
    run(*SMALL)

    edition = Edition.objects.get(slug="tradefair")
    for category in GuestCategory.objects.filter(edition=edition, capacity__isnull=False):
        taken = category.registrations.filter(
            status__in=[RegistrationStatus.PENDING, RegistrationStatus.APPROVED]
        ).count()
        assert taken <= category.capacity
    assert Registration.objects.filter(edition=edition).exclude(document_key="").count() == 0
    assert Registration.objects.filter(edition=edition).values("email_key").distinct().count() == 200


def test_tradefair_is_searchable():
    run(*SMALL)

    edition = Edition.objects.get(slug="tradefair")
    indexed = SearchDocument.objects.filter(edition=edition)
    assert indexed.filter(kind="exhibitor").count() == 30
    assert indexed.filter(kind="project").count() == 12
    assert indexed.filter(kind="session").count() == 45


def test_tradefair_second_run_changes_nothing():
    run(*SMALL)

    output = run("--guests", "999")

    assert output == (
        "The trade-fair edition (tradefair) is already there: nothing to do. "
        "Delete it in the admin to build it again.\n"
    )
    assert Registration.objects.filter(edition__slug="tradefair").count() == 200


def test_tradefair_refuses_more_projects_than_exhibitors():
    with pytest.raises(Exception) as error:
        run("--guests", "10", "--exhibitors", "2", "--projects", "5", "--sessions", "3")

    assert str(error.value) == ("Each project is owned by an exhibitor: give at least as many exhibitors as projects.")
    assert Edition.objects.filter(slug="tradefair").exists() is False


def test_build_tradefair_raises_when_it_exists():
    run(*SMALL)

    with pytest.raises(tradefair.TradefairExists):
        tradefair.build_tradefair(guests=1, exhibitors=1, projects=1, sessions=1)
