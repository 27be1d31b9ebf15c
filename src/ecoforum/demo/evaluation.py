"""Outcomes and evaluation of the demo: what became of the 2023 edition, and a smaller 2024 edition to compare.

- **Outcomes** of 2023: every signing followed to landing by its project owner (the investor
  for a strategic agreement without a project), with the project stages 签约 → 开工 → 投产 → 到资
  recorded over the years after the forum; the declaration and the initiatives, the founding of
  the Guizhou Green Climate Foundation and the MoUs as outcomes with their milestones; evidence
  links on some. The demo runs on any day, so the dates are set relative to the day it is
  first loaded: some outcomes have landed, many are on track, a few are due within the month
  (yellow) and a handful are overdue (red). A second run keeps the dates it set.
- **Evaluation** of 2023: where each registered guest travels from (as they typed it, a few
  spelled oddly, one or two that no gazetteer knows), the venue's energy and the offsets, a
  guest satisfaction survey and an exhibitor survey, both closed, with hundreds of answers.
- **2024**: a second, smaller edition of the same forum (program, guests with origins,
  exhibitors, projects, signings followed as outcomes, an initiative, a survey, footprint
  inputs), so that the KPIs can be compared year on year. It releases no document, so the
  2023 release library stays as the seed describes it.

The user ``unit`` (the demo password) reports for one responsible unit in the outcomes portal.
Rows are keyed on codes, slugs and e-mail addresses; what exists is kept, so a second run
writes nothing. Answers and registrations are written in bulk (hundreds of rows no one typed);
``DEMO_GUEST_SHARE`` scales the crowd as it does for the 2023 guests.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ecoforum.cooperation.enums import AgreementStatus
from ecoforum.cooperation.models import Agreement
from ecoforum.core.crypto import blind_index
from ecoforum.core.money import YI
from ecoforum.evaluation.enums import Audience, QuestionKind
from ecoforum.evaluation.models import FootprintInputs, Place, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from ecoforum.evaluation.survey_answers import respondent_key
from ecoforum.exhibition.models import Exhibitor
from ecoforum.forums import services as forum_services
from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.models import CommitteeMember, Edition, Forum
from ecoforum.investment.enums import PartyRole, SigningKind
from ecoforum.investment.models import InvestmentProject, Investor, Signing
from ecoforum.investment.signings import Party, record_signing
from ecoforum.outcomes import services as outcome_services
from ecoforum.outcomes.enums import OutcomeKind, OutcomeState, StageKind
from ecoforum.outcomes.models import Evidence, Outcome, Stage
from ecoforum.people.models import Organization, Person
from ecoforum.program import services as program_services
from ecoforum.program.models import ProgramRelease, Room, Section, Session, ThemeForum, Venue
from ecoforum.releases.models import Release
from ecoforum.services.enums import Attendance, RegistrationStatus
from ecoforum.services.models import Registration

from . import login as demo_login
from .guests import _categories_and_forms, guest_share
from .investment import GIVEN, SURNAMES

SEED = 20240705
UNIT_USER = demo_login.UNIT
UNIT_PERSON = "demo-outcome-unit"
EVIDENCE_URL = "https://www.example.org/efg-demo/{code}/{what}"
#: The kilometres a guest's travel is measured to: the venue city of both editions.
VENUE_CITY = "Guiyang"

# --- where guests come from -------------------------------------------------------

#: Chinese guests' cities (name_en in places.csv) and how often they come from each.
CN_ORIGINS = [
    ("Guiyang", 38),
    ("Zunyi", 4),
    ("Anshun", 3),
    ("Liupanshui", 2),
    ("Bijie", 2),
    ("Tongren", 2),
    ("Kaili", 2),
    ("Duyun", 2),
    ("Xingyi", 1),
    ("Beijing", 13),
    ("Shanghai", 6),
    ("Guangzhou", 3),
    ("Shenzhen", 3),
    ("Chengdu", 3),
    ("Chongqing", 3),
    ("Kunming", 2),
    ("Hangzhou", 2),
    ("Nanjing", 2),
    ("Wuhan", 2),
    ("Changsha", 2),
    ("Nanning", 1),
    ("Xi'an", 1),
    ("Tianjin", 1),
    ("Jinan", 1),
    ("Zhengzhou", 1),
    ("Hong Kong", 1),
]
#: Foreign guests travel from their country's capital (or its best-connected city).
CAPITALS = {
    "DE": "Berlin",
    "FR": "Paris",
    "GB": "London",
    "US": "Washington",
    "KE": "Nairobi",
    "BR": "Brasília",
    "JP": "Tokyo",
    "TH": "Bangkok",
    "NO": "Oslo",
    "EG": "Cairo",
    "LA": "Vientiane",
    "PK": "Islamabad",
    "CH": "Geneva",
    "KR": "Seoul",
    "SG": "Singapore",
    "MY": "Kuala Lumpur",
    "IN": "New Delhi",
    "RU": "Moscow",
    "AT": "Vienna",
    "CA": "Ottawa",
    "CL": "Santiago",
    "FI": "Helsinki",
    "IT": "Rome",
    "NG": "Lagos",
    "SE": "Stockholm",
    "SN": "Dakar",
    "VN": "Hanoi",
    "CO": "Bogotá",  # not in places.csv: the footprint lists it as unresolved
    "ZW": "Harare",  # idem
}
#: How some guests type their city: a gazetteer must still find these ...
ODD_SPELLINGS = [("北京市", "CN"), ("beijing", "CN"), (" Shanghai ", "CN"), ("贵阳市", "CN"), ("KWEIYANG", "CN")]
#: ... and these it cannot (the footprint lists them as unresolved).
UNRESOLVED = [("花溪大学城", "CN"), ("Little Snoring", "GB")]

# --- outcomes ----------------------------------------------------------------------

#: What becomes of each followed signing, in stage order (see :func:`_project_story`).
STORIES_2023 = [
    "landed",
    "funds_pending",
    "landed",
    "production_pending",
    "red_production",
    "funds_pending",
    "yellow_production",
    "landed",
    "production_pending",
    "red_started",
    "funds_pending",
    "yellow_funds",
    "production_pending",
    "abandoned",
    "red_funds",
    "landed",
    "production_pending",
]
STORIES_2024 = [
    "funds_pending",
    "production_pending",
    "yellow_production",
    "red_started",
    "production_pending",
    "landed",
]
STAGE_TITLES = {
    StageKind.SIGNED: ("签约", "Signed"),
    StageKind.STARTED: ("开工", "Construction started"),
    StageKind.IN_PRODUCTION: ("投产", "In production"),
    StageKind.FUNDS_IN: ("到资", "Funds in place"),
    StageKind.RELEASED: ("发布", "Released"),
    StageKind.ESTABLISHED: ("成立", "Established"),
}
ABANDON_REASON = (
    "投资方调整投资计划，项目终止（演示数据）。 The investor changed its plans; the project stopped (demo)."
)
#: Outcomes that are not signings: (release slug or agreement slug or "foundation", kind, milestones).
#: A milestone is (zh, en, days after the forum for a done one, or ("due", days from today) for an open one).
RELEASE_OUTCOMES = [
    (
        "guiyang-declaration-protected-areas",
        OutcomeKind.DECLARATION,
        [
            ("签署方达到100家", "100 signatories", 160),
            ("自然保护地建设进展年度报告", "Yearly report on the protected areas", ("due", 18)),
        ],
    ),
    (
        "initiative-two-mountains",
        OutcomeKind.INITIATIVE,
        [
            ("首批生态产品价值实现试点县", "First pilot counties for the value of ecological products", 240),
            ("试点经验汇编发布", "The pilots' lessons published", ("due", 150)),
        ],
    ),
    (
        "initiative-integrated-governance",
        OutcomeKind.INITIATIVE,
        [("一体化保护修复示范项目启动", "Integrated restoration demonstration launched", 300)],
    ),
]
FOUNDATION_UNIT = ("贵州省绿色气候基金会（示例）", "Guizhou Green Climate Foundation (demo)")
FOUNDATION_SUMMARY_EN = (
    "Founded during the forum; supports climate mitigation and adaptation, carbon sinks and low-carbon projects."
)
FOUNDATION_MILESTONES = [
    ("首批气候项目资助", "First climate project grants", 210),
    ("年度工作报告", "Annual report", ("due", 75)),
]
SECRETARIAT = "生态文明贵阳国际论坛秘书处"
AGREEMENT_MILESTONES = [
    ("联合研究项目启动", "Joint research launched", 200),
    ("中期评估", "Mid-term review", ("due", 120)),
]
REPLAN_REASONS = [
    "用地审批延后，调整计划。 Land approval came later; the plan moves.",
    "设备交付推迟。 Equipment delivered late.",
    "资金分期到位，按新进度计划。 Funds arrive in tranches; new schedule.",
]

# --- surveys -----------------------------------------------------------------------

#: (kind, label zh, label en, choices zh, choices en, required, measures satisfaction)
GUEST_QUESTIONS = [
    (
        QuestionKind.RATING,
        "总体而言，您对本届论坛满意吗？",
        "Overall, how satisfied are you with this edition?",
        "",
        "",
        True,
        True,
    ),
    (
        QuestionKind.RATING,
        "您对会务组织与服务（报名、证件、交通、住宿、餐饮）满意吗？",
        "How satisfied are you with the organization and services (registration, badges, transport, hotel, meals)?",
        "",
        "",
        True,
        False,
    ),
    (
        QuestionKind.SCALE,
        "您向同行推荐本论坛的可能性有多大？",
        "How likely are you to recommend the forum to a colleague?",
        "",
        "",
        True,
        False,
    ),
    (
        QuestionKind.CHOICE,
        "您是如何得知本届论坛的？",
        "How did you hear of this edition?",
        "邀请函\n同事或朋友\n新闻媒体\n论坛官网\n社交媒体",
        "Invitation\nA colleague or friend\nNews media\nThe forum's website\nSocial media",
        True,
        False,
    ),
    (
        QuestionKind.MULTIPLE,
        "您参加了哪些活动？",
        "What did you take part in?",
        "开幕式\n主题论坛\n展览展示\n招商签约\n实地考察",
        "Opening ceremony\nTheme forums\nThe exhibition\nInvestment signings\nField visits",
        True,
        False,
    ),
    (
        QuestionKind.RATING,
        "主题论坛的内容对您的工作有帮助吗？",
        "How useful were the theme forums for your work?",
        "",
        "",
        False,
        False,
    ),
    (
        QuestionKind.CHOICE,
        "您明年还会参加论坛吗？",
        "Will you come again next year?",
        "会\n可能\n不会",
        "Yes\nMaybe\nNo",
        False,
        False,
    ),
    (
        QuestionKind.TEXT,
        "您对下一届论坛有什么建议？",
        "What would you suggest for the next edition?",
        "",
        "",
        False,
        False,
    ),
]
EXHIBITOR_QUESTIONS = [
    (
        QuestionKind.RATING,
        "您对展览的组织满意吗？",
        "How satisfied are you with the exhibition's organization?",
        "",
        "",
        True,
        True,
    ),
    (
        QuestionKind.RATING,
        "展位位置与观众人流",
        "Your booth's place and the visitors it saw",
        "",
        "",
        True,
        False,
    ),
    (
        QuestionKind.CHOICE,
        "您在展会上获得了多少有效商机？",
        "How many real business leads did you get?",
        "没有\n1–5个\n6–20个\n20个以上",
        "None\n1–5\n6–20\nMore than 20",
        True,
        False,
    ),
    (
        QuestionKind.SCALE,
        "您向其他企业推荐参展的可能性有多大？",
        "How likely are you to recommend exhibiting to another company?",
        "",
        "",
        True,
        False,
    ),
    (QuestionKind.TEXT, "其他意见", "Anything else?", "", "", False, False),
]
SUGGESTIONS = [
    "希望增加青年学者的发言机会。",
    "实地考察的时间可以更长一些。",
    "会场之间的指引标识可以更清楚。",
    "建议提前发布议程和嘉宾名单。",
    "希望有更多国际案例分享。",
    "More time for questions after the keynotes, please.",
    "Simultaneous interpretation in every room would help.",
    "A mobile app with the programme would be useful.",
]
EXHIBITOR_REMARKS = [
    "布展时间偏紧。",
    "希望展馆内网络更稳定。",
    "洽谈区座位不够。",
    "The signage to hall 2 was hard to find.",
]
#: Rating weights (1–5) and scale weights (0–10) of each edition: 2023 a little better liked than 2024.
RATINGS = {2023: [1, 3, 11, 36, 49], 2024: [2, 5, 15, 40, 38]}
SCALES = {2023: [1, 0, 1, 1, 1, 4, 5, 10, 20, 25, 32], 2024: [1, 1, 1, 2, 2, 6, 7, 14, 22, 22, 22]}
#: Share of approved on-site guests (and exhibitor staff) who answered.
ANSWER_SHARE = {"guests": 0.3, "exhibitors": 0.45}

# --- 2024 ---------------------------------------------------------------------------

EDITION_2024 = {
    "slug": "2024",
    "year": 2024,
    "name_zh_hans": "2024年生态文明贵阳国际论坛",
    "name_en": "Eco Forum Global Guiyang 2024",
    "theme_zh_hans": "生态优先·绿色发展——共建人与自然和谐共生的美丽家园（演示）",
    "theme_en": "Ecology First, Green Development — a Beautiful Home in Harmony with Nature (demo)",
    "city_zh_hans": "贵阳",
    "city_en": "Guiyang",
    "description_zh_hans": "演示用的第二届：规模小于2023年，用于逐年比较评估指标。",
    "description_en": "A second, smaller demonstration edition, so that the evaluation's figures compare year on year.",
    "start_date": dt.date(2024, 7, 5),
    "end_date": dt.date(2024, 7, 6),
    "time_zone": "Asia/Shanghai",
    "is_hybrid": True,
    "is_public": True,
    "expected_guests": 1200,
}
SECTIONS_2024 = [
    ("green-development", "绿色低碳发展", "Green and low-carbon development", "#2e8b57"),
    ("nature", "生态保护与修复", "Protecting and restoring nature", "#1b6b93"),
]
#: (slug, section, zh, en)
FORUMS_2024 = [
    ("carbon-markets", "green-development", "碳市场与绿色金融", "Carbon markets and green finance"),
    ("new-energy", "green-development", "新能源与新型电力系统", "New energy and the new power system"),
    ("karst", "nature", "喀斯特生态修复", "Restoring karst ecosystems"),
    ("biodiversity", "nature", "生物多样性保护", "Protecting biodiversity"),
]
#: (code, kind, forum or "", day, start, end, room, zh, en)
SESSIONS_2024 = [
    ("OPEN", "ceremony", "", 0, "09:00", "10:30", 0, "开幕式暨主旨演讲", "Opening ceremony and keynotes"),
    ("SIGN", "signing", "", 0, "11:00", "12:00", 0, "绿色产业招商签约仪式", "Green industry signing ceremony"),
    (
        "CM1",
        "forum",
        "carbon-markets",
        0,
        "14:00",
        "17:30",
        1,
        "碳市场与绿色金融论坛",
        "Carbon markets and green finance",
    ),
    ("NE1", "forum", "new-energy", 0, "14:00", "17:30", 2, "新能源发展论坛", "New energy forum"),
    ("KA1", "forum", "karst", 1, "09:00", "12:00", 1, "喀斯特生态修复论坛", "Karst restoration forum"),
    ("BD1", "forum", "biodiversity", 1, "09:00", "12:00", 2, "生物多样性保护论坛", "Biodiversity forum"),
    ("REL", "release", "", 1, "14:00", "15:00", 0, "成果发布", "Releases of the forum"),
    ("CLOSE", "ceremony", "", 1, "15:30", "16:30", 0, "闭幕式", "Closing ceremony"),
]
ROOMS_2024 = [("主会场", "Main hall", 1200), ("第一分会场", "Room 1", 300), ("第二分会场", "Room 2", 300)]
#: Invented registrations of 2024 at full scale (about half of 2023's crowd).
INVENTED_2024 = {"guest": 560, "media": 90, "exhibitor": 120, "investor": 60, "staff": 80, "online": 360}
FIRST_NAMES = ["Anna", "Lucas", "Yuki", "Omar", "Ingrid", "Somchai"]
LAST_NAMES = ["Berg", "Silva", "Tanaka", "Hassan", "Olsen", "Boonmee"]
PROJECTS_2024 = 60
EXHIBITORS_2024 = 90
#: (project index, kind, amount in 亿元, investor index)
SIGNINGS_2024 = [
    (0, SigningKind.NEW, "12", 3),
    (7, SigningKind.NEW, "8.5", 11),
    (15, SigningKind.NEW, "6", 19),
    (22, SigningKind.NEW, "5", 25),
    (31, SigningKind.NEW, "4.2", 33),
    (44, SigningKind.NEW, "3", 41),
]
INITIATIVE_2024 = (
    "西南地区碳市场协同发展倡议（演示）",
    "Initiative on cooperation between the carbon markets of the south-west (demo)",
)
FOOTPRINT = {
    2023: {
        "venue_electricity_kwh": Decimal("180000"),
        "venue_gas_m3": Decimal("12500"),
        "offset_tco2e": Decimal("300"),
        "offset_note_zh_hans": "注销贵州省单株碳汇项目林业碳汇300吨（演示数据）。",
        "offset_note_en": (
            "300 t of forestry carbon credits from Guizhou's single-tree carbon sink scheme retired (demo)."
        ),
    },
    2024: {
        "venue_electricity_kwh": Decimal("95000"),
        "venue_gas_m3": Decimal("6000"),
        "offset_tco2e": Decimal("200"),
        "offset_note_zh_hans": "注销贵州省林业碳汇200吨（演示数据）。",
        "offset_note_en": "200 t of Guizhou forestry carbon credits retired (demo).",
    },
}


def load_evaluation(edition: Edition, *, password: str, report) -> None:
    """Add (or find) the outcomes and evaluation of ``edition`` (2023) and the smaller 2024 edition.

    Runs after the releases, outside the loader's transactions: each edition is written in its own.
    """
    rng = random.Random(SEED)  # noqa: S311 (invented data, not a secret)
    today = timezone.localdate(timezone.now(), edition.tz)
    with transaction.atomic(durable=True):
        _origins(edition, rng, report)
        _footprint(edition, report)
        _surveys(edition, rng, report)
    # The outcomes go through their services, one transaction each, as an organizer's would.
    _signing_outcomes(edition, STORIES_2023, today, rng, report)
    _other_outcomes(edition, today, report)
    with transaction.atomic(durable=True):
        _unit_user(edition, password, today, report)
        second = _edition_2024(edition.forum, report)
        _program_2024(second, report)
        _registrations_2024(second, rng, report)
        _origins(second, rng, report)
        _footprint(second, report)
        _exhibitors_2024(edition, second, report)
        _projects_and_signings_2024(edition, second, report)
        _surveys(second, rng, report)
    _signing_outcomes(second, STORIES_2024, today, rng, report)
    _initiative_2024(second, today, report)


def _count(report, label: str, n: int) -> None:
    if n:
        report.created[label] += n


# --- origins and footprint inputs -----------------------------------------------------


def _origins(edition: Edition, rng: random.Random, report) -> None:
    """Where each registered guest travels from, as they would type it; only registrations without one."""
    places = {p.name_en: p for p in Place.objects.all()}
    by_country: dict[str, Place] = {}
    for place in places.values():
        by_country.setdefault(place.country, place)
    cities = [(places[name], weight) for name, weight in CN_ORIGINS if name in places]
    population = [p for p, _w in cities]
    weights = [w for _p, w in cities]
    rows = list(
        Registration.objects.filter(edition=edition, origin_city="")
        .values_list("pk", "person__country", "language")
        .order_by("pk")
    )
    groups: dict[tuple[str, str], list[int]] = {}
    for n, (pk, country, language) in enumerate(rows):
        country = country or "CN"
        if n % 401 == 41:
            city, country = UNRESOLVED[(n // 401) % len(UNRESOLVED)]
        elif n % 53 == 7:
            city, country = ODD_SPELLINGS[(n // 53) % len(ODD_SPELLINGS)]
        elif country == "CN":
            place = rng.choices(population, weights)[0]
            city = place.name_en if language == "en" or rng.random() < 0.1 else place.name_zh_hans
            country = place.country
        else:
            name = CAPITALS.get(country, "")
            place = places.get(name) or by_country.get(country)
            city = place.name_en if place else name or country
        groups.setdefault((city, country), []).append(pk)
    # One UPDATE per place (a few dozen), not one per guest.
    for (city, country), pks in groups.items():
        for start in range(0, len(pks), 900):
            Registration.objects.filter(pk__in=pks[start : start + 900]).update(
                origin_city=city, origin_country=country
            )
    if rows:
        report.changed[Registration._meta.label] += len(rows)


def _footprint(edition: Edition, report) -> None:
    from .loader import upsert

    venue = Place.objects.filter(country="CN", name_en=VENUE_CITY).first()
    if venue is None or edition.year not in FOOTPRINT:
        return
    upsert(FootprintInputs, report, {"edition": edition}, {"venue": venue, **FOOTPRINT[edition.year]})


# --- outcomes ------------------------------------------------------------------------


def _day_after(start: dt.date, days: int, today: dt.date) -> dt.date:
    """``days`` after ``start``, never later than yesterday (what is recorded has happened)."""
    return min(start + dt.timedelta(days=days), today - dt.timedelta(days=1))


def _planned(signed: dt.date, today: dt.date, days_from_today: int) -> dt.date:
    """A planned date relative to today, never before the day after the signing."""
    return max(today + dt.timedelta(days=days_from_today), signed + dt.timedelta(days=1))


def _project_story(story: str, signed: dt.date, today: dt.date, rng: random.Random, amount: Decimal) -> list[dict]:
    """The four project stages of an outcome: planned and actual dates (and amounts) for its story.

    ``landed``: all four done. ``funds_pending``: built and producing, the funds due in some months.
    ``production_pending``: started, production due in some months. ``yellow_*``: the next stage due
    within the month. ``red_*``: a stage planned in the past and not done. ``abandoned``: signed only.
    """
    started = _day_after(signed, rng.randint(90, 180), today)
    produced = _day_after(started, rng.randint(240, 420), today)
    funded = _day_after(produced, rng.randint(60, 200), today)
    landed_amount = (amount * Decimal(rng.randint(60, 100)) / 100).quantize(Decimal("1"))
    stages = {
        StageKind.SIGNED: {"planned_on": signed, "actual_on": signed},
        StageKind.STARTED: {"planned_on": started, "actual_on": started},
        StageKind.IN_PRODUCTION: {"planned_on": produced, "actual_on": produced},
        StageKind.FUNDS_IN: {
            "planned_on": funded,
            "actual_on": funded,
            "planned_amount": amount,
            "actual_amount": landed_amount,
        },
    }
    funds, production, start = stages[StageKind.FUNDS_IN], stages[StageKind.IN_PRODUCTION], stages[StageKind.STARTED]
    if story == "funds_pending":
        funds.update(planned_on=_planned(signed, today, rng.randint(60, 240)), actual_on=None, actual_amount=None)
    elif story == "production_pending":
        production.update(planned_on=_planned(signed, today, rng.randint(45, 200)), actual_on=None)
        funds.update(planned_on=_planned(signed, today, rng.randint(260, 420)), actual_on=None, actual_amount=None)
    elif story in ("yellow_production", "yellow_funds"):
        due = _planned(signed, today, rng.randint(6, 24))
        funds.update(actual_on=None, actual_amount=None, planned_on=due)
        if story == "yellow_production":
            production.update(planned_on=due, actual_on=None)
            funds.update(planned_on=_planned(signed, today, rng.randint(150, 300)))
    elif story.startswith("red_"):
        late = max(today - dt.timedelta(days=rng.randint(20, 160)), signed + dt.timedelta(days=1))
        funds.update(planned_on=_planned(signed, today, rng.randint(200, 400)), actual_on=None, actual_amount=None)
        if story in ("red_production", "red_started"):
            production.update(planned_on=late if story == "red_production" else funds["planned_on"], actual_on=None)
            funds.update(planned_on=max(funds["planned_on"], production["planned_on"] + dt.timedelta(days=90)))
        if story == "red_started":
            start.update(planned_on=late, actual_on=None)
            production.update(planned_on=_planned(signed, today, rng.randint(120, 200)))
        if story == "red_funds":
            funds.update(planned_on=late)
    elif story == "abandoned":
        for kind in (StageKind.STARTED, StageKind.IN_PRODUCTION, StageKind.FUNDS_IN):
            stages[kind].update(actual_on=None, actual_amount=None)
            stages[kind]["planned_on"] = max(stages[kind]["planned_on"], signed + dt.timedelta(days=1))
    return [{"kind": kind, **values} for kind, values in stages.items()]


def _signing_outcomes(edition: Edition, stories: list[str], today: dt.date, rng: random.Random, report) -> None:
    """Every signing followed (``outcomes.services``, one transaction each), then its stages told by its story.

    The services keep the history: stages recorded and replanned with their reasons, evidence added.
    """
    if Outcome.objects.filter(edition=edition, kind=OutcomeKind.SIGNING).exists():
        return
    followed = outcome_services.follow_signings(edition, actor=None)
    _count(report, Outcome._meta.label, len(followed))
    for n, outcome in enumerate(followed):
        story = stories[n] if n < len(stories) else "production_pending"
        stages = {stage.kind: stage for stage in outcome.stages.select_related("outcome__edition")}
        signed = stages[StageKind.SIGNED].actual_on
        funds = stages[StageKind.FUNDS_IN]
        amount = funds.planned_amount or outcome.signed_amount or Decimal(0)
        contact = Person.objects.filter(organization=outcome.responsible_unit).order_by("pk").first()
        if contact is not None:
            outcome_services.assign_outcome(
                outcome, actor=None, responsible_unit=outcome.responsible_unit, contacts=[contact]
            )
        recorded = []
        for values in _project_story(story, signed, today, rng, amount):
            stage = stages[values["kind"]]
            if values["actual_on"] is None:
                if values["planned_on"] != stage.planned_on:
                    outcome_services.replan_stage(
                        stage,
                        actor=None,
                        planned_on=values["planned_on"],
                        reason=REPLAN_REASONS[n % len(REPLAN_REASONS)],
                    )
            elif stage.actual_on is None:
                outcome_services.record_stage(
                    stage, actor=None, actual_on=values["actual_on"], actual_amount=values.get("actual_amount")
                )
                recorded.append(stage)
        if story == "abandoned":
            outcome_services.abandon_outcome(outcome, actor=None, reason=ABANDON_REASON)
        if n % 3 == 0:
            for stage in recorded[:2]:
                outcome_services.add_evidence(
                    outcome,
                    actor=None,
                    title=f"{stage.get_kind_display()} · {outcome.code}",
                    url=EVIDENCE_URL.format(code=outcome.code, what=stage.kind),
                    stage=stage,
                )
                _count(report, Evidence._meta.label, 1)


def _milestones(outcome: Outcome, first: tuple[str, dt.date], milestones, start: dt.date, today: dt.date, report):
    """The outcome's first stage (released, established, signed) done, then its milestones, done or open."""
    kind, day = first
    plan = [(kind, "", "", day, day)]
    for zh, en, when in milestones:
        if isinstance(when, tuple):
            plan.append((StageKind.MILESTONE, zh, en, _planned(start, today, when[1]), None))
        else:
            plan.append(
                (StageKind.MILESTONE, zh, en, start + dt.timedelta(days=when), _day_after(start, when + 12, today))
            )
    for kind, zh, en, planned, actual in plan:
        stage = outcome_services.plan_stage(
            outcome, actor=None, kind=kind, planned_on=planned, title_zh_hans=zh, title_en=en
        )
        if actual is not None:
            outcome_services.record_stage(stage, actor=None, actual_on=actual)
    _count(report, Stage._meta.label, len(plan))


