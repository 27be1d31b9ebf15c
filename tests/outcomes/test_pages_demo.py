"""Every outcome page on the demo data (two editions, outcomes of every kind and status): never a 500."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from ecoforum.demo.evaluation import UNIT_USER
from ecoforum.outcomes.models import Outcome

from ..demo.conftest import demo_once, demo_var  # noqa: F401  (the demo loaded once for this module)

pytestmark = pytest.mark.usefixtures("demo_once")

MANAGE_PAGES = ["", "all/", "overdue/", "new/", "all.xlsx", "overdue.xlsx"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_public_pages_of_the_demo(client, db, language):
    public = Outcome.objects.filter(edition__slug="2023", is_public=True).values_list("code", flat=True)
    urls = ["/2023/outcomes/", "/2024/outcomes/", *(f"/2023/outcomes/{code}/" for code in public)]

    statuses = [client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code for url in urls]

    assert statuses == [200] * len(urls)


def test_back_office_pages_of_the_demo(client, db):
    client.force_login(get_user_model().objects.get(username="admin"))
    codes = Outcome.objects.filter(edition__slug="2023").values_list("code", flat=True)
    urls = [
        *(f"/manage/2023/outcomes/{page}" for page in MANAGE_PAGES),
        "/manage/2024/outcomes/",
        *(f"/manage/2023/outcomes/{code}/" for code in codes),
    ]

    statuses = [client.get(url).status_code for url in urls]

    assert statuses == [200] * len(urls)


def test_the_demo_unit_reports_on_its_outcomes(client, db):
    client.force_login(get_user_model().objects.get(username=UNIT_USER))

    mine = client.get("/outcomes/")
    pages = [
        client.get(f"/outcomes/{row.outcome.edition.slug}/{row.outcome.code}/").status_code
        for row in mine.context["rows"]
    ]

    assert mine.status_code == 200
    assert pages == [200] * len(mine.context["rows"])
    assert len(pages) == 1
