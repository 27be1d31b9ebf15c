"""The surveys API: open surveys with their questions, answering by session with CSRF, results for the committee."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from ecoforum.evaluation.enums import Audience, QuestionKind
from ecoforum.evaluation.models import SurveyResponse
from ecoforum.forums.enums import CommitteeRole

from ..factories import PersonFactory, SessionFactory, SessionPersonFactory, UserFactory
from .survey_factories import QuestionFactory, SurveyFactory, choice_question, committee_user, response

pytestmark = pytest.mark.django_db


def _open_survey(edition, **kwargs):
    now = timezone.now()
    kwargs.setdefault("opens_at", now - dt.timedelta(days=1))
    kwargs.setdefault("closes_at", now + dt.timedelta(days=1))
    return SurveyFactory(edition=edition, **kwargs)


@pytest.fixture
def speakers(edition):
    return _open_survey(edition, slug="speakers", audience=Audience.SPEAKERS, title_en="Speakers 2023")


@pytest.fixture
def speaker(edition):
    user = UserFactory()
    SessionPersonFactory(session=SessionFactory(edition=edition), person=PersonFactory(user=user))
    return user


def _session(user) -> tuple[Client, str]:
    """A browser session with its CSRF token, as the page's script would send it."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/docs")
    return client, client.cookies["csrftoken"].value


def _post(client, url, body, token=""):
    headers = {"HTTP_X_CSRFTOKEN": token} if token else {}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_list_gives_the_open_published_surveys_with_their_questions(client, edition, speakers):
    rating = QuestionFactory(survey=speakers, label_en="Overall")
    one = choice_question(speakers, label_en="Best part")
    _open_survey(edition, slug="draft", is_published=False)
    SurveyFactory(edition=edition, slug="closed")

    found = client.get(f"/api/editions/{edition.slug}/surveys", HTTP_ACCEPT_LANGUAGE="en").json()

    assert [s["slug"] for s in found] == ["speakers"]
    assert found[0]["audience"] == "speakers"
    assert found[0]["questions"] == [
        {"id": rating.pk, "order": rating.order, "kind": "rating", "label": "Overall", "help_text": "",
         "required": True, "choices": [], "min": 1, "max": 5},
        {"id": one.pk, "order": one.order, "kind": "choice", "label": "Best part", "help_text": "",
         "required": True, "choices": ["Opening", "Theme forums", "Exhibition"], "min": None, "max": None},
    ]  # fmt: skip


@pytest.mark.parametrize("count", [1, 3])
def test_list_takes_the_same_queries_whatever_the_number_of_surveys(client, edition, count, django_assert_num_queries):
    for _ in range(count):
        survey = _open_survey(edition)
        QuestionFactory(survey=survey)
        choice_question(survey)

    with django_assert_num_queries(3):
        found = client.get(f"/api/editions/{edition.slug}/surveys")

    assert len(found.json()) == count


def test_a_speaker_answers_once_by_session(edition, speakers, speaker):
    rating = QuestionFactory(survey=speakers)
    many = choice_question(speakers, many=True)
    client, token = _session(speaker)
    url = f"/api/editions/{edition.slug}/surveys/speakers/responses"

    first = _post(client, url, {"answers": {str(rating.pk): 5, str(many.pk): [0, 1]}}, token)
    second = _post(client, url, {"answers": {str(rating.pk): 4, str(many.pk): [2]}}, token)

    assert first.status_code == 201
    assert first.json()["survey"] == "speakers"
    assert (second.status_code, second.json()) == (
        409,
        {"detail": "You have answered «Speakers 2023» already. Thank you!", "field": ""},
    )
    assert SurveyResponse.objects.count() == 1


def test_an_answer_out_of_range_is_422_naming_the_question(edition, speakers, speaker):
    rating = QuestionFactory(survey=speakers, label_en="Overall")
    client, token = _session(speaker)

    found = _post(
        client, f"/api/editions/{edition.slug}/surveys/speakers/responses", {"answers": {rating.pk: 7}}, token
    )

    assert (found.status_code, found.json()) == (
        422,
        {"detail": "«Overall» takes a whole number from 1 to 5.", "field": f"q{rating.pk}"},
    )
    assert SurveyResponse.objects.count() == 0


