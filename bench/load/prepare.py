"""The Django side of the load benchmark: the data set, the run's fresh fixtures, the checks after.

Runs in the benchmark's own process (``django.setup()`` with the same settings as the gunicorn
workers), never inside the measured requests.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field

SIZES = {
    "full": {"guests": 200_000, "exhibitors": 25_000, "projects": 10_000, "sessions": 3_000},
    "medium": {"guests": 20_000, "exhibitors": 2_500, "projects": 1_000, "sessions": 300},
    "small": {"guests": 2_000, "exhibitors": 250, "projects": 100, "sessions": 60},
}
PASSWORD_UNUSED = "!"  # bench users never log in with a password: their sessions are made here


@dataclass
class Fixtures:
    """What one run drives: fresh registrations form, badges not yet scanned, pending meeting requests."""

    run: str
    edition: str
    token: str
    form: str
    capacity: int
    badges: list[tuple[int, str]] = field(default_factory=list)  # (registration id, QR text)
    scan_day: dt.datetime | None = None
    gates: list[str] = field(default_factory=list)
    owner_sessions: list[tuple[str, list[int]]] = field(default_factory=list)  # (session key, request ids)
    exhibitor_pages: int = 1
    search_words: list[str] = field(default_factory=list)


def ensure_data(size: str, progress) -> tuple[str, bool]:
    """The trade-fair edition: built at ``size`` unless it is there (then kept as it is)."""
    from ecoforum.demo import tradefair
    from ecoforum.forums.models import Edition

    if Edition.objects.filter(slug=tradefair.SLUG).exists():
        return tradefair.SLUG, False
    tradefair.build_tradefair(**SIZES[size], progress=progress)
    return tradefair.SLUG, True


def counts(slug: str) -> dict[str, int]:
    from ecoforum.exhibition.models import Exhibitor
    from ecoforum.investment.models import InvestmentProject
    from ecoforum.program.models import Session
    from ecoforum.services.models import Registration

    return {
        "guests": Registration.objects.filter(edition__slug=slug).count(),
        "exhibitors": Exhibitor.objects.filter(edition__slug=slug).count(),
        "projects": InvestmentProject.objects.filter(edition__slug=slug).count(),
        "sessions": Session.objects.filter(edition__slug=slug).count(),
    }


def _user(username: str):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@bench.example"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _session_for(user) -> str:
    """A signed-in session for ``user`` (as the login page would make), in the configured session store."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def make_fixtures(
    slug: str, *, capacity: int, badges: int, investors: int, owners: int, rng: random.Random
) -> Fixtures:
    from django.db import transaction

    from ecoforum.api.models import ApiToken
    from ecoforum.demo.tradefair import SEARCH_WORDS
    from ecoforum.exhibition.models import Exhibitor
    from ecoforum.forums import services as forum_services
    from ecoforum.forums.enums import CommitteeRole
    from ecoforum.forums.models import CommitteeMember, Edition
    from ecoforum.investment import requests as meeting_requests
    from ecoforum.investment.enums import RequestSide
    from ecoforum.investment.models import InvestmentProject, Investor
    from ecoforum.people.models import Organization, Person
    from ecoforum.services.badges import badge_token
    from ecoforum.services.enums import Attendance, RegistrationStatus
    from ecoforum.services.models import CheckIn, Gate, GuestCategory, Registration, RegistrationForm

    run = f"r{dt.datetime.now(dt.UTC):%m%d%H%M%S}{secrets.token_hex(2)}"
    edition = Edition.objects.get(slug=slug)

    # Gate staff with an API token: scans badges and posts registrations (a partner system).
    gate_user = _user("bench-gate")
    if not CommitteeMember.objects.filter(edition=edition, user=gate_user, role=CommitteeRole.GATE_STAFF).exists():
        forum_services.appoint_committee_member(
            edition, actor=None, user=gate_user, role=CommitteeRole.GATE_STAFF, title="bench"
        )
    _row, token = ApiToken.issue(gate_user, name=f"bench {run}")

    # A category of its own with fewer places than the burst of registrations.
    with transaction.atomic():
        category = GuestCategory.objects.create(
            edition=edition,
            code=f"bench-{run}",
            name_zh_hans=f"压测{run}",
            name_en=f"Bench {run}",
            attendance=Attendance.ON_SITE,
            needs_approval=False,
            capacity=capacity,
            order=99,
        )
        form = RegistrationForm.objects.create(
            edition=edition,
            category=category,
            slug=f"bench-{run}",
            title_zh_hans="压测报名",
            title_en="Bench registration",
            asks_identity=False,
            order=99,
        )

    # Badges never scanned: approved, on site, no check-in yet.
    fixtures = Fixtures(run=run, edition=slug, token=token, form=form.slug, capacity=capacity)
    fixtures.gates = list(Gate.objects.filter(edition=edition).order_by("order").values_list("code", flat=True))
    scanned = CheckIn.objects.filter(registration__edition=edition).values("registration_id")
    chosen = list(
        Registration.objects.filter(edition=edition, status=RegistrationStatus.APPROVED, attendance=Attendance.ON_SITE)
        .exclude(pk__in=scanned)
        .exclude(category__code__startswith="bench-")
        .order_by("?")[:badges]
    )
    fixtures.badges = [(r.pk, badge_token(r)) for r in chosen]
    fixtures.scan_day = dt.datetime.combine(edition.start_date, dt.time(9), tzinfo=edition.tz)

    # Meeting requests: fresh investors ask the owners of the first projects; each owner accepts its own.
    projects = list(InvestmentProject.objects.filter(edition=edition).order_by("code").select_related("owner")[:owners])
    owner_people = []
    for n, project in enumerate(projects):
        user = _user(f"bench-owner-{n}")
        person = Person.objects.filter(user=user).first() or Person.objects.create(
            slug=f"bench-owner-{n}",
            name_zh_hans=f"业主{n}",
            name_en=f"Owner {n}",
            organization=project.owner,
            user=user,
            is_demo=True,
        )
        owner_people.append((user, person, project))
    by_owner: dict[int, list[int]] = {user.pk: [] for user, _p, _pr in owner_people}
    for i in range(investors):
        organization = Organization.objects.create(
            name_zh_hans=f"压测投资{run}-{i}", name_en=f"Bench investor {run}-{i}", kind="enterprise", is_demo=True
        )
        investor = Investor.objects.create(organization=organization, is_demo=True)
        contact = Person.objects.create(
            slug=f"bench-{run}-investor-{i}",
            name_zh_hans=f"投资人{i}",
            name_en=f"Investor {i}",
            organization=organization,
            is_demo=True,
        )
        for user, person, project in owner_people:
            request = meeting_requests.send_request(
                investor=investor,
                project=project,
                investor_person=contact,
                owner_person=person,
                requested_by=RequestSide.INVESTOR,
                priority=2,
                message="",
                actor=None,
            )
            by_owner[user.pk].append(request.pk)
    fixtures.owner_sessions = [(_session_for(user), by_owner[user.pk]) for user, _p, _pr in owner_people]

    exhibitors = Exhibitor.objects.filter(edition=edition).count()
    fixtures.exhibitor_pages = max(1, -(-exhibitors // 48))
    fixtures.search_words = SEARCH_WORDS
    return fixtures


def verify(fixtures: Fixtures, *, applicants: int, scanned: int, accepted: int) -> list[str]:
    """What must hold after the run; each broken rule is a line."""
    from django.db.models import Count

    from ecoforum.investment.enums import RequestStatus
    from ecoforum.investment.models import MeetingRequest
    from ecoforum.services.enums import RegistrationStatus
    from ecoforum.services.models import CheckIn, Registration

    problems = []
    rows = Registration.objects.filter(edition__slug=fixtures.edition, form__slug=fixtures.form)
    taken = rows.filter(status__in=[RegistrationStatus.PENDING, RegistrationStatus.APPROVED]).count()
    waiting = rows.filter(status=RegistrationStatus.WAITLISTED).count()
    if rows.count() != applicants:
        problems.append(f"registrations: {rows.count()} rows for {applicants} applicants (a retry made a second one?)")
    if taken != min(fixtures.capacity, applicants):
        problems.append(f"registrations: {taken} places taken of {fixtures.capacity} (oversold or lost)")
    if taken + waiting != applicants:
        problems.append(f"registrations: {taken} taken + {waiting} waiting != {applicants}")
    ids = [pk for pk, _payload in fixtures.badges]
    doubles = (
        CheckIn.objects.filter(registration_id__in=ids)
        .values("registration_id", "day")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    if doubles:
        problems.append(f"check-in: {doubles} badges checked in twice on one day")
    checked = CheckIn.objects.filter(registration_id__in=ids).count()
    if checked != scanned:
        problems.append(f"check-in: {checked} check-ins for {scanned} badges scanned")
    request_ids = [pk for _key, pks in fixtures.owner_sessions for pk in pks]
    done = MeetingRequest.objects.filter(pk__in=request_ids, status=RequestStatus.ACCEPTED).count()
    if done != accepted:
        problems.append(f"meetings: {done} requests accepted of {accepted}")
    return problems
