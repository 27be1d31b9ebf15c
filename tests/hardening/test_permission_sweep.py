"""Object-level permissions across every portal: each role tries every other tenant's ids on every address.

The sweep enumerates every URL pattern of the project (the API's included) that takes an argument, fills
it with another tenant's values (see :mod:`tests.hardening.sweep_urls`) and asks it with GET and POST
(and the API's own methods). The answer must refuse: a redirect to the login page, 401, 403, 404 or 405
(the method refused before anything is read), never a page with the other tenant's data and never a
server error. The API's writes get a body their schema accepts, so that the address's check answers, not
the body's. The positive controls show each role gets its own objects, so the refusals are not an empty
world's; the portal pages are read for another tenant's names; read-only committee roles write nothing.
"""

from __future__ import annotations

import json
import logging
from collections import Counter

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from ecoforum.forums.enums import CommitteeRole

from .sweep_urls import OPEN, UNFILLABLE, all_patterns, api_body, api_methods_from_openapi, is_private
from .sweep_world import TENANT_ROLES, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the whole module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module", autouse=True)
def _quiet_not_found():
    """Thousands of refusals: Django's "Not Found" warnings would only fill the captured log."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture(scope="module")
def patterns(world, django_db_blocker):
    with django_db_blocker.unblock():
        document = Client().get("/api/openapi.json").json()
    found, _listed, new = all_patterns(api_methods_from_openapi(document))
    assert new == [], "patterns the sweep cannot fill: map their arguments in sweep_urls.py or list them"
    return found


def _login_url() -> str:
    return reverse(settings.LOGIN_URL)


def refused(response, pattern) -> bool:
    """Whether the answer refuses without showing anything."""
    status = response.status_code
    if status in (401, 403, 404, 405):
        return True
    if status == 302:
        location = response["Location"]
        return location.startswith((_login_url(), "/manage/admin/login/"))
    return False


def _ask(client, pattern, method, path, values):
    if method == "GET":
        return client.get(path)
    if pattern.is_api:
        body = json.dumps(api_body(pattern, method, values))
        return client.generic(method, path, data=body, content_type="application/json")
    return client.generic(method, path, data="", content_type="application/x-www-form-urlencoded")


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def sweep(client, patterns, attempts) -> list[str]:
    """``attempts``: (label, pattern filter, values, must_refuse(pattern, method)) -> the problems found."""
    problems = []
    for label, keep, values, must_refuse in attempts:
        for pattern in patterns:
            if not keep(pattern):
                continue
            path = pattern.path(pattern.fill(values))
            for method in pattern.methods:
                if not must_refuse(pattern, method):
                    continue
                response = _ask(client, pattern, method, path, values)
                status = response.status_code
                if not refused(response, pattern):
                    where = f" -> {response['Location']}" if status == 302 else ""
                    problems.append(f"{label}: {method} {path} ({pattern.name}) -> {status}{where}")
    return problems


def _mixed(own: dict, other: dict) -> dict:
    """The own edition's slug with another tenant's objects."""
    return {**other, "edition": own["edition"]}


def _has_objects(pattern) -> bool:
    return bool(pattern.object_keys())


#: Back-office addresses naming only the edition that a theme forum's coordinator uses for their own forums
#: (the draft program, its import and export, a new session): each shows and takes only their forums' rows
#: (see test_portal_page_shows_nothing_of_another_tenant).
COORDINATOR_BACK_OFFICE = ("manage:", "api:create_session")


def _back_office_of_others(pattern, role: str) -> bool:
    """The edition's back-office addresses that name no object, except a coordinator's own."""
    if pattern.object_keys():
        return False
    return not (role == "coordinator" and pattern.name.startswith(COORDINATOR_BACK_OFFICE))


def _mixable(pattern) -> bool:
    """An address naming an edition and an object of its own."""
    return pattern.takes_edition and bool(pattern.object_keys())


def _open_and_mixable(pattern) -> bool:
    """A mixable address that some method leaves open by design (public, open or a capability)."""
    return _mixable(pattern) and not all(is_private(pattern, method) for method in pattern.methods)


def _nested(own: dict, other: dict, pattern) -> dict:
    """The address's first object from the own tenant, the others from another tenant."""
    keys = pattern.object_keys()
    values = dict(other)
    values["edition"] = own["edition"]
    values[keys[0]] = own[keys[0]]
    if keys[0] == "exhibitor":
        values["exhibitor_slug"] = own["exhibitor_slug"]
    return values


def _nested_attempts(label, patterns, own, other, must_refuse):
    return [
        (
            f"{label} (own {p.object_keys()[0]}, other's rest)",
            lambda q, p=p: q is p,
            _nested(own, other, p),
            must_refuse,
        )
        for p in patterns
        if len(set(p.object_keys())) > 1
    ]


