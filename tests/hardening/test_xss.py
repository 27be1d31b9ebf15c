"""Hostile text in every bilingual field people write, then every place it is shown.

Each content field gets two payloads, in both languages: a ``<script>`` element and an attribute
break-out (``"><img src=x onerror=…>``), plus a spreadsheet formula. Pages must show them escaped
(the raw markup never appears, the escaped text does); the API, the schedule exports (XML, JSON,
iCalendar) must carry them as the exact text once parsed; workbooks must hold them as text, never
as a formula; PDFs must render and show the literal text. The guest survey page, its results in the
back office and the evaluation report add what guests write: their free-text answers.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from lxml import etree
from openpyxl import load_workbook

from ecoforum.evaluation.enums import QuestionKind
from ecoforum.evaluation.report import ReportPdf, build_report
from ecoforum.investment.booklet import BookletPdf, build_booklet
from ecoforum.program import services as program_services
from ecoforum.program.services import Role
from ecoforum.services import badges

from ..conftest import at
from ..evaluation.survey_factories import QuestionFactory, SurveyFactory, response
from ..exhibition.factories import ExhibitorFactory, ProductFactory
from ..factories import OrganizationFactory, PersonFactory
from ..investment.factories import InvestmentProjectFactory
from ..outcomes.factories import OutcomeFactory, StageFactory
from ..releases.factories_releases import ReleaseFactory
from ..services.factories import RegistrationFactory

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","x")'
#: What each field holds: both payloads, in Chinese and in English.
ZH = f"绿色{SCRIPT}{BREAKOUT}"
EN = f"Green{SCRIPT}{BREAKOUT}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
RAW = ("<script>alert(", "<img src=x", "onerror=alert(1)>")


def both(field: str) -> dict[str, str]:
    return {f"{field}_zh_hans": ZH, f"{field}_en": EN}


def marked(label: str) -> str:
    """Both payloads after ``label``, to tell in a document which field a payload came from."""
    return f"{label}{SCRIPT}{BREAKOUT}"


@pytest.fixture
def world(edition, room, theme_forum, organizer):
    """One of each thing people write, every bilingual field hostile, the program released."""
    for name, value in both("title").items():
        setattr(theme_forum, name, value)
    theme_forum.save()
    speaker = PersonFactory(slug="hostile", **both("name"), **both("biography"), **both("position"))
    session = program_services.create_session(
        edition,
        actor=None,
        code="X1",
        kind="forum",
        title_zh_hans=ZH,
        title_en=FORMULA + EN,
        abstract_zh_hans=ZH,
        abstract_en=EN,
        room=room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10),
        theme_forum=theme_forum,
        people=[Role(speaker, "speaker")],
    )
    program_services.release_program(edition, actor=None, version="v1")
    owner = OrganizationFactory(**both("name"))
    project = InvestmentProjectFactory(edition=edition, owner=owner, **both("name"), **both("summary"))
    exhibitor = ExhibitorFactory(edition=edition, slug="hostile", **both("name"), **both("description"))
    product = ProductFactory(exhibitor=exhibitor, **both("name"), **both("description"))
    release = ReleaseFactory(edition=edition, slug="hostile", title=ZH, **both("title"), **both("abstract"))
    outcome = OutcomeFactory(edition=edition, code="CG-X-1", **both("title"), **both("summary"))
    survey = SurveyFactory(
        edition=edition,
        slug="hostile",
        opens_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        closes_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
        **both("title"),
        **both("intro"),
    )
    QuestionFactory(survey=survey, **both("label"), **both("help_text"))
    QuestionFactory(
        survey=survey,
        kind=QuestionKind.CHOICE,
        required=False,
        label_zh_hans="选择",
        label_en="Choose",
        choices_zh_hans=f"{ZH}\n开幕式",
        choices_en=f"{EN}\nOpening",
    )
    text = QuestionFactory(survey=survey, kind=QuestionKind.TEXT, required=False, **both("label"))
    # What a guest wrote, as the survey stores it (the results page and the report show it).
    response(survey, {text: {"text": marked("Answer")}})
    guest = RegistrationFactory(edition=edition, person=speaker)
    return {
        "edition": edition.slug,
        "session": session.pk,
        "speaker": speaker.slug,
        "forum": theme_forum.slug,
        "project": project.pk,
        "exhibitor": exhibitor.slug,
        "product": product.pk,
        "release": release.slug,
        "release_pk": release.pk,
        "outcome": outcome.code,
        "survey": survey.slug,
        "registration": guest.reference,
        "guest_token": guest.token,
        "organizer": organizer,
    }


def assert_escaped(html: str) -> None:
    for raw in RAW:
        assert raw not in html
    assert ESCAPED_SCRIPT in html


#: Public pages: (url name, the keyword arguments taken from the world).
PUBLIC_PAGES = [
    ("program:program", {}),
    ("program:session", {"pk": "session"}),
    ("program:speaker", {"slug": "speaker"}),
    ("program:speakers", {}),
    ("program:theme_forum", {"slug": "forum"}),
    ("investment:projects", {}),
    ("investment:project", {"pk": "project"}),
    ("exhibition:exhibitors", {}),
    ("exhibition:exhibitor", {"slug": "exhibitor"}),
    ("exhibition:product", {"slug": "exhibitor", "pk": "product"}),
    ("releases:releases", {}),
    ("releases:release", {"slug": "release"}),
    ("outcomes:summary", {}),
    ("outcomes:outcome", {"code": "outcome"}),
]

#: Back-office pages an organizer opens.
MANAGE_PAGES = [
    ("manage:program", {}),
    ("manage:session_edit", {"pk": "session"}),
    ("manage_investment:overview", {}),
    ("manage_investment:project", {"pk": "project"}),
    ("manage_releases:releases", {}),
    ("manage_releases:release", {"pk": "release_pk"}),
    ("manage_outcomes:list", {}),
    ("manage_outcomes:outcome", {"code": "outcome"}),
    ("manage_evaluation:survey", {"slug": "survey"}),
    ("manage_evaluation:survey_results", {"slug": "survey"}),
    ("manage_services:registration", {"reference": "registration"}),
]


def url(world, name: str, kwargs: dict[str, str]) -> str:
    edition_key = "edition_slug" if name.startswith("manage") else "edition"
    return reverse(name, kwargs={edition_key: world["edition"], **{k: world[v] for k, v in kwargs.items()}})


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_public_page_shows_hostile_text_escaped(world, name, kwargs, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)

    response = client.get(url(world, name, kwargs))

    assert response.status_code == 200
    assert_escaped(response.content.decode())


@pytest.mark.parametrize(("name", "kwargs"), MANAGE_PAGES, ids=[name for name, _ in MANAGE_PAGES])
def test_backoffice_page_shows_hostile_text_escaped(world, name, kwargs):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world["organizer"])

    response = client.get(url(world, name, kwargs))

    assert response.status_code == 200
    assert_escaped(response.content.decode())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_guest_survey_page_shows_hostile_text_escaped(world, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    address = reverse("evaluation:survey", kwargs={"edition": world["edition"], "slug": world["survey"]})

    response = client.get(address, {"r": world["guest_token"]})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="form survey-form"' in html  # the open survey with its questions, not a "not for you" page
    assert_escaped(html)


def test_guest_survey_page_shows_a_refused_answer_back_escaped(world):
    """A refused answer comes back in the form as the guest typed it: as text."""
    from ecoforum.evaluation.models import SurveyQuestion

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    address = reverse("evaluation:survey", kwargs={"edition": world["edition"], "slug": world["survey"]})
    text = SurveyQuestion.objects.get(survey__slug=world["survey"], kind=QuestionKind.TEXT)

    # the required rating is left out: the page comes back with the typed answer and a message
    response = client.post(address, {"r": world["guest_token"], f"q{text.pk}": marked("Typed")})

    html = response.content.decode()
    assert response.status_code == 422
    assert "Typed&quot;&gt;&lt;img" in html.replace(ESCAPED_SCRIPT, "")
    assert_escaped(html)


def test_search_results_show_hostile_text_escaped(world):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("search:search", kwargs={"edition": world["edition"]}), {"q": "Green"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html


# --- the API and the exports: the exact text, once parsed -------------------------------------------------


@pytest.mark.parametrize(
    ("path", "pick"),
    [
        ("/api/editions/{e}/program/sessions/{session}", lambda d: d["title"]["zh-hans"]),
        ("/api/editions/{e}/projects/{project}", lambda d: d["name"]["en"]),
        ("/api/editions/{e}/exhibitors/{exhibitor}", lambda d: d["name"]["en"]),
        ("/api/editions/{e}/outcomes/{outcome}", lambda d: d["title"]["en"]),
    ],
)
def test_api_returns_hostile_text_as_json_text(world, path, pick):
    address = path.format(e=world["edition"], **{k: v for k, v in world.items() if k != "organizer"})

    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(address)

    assert response.status_code == 200
    # JSON text, never sniffed as a page: "<" travels verbatim inside a JSON string.
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert pick(response.json()) in (ZH, EN, FORMULA + EN)


def test_schedule_xml_carries_hostile_text_as_text(world):
    response = Client().get(reverse("program_exports:schedule_xml", kwargs={"edition": world["edition"]}))

    root = etree.fromstring(response.content)
    titles = [element.text for element in root.iter("title")]
    assert response.status_code == 200
    assert ZH in titles or FORMULA + EN in titles
    assert SCRIPT.encode() not in response.content


def test_schedule_json_carries_hostile_text_as_text(world):
    response = Client().get(reverse("program_exports:schedule_json", kwargs={"edition": world["edition"]}))

    titles = list(values_of(json.loads(response.content), "title"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert titles.count(ZH) == 1


def values_of(document, key: str):
    """Every value stored under ``key`` anywhere in a JSON document."""
    if isinstance(document, dict):
        for name, value in document.items():
            if name == key and isinstance(value, str):
                yield value
            yield from values_of(value, key)
    elif isinstance(document, list):
        for value in document:
            yield from values_of(value, key)


def test_schedule_ics_carries_hostile_text_as_text(world):
    response = Client().get(reverse("program_exports:schedule_ics", kwargs={"edition": world["edition"]}))

    calendar = Calendar.from_ical(response.content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert response.status_code == 200
    assert len(summaries) == 1
    assert summaries[0] in (ZH, FORMULA + EN)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("manage:export", [FORMULA + EN, ZH]),
        ("manage_outcomes:list_xlsx", [ZH]),
        ("manage_services:registrations_xlsx", [ZH]),
    ],
)
def test_workbook_keeps_hostile_text_as_text_never_a_formula(world, name, expected):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world["organizer"])

    response = client.get(reverse(name, kwargs={"edition_slug": world["edition"]}))

    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    values = [cell.value for cell in cells]
    assert response.status_code == 200
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert [text for text in expected if text not in values] == []


# --- PDFs: rendered, and the literal text is in them ---------------------------------------------------


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_badge_pdf_prints_hostile_name_literally(world, edition):
    from ecoforum.services.models import Registration

    registration = Registration.objects.get(reference=world["registration"])

    data = badges.badge_pdf(registration)

    assert data.startswith(b"%PDF")
    assert squeeze("<script>alert(1)</script>") in squeeze(pdf_text(data))


def test_evaluation_report_pdf_prints_what_people_wrote_literally(world, edition):
    from django.utils import translation

    from ecoforum.evaluation.models import Survey, SurveyQuestion
    from ecoforum.outcomes.models import Outcome

    edition.name_zh_hans, edition.name_en = marked("届次"), marked("Edition")
    edition.save(update_fields=["name_zh_hans", "name_en"])
    Survey.objects.filter(slug=world["survey"]).update(title_en=marked("Survey"))
    SurveyQuestion.objects.filter(survey__slug=world["survey"], kind=QuestionKind.TEXT).update(
        label_en=marked("Question")
    )
    outcome = Outcome.objects.get(code=world["outcome"])
    Outcome.objects.filter(pk=outcome.pk).update(title_en=marked("Outcome"))
    StageFactory(outcome=outcome, planned_on=dt.date(2024, 6, 30))  # long overdue: in the report's red list
    labels = ["届次", "Edition", "Survey", "Question", "Answer", "Outcome"]

    with translation.override("en"):
        document = ReportPdf(build_report(edition))
        html = document.html()
        data = document.render()

    text = squeeze(pdf_text(data))
    assert [label for label in labels if f"{label}{ESCAPED_SCRIPT}" not in html] == []
    for raw in RAW:
        assert raw not in html
    assert data.startswith(b"%PDF")
    assert [label for label in labels if squeeze(f"{label}{SCRIPT}") not in text] == []


def test_booklet_pdf_prints_hostile_project_literally(world, edition):
    data = BookletPdf(build_booklet(edition)).render()

    assert data.startswith(b"%PDF")
    assert squeeze("<script>alert(1)</script>") in squeeze(pdf_text(data))
