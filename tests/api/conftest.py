"""An edition with a released program, and clients for each kind of caller."""

from __future__ import annotations

import pytest
from django.test import Client

from ecoforum.api.models import ApiToken
from ecoforum.program import services
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import OrganizationFactory, PersonFactory, SectionFactory, ThemeForumFactory, UserFactory


@pytest.fixture
def anon():
    """An anonymous caller that reads English (the Chinese catalogue may come later)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def as_organizer(organizer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    return client


@pytest.fixture
def as_coordinator(coordinator):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)
    return client


@pytest.fixture
def token(organizer) -> str:
    _row, token = ApiToken.issue(organizer, name="Conference app")
    return token


@pytest.fixture
def as_machine(token):
    """A partner system: a bearer token, no session, no CSRF token."""
    return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {token}", enforce_csrf_checks=True)


@pytest.fixture
def li_wei(db):
    org = OrganizationFactory(name_zh_hans="中国科学院", name_en="Chinese Academy of Sciences")
    return PersonFactory(slug="li-wei", name_zh_hans="李伟", name_en="Li Wei", organization=org)


@pytest.fixture
def carbon(edition):
    section = SectionFactory(
        edition=edition,
        slug="green",
        name_zh_hans="绿色低碳发展",
        name_en="Green and low-carbon development",
        colour="#2f7d4f",
    )
    return ThemeForumFactory(
        edition=edition, section=section, slug="carbon", title_zh_hans="碳市场", title_en="Carbon markets"
    )


def make(edition, code, *, room=None, start=None, end=None, people=(), theme_forum=None, kind="forum"):
    return services.create_session(
        edition,
        actor=None,
        code=code,
        kind=kind,
        title_zh_hans=f"会议{code}",
        title_en=f"Session {code}",
        room=room,
        start=start,
        end=end,
        people=people,
        theme_forum=theme_forum,
    )


@pytest.fixture
def released(edition, room, other_room, carbon, li_wei):
    """Two sessions released as v1: an opening ceremony and a theme-forum session."""
    opening = make(
        edition,
        "A1",
        room=room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10),
        kind="ceremony",
        people=[Role(li_wei, "keynote", talk_title_zh_hans="生态文明", talk_title_en="Eco-civilization")],
    )
    forum = make(
        edition, "TF1-1", room=other_room, start=at(edition, 1, 14), end=at(edition, 1, 16), theme_forum=carbon
    )
    release = services.release_program(edition, actor=None, version="v1", comment_en="First program")
    return {"opening": opening, "forum": forum, "release": release}


@pytest.fixture
def stranger(db):
    return UserFactory()