def _other_outcome(edition, kind, title, summary, unit, report, **links) -> Outcome | None:
    """An outcome that is not a signing, once: found again by its release, agreement or title."""
    if Outcome.objects.filter(edition=edition, kind=kind, title_zh_hans=title[0]).exists():
        return None
    outcome = outcome_services.create_outcome(
        edition,
        actor=None,
        kind=kind,
        title_zh_hans=title[0],
        title_en=title[1],
        summary_zh_hans=summary[0],
        summary_en=summary[1],
        responsible_unit=unit,
        contacts=list(Person.objects.filter(organization=unit).order_by("pk")[:1]),
        province="贵州省",
        city="贵阳市",
        is_demo=True,
        **links,
    )
    _count(report, Outcome._meta.label, 1)
    return outcome


def _foundation_unit(report) -> Organization:
    from .loader import upsert

    foundation = upsert(
        Organization,
        report,
        {"name_zh_hans": FOUNDATION_UNIT[0], "is_demo": True},
        {"name_en": FOUNDATION_UNIT[1], "country": "CN"},
    )
    if not Person.objects.filter(organization=foundation).exists():
        Person.objects.create(
            slug="demo-foundation-contact",
            name_zh_hans="罗清源",
            name_en="Luo Qingyuan",
            organization=foundation,
            country="CN",
            email="foundation@demo.ecoforum.example",
            is_demo=True,
        )
        _count(report, Person._meta.label, 1)
    return foundation


