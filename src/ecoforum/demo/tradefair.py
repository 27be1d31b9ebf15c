"""The trade-fair data set: ``ecoforum demo --scale tradefair``.

A separate, invented edition (slug ``tradefair``) at the size the design aims for: 200,000
guests, 25,000 exhibitors, 10,000 investment projects and 3,000 sessions by default (each
number can be given). It exists to measure the public pages, the lists and the API at that
size (``bench/load``) and is built with bulk inserts in batches, not through the services:
nothing here is a business rule, only rows that satisfy the database's constraints.

Cheap by construction:

- guests carry **no identity document** (document type, number, nationality and date of
  birth stay empty), so nothing is encrypted per row; the e-mail address's keyed hash
  (``email_key``) is still computed, so the one-registration-per-person constraint holds;
- the program is written as one draft and released once (version ``1.0``) through the
  program's own service, so the public pages read a real release;
- the search index is rebuilt once at the end.

It refuses to run when the edition exists (``TradefairExists``): delete the edition first to
build it again. Everyone in it is marked ``is_demo``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from ecoforum.core.crypto import blind_index
from ecoforum.exhibition.models import Exhibitor
from ecoforum.forums.models import Edition, Forum
from ecoforum.investment.models import GreenIndustry, InvestmentProject
from ecoforum.people.models import Organization, Person
from ecoforum.program import services as program_services
from ecoforum.program.models import Room, Section, Session, SessionPerson, SessionSlot, ThemeForum, Venue
from ecoforum.search import indexing
from ecoforum.services.enums import Attendance, RegistrationStatus
from ecoforum.services.models import Gate, GuestCategory, Registration, RegistrationForm

from .investment import GIVEN, SURNAMES

SLUG = "tradefair"
FORUM_SLUG = "tradefair-expo"
YEAR = 2026
DAYS = 4
SLOTS_PER_DAY = 10  # one-hour slots from 08:00, sessions of 50 minutes
SEED = 20260601
BATCH = 2000

DEFAULTS = {"guests": 200_000, "exhibitors": 25_000, "projects": 10_000, "sessions": 3_000}

PROVINCES = [
    ("贵州省", "贵阳市"),
    ("云南省", "昆明市"),
    ("四川省", "成都市"),
    ("广东省", "深圳市"),
    ("浙江省", "杭州市"),
    ("江苏省", "南京市"),
    ("湖南省", "长沙市"),
    ("重庆市", "重庆市"),
    ("北京市", "北京市"),
    ("上海市", "上海市"),
]
WORDS = [
    ("绿色", "green"),
    ("低碳", "low-carbon"),
    ("循环", "circular"),
    ("光伏", "solar"),
    ("储能", "storage"),
    ("氢能", "hydrogen"),
    ("节水", "water-saving"),
    ("生态", "ecological"),
    ("智慧", "smart"),
    ("清洁", "clean"),
]
THINGS = [
    ("科技", "Technology"),
    ("能源", "Energy"),
    ("环保", "Environment"),
    ("材料", "Materials"),
    ("农业", "Agriculture"),
    ("交通", "Mobility"),
    ("建筑", "Buildings"),
    ("装备", "Equipment"),
]


@dataclass(frozen=True)
class CategorySpec:
    code: str
    zh: str
    en: str
    share: float  # of the guests
    attendance: str
    needs_approval: bool
    capacity_share: float | None  # places as a share of the guests; None: no limit


CATEGORIES = [
    CategorySpec("visitor", "专业观众", "Trade visitors", 0.70, Attendance.ON_SITE, False, None),
    CategorySpec("exhibitor", "参展人员", "Exhibitor staff", 0.18, Attendance.ON_SITE, False, None),
    CategorySpec("guest", "嘉宾", "Guests", 0.05, Attendance.ON_SITE, True, 0.06),
    CategorySpec("media", "媒体", "Media", 0.02, Attendance.ON_SITE, True, 0.025),
    CategorySpec("online", "线上观众", "Online audience", 0.05, Attendance.ONLINE, False, None),
]
#: Words every generated name is made of, in both languages: what a load test searches for.
SEARCH_WORDS = [word for pair in WORDS for word in pair]
GATES = [(f"g{n}", f"{n}号入口", f"Gate {n}") for n in range(1, 9)]


class TradefairExists(Exception):
    """The trade-fair edition is already there: nothing is written."""


@dataclass
class TradefairReport:
    counts: dict[str, int] = field(default_factory=dict)


Progress = Callable[[str, int, int], None]  # (step, advance, total of the step)


def _quiet(step: str, advance: int, total: int) -> None:
    return None


def plan_totals(*, guests: int, exhibitors: int, projects: int, sessions: int) -> dict[str, int]:
    """The rows each step writes (the progress bar's totals)."""
    return {
        "organizations": exhibitors,
        "exhibitors": exhibitors,
        "projects": projects,
        "program": sessions,
        "guests": guests,
        "search index": 1,
    }


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert(model: type[models.Model], rows: list, step: str, progress: Progress, total: int) -> list:
    """Bulk insert in batches, one transaction per batch, reporting after each."""
    for batch in _batches(rows, BATCH):
        with transaction.atomic():
            model.objects.bulk_create(batch, batch_size=BATCH)  # type: ignore[attr-defined]
        progress(step, len(batch), total)
    return rows


def build_tradefair(
    *,
    guests: int = DEFAULTS["guests"],
    exhibitors: int = DEFAULTS["exhibitors"],
    projects: int = DEFAULTS["projects"],
    sessions: int = DEFAULTS["sessions"],
    progress: Progress | None = None,
    slug: str = SLUG,
    year: int = YEAR,
) -> TradefairReport:
    """Build the trade-fair edition; raises :class:`TradefairExists` when it is there already.

    ``slug`` and ``year`` make another such edition beside it (tests compare two sizes)."""
    if min(guests, exhibitors, projects, sessions) < 1:
        raise ValueError("Every number must be at least 1.")
    if projects > exhibitors:
        raise ValueError("Each project is owned by an exhibiting company: give at least as many exhibitors.")
    report = progress or _quiet
    if Edition.objects.filter(slug=slug).exists():
        raise TradefairExists(slug)
    rng = random.Random(SEED)  # noqa: S311 (invented data, not a secret)
    edition = _edition(guests, slug, year)
    organizations = _organizations(exhibitors, rng, report)
    industries = list(GreenIndustry.objects.filter(level=3).order_by("code"))
    _exhibitors(edition, organizations, industries, rng, report)
    _projects(edition, organizations[:projects], industries, rng, report)
    _program(edition, sessions, organizations, rng, report)
    _guests(edition, guests, organizations, rng, report)
    indexing.rebuild(edition)
    report("search index", 1, 1)
    edition.is_public = True
    edition.save(update_fields=["is_public"])
    return TradefairReport(
        counts={
            "guests": Registration.objects.filter(edition=edition).count(),
            "exhibitors": Exhibitor.objects.filter(edition=edition).count(),
            "projects": InvestmentProject.objects.filter(edition=edition).count(),
            "sessions": Session.objects.filter(edition=edition).count(),
        }
    )


def _edition(guests: int, slug: str, year: int) -> Edition:
    forum, _created = Forum.objects.get_or_create(
        slug=FORUM_SLUG,
        defaults={"name_zh_hans": "生态文明博览会（演示）", "name_en": "Eco Civilization Expo (demo)"},
    )
    start = dt.date(year, 6, 1)
    return Edition.objects.create(
        forum=forum,
        slug=slug,
        year=year,
        name_zh_hans=f"{year}生态文明博览会（演示数据）",
        name_en=f"Eco Civilization Expo {year} (demo data)",
        theme_zh_hans="绿色发展·共建共享",
        theme_en="Green development, built and shared together",
        city_zh_hans="贵阳",
        city_en="Guiyang",
        start_date=start,
        end_date=start + dt.timedelta(days=DAYS - 1),
        expected_guests=guests,
        is_public=False,  # published once complete
    )


def _company(n: int, rng: random.Random) -> tuple[str, str]:
    word, thing = WORDS[n % len(WORDS)], THINGS[(n // len(WORDS)) % len(THINGS)]
    province = PROVINCES[n % len(PROVINCES)][1]
    return (
        f"{province[:-1]}{word[0]}{thing[0]}有限公司（{n:05d}）",
        f"{word[1].capitalize()} {thing[1]} Co. No. {n:05d}",
    )


def _organizations(count: int, rng: random.Random, progress: Progress) -> list[Organization]:
    rows = []
    for n in range(count):
        zh, en = _company(n, rng)
        rows.append(
            Organization(
                name=zh,
                name_zh_hans=zh,
                name_en=en,
                kind="enterprise",
                country="CN",
                region=PROVINCES[n % len(PROVINCES)][0],
                is_demo=True,
            )
        )
    return _insert(Organization, rows, "organizations", progress, count)


def _exhibitors(edition, organizations, industries, rng, progress: Progress) -> None:
    rows = []
    for n, organization in enumerate(organizations):
        province, city = PROVINCES[n % len(PROVINCES)]
        rows.append(
            Exhibitor(
                edition=edition,
                organization=organization,
                slug=f"x{n:05d}",  # unique within the edition
                name=organization.name_zh_hans,
                name_zh_hans=organization.name_zh_hans,
                name_en=organization.name_en,
                description_zh_hans=f"{organization.name_zh_hans}展示绿色技术与产品。",
                description_en=f"{organization.name_en} shows green technology and products.",
                country="CN",
                region=province,
                city=city,
                is_fortune_global_500=n % 97 == 0,
                is_china_top_500=n % 41 == 0,
                is_industry_leader=n % 13 == 0,
                is_demo=True,
            )
        )
    _insert(Exhibitor, rows, "exhibitors", progress, len(organizations))
    through = Exhibitor.industries.through
    links = [
        through(exhibitor_id=exhibitor.pk, greenindustry_id=industries[(n * 7) % len(industries)].pk)
        for n, exhibitor in enumerate(rows)
    ]
    for batch in _batches(links, BATCH * 5):
        through.objects.bulk_create(batch, batch_size=BATCH)


def _projects(edition, owners, industries, rng, progress: Progress) -> None:
    rows = []
    for n, owner in enumerate(owners):
        province, city = PROVINCES[n % len(PROVINCES)]
        word, thing = WORDS[(n * 3) % len(WORDS)], THINGS[n % len(THINGS)]
        rows.append(
            InvestmentProject(
                edition=edition,
                code=f"TF-{n + 1:05d}",
                name=f"{city}{word[0]}{thing[0]}项目（{n + 1:05d}）",
                name_zh_hans=f"{city}{word[0]}{thing[0]}项目（{n + 1:05d}）",
                name_en=f"{word[1].capitalize()} {thing[1].lower()} project {n + 1:05d}",
                summary_zh_hans=f"在{province}{city}建设{word[0]}{thing[0]}项目，寻求投资与合作。",
                summary_en=f"A {word[1]} {thing[1].lower()} project seeking investment and partners.",
                province=province,
                city=city,
                industry=industries[(n * 11) % len(industries)],
                investment_sought=Decimal(rng.randrange(500, 500_000)) * 10_000,
                currency="CNY",
                owner=owner,
                contact_name=f"{SURNAMES[n % len(SURNAMES)][0]}先生",
                contact_email=f"project{n:05d}@{edition.slug}.demo.ecoforum.example",
                is_demo=True,
            )
        )
    _insert(InvestmentProject, rows, "projects", progress, len(owners))


def _program(edition, count: int, organizations, rng, progress: Progress) -> None:
    """Sections, theme forums of 20 sessions, rooms enough for ten one-hour slots a day, one speaker each."""
    venue = Venue.objects.create(
        edition=edition, name_zh_hans="国际会展中心", name_en="International Convention and Exhibition Centre"
    )
    per_room = DAYS * SLOTS_PER_DAY
    rooms = [
        Room(venue=venue, name_zh_hans=f"{n + 1}号会议室", name_en=f"Room {n + 1}", capacity=200, order=n)
        for n in range(math.ceil(count / per_room))
    ]
    Room.objects.bulk_create(rooms)
    sections = [
        Section(edition=edition, slug=f"s{n + 1}", name_zh_hans=zh, name_en=en, order=n)
        for n, (zh, en) in enumerate(
            [("产业", "Industry"), ("金融", "Finance"), ("科技", "Technology"), ("国际合作", "Cooperation")]
        )
    ]
    Section.objects.bulk_create(sections)
    forums = [
        ThemeForum(
            edition=edition,
            section=sections[n % len(sections)],
            slug=f"tf{n + 1:03d}",
            title_zh_hans=f"主题论坛{n + 1}：{WORDS[n % len(WORDS)][0]}{THINGS[n % len(THINGS)][0]}",
            title_en=f"Theme forum {n + 1}: {WORDS[n % len(WORDS)][1]} {THINGS[n % len(THINGS)][1].lower()}",
            order=n,
        )
        for n in range(math.ceil(count / 20))
    ]
    ThemeForum.objects.bulk_create(forums)
    speakers = []
    for n in range(count):
        surname, given = SURNAMES[n % len(SURNAMES)], GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
        speakers.append(
            Person(
                slug=f"{edition.slug}-speaker-{n:05d}",
                name=surname[0] + given[0],
                name_zh_hans=surname[0] + given[0],
                name_en=f"{given[1]} {surname[1]}",
                organization=organizations[n % len(organizations)],
                is_demo=True,
            )
        )
    Person.objects.bulk_create(speakers, batch_size=BATCH)
    rows = []
    for n in range(count):
        forum = forums[n // 20]
        word, thing = WORDS[(n * 7) % len(WORDS)], THINGS[(n * 5) % len(THINGS)]
        rows.append(
            Session(
                edition=edition,
                theme_forum=forum,
                code=f"TF{n // 20 + 1:03d}-{n % 20 + 1}",
                kind="forum",
                title=f"{word[0]}{thing[0]}对话（{n + 1}）",
                title_zh_hans=f"{word[0]}{thing[0]}对话（{n + 1}）",
                title_en=f"Dialogue on {word[1]} {thing[1].lower()} ({n + 1})",
                abstract_zh_hans=f"围绕{word[0]}{thing[0]}的产业合作与实践交流。",
                abstract_en=f"Industrial cooperation and practice in {word[1]} {thing[1].lower()}.",
            )
        )
    _insert(Session, rows, "program", progress, count)
    SessionPerson.objects.bulk_create(
        [SessionPerson(session=s, person=p, role="speaker") for s, p in zip(rows, speakers, strict=True)],
        batch_size=BATCH,
    )
    draft = program_services.get_draft(edition)
    slots = []
    for n, session in enumerate(rows):
        room = rooms[n // per_room]
        day, hour = divmod(n % per_room, SLOTS_PER_DAY)
        start = dt.datetime.combine(edition.start_date + dt.timedelta(days=day), dt.time(8 + hour), tzinfo=edition.tz)
        slots.append(
            SessionSlot(release=draft, session=session, room=room, start=start, end=start + dt.timedelta(minutes=50))
        )
    SessionSlot.objects.bulk_create(slots, batch_size=BATCH)
    program_services.release_program(edition, actor=None, version="1.0")


def _guests(edition, count: int, organizations, rng, progress: Progress) -> None:
    """The guests by category; every registration approved (guests and media: 5% still pending)."""
    Gate.objects.bulk_create(
        [
            Gate(edition=edition, code=code, name_zh_hans=zh, name_en=en, order=n)
            for n, (code, zh, en) in enumerate(GATES)
        ]
    )
    plan: list[tuple[GuestCategory, RegistrationForm, CategorySpec]] = []
    for order, spec in enumerate(CATEGORIES):
        category = GuestCategory.objects.create(
            edition=edition,
            code=spec.code,
            name_zh_hans=spec.zh,
            name_en=spec.en,
            attendance=spec.attendance,
            needs_approval=spec.needs_approval,
            capacity=None if spec.capacity_share is None else max(1, math.ceil(count * spec.capacity_share)),
            order=order,
        )
        form = RegistrationForm.objects.create(
            edition=edition,
            category=category,
            slug=spec.code,
            title_zh_hans=f"{spec.zh}报名",
            title_en=f"{spec.en}: registration",
            asks_identity=False,
            order=order,
        )
        plan.append((category, form, spec))
    # How many of each: shares rounded, the rest to the first category.
    sizes = [math.floor(count * spec.share) for _c, _f, spec in plan]
    sizes[0] += count - sum(sizes)
    decided = dt.datetime.combine(edition.start_date - dt.timedelta(days=30), dt.time(10), tzinfo=edition.tz)
    index = 0
    for (category, form, spec), size in zip(plan, sizes, strict=True):
        for chunk_start in range(0, size, BATCH):
            people, registrations = [], []
            for n in range(index + chunk_start, index + min(size, chunk_start + BATCH)):
                surname, given = SURNAMES[rng.randrange(len(SURNAMES))], GIVEN[rng.randrange(len(GIVEN))]
                email = f"g{n:06d}@{edition.slug}.demo.ecoforum.example"
                person = Person(
                    slug=f"{edition.slug}-guest-{n:06d}",
                    name=surname[0] + given[0],
                    name_zh_hans=surname[0] + given[0],
                    name_en=f"{given[1]} {surname[1]}",
                    organization=organizations[n % len(organizations)],
                    email=email,
                    is_demo=True,
                )
                people.append(person)
                pending = spec.needs_approval and n % 20 == 0
                registrations.append(
                    Registration(
                        edition=edition,
                        form=form,
                        category=category,
                        person=person,
                        status=RegistrationStatus.PENDING if pending else RegistrationStatus.APPROVED,
                        attendance=spec.attendance,
                        email=email,
                        email_key=blind_index(email, "email"),
                        decided_at=None if pending else decided,
                    )
                )
            with transaction.atomic():
                Person.objects.bulk_create(people, batch_size=BATCH)
                Registration.objects.bulk_create(registrations, batch_size=BATCH)
            progress("guests", len(people), count)
        index += size
