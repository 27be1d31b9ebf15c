"""The releases API: visible releases only, versions with download addresses, counts but no addresses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import EditionFactory

from .factories_releases import EndorsementFactory, InitiativeFactory, ReleaseFactory, ReleaseVersionFactory

pytestmark = pytest.mark.django_db


def test_api_lists_visible_releases_only(client, edition):
    ReleaseFactory(edition=edition, slug="public")
    ReleaseFactory(edition=edition, slug="draft", is_published=False)
    ReleaseFactory(edition=edition, slug="soon", released_at=timezone.now() + dt.timedelta(days=1))

    response = client.get("/api/editions/2023/releases")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert [r["slug"] for r in data["items"]] == ["public"]


def test_api_release_has_versions_and_count_but_no_emails(client, edition, settings):
    settings.SITE_URL = "https://forum.example"
    release = InitiativeFactory(edition=edition, slug="two-mountains")
    ReleaseVersionFactory(release=release, number="1.0")
    EndorsementFactory(release=release, email="secret@example.org")
    EndorsementFactory(release=release, confirmed_at=None)

    response = client.get("/api/editions/2023/releases/two-mountains")

    data = response.json()
    assert response.status_code == 200
    assert data["signatory_count"] == 1
    assert data["citation_url"] == "https://forum.example/2023/releases/two-mountains/"
    assert [v["download_url"] for v in data["versions"]] == [
        "https://forum.example/2023/releases/two-mountains/file/1.0/"
    ]
    assert "secret@example.org" not in response.content.decode()


def test_api_unpublished_release_is_404(client, edition):
    ReleaseFactory(edition=edition, slug="draft", is_published=False)

    response = client.get("/api/editions/2023/releases/draft", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_api_organizer_sees_drafts(client, edition, organizer):
    ReleaseFactory(edition=edition, slug="draft", is_published=False)
    client.force_login(organizer)

    assert client.get("/api/editions/2023/releases/draft").status_code == 200


def test_api_kind_filter_and_bad_kind(client, edition):
    ReleaseFactory(edition=edition, slug="r", kind="report")
    InitiativeFactory(edition=edition, slug="i")

    assert [r["slug"] for r in client.get("/api/editions/2023/releases?kind=initiative").json()["items"]] == ["i"]
    assert client.get("/api/editions/2023/releases?kind=nonsense").status_code == 422


def test_api_unknown_edition_is_404(client, db):
    EditionFactory(year=2030, is_public=False)

    assert client.get("/api/editions/2030/releases").status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_api_list_query_count_is_constant(client, edition, django_assert_max_num_queries, size):
    for n in range(size):
        release = ReleaseFactory(edition=edition)
        ReleaseVersionFactory(release=release, number=f"1.{n}")

    with django_assert_max_num_queries(7):
        response = client.get("/api/editions/2023/releases")

    assert response.json()["count"] == size