def _other_outcomes(edition: Edition, today: dt.date, report) -> None:
    """The declaration, the initiatives, the foundation and the signed MoUs, each with its milestones."""
    secretariat = Organization.objects.filter(name_zh_hans=SECRETARIAT, is_demo=True).first()
    if secretariat is None:
        return
    start = edition.start_date
    for slug, kind, milestones in RELEASE_OUTCOMES:
        release = Release.objects.filter(edition=edition, slug=slug).first()
        if release is None:
            continue
        outcome = _other_outcome(
            edition,
            kind,
            (release.title_zh_hans, release.title_en),
            (release.abstract_zh_hans, release.abstract_en),
            secretariat,
            report,
            release=release,
        )
        if outcome is not None:
            released = timezone.localdate(release.released_at, edition.tz)
            _milestones(outcome, (StageKind.RELEASED, released), milestones, start, today, report)

    with transaction.atomic(durable=True):
        foundation = _foundation_unit(report)
    outcome = _other_outcome(
        edition,
        OutcomeKind.INSTITUTION,
        ("贵州省绿色气候基金会成立", "The Guizhou Green Climate Foundation is founded"),
        (
            "论坛期间落地成立，支持气候变化减缓与适应、碳汇开发和绿色低碳项目。",
            FOUNDATION_SUMMARY_EN,
        ),
        foundation,
        report,
    )
    if outcome is not None:
        _milestones(outcome, (StageKind.ESTABLISHED, start), FOUNDATION_MILESTONES, start, today, report)
        outcome_services.add_evidence(
            outcome,
            actor=None,
            title="基金会登记证书 · Registration certificate",
            url=EVIDENCE_URL.format(code=outcome.code, what="registration"),
        )
        _count(report, Evidence._meta.label, 1)

    agreements = Agreement.objects.filter(
        edition=edition, status__in=[AgreementStatus.SIGNED, AgreementStatus.IN_FORCE]
    ).order_by("slug")
    for agreement in agreements:
        outcome = _other_outcome(
            edition,
            OutcomeKind.AGREEMENT,
            (agreement.title_zh_hans, agreement.title_en),
            (agreement.summary_zh_hans, agreement.summary_en),
            secretariat,
            report,
            agreement=agreement,
        )
        if outcome is not None:
            signed = agreement.signed_on or start
            _milestones(outcome, (StageKind.SIGNED, signed), AGREEMENT_MILESTONES, start, today, report)