def everything(_pattern) -> bool:
    return True


def always(_pattern, _method) -> bool:
    return True


def private(pattern, method) -> bool:
    return is_private(pattern, method)


def not_open(pattern, _method) -> bool:
    return pattern.name not in OPEN


# --- the sweep --------------------------------------------------------------------------------------------


def test_sweep_covers_every_api_path(world, patterns):
    document = Client().get("/api/openapi.json").json()
    with_arguments = {path for path in document["paths"] if "{" in path}
    swept = {"/" + p.route.replace("<", "{").replace(">", "}") for p in patterns if p.is_api}

    assert sorted(with_arguments - swept) == []


def test_sweep_lists_unfillable_patterns_with_a_reason(world):
    _found, listed, new = all_patterns({})

    assert new == []
    assert all(reason for reason in UNFILLABLE.values())
    assert len(listed) > 0


def test_anonymous_is_sent_to_login_on_every_private_address(world, patterns):
    a1 = world.tenants["A1"].values
    b1 = world.tenants["B1"].values

    problems = sweep(
        _client(None),
        patterns,
        [
            ("anonymous, edition A's ids", everything, a1, private),
            ("anonymous, A's slug with B's ids", _mixable, _mixed(a1, b1), always),
        ],
    )

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", [str(r) for r in CommitteeRole])
def test_committee_of_a_cannot_reach_edition_b(world, patterns, role):
    a1 = world.tenants["A1"].values
    b1 = world.tenants["B1"].values
    # Edition B's own addresses: every role of A is equally no one on B's committee, so the organizer's
    # run stands for all of them; A's slug with B's ids is where each role's own rights on A are tried.
    edition_b = [(f"{role} of A, edition B", lambda p: p.takes_edition, b1, private)] if role == "organizer" else []

    problems = sweep(
        _client(world.committee_a[role]),
        patterns,
        [
            (f"{role} of A, A's slug with B's ids", _mixable, _mixed(a1, b1), always),
            *edition_b,
            *_nested_attempts(f"{role} of A", patterns, a1, b1, always),
        ],
    )

    assert problems == [], "\n".join(problems)


def test_organizer_of_b_cannot_reach_edition_a(world, patterns):
    a1 = world.tenants["A1"].values
    b1 = world.tenants["B1"].values

    problems = sweep(
        _client(world.organizer_b),
        patterns,
        [
            ("organizer of B, B's slug with A's ids", _mixable, _mixed(b1, a1), always),
            ("organizer of B, edition A", lambda p: p.takes_edition, a1, private),
            *_nested_attempts("organizer of B", patterns, b1, a1, always),
        ],
    )

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", TENANT_ROLES)
def test_tenant_cannot_reach_another_tenants_objects(world, patterns, role):
    a1 = world.tenants["A1"].values
    a2 = world.tenants["A2"].values
    b1 = world.tenants["B1"].values

    problems = sweep(
        _client(world.tenants["A1"].users[role]),
        patterns,
        [
            (f"{role} of A1, A2's ids", _has_objects, a2, private),
            (f"{role} of A1, the back office", lambda p: _back_office_of_others(p, role), a1, private),
            # Another edition's ids on A's private pages are refused as A2's are (the user holds neither);
            # where the page is open to the user by design, the edition must still be checked.
            (f"{role} of A1, A's slug with B's ids", _open_and_mixable, _mixed(a1, b1), always),
            *_nested_attempts(f"{role} of A1", patterns, a1, a2, not_open),
        ],
    )

    assert problems == [], "\n".join(problems)


def _forum_registry(pattern) -> bool:
    """A back-office address naming an edition and a forum's partner or agreement."""
    return pattern.takes_edition and bool(pattern.forum_keys())


def test_organizer_cannot_reach_another_forums_partners(world, patterns):
    a1 = world.tenants["A1"].values
    other = world.other_forum
    registry = [p for p in patterns if _forum_registry(p)]

    problems = sweep(
        _client(world.committee_a[CommitteeRole.ORGANIZER]),
        patterns,
        [
            (
                "organizer of A, A's slug with the other forum's partner",
                _forum_registry,
                {**a1, **other.values, "edition": a1["edition"]},
                always,
            )
        ],
    ) + sweep(
        _client(other.users["organizer"]),
        patterns,
        [
            (
                "organizer of the other forum, its slug with A's partner",
                _forum_registry,
                {**a1, "edition": other.values["edition"]},
                always,
            )
        ],
    )
    # the control: each forum's organizer opens its own partner and agreement
    own = [
        _client(user).get(p.path(p.fill(values))).status_code
        for user, values in (
            (world.committee_a[CommitteeRole.ORGANIZER], a1),
            (other.users["organizer"], {**a1, **other.values}),
        )
        for p in registry
        if p.name in ("manage_cooperation:partner", "manage_cooperation:agreement")
    ]

    assert problems == [], "\n".join(problems)
    assert (len(registry), own) == (3, [200] * 4)


