"""The survey pages: answering by a guest's private link, the friendly states, the back office, results, export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ecoforum.evaluation.enums import Audience, QuestionKind
from ecoforum.evaluation.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from ecoforum.forums.enums import CommitteeRole

from ..factories import EditionFactory, PersonFactory, UserFactory
from ..services.factories import RegistrationFactory
from .survey_factories import QuestionFactory, SurveyFactory, choice_question, committee_user, response

pytestmark = pytest.mark.django_db


def _open_survey(edition, **kwargs):
    now = timezone.now()
    kwargs.setdefault("opens_at", now - dt.timedelta(days=1))
    kwargs.setdefault("closes_at", now + dt.timedelta(days=1))
    return SurveyFactory(edition=edition, **kwargs)


@pytest.fixture
def en():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def survey(edition):
    return _open_survey(edition, slug="guests", title_en="Guests 2023")


@pytest.fixture
def guest(edition):
    return RegistrationFactory(edition=edition)


def _url(survey, token=""):
    url = reverse("evaluation:survey", kwargs={"edition": survey.edition.slug, "slug": survey.slug})
    return f"{url}?r={token}" if token else url


# --- answering ------------------------------------------------------------------------------------


def test_a_guest_answers_by_the_private_link_then_sees_thanks(en, survey, guest):
    rating = QuestionFactory(survey=survey, label_en="Overall?")
    scale = QuestionFactory(survey=survey, kind=QuestionKind.SCALE)
    many = choice_question(survey, many=True, required=False)

    page = en.get(_url(survey, guest.token))
    posted = en.post(
        _url(survey), {"r": guest.token, f"q{rating.pk}": "4", f"q{scale.pk}": "10", f"q{many.pk}": ["0", "2"]}
    )
    after = en.get(_url(survey, guest.token))

    assert page.status_code == 200
    assert page.content.decode().count('class="survey-tap"') == 16
    assert (posted.status_code, posted["Location"]) == (302, _url(survey, guest.token))
    assert after.content.decode().count("You have answered this survey. Thank you!") == 1
    stored = sorted((a.question_id, a.number, a.choices) for a in SurveyAnswer.objects.all())
    assert stored == [(rating.pk, 4, []), (scale.pk, 10, []), (many.pk, None, [0, 2])]


def test_an_invalid_answer_comes_back_naming_the_question_and_saves_nothing(en, survey, guest):
    rating = QuestionFactory(survey=survey, label_en="Overall?")
    text = QuestionFactory(survey=survey, kind=QuestionKind.TEXT, label_en="Anything else?")

    page = en.post(_url(survey), {"r": guest.token, f"q{rating.pk}": "9", f"q{text.pk}": "Kept"})

    assert page.status_code == 422
    html = page.content.decode()
    assert html.count("«Overall?» takes a whole number from 1 to 5.") == 2  # the list at the top and the question
    assert ">Kept</textarea>" in html
    assert SurveyResponse.objects.count() == 0


def test_a_survey_not_open_yet_says_when_it_opens(en, edition, guest):
    survey = SurveyFactory(
        edition=edition,
        opens_at=dt.datetime(2099, 7, 8, 1, 0, tzinfo=dt.UTC),
        closes_at=dt.datetime(2099, 7, 9, 1, 0, tzinfo=dt.UTC),
    )

    page = en.get(_url(survey, guest.token))

    assert page.status_code == 200
    assert "This survey opens on 2099-07-08 09:00. Please come back then." in page.content.decode()


def test_a_closed_survey_says_it_closed_and_takes_nothing(en, edition, guest):
    survey = SurveyFactory(edition=edition)
    question = QuestionFactory(survey=survey)

    page = en.post(_url(survey), {"r": guest.token, f"q{question.pk}": "4"})

    assert page.status_code == 200
    assert "This survey closed on 2023-08-01 00:00. Thank you for your interest." in page.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_an_unpublished_survey_is_not_found(en, edition):
    survey = _open_survey(edition, is_published=False)

    assert en.get(_url(survey)).status_code == 404


def test_a_pending_guest_is_told_who_the_survey_asks(en, survey, edition):
    pending = RegistrationFactory(edition=edition, status="pending")
    QuestionFactory(survey=survey)

    page = en.get(_url(survey, pending.token))

    assert page.status_code == 403
    assert "«Guests 2023» asks guests of Eco Forum Global Guiyang 2023 only." in page.content.decode()


def test_a_guest_token_of_another_edition_is_refused(en, survey):
    stranger = RegistrationFactory(edition=EditionFactory(year=2024))

    page = en.get(_url(survey, stranger.token))

    assert page.status_code == 403


def test_a_signed_in_speaker_answers_a_speakers_survey_in_chinese(edition):
    from ..factories import SessionFactory, SessionPersonFactory

    survey = _open_survey(edition, audience=Audience.SPEAKERS, title_zh_hans="演讲嘉宾问卷")
    question = QuestionFactory(survey=survey, label_zh_hans="总体评价")
    user = UserFactory()
    SessionPersonFactory(session=SessionFactory(edition=edition), person=PersonFactory(user=user))
    client = Client()
    client.force_login(user)

    page = client.get(_url(survey))
    client.post(_url(survey), {f"q{question.pk}": "5"})

    assert "总体评价" in page.content.decode()
    assert SurveyResponse.objects.get().language == "zh-hans"


def test_the_survey_list_shows_what_the_guest_may_answer(en, survey, guest, edition):
    _open_survey(edition, slug="speakers", audience=Audience.SPEAKERS, title_en="Speakers 2023")

    page = en.get(reverse("evaluation:surveys", kwargs={"edition": edition.slug}) + f"?r={guest.token}")

    html = page.content.decode()
    assert (html.count("Guests 2023"), html.count("Speakers 2023")) == (1, 0)
    assert f'href="{_url(survey, guest.token)}"'.replace("&", "&amp;") in html


# --- back office ----------------------------------------------------------------------------------


def _manage(name, edition, **kwargs):
    return reverse(f"manage_evaluation:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


def test_survey_list_for_staff_counts_responses(edition):
    survey = _open_survey(edition, title_en="Guests 2023")
    question = QuestionFactory(survey=survey)
    response(survey, {question: {"number": 4}})
    response(survey, {question: {"number": 5}})
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(committee_user(edition, CommitteeRole.STAFF))

    page = client.get(_manage("surveys", edition))

    html = page.content.decode()
    assert page.status_code == 200
    assert '<td class="num">1</td>\n    <td class="num">2</td>' in html
    assert '<span class="badge badge-green">open</span>' in html
    assert "New survey" not in html


def test_survey_pages_are_not_found_for_outsiders(edition):
    survey = SurveyFactory(edition=edition)
    client = Client()
    client.force_login(UserFactory())

    statuses = [client.get(_manage(n, edition)).status_code for n in ("surveys", "survey_create")]
    statuses.append(client.get(_manage("survey_results", edition, slug=survey.slug)).status_code)

    assert statuses == [404, 404, 404]


def test_staff_may_not_open_the_editor(edition):
    survey = SurveyFactory(edition=edition)
    client = Client()
    client.force_login(committee_user(edition, CommitteeRole.STAFF))

    assert client.get(_manage("survey", edition, slug=survey.slug)).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_the_survey_list_takes_the_same_queries_whatever_the_number_of_surveys(
    edition, organizer, count, django_assert_num_queries
):
    for _ in range(count):
        survey = _open_survey(edition)
        question = QuestionFactory(survey=survey)
        response(survey, {question: {"number": 4}})
    client = Client()
    client.force_login(organizer)
    client.get(_manage("surveys", edition))  # warm the session

    with django_assert_num_queries(5):
        page = client.get(_manage("surveys", edition))

    assert page.status_code == 200


def test_an_organizer_creates_a_survey_and_adds_questions(edition, organizer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)

    created = client.post(
        _manage("survey_create", edition),
        {
            "slug": "guests",
            "title_zh_hans": "嘉宾问卷",
            "title_en": "Guests",
            "audience": "guests",
            "is_anonymous": "on",
            "opens_at": "2023-07-08T09:00",
            "closes_at": "2023-07-31T18:00",
        },
    )
    added = client.post(
        _manage("question_add", edition, slug="guests"),
        {"kind": "choice", "label_en": "Best part", "choices_en": "Opening\nForums", "required": "on"},
    )
    refused = client.post(
        _manage("question_add", edition, slug="guests"),
        {"kind": "choice", "label_en": "Worst part", "choices_en": "Opening", "required": "on"},
    )

    survey = Survey.objects.get()
    assert (created.status_code, created["Location"]) == (302, _manage("survey", edition, slug="guests"))
    assert added.status_code == 302
    assert refused.status_code == 422
    assert "«Worst part» needs at least two choices, one per line." in refused.content.decode()
    assert survey.opens_at == dt.datetime(2023, 7, 8, 1, 0, tzinfo=dt.UTC)
    assert list(SurveyQuestion.objects.values_list("label_en", "choices_en")) == [("Best part", "Opening\nForums")]


def test_changing_a_question_of_an_answered_survey_shows_the_refusal(edition, organizer):
    survey = SurveyFactory(edition=edition, title_en="Guests 2023")
    question = QuestionFactory(survey=survey, label_en="Overall")
    response(survey, {question: {"number": 4}})
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)

    page = client.post(
        _manage("question", edition, slug=survey.slug, pk=question.pk), {"kind": "rating", "label_en": "Changed"}
    )

    assert page.status_code == 422
    assert (
        "«Guests 2023» has answers already: its questions can no longer change (answers are stored by position)."
        in page.content.decode()
    )
    question.refresh_from_db()
    assert question.label_en == "Overall"


def test_publish_from_the_editor(edition, organizer):
    survey = SurveyFactory(edition=edition, is_published=False)
    QuestionFactory(survey=survey)
    client = Client()
    client.force_login(organizer)

    client.post(_manage("survey_state", edition, slug=survey.slug), {"action": "publish"})

    survey.refresh_from_db()
    assert survey.is_published is True


# --- results --------------------------------------------------------------------------------------


def test_results_page_shows_average_nps_charts_and_escaped_texts(edition, organizer):
    survey = SurveyFactory(edition=edition)
    rating = QuestionFactory(survey=survey)
    scale = QuestionFactory(survey=survey, kind=QuestionKind.SCALE)
    text = QuestionFactory(survey=survey, kind=QuestionKind.TEXT)
    response(survey, {rating: {"number": 5}, scale: {"number": 10}, text: {"text": "<script>x()</script>"}})
    response(survey, {rating: {"number": 4}, scale: {"number": 3}})
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)

    page = client.get(_manage("survey_results", edition, slug=survey.slug))

    html = page.content.decode()
    assert page.status_code == 200
    assert '<strong class="result-average">4.50</strong>' in html
    assert '<strong class="result-nps">0.0</strong>' in html
    assert '<strong id="response-count">2</strong>' in html
    assert "<li>&lt;script&gt;x()&lt;/script&gt;</li>" in html
    assert "<script>x()" not in html
    assert html.count("<svg") == 4  # the brand mark, responses over time, the rating, the scale


@pytest.mark.parametrize("count", [1, 3])
def test_the_results_page_takes_the_same_queries_whatever_the_number_of_questions_and_answers(
    edition, organizer, count, django_assert_num_queries
):
    survey = SurveyFactory(edition=edition)
    questions = [QuestionFactory(survey=survey) for _ in range(count)] + [choice_question(survey)]
    for _ in range(count):
        response(survey, {q: ({"choices": [1]} if q.kind == "choice" else {"number": 3}) for q in questions})
    client = Client()
    client.force_login(organizer)
    client.get(_manage("surveys", edition))  # warm the session

    with django_assert_num_queries(8):
        page = client.get(_manage("survey_results", edition, slug=survey.slug))

    assert page.status_code == 200


def _sheet(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_export_of_an_anonymous_survey_has_no_identity(edition, organizer):
    survey = SurveyFactory(edition=edition, title_en="Guests 2023")
    rating = QuestionFactory(survey=survey, label_en="Overall")
    one = choice_question(survey, label_en="Best part")
    response(
        survey, {rating: {"number": 4}, one: {"choices": [2]}}, submitted_at=dt.datetime(2023, 7, 9, 2, tzinfo=dt.UTC)
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)

    download = client.get(_manage("survey_answers", edition, slug=survey.slug))

    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = _sheet(download.content)
    assert rows[1] == ("Response", "Submitted", "Language", "Overall", "Best part")
    assert rows[2] == (1, "2023-07-09 10:00", "en", 4, "Exhibition")


def test_export_of_a_named_survey_names_the_guest(edition, organizer):
    survey = SurveyFactory(edition=edition, is_anonymous=False)
    rating = QuestionFactory(survey=survey, label_en="Overall")
    registration = RegistrationFactory(edition=edition, person__name_en="Li Wei")
    row = response(survey, {rating: {"number": 5}})
    SurveyResponse.objects.filter(pk=row.pk).update(registration=registration)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)

    rows = _sheet(client.get(_manage("survey_answers", edition, slug=survey.slug)).content)

    assert rows[1][3:] == ("Name", "Registration", "User", "Overall")
    assert rows[2][3:] == ("Li Wei", registration.reference, None, 5)


def test_the_editor_lists_the_questions_and_hides_changes_once_answered(edition, organizer):
    survey = _open_survey(edition, title_en="Guests 2023")
    rating = QuestionFactory(survey=survey, label_en="Overall", measures_satisfaction=True)
    choice_question(survey, label_en="Best part")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)

    before = client.get(_manage("survey", edition, slug=survey.slug)).content.decode()
    response(survey, {rating: {"number": 4}})
    after = client.get(_manage("survey", edition, slug=survey.slug)).content.decode()

    assert (before.count("<strong>Overall</strong>"), before.count("<strong>Best part</strong>")) == (1, 1)
    assert (before.count("Add a question"), before.count('value="remove"')) == (1, 2)
    assert (after.count("Add a question"), after.count('value="remove"')) == (0, 0)
    assert "This survey has answers: its questions can no longer change" in after
    assert 'value="close"' in after