def _unit_user(edition: Edition, password: str, today: dt.date, report) -> None:
    """``unit``: the contact person of a responsible unit that has an overdue outcome (not the ``owner``'s unit)."""
    User = get_user_model()
    taken = set(Person.objects.filter(user__username="owner").values_list("organization_id", flat=True))
    person = Person.objects.filter(slug=UNIT_PERSON).first()
    if person is None:
        late = (
            Outcome.objects.filter(
                edition=edition,
                kind=OutcomeKind.SIGNING,
                state=OutcomeState.ACTIVE,
                stages__actual_on__isnull=True,
                stages__planned_on__lt=today,
            )
            .exclude(responsible_unit_id__in=taken)
            .order_by("code")
            .first()
        )
        if late is None:
            return
        person = Person.objects.create(
            slug=UNIT_PERSON,
            name_zh_hans="杨成果",
            name_en="Yang Chengguo",
            organization=late.responsible_unit,
            country="CN",
            email="unit@demo.ecoforum.example",
            is_demo=True,
        )
        _count(report, Person._meta.label, 1)
    user = User.objects.filter(username=UNIT_USER).first()
    if user is None:
        user = User.objects.create(username=UNIT_USER, email=f"{UNIT_USER}@example.org", is_active=True)
        _count(report, User._meta.label, 1)
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])