# --- positive controls: each role gets its own objects ----------------------------------------------------

#: (who, url name, tenant) -> each must answer 200 with the tenant's own values.
OWN = [
    ("organizer", "manage:session_edit", "A1"),
    ("organizer", "manage_investment:signing_edit", "A1"),
    ("organizer", "manage_exhibition:floorplan_booth", "A1"),
    ("organizer", "manage_services:registration", "A1"),
    ("organizer", "manage_releases:release", "A1"),
    ("organizer", "manage_cooperation:delegation", "A1"),
    ("organizer", "manage_outcomes:outcome", "A1"),
    ("organizer", "manage_evaluation:survey", "A1"),
    ("organizer", "job", "A1"),
    ("program_manager", "manage:session_edit", "A2"),
    ("guest_services", "manage_services:registration", "A2"),
    ("gate_staff", "manage_services:scan", "A1"),
    ("staff", "manage_services:checkins", "A1"),
    ("organizer_b", "manage:session_edit", "B1"),
    ("organizer_b", "manage_services:registration", "B1"),
    ("exhibitor", "exhibition:portal_exhibitor", "A1"),
    ("exhibitor", "exhibition:portal_product", "A1"),
    ("investor", "investment:investor_portal", "A1"),
    ("investor", "investment:meetings", "A1"),
    ("owner", "investment:owner_project", "A1"),
    ("coordinator", "manage:session_edit", "A1"),
    ("unit", "outcomes_portal:report", "A1"),
    ("guest", "services:guest", "A1"),
    ("expert", "thinktank:advice_edit", "A1"),
]


def _user(world, who, tenant):
    if who == "organizer_b":
        return world.organizer_b
    if who in world.committee_a:
        return world.committee_a[who]
    return world.tenants[tenant].users[who]


def test_each_role_gets_its_own_objects(world, patterns):
    by_name = {p.name: p for p in patterns}
    answers = Counter()

    for who, name, tenant in OWN:
        values = world.tenants[tenant].values
        path = by_name[name].path(by_name[name].fill(values))
        answers[(who, name, _client(_user(world, who, tenant)).get(path).status_code)] += 1

    assert sorted(k for k in answers if k[2] != 200) == []


# --- the portals' own pages list nothing of another tenant ------------------------------------------------

#: (role, address with the edition's slug, value of tenant A2 that must not show to tenant A1's user).
PORTAL_PAGES = [
    ("exhibitor", "/{edition}/exhibitor/", "exhibitor_name"),
    ("owner", "/{edition}/owner/", "project_code"),
    ("owner", "/{edition}/meetings/", "second_project_code"),
    ("investor", "/{edition}/meetings/", "second_project_code"),
    ("unit", "/outcomes/", "outcome"),
    ("guest", "/{edition}/registration/", "reference"),
    ("guest", "/{edition}/directory/contacts/", "contact_sender"),
    ("expert", "/think-tank/my/advice/", "advice_title"),
    ("coordinator", "/manage/{edition}/program/", "session_code"),
]


@pytest.mark.parametrize(("role", "address", "marker"), PORTAL_PAGES)
def test_portal_page_shows_nothing_of_another_tenant(world, role, address, marker):
    own = world.tenants["A1"].values
    other = world.tenants["A2"].values
    client = _client(world.tenants["A1"].users[role])

    response = client.get(address.format(edition=own["edition"]), follow=True)
    text = response.content.decode()

    assert (response.status_code, own[marker] in text, other[marker] in text) == (200, True, False)


# --- read-only roles write nothing, even on their own edition ------------------------------------------------

#: Writes gate staff may make: the scans.
GATE_WRITES = {"manage_services:scan_submit", "api:scan_badge", "api:scan_batch"}

#: POSTs that read: every committee member may build the evaluation report (a document made in the
#: background from what they may see), so a read-only member's POST there is a read, not a write.
READING_POSTS = {"manage_evaluation:report"}


def _write(pattern, method) -> bool:
    return method != "GET" and is_private(pattern, method)


@pytest.mark.parametrize("role", [str(CommitteeRole.STAFF), str(CommitteeRole.GATE_STAFF)])
def test_read_only_roles_write_nothing_on_their_own_edition(world, patterns, role):
    a1 = world.tenants["A1"].values
    allowed = READING_POSTS | (GATE_WRITES if role == CommitteeRole.GATE_STAFF else set())

    def back_office(pattern) -> bool:
        return pattern.takes_edition and pattern.name not in allowed

    problems = sweep(
        _client(world.committee_a[role]), patterns, [(f"{role} of A, A's own ids", back_office, a1, _write)]
    )

    assert problems == [], "\n".join(problems)
