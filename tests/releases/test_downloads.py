"""Who gets a release's file: only those who may see the release; everyone else a 404 (never a 403)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ecoforum.forums.enums import CommitteeRole
from tests.factories import CommitteeMemberFactory, EditionFactory, UserFactory

from .conftest import body
from .factories_releases import PDF_BYTES, ReleaseFactory, ReleaseVersionFactory

pytestmark = pytest.mark.django_db


def url(release, number=None) -> str:
    if number is None:
        return f"/{release.edition.slug}/releases/{release.slug}/file/"
    return f"/{release.edition.slug}/releases/{release.slug}/file/{number}/"


@pytest.fixture
def unpublished(edition):
    release = ReleaseFactory(edition=edition, is_published=False)
    ReleaseVersionFactory(release=release, number="1.0")
    return release


@pytest.fixture
def embargoed(edition):
    """Published, but its release time is tomorrow."""
    release = ReleaseFactory(edition=edition, released_at=timezone.now() + dt.timedelta(days=1))
    ReleaseVersionFactory(release=release, number="1.0")
    return release


@pytest.fixture
def public(edition):
    release = ReleaseFactory(edition=edition, slug="blue-book", title_zh_hans="中国气候变化蓝皮书2023")
    ReleaseVersionFactory(release=release, number="1.0", file_name="中国气候变化蓝皮书2023 v1.0.pdf")
    return release


@pytest.fixture
def other_organizer():
    user = UserFactory()
    CommitteeMemberFactory(edition=EditionFactory(), user=user, role=CommitteeRole.ORGANIZER)
    return user


def test_download_public_release_for_anonymous(client, public):
    response = client.get(url(public))

    assert response.status_code == 200
    assert body(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment; filename")
    assert "filename*=utf-8''%E4%B8%AD%E5%9B%BD" in response["Content-Disposition"]


def test_download_named_version(client, public):
    ReleaseVersionFactory(release=public, number="1.1", file_name="b.pdf")

    response = client.get(url(public, "1.0"))

    assert response.status_code == 200
    assert "filename*=utf-8''%E4%B8%AD" in response["Content-Disposition"]
    body(response)


def test_download_current_version_is_the_newest(client, public):
    ReleaseVersionFactory(release=public, number="2.0", file_name="newest.pdf")

    response = client.get(url(public))

    assert response["Content-Disposition"] == 'attachment; filename="newest.pdf"'
    body(response)


def test_download_unpublished_is_404_for_anonymous(client, unpublished):
    assert client.get(url(unpublished)).status_code == 404
    assert client.get(url(unpublished, "1.0")).status_code == 404


def test_download_before_release_time_is_404_for_anonymous(client, embargoed):
    assert client.get(url(embargoed)).status_code == 404
    assert client.get(url(embargoed, "1.0")).status_code == 404


def test_download_before_release_time_is_404_for_a_signed_in_stranger(client, embargoed):
    client.force_login(UserFactory())

    assert client.get(url(embargoed)).status_code == 404


def test_download_unpublished_is_404_for_another_editions_organizer(client, unpublished, other_organizer):
    client.force_login(other_organizer)

    assert client.get(url(unpublished)).status_code == 404


def test_download_unpublished_for_the_editions_organizer(client, unpublished, organizer):
    client.force_login(organizer)

    response = client.get(url(unpublished))

    assert response.status_code == 200
    assert body(response) == PDF_BYTES
    assert response["Cache-Control"] == "private, no-store"


def test_download_embargoed_for_the_editions_organizer(client, embargoed, organizer):
    client.force_login(organizer)

    response = client.get(url(embargoed, "1.0"))

    assert response.status_code == 200
    body(response)


def test_download_after_release_time_for_anonymous(client, embargoed):
    embargoed.released_at = timezone.now() - dt.timedelta(minutes=1)
    embargoed.save(update_fields=["released_at"])

    response = client.get(url(embargoed))

    assert response.status_code == 200
    assert body(response) == PDF_BYTES


def test_download_version_of_another_release_is_404(client, public, edition):
    other = ReleaseFactory(edition=edition)
    ReleaseVersionFactory(release=other, number="9.9")

    assert client.get(url(public, "9.9")).status_code == 404


def test_download_unpublished_versions_number_through_a_public_release_is_404(client, public, unpublished):
    """The version number of an unpublished release, asked for under a public one, is not found."""
    ReleaseVersionFactory(release=unpublished, number="7.0")

    assert client.get(url(public, "7.0")).status_code == 404


def test_download_release_of_another_edition_under_this_edition_is_404(client, public):
    other_edition = EditionFactory()

    assert client.get(f"/{other_edition.slug}/releases/{public.slug}/file/").status_code == 404


def test_download_release_without_file_is_404(client, edition):
    release = ReleaseFactory(edition=edition)

    assert client.get(url(release)).status_code == 404


def test_download_of_a_non_public_edition_is_404(client):
    hidden = EditionFactory(is_public=False)
    release = ReleaseFactory(edition=hidden)
    ReleaseVersionFactory(release=release, number="1.0")

    assert client.get(url(release)).status_code == 404


def test_citation_page_of_unpublished_release_is_404_for_anonymous_and_200_for_organizer(
    client, unpublished, organizer
):
    page = f"/{unpublished.edition.slug}/releases/{unpublished.slug}/"
    assert client.get(page).status_code == 404

    client.force_login(organizer)
    assert client.get(page).status_code == 200