# --- surveys -------------------------------------------------------------------------


def _survey(edition: Edition, slug: str, audience: str, title, intro, questions, report) -> tuple[Survey, list]:
    from .loader import upsert

    closing = dt.datetime.combine(edition.end_date, dt.time(18), tzinfo=edition.tz)
    survey = upsert(
        Survey,
        report,
        {"edition": edition, "slug": slug},
        {
            "title_zh_hans": title[0],
            "title_en": title[1],
            "intro_zh_hans": intro[0],
            "intro_en": intro[1],
            "audience": audience,
            "is_anonymous": True,
            "opens_at": closing - dt.timedelta(hours=2),
            "closes_at": closing + dt.timedelta(days=14),
            "is_published": True,
            "is_demo": True,
        },
    )
    rows = []
    for order, (kind, zh, en, choices_zh, choices_en, required, satisfaction) in enumerate(questions, start=1):
        rows.append(
            upsert(
                SurveyQuestion,
                report,
                {"survey": survey, "order": order},
                {
                    "kind": kind,
                    "label_zh_hans": zh,
                    "label_en": en,
                    "choices_zh_hans": choices_zh,
                    "choices_en": choices_en,
                    "required": required,
                    "measures_satisfaction": satisfaction,
                },
            )
        )
    return survey, rows


