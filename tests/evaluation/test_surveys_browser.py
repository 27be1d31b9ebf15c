"""A guest answers a survey on a phone: big tap targets for 1–5 and 0–10, one answer, then thanks;
the organizer sees it in the results.

Playwright's sync API drives Debian's Chromium against pytest-django's live server; the page
on a phone, before and after, and the results land in ``var/screenshots/``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecoforum.evaluation.enums import QuestionKind
from ecoforum.evaluation.models import SurveyAnswer
from ecoforum.forums.enums import CommitteeRole

from ..factories import CommitteeMemberFactory, EditionFactory, UserFactory
from ..services.factories import RegistrationFactory
from .survey_factories import QuestionFactory, SurveyFactory, choice_question

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [pytest.mark.browser]


def test_a_guest_answers_on_a_phone_with_big_tap_targets(chromium, live_server, transactional_db):
    edition = EditionFactory(year=2023)
    now = timezone.now()
    survey = SurveyFactory(
        edition=edition,
        slug="guests",
        title_zh_hans="嘉宾满意度调查",
        title_en="Guest satisfaction",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
    )
    rating = QuestionFactory(survey=survey, label_zh_hans="总体满意度", label_en="Overall satisfaction")
    scale = QuestionFactory(survey=survey, kind=QuestionKind.SCALE, label_en="Would you recommend the forum?")
    best = choice_question(survey, label_en="Best part")
    guest = RegistrationFactory(edition=edition)
    url = reverse("evaluation:survey", kwargs={"edition": edition.slug, "slug": survey.slug})
    page = chromium.new_page(viewport=PHONE, locale="en-GB", extra_http_headers={"Accept-Language": "en"})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}{url}?r={guest.token}")
    heights = page.eval_on_selector_all(".survey-tap span", "spans => spans.map(s => s.getBoundingClientRect().height)")
    widths = page.eval_on_selector_all(".survey-tap span", "spans => spans.map(s => s.getBoundingClientRect().width)")
    page.screenshot(path=str(SCREENSHOTS / "survey-phone.png"), full_page=True)
    page.locator(f'#question-{rating.pk} .survey-tap:has-text("4")').click()
    page.locator(f'#question-{scale.pk} .survey-tap:has-text("9")').click()
    page.get_by_label("Theme forums").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_selector("#survey-state")
    thanks = page.locator("#survey-state").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "survey-phone-thanks.png"), full_page=True)
    page.close()
    results = _organizer_page(chromium, live_server, edition)
    results.goto(f"{live_server.url}/manage/{edition.slug}/evaluation/surveys/{survey.slug}/results/")
    average = results.locator(f"#result-{rating.pk} .result-average").inner_text()
    nps = results.locator(f"#result-{scale.pk} .result-nps").inner_text()
    results.screenshot(path=str(SCREENSHOTS / "survey-results.png"), full_page=True)
    results.close()

    assert len(heights) == 16
    assert min(heights) >= 44
    assert min(widths) >= 26  # eleven targets side by side on a 390 px screen, or two rows when narrower
    assert thanks.strip() == "You have answered this survey. Thank you!"
    stored = sorted((a.question_id, a.number, a.choices) for a in SurveyAnswer.objects.all())
    assert stored == [(rating.pk, 4, []), (scale.pk, 9, []), (best.pk, None, [1])]
    assert (average, nps) == ("4.00", "100.0")


def _organizer_page(chromium, live_server, edition):
    """A desktop page signed in as an organizer of ``edition`` (the session cookie of a forced login)."""
    user = UserFactory()
    CommitteeMemberFactory(edition=edition, user=user, role=CommitteeRole.ORGANIZER)
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB", extra_http_headers={"Accept-Language": "en"})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()
