"""Helpers shared by the registration, sign-up and notification tests."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.utils import timezone

from ecoforum.program.models import ProgramRelease, SessionSlot
from ecoforum.services.enums import DocumentType, QuestionKind
from ecoforum.services.models import InvitationCode, Question
from ecoforum.services.registration import Applicant

from ..factories import RoomFactory, SessionFactory, VenueFactory
from .factories import edition_day

_numbers = itertools.count(1)


def applicant(**changes) -> Applicant:
    """A Chinese guest with an ID card, unique e-mail and document number unless given."""
    n = next(_numbers)
    values = {
        "name_zh": f"李{n}",
        "name_en": f"LI {n}",
        "email": f"li{n}@example.cn",
        "phone": f"+86 139 0000 {n:04d}",
        "organization": "贵州大学",
        "position": "教授",
        "language": "zh-hans",
        "document_type": DocumentType.ID_CARD,
        "document_number": f"52010119800101{n:04d}",
    }
    values.update(changes)
    return Applicant(**values)


def passport_applicant(**changes) -> Applicant:
    n = next(_numbers)
    values = {
        "name_zh": "",
        "name_en": f"Marie Dupont {n}",
        "email": f"marie{n}@example.fr",
        "phone": "",
        "organization": "Université de Lyon",
        "country": "FR",
        "language": "en",
        "document_type": DocumentType.PASSPORT,
        "document_number": f"18AB{n:05d}",
        "nationality": "FR",
        "date_of_birth": dt.date(1985, 3, 14),
    }
    values.update(changes)
    return Applicant(**values)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    label_zh_hans = factory.Sequence(lambda n: f"问题{n}")
    label_en = factory.Sequence(lambda n: f"Question {n}")
    kind = QuestionKind.TEXT


class InvitationCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvitationCode

    code = factory.Sequence(lambda n: f"INVITE{n:04d}")
    max_uses = 1


def published_session(edition, *, day: int = 0, hour: int = 9, online_url: str = "", **changes):
    """A session in a published release of the edition (one release per edition, made on first use)."""
    release = ProgramRelease.objects.filter(edition=edition, version="v1").first()
    if release is None:
        release = ProgramRelease.objects.create(edition=edition, version="v1", published_at=timezone.now())
    session = SessionFactory(edition=edition, is_online=bool(online_url), online_url=online_url, **changes)
    venue = VenueFactory(edition=edition)
    room = RoomFactory(venue=venue, name_zh_hans="主会场", name_en="Main Hall")
    start = edition_day(edition, day, hour)
    SessionSlot.objects.create(
        release=release, session=session, room=room, start=start, end=start + dt.timedelta(hours=2)
    )
    return session