def _answer(question: SurveyQuestion, year: int, rng: random.Random, text_pool: list[str]) -> SurveyAnswer | None:
    if not question.required and rng.random() < 0.25:
        return None
    if question.kind == QuestionKind.RATING:
        return SurveyAnswer(question=question, number=rng.choices(range(1, 6), RATINGS[year])[0])
    if question.kind == QuestionKind.SCALE:
        return SurveyAnswer(question=question, number=rng.choices(range(11), SCALES[year])[0])
    count = len([line for line in (question.choices_zh_hans or "").splitlines() if line.strip()])
    if question.kind == QuestionKind.CHOICE:
        weights = [count - i + 1 for i in range(count)]
        return SurveyAnswer(question=question, choices=[rng.choices(range(count), weights)[0]])
    if question.kind == QuestionKind.MULTIPLE:
        chosen = sorted(i for i in range(count) if rng.random() < (0.8 if i < 2 else 0.35))
        return SurveyAnswer(question=question, choices=chosen or [0])
    if rng.random() < 0.3:
        return SurveyAnswer(question=question, text=rng.choice(text_pool))
    return None


def _responses(survey: Survey, questions, registrations, year: int, rng, text_pool, report) -> None:
    """Answers of the chosen registrations, keyed by a blind index of who answered (one each)."""
    if SurveyResponse.objects.filter(survey=survey).exists():
        return
    when = survey.opens_at
    responses = [
        SurveyResponse(
            survey=survey,
            # The key the survey service gives a person, so nobody answers twice.
            respondent_key=respondent_key(survey, registration.person_id),
            language=registration.language,
        )
        for registration in registrations
    ]
    SurveyResponse.objects.bulk_create(responses, batch_size=500)
    answers = []
    for response in responses:
        for question in questions:
            answer = _answer(question, year, rng, text_pool)
            if answer is not None:
                answer.response = response
                answers.append(answer)
    SurveyAnswer.objects.bulk_create(answers, batch_size=1000)
    # Spread the submissions over the fortnight the survey was open (auto_now_add set them to now):
    # most on the last evening of the forum, fewer each day after, one UPDATE per day.
    days: dict[int, list[int]] = {}
    for response in responses:
        days.setdefault(min(int(rng.expovariate(0.5)), 13), []).append(response.pk)
    for day, pks in sorted(days.items()):
        SurveyResponse.objects.filter(pk__in=pks).update(submitted_at=when + dt.timedelta(days=day, hours=1))
    _count(report, SurveyResponse._meta.label, len(responses))
    _count(report, SurveyAnswer._meta.label, len(answers))


