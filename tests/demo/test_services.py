"""The demo's guest services: 2,500+ guests as the seed says, and every capacity respected."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, F

from ecoforum.demo.loader import load_demo
from ecoforum.services.enums import ACTIVE, HOLDING, Attendance, RegistrationStatus
from ecoforum.services.models import (
    CheckIn,
    GuestCategory,
    Meal,
    PickupRun,
    Registration,
    RoomAllocation,
    RoomBlock,
    SessionPlaces,
    SessionSignup,
)

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_demo(settings, demo_var):
    settings.DEMO_GUEST_SHARE = 1.0
    return load_demo(password=PASSWORD)


def test_the_full_demo(full_demo):
    """One full load (3,000 guests take a while), three looks at it."""
    the_seed_s_crowd_with_a_full_category_and_its_waiting_list()
    no_capacity_is_exceeded()
    identity_data_is_encrypted_and_the_desk_and_gate_can_log_in()


def the_seed_s_crowd_with_a_full_category_and_its_waiting_list():
    on_site = Registration.objects.filter(attendance=Attendance.ON_SITE, status=RegistrationStatus.APPROVED).count()
    assert on_site >= 2000
    assert Registration.objects.filter(status__in=ACTIVE).count() >= 2500
    assert Registration.objects.filter(attendance=Attendance.ONLINE).count() >= 800
    media = GuestCategory.objects.get(edition__slug="2023", code="media")
    assert Registration.objects.filter(category=media, status__in=HOLDING).count() == media.capacity
    assert Registration.objects.filter(category=media, status=RegistrationStatus.WAITLISTED).count() > 0
    assert Registration.objects.filter(status=RegistrationStatus.PENDING).count() > 0
    # Speakers are the program's own people.
    speakers = Registration.objects.filter(category__code="speaker")
    assert speakers.filter(person__session_roles__isnull=False).distinct().count() == speakers.count() > 50


def no_capacity_is_exceeded():
    for category in GuestCategory.objects.exclude(capacity=None):
        assert Registration.objects.filter(category=category, status__in=HOLDING).count() <= category.capacity
    # one check-in per badge and day, approved on-site guests only
    assert not CheckIn.objects.exclude(registration__status=RegistrationStatus.APPROVED).exists()
    assert CheckIn.objects.count() > 1500
    # rooms within the blocks, every night
    taken = Counter()
    for allocation in RoomAllocation.objects.filter(shares_with=None):
        night = allocation.arrival
        while night < allocation.departure:
            taken[(allocation.hotel_id, night, allocation.room_type)] += 1
            night = night.fromordinal(night.toordinal() + 1)
    blocks = {(b.hotel_id, b.night, b.room_type): b.rooms for b in RoomBlock.objects.all()}
    assert taken and all(count <= blocks[key] for key, count in taken.items())
    # seats in the vans, places in the workshops
    assert not PickupRun.objects.annotate(n=Count("passengers")).filter(n__gt=F("vehicle__seats")).exists()
    for places in SessionPlaces.objects.all():
        confirmed = SessionSignup.objects.filter(session=places.session, status="confirmed").count()
        assert confirmed <= places.places
    assert Meal.objects.filter(categories__isnull=False).distinct().count() == 3


def identity_data_is_encrypted_and_the_desk_and_gate_can_log_in():
    passport = Registration.objects.filter(document_type="passport").first()
    assert passport is not None and passport.nationality and passport.date_of_birth
    User = get_user_model()
    for username in ("desk", "gate"):
        assert User.objects.get(username=username).check_password(PASSWORD)
    desk = User.objects.get(username="desk")
    assert desk.has_perm("services.view_identity", passport.edition)
    assert not User.objects.get(username="gate").has_perm("services.view_identity", passport.edition)
    assert User.objects.get(username="gate").has_perm("services.scan_badges", passport.edition)
