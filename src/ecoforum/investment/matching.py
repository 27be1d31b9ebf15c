"""Matchmaking: which projects suit an investor, and which investors suit a project, with the reasons why.

Pure reads. Candidates are loaded in a fixed number of queries and scored in
Python, so the cost does not grow in queries with the number of projects.

A match scores up to 100 points from three parts, each with a reason that a
person can read (in the active language):

- industry (up to 50): the project's catalogue entry is one the investor looks
  for (1.1.1 = 1.1.1), or in the same group (1.1), or in the same industry (1);
- region (up to 30): the project's county, city or province is among the
  investor's regions, compared without 省/市/自治区-style suffixes;
- size (up to 20): the amount sought is within the investor's ticket, or near it.

Ties are broken by the project's code (investors: by name, then id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ecoforum.core.money import Money
from ecoforum.forums.models import Edition

from .enums import RequestStatus
from .models import GreenIndustry, InvestmentProject, Investor, MeetingRequest
from .portal_queries import shown_status

#: Points per part; their sum is 100.
INDUSTRY_POINTS = {3: 50, 2: 30, 1: 15}
REGION_POINTS = {"county": 30, "city": 25, "province": 15}
SIZE_WITHIN = 20
SIZE_NEAR = 10  # at most a quarter outside the ticket
SIZE_FAR = 4  # at most twice (or half) the ticket
DEFAULT_LIMIT = 20

#: Suffixes dropped before places are compared, longest first: 贵州省 = 贵州, 贵阳市 = 贵阳.
PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省")
CITY_SUFFIXES = ("自治州", "地区", "市", "州", "盟")
COUNTY_SUFFIXES = ("自治县", "新区", "县", "区", "市", "旗")
ENGLISH_SUFFIXES = (" province", " city", " county", " district", " prefecture")


@dataclass(frozen=True)
class Reason:
    """Why a pair matches (or where it falls short): ``kind`` is industry, region or size."""

    kind: str
    text: str
    points: int
    positive: bool = True


@dataclass
class Match:
    investor: Investor
    project: InvestmentProject
    score: int
    reasons: list[Reason] = field(default_factory=list)
    request: MeetingRequest | None = None

    @property
    def request_status(self) -> str | None:
        """The request's status as people see it (a pending request past its time is expired)."""
        return shown_status(self.request) if self.request is not None else None

    @property
    def request_is_open(self) -> bool:
        return self.request_status in (RequestStatus.PENDING, RequestStatus.ACCEPTED)

    @property
    def request_status_label(self) -> str:
        status = self.request_status
        return str(RequestStatus(status).label) if status else ""


# --- places -------------------------------------------------------------------


def normalise_place(name: str, suffixes: Sequence[str] = ()) -> str:
    """``贵州省`` → ``贵州``, ``Guizhou Province`` → ``guizhou``: trimmed, lower case, one suffix dropped."""
    place = " ".join(str(name).split()).lower()
    for suffix in (*suffixes, *ENGLISH_SUFFIXES):
        # 贵州 keeps its 州: what is left must still be a name of two characters or more.
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)].strip()
    return place


def _interest_forms(region: str) -> set[str]:
    """Every form an investor's region may take when it is compared."""
    forms = {normalise_place(region)}
    for suffixes in (PROVINCE_SUFFIXES, CITY_SUFFIXES, COUNTY_SUFFIXES):
        forms.add(normalise_place(region, suffixes))
    return {form for form in forms if form}


def _region_reason(project: InvestmentProject, wanted: set[str]) -> Reason | None:
    if not wanted:
        return None
    places = (
        ("county", project.county, COUNTY_SUFFIXES),
        ("city", project.city, CITY_SUFFIXES),
        ("province", project.province, PROVINCE_SUFFIXES),
    )
    for level, place, suffixes in places:
        if not place:
            continue
        if {normalise_place(place), normalise_place(place, suffixes)} & wanted:
            texts = {
                "county": _("In %(place)s, a county it invests in"),
                "city": _("In %(place)s, a city it invests in"),
                "province": _("In %(place)s, a province it invests in"),
            }
            return Reason("region", texts[level] % {"place": place}, REGION_POINTS[level])
    return None


# --- industries and sizes -----------------------------------------------------


def _segments(code: str) -> tuple[str, ...]:
    return tuple(code.split("."))


def _industry_reason(project: InvestmentProject, interests: Iterable[str]) -> Reason | None:
    """The deepest agreement between the project's entry and any entry the investor looks for."""
    mine = _segments(project.industry.code)
    best = 0
    for code in interests:
        theirs = _segments(code)
        common = 0
        for a, b in zip(mine, theirs, strict=False):
            if a != b:
                break
            common += 1
        best = max(best, common)
    if best == 0:
        return None
    entry: GreenIndustry | None = project.industry
    for _step in range(3 - min(best, 3)):
        entry = entry.parent if entry is not None else None
    name = f"{entry.code} {entry.name}" if entry is not None else project.industry.code
    texts = {
        3: _("Exactly an industry it looks for: %(entry)s"),
        2: _("In a group it looks for: %(entry)s"),
        1: _("In an industry it looks for: %(entry)s"),
    }
    level = min(best, 3)
    return Reason("industry", texts[level] % {"entry": name}, INDUSTRY_POINTS[level])