def _surveys(edition: Edition, rng: random.Random, report) -> None:
    """The guest satisfaction survey and the exhibitor survey of the edition, closed, with answers."""
    year = edition.year
    survey, questions = _survey(
        edition,
        "guest-satisfaction",
        Audience.GUESTS,
        (f"{year}年论坛嘉宾满意度调查", f"Guest satisfaction survey {year}"),
        (
            "感谢您出席本届论坛。问卷匿名，约需三分钟。",
            "Thank you for coming to the forum. The survey is anonymous and takes about three minutes.",
        ),
        GUEST_QUESTIONS,
        report,
    )
    guests = list(
        Registration.objects.filter(edition=edition, status=RegistrationStatus.APPROVED, attendance=Attendance.ON_SITE)
        .exclude(category__code="exhibitor")
        .order_by("pk")
    )
    chosen = [r for r in guests if rng.random() < ANSWER_SHARE["guests"]]
    _responses(survey, questions, chosen, year, rng, SUGGESTIONS, report)
    if year != 2023:
        return
    survey, questions = _survey(
        edition,
        "exhibitor-feedback",
        Audience.EXHIBITORS,
        (f"{year}年参展商反馈问卷", f"Exhibitor feedback {year}"),
        ("请每家参展企业的一位负责人填写。", "One person of each exhibitor, please."),
        EXHIBITOR_QUESTIONS,
        report,
    )
    staff = list(
        Registration.objects.filter(edition=edition, status=RegistrationStatus.APPROVED, category__code="exhibitor")
        .select_related("person")
        .order_by("pk")
    )
    chosen = [r for r in staff if rng.random() < ANSWER_SHARE["exhibitors"]]
    _responses(survey, questions, chosen, year, rng, EXHIBITOR_REMARKS, report)


# --- the 2024 edition -------------------------------------------------------------------


def _edition_2024(forum: Forum, report) -> Edition:
    from .loader import upsert

    edition = upsert(
        Edition,
        report,
        {"slug": EDITION_2024["slug"]},
        {"forum": forum, **{k: v for k, v in EDITION_2024.items() if k != "slug"}},
    )
    organizer = get_user_model().objects.filter(username="admin").first()
    if organizer is not None and not CommitteeMember.objects.filter(edition=edition, user=organizer).exists():
        forum_services.appoint_committee_member(
            edition, actor=None, user=organizer, role=CommitteeRole.ORGANIZER, title="秘书处 Secretariat"
        )
        _count(report, CommitteeMember._meta.label, 1)
    return edition


def _program_2024(edition: Edition, report) -> None:
    """Two sections, four theme forums, eight sessions with speakers from the 2023 experts, released as 1.0."""
    from .loader import local, upsert

    if Session.objects.filter(edition=edition).exists():
        return
    venue = upsert(
        Venue,
        report,
        {"edition": edition, "name_zh_hans": "贵阳国际生态会议中心"},
        {"name_en": "Guiyang International Eco-Conference Center"},
    )
    rooms = [
        upsert(Room, report, {"venue": venue, "name_zh_hans": zh}, {"name_en": en, "capacity": seats, "order": order})
        for order, (zh, en, seats) in enumerate(ROOMS_2024)
    ]
    sections = {
        slug: upsert(
            Section,
            report,
            {"edition": edition, "slug": slug},
            {"name_zh_hans": zh, "name_en": en, "colour": colour, "order": order},
        )
        for order, (slug, zh, en, colour) in enumerate(SECTIONS_2024)
    }
    forums = {
        slug: upsert(
            ThemeForum,
            report,
            {"edition": edition, "slug": slug},
            {"section": sections[section], "title_zh_hans": zh, "title_en": en, "order": order},
        )
        for order, (slug, section, zh, en) in enumerate(FORUMS_2024)
    }
    experts = list(Person.objects.filter(expert_profile__isnull=False).order_by("slug")[:24])
    for n, (code, kind, forum, day, start, end, room, zh, en) in enumerate(SESSIONS_2024):
        people = [program_services.Role(p, "speaker") for p in experts[n * 3 : n * 3 + 3]]
        program_services.add_session(
            edition,
            actor=None,
            code=code,
            kind=kind,
            title_zh_hans=zh,
            title_en=en,
            theme_forum=forums[forum] if forum else None,
            room=rooms[room],
            start=local(edition, day, start),
            end=local(edition, day, end),
            people=people,
            is_online=room == 0,
            online_url="https://live.example.org/efg-2024" if room == 0 else "",
        )
        _count(report, Session._meta.label, 1)
    if not ProgramRelease.objects.filter(edition=edition, version__isnull=False).exists():
        program_services.publish_program(
            edition, actor=None, version="1.0", comment_zh_hans="日程发布。", comment_en="The program as published."
        )