def test_answering_without_csrf_is_refused(edition, speakers, speaker):
    rating = QuestionFactory(survey=speakers)
    client, _token = _session(speaker)

    found = _post(client, f"/api/editions/{edition.slug}/surveys/speakers/responses", {"answers": {rating.pk: 5}})

    assert found.status_code == 403
    assert SurveyResponse.objects.count() == 0


def test_answering_without_signing_in_is_401(client, edition, speakers):
    rating = QuestionFactory(survey=speakers)

    found = _post(client, f"/api/editions/{edition.slug}/surveys/speakers/responses", {"answers": {rating.pk: 5}})

    assert found.status_code == 401


def test_a_non_speaker_is_403(edition, speakers):
    rating = QuestionFactory(survey=speakers)
    client, token = _session(UserFactory())

    found = _post(
        client, f"/api/editions/{edition.slug}/surveys/speakers/responses", {"answers": {rating.pk: 5}}, token
    )

    assert (found.status_code, found.json()["detail"]) == (
        403,
        "«Speakers 2023» asks speakers and experts of Eco Forum Global Guiyang 2023 only.",
    )


def test_a_closed_survey_is_422_and_an_unknown_one_404(edition, speaker):
    closed = SurveyFactory(edition=edition, slug="closed", audience=Audience.SPEAKERS, title_en="Closed one")
    rating = QuestionFactory(survey=closed)
    client, token = _session(speaker)

    shut = _post(client, f"/api/editions/{edition.slug}/surveys/closed/responses", {"answers": {rating.pk: 5}}, token)
    unknown = _post(client, f"/api/editions/{edition.slug}/surveys/nope/responses", {"answers": {}}, token)

    assert (shut.status_code, shut.json()["detail"]) == (422, "«Closed one» closed on 2023-08-01 00:00.")
    assert unknown.status_code == 404


def test_results_for_staff(edition, speakers):
    scale = QuestionFactory(survey=speakers, kind=QuestionKind.SCALE, label_en="Recommend")
    for number in (10, 9, 2):
        response(speakers, {scale: {"number": number}}, submitted_at=dt.datetime(2023, 7, 9, 2, tzinfo=dt.UTC))
    client, _token = _session(committee_user(edition, CommitteeRole.STAFF))

    found = client.get(f"/api/editions/{edition.slug}/surveys/speakers/results")

    body = found.json()
    assert found.status_code == 200
    assert (body["response_count"], body["by_day"]) == (3, [["2023-07-09", 3]])
    assert body["questions"][0]["nps"] == "33.3"
    assert body["questions"][0]["average"] == "7.00"
    assert body["questions"][0]["distribution"][9:] == [["9", 1], ["10", 1]]


def test_results_are_hidden_from_outsiders_and_other_committee_roles(edition, speakers):
    outsider, _ = _session(UserFactory())
    program, _ = _session(committee_user(edition, CommitteeRole.PROGRAM_MANAGER))
    url = f"/api/editions/{edition.slug}/surveys/speakers/results"

    assert [outsider.get(url).status_code, program.get(url).status_code, Client().get(url).status_code] == [
        404,
        403,
        401,
    ]


def test_openapi_documents_the_survey_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]

    answer = paths["/api/editions/{edition_slug}/surveys/{slug}/responses"]["post"]
    assert sorted(answer["responses"]) == ["201", "401", "403", "404", "409", "422"]
    assert answer["security"] == [{"SurveySessionAuth": []}]
    assert "security" not in paths["/api/editions/{edition_slug}/surveys"]["get"]
    assert sorted(paths["/api/editions/{edition_slug}/surveys/{slug}/results"]["get"]["responses"]) == [
        "200",
        "401",
        "403",
        "404",
    ]
