"""Guests with passport data, for the letter tests."""

from __future__ import annotations

from ..factories import PersonFactory
from ..services.factories import RegistrationFactory

PASSPORT = "EK4471902"
BIRTH = "1978-03-14"


def passport_guest(edition, **person):
    """An approved registration of ``edition`` with a passport, a nationality and a date of birth."""
    person = PersonFactory(name_zh_hans="瓦姬茹", name_en="Wanjiru Kamau", country="KE", **person)
    return RegistrationFactory(
        edition=edition,
        person=person,
        document_type="passport",
        document_number=PASSPORT,
        nationality="Kenya",
        date_of_birth=BIRTH,
    )