def _registrations_2024(edition: Edition, rng: random.Random, report) -> None:
    """About half of 2023's crowd, invented, all approved (the media category has a few waiting)."""
    categories, forms = _categories_and_forms(edition, report)
    if Registration.objects.filter(edition=edition).exists():
        return
    share = guest_share()
    orgs = list(Organization.objects.filter(is_demo=True).order_by("pk")[:80])
    foreign = list(CAPITALS)
    people, rows = [], []
    decided = dt.datetime.combine(edition.start_date - dt.timedelta(days=15), dt.time(10), tzinfo=edition.tz)
    for code, full in INVENTED_2024.items():
        for i in range(round(full * share)):
            index = len(people)
            abroad = code in ("guest", "speaker", "media", "online") and rng.random() < 0.06
            if abroad:
                country = rng.choice(foreign[:12])
                name_zh = name_en = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            else:
                country = "CN"
                surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
                name_zh, name_en = surname[0] + given[0], f"{surname[1]} {given[1]}"
            email = f"{code}{index:05d}.2024@demo.ecoforum.example"
            person = Person(
                slug=f"guest-2024-{index:05d}",
                name_zh_hans=name_zh,
                name_en=name_en,
                organization=rng.choice(orgs) if orgs else None,
                country=country,
                email=email,
                is_demo=True,
            )
            people.append(person)
            category = categories[code]
            waiting = code == "media" and i >= round(full * share) - max(1, round(6 * share))
            rows.append(
                Registration(
                    edition=edition,
                    form=forms[code],
                    category=category,
                    person=person,
                    status=RegistrationStatus.WAITLISTED if waiting else RegistrationStatus.APPROVED,
                    attendance=category.attendance,
                    language="zh-hans" if country == "CN" else "en",
                    email=email,
                    email_key=blind_index(email.lower(), "email"),
                    decided_at=None if waiting else decided + dt.timedelta(minutes=index),
                )
            )
    # Speakers are the program's own people (experts of the think tank).
    speakers = Person.objects.filter(session_roles__session__edition=edition).distinct().order_by("pk")
    for index, person in enumerate(speakers):
        email = f"{person.slug}.2024@demo.ecoforum.example"
        rows.append(
            Registration(
                edition=edition,
                form=forms["speaker"],
                category=categories["speaker"],
                person=person,
                status=RegistrationStatus.APPROVED,
                attendance=categories["speaker"].attendance,
                language="zh-hans" if (person.country or "CN") == "CN" else "en",
                email=email,
                email_key=blind_index(email.lower(), "email"),
                decided_at=decided - dt.timedelta(days=5, minutes=index),
            )
        )
    Person.objects.bulk_create(people, batch_size=500)
    Registration.objects.bulk_create(rows, batch_size=500)
    _count(report, Person._meta.label, len(people))
    _count(report, Registration._meta.label, len(rows))


def _exhibitors_2024(first: Edition, edition: Edition, report) -> None:
    """A part of 2023's exhibitors come back."""
    if Exhibitor.objects.filter(edition=edition).exists():
        return
    previous = list(Exhibitor.objects.filter(edition=first).order_by("pk")[: EXHIBITORS_2024 * 2 : 2])
    rows = [
        Exhibitor(
            edition=edition,
            organization=e.organization,
            slug=e.slug,
            name_zh_hans=e.name_zh_hans,
            name_en=e.name_en,
            description_zh_hans=e.description_zh_hans,
            description_en=e.description_en,
            country=e.country,
            region=e.region,
            city=e.city,
            is_fortune_global_500=e.is_fortune_global_500,
            is_china_top_500=e.is_china_top_500,
            is_industry_leader=e.is_industry_leader,
            is_demo=True,
        )
        for e in previous
    ]
    Exhibitor.objects.bulk_create(rows)
    _count(report, Exhibitor._meta.label, len(rows))


def _projects_and_signings_2024(first: Edition, edition: Edition, report) -> None:
    """The next phase of some 2023 projects, and six signings at the 2024 ceremony."""
    if not InvestmentProject.objects.filter(edition=edition).exists():
        previous = list(InvestmentProject.objects.filter(edition=first).order_by("code")[1 : PROJECTS_2024 * 3 : 3])
        rows = [
            InvestmentProject(
                edition=edition,
                code=f"GZ2024-{n:03d}",
                name_zh_hans=f"{p.name_zh_hans}（二期）",
                name_en=f"{p.name_en}, phase 2",
                summary_zh_hans=p.summary_zh_hans,
                summary_en=p.summary_en,
                province=p.province,
                city=p.city,
                county=p.county,
                industry_id=p.industry_id,
                investment_sought=(p.investment_sought * Decimal("0.6")).quantize(Decimal("1")),
                currency=p.currency,
                cooperation_mode=p.cooperation_mode,
                stage=p.stage,
                owner_id=p.owner_id,
                contact_name=p.contact_name,
                contact_phone=p.contact_phone,
                contact_email=p.contact_email,
                is_demo=True,
            )
            for n, p in enumerate(previous, start=1)
        ]
        InvestmentProject.objects.bulk_create(rows)
        _count(report, InvestmentProject._meta.label, len(rows))
    if Signing.objects.filter(edition=edition).exists():
        return
    projects = list(InvestmentProject.objects.filter(edition=edition).select_related("owner").order_by("code"))
    investors = list(Investor.objects.select_related("organization").order_by("pk"))
    ceremony = Session.objects.filter(edition=edition, code="SIGN").first()
    start = dt.datetime.combine(edition.start_date, dt.time(11), tzinfo=edition.tz)
    for order, (index, kind, amount, investor_no) in enumerate(SIGNINGS_2024):
        if index >= len(projects) or not investors:
            continue
        project, investor = projects[index], investors[investor_no % len(investors)]
        record_signing(
            edition,
            actor=None,
            title_zh_hans=f"{project.name_zh_hans}投资协议",
            title_en=f"Investment agreement: {project.name_en}",
            kind=kind,
            amount=Decimal(amount) * YI,
            project=project,
            ceremony=ceremony,
            signed_at=start + dt.timedelta(minutes=5 * order),
            stage_order=order,
            parties=[
                Party(investor.organization, PartyRole.INVESTOR, ""),
                Party(project.owner, PartyRole.OWNER, ""),
            ],
            notes="演示数据 · demo data",
            is_demo=True,
        )
        _count(report, Signing._meta.label, 1)


def _initiative_2024(edition: Edition, today: dt.date, report) -> None:
    """The initiative the 2024 forum launched, followed as an outcome with two milestones."""
    secretariat = Organization.objects.filter(name_zh_hans=SECRETARIAT, is_demo=True).first()
    if secretariat is None:
        return
    outcome = _other_outcome(
        edition,
        OutcomeKind.INITIATIVE,
        INITIATIVE_2024,
        (
            "倡议西南各省区市碳市场在核算方法、信息披露和项目开发方面协同。",
            "The south-western provinces' carbon markets should align accounting, disclosure and projects.",
        ),
        secretariat,
        report,
    )
    if outcome is not None:
        milestones = [
            ("碳市场协同工作组成立", "Working group of the carbon markets", 120),
            ("首份协同报告", "First joint report", ("due", 40)),
        ]
        launched = edition.end_date
        _milestones(outcome, (StageKind.RELEASED, launched), milestones, edition.start_date, today, report)