def _size_reason(project: InvestmentProject, investor: Investor) -> Reason | None:
    low, high = investor.ticket_min, investor.ticket_max
    if low is None and high is None:
        return None
    if project.currency != investor.currency:
        return None
    amount = project.investment_sought
    sought = Money(amount, project.currency).format()
    if (low is None or amount >= low) and (high is None or amount <= high):
        return Reason("size", _("%(amount)s sought, within its ticket size") % {"amount": sought}, SIZE_WITHIN)
    if low is not None and amount < low:
        ratio = low / amount
        text = _("%(amount)s sought, below its smallest ticket of %(ticket)s") % {
            "amount": sought,
            "ticket": Money(low, investor.currency).format(),
        }
    else:
        assert high is not None
        ratio = amount / high
        text = _("%(amount)s sought, above its largest ticket of %(ticket)s") % {
            "amount": sought,
            "ticket": Money(high, investor.currency).format(),
        }
    if ratio <= Decimal("1.25"):
        return Reason("size", text, SIZE_NEAR)
    if ratio <= 2:
        return Reason("size", text, SIZE_FAR, positive=False)
    return Reason("size", text, 0, positive=False)


def score(investor: Investor, project: InvestmentProject, *, interests: Iterable[str] | None = None) -> Match:
    """The match of one pair. ``interests`` are the investor's catalogue codes, if already loaded."""
    codes = list(interests) if interests is not None else [entry.code for entry in investor.industries.all()]
    wanted: set[str] = set()
    for region in investor.regions or []:
        wanted |= _interest_forms(region)
    reasons = [
        reason
        for reason in (
            _industry_reason(project, codes),
            _region_reason(project, wanted),
            _size_reason(project, investor),
        )
        if reason is not None
    ]
    return Match(investor=investor, project=project, score=sum(r.points for r in reasons), reasons=reasons)


# --- ranked lists ---------------------------------------------------------------


def _latest_requests(requests: Iterable[MeetingRequest]) -> dict[tuple[int, int], MeetingRequest]:
    """Per (investor, project): the open request if there is one, else the latest."""
    found: dict[tuple[int, int], MeetingRequest] = {}
    for request in requests:
        key = (request.investor_id, request.project_id)
        current = found.get(key)
        is_open = request.status in (RequestStatus.PENDING, RequestStatus.ACCEPTED)
        current_open = current is not None and current.status in (RequestStatus.PENDING, RequestStatus.ACCEPTED)
        if current is None or (is_open and not current_open) or (is_open == current_open and request.pk > current.pk):
            found[key] = request
    return found


def _projects_with_catalogue():
    return InvestmentProject.objects.select_related("industry__parent__parent", "owner")


def projects_for_investor(investor: Investor, edition: Edition, *, limit: int | None = DEFAULT_LIMIT) -> list[Match]:
    """The edition's projects that suit the investor, best first (score above zero, or a request exists).

    Three queries: the investor's interests, the projects, the requests between them.
    """
    codes = list(investor.industries.values_list("code", flat=True))
    projects = list(_projects_with_catalogue().filter(edition=edition).order_by("code"))
    requests = _latest_requests(MeetingRequest.objects.filter(investor=investor, edition=edition).order_by("pk"))
    matches = []
    for project in projects:
        match = score(investor, project, interests=codes)
        match.request = requests.get((investor.pk, project.pk))
        if match.score > 0 or match.request is not None:
            matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.project.code))
    return matches[:limit] if limit is not None else matches


def investors_for_projects(
    projects: Sequence[InvestmentProject], *, limit: int | None = DEFAULT_LIMIT
) -> dict[int, list[Match]]:
    """For each project (by id), the investors that suit it, best first: three queries for any number of projects.

    The projects should come with ``industry__parent__parent`` loaded (``queries.projects_of`` does).
    """
    if not projects:
        return {}
    investors = list(
        Investor.objects.select_related("organization").prefetch_related(
            Prefetch("industries", queryset=GreenIndustry.objects.only("pk", "code"))
        )
    )
    codes = {investor.pk: [entry.code for entry in investor.industries.all()] for investor in investors}
    requests = _latest_requests(MeetingRequest.objects.filter(project__in=[p.pk for p in projects]).order_by("pk"))
    ranked: dict[int, list[Match]] = {}
    for project in projects:
        matches = []
        for investor in investors:
            match = score(investor, project, interests=codes[investor.pk])
            match.request = requests.get((investor.pk, project.pk))
            if match.score > 0 or match.request is not None:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.investor.organization.name, m.investor.pk))
        ranked[project.pk] = matches[:limit] if limit is not None else matches
    return ranked


def investors_for_project(project: InvestmentProject, *, limit: int | None = DEFAULT_LIMIT) -> list[Match]:
    """The investors that suit one project, best first."""
    return investors_for_projects([project], limit=limit)[project.pk]
