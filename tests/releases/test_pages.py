"""Public pages: an edition's releases, the citation page, the library; constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ecoforum.releases.enums import ReleaseKind
from ecoforum.releases.models import ReleaseAuthor
from tests.factories import EditionFactory, OrganizationFactory, PersonFactory, SessionFactory

from .factories_releases import (
    EndorsementFactory,
    InitiativeFactory,
    ReleaseFactory,
    ReleaseVersionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def full_release(edition, n: int, **extra):
    release = ReleaseFactory(edition=edition, session=SessionFactory(edition=edition), **extra)
    ReleaseAuthor.objects.create(release=release, person=PersonFactory(), order=0)
    release.issuers.add(OrganizationFactory())
    release.topics.add(TopicFactory())
    ReleaseVersionFactory(release=release, number=f"1.{n}")
    return release


def test_release_list_groups_by_kind_with_sessions(client, edition):
    session = SessionFactory(edition=edition, title_en="Release of the blue book")
    ReleaseFactory(edition=edition, kind=ReleaseKind.BLUE_BOOK, title_en="Blue book", session=session)
    ReleaseFactory(edition=edition, kind=ReleaseKind.INITIATIVE, title_en="An initiative")
    ReleaseFactory(edition=edition, kind=ReleaseKind.REPORT, title_en="Hidden", is_published=False)

    response = client.get("/2023/releases/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert [label for label, _ in response.context["groups"]] == ["Blue book", "Initiative"]
    assert f'href="/2023/sessions/{session.pk}/">Release of the blue book</a>' in html
    assert "Hidden" not in html


@pytest.mark.parametrize("size", [1, 3])
def test_release_list_query_count_is_constant(client, edition, django_assert_max_num_queries, size):
    for n in range(size):
        full_release(edition, n)

    with django_assert_max_num_queries(9):
        response = client.get("/2023/releases/")

    assert response.context["count"] == size


def test_citation_page_shows_everything(client, edition, settings):
    settings.SITE_URL = "https://forum.example"
    session = SessionFactory(edition=edition, title_en="Blue book launch")
    release = ReleaseFactory(
        edition=edition,
        slug="blue-book",
        kind=ReleaseKind.BLUE_BOOK,
        title_en="Blue Book on Climate Change in China 2023",
        abstract_en="The latest observations.",
        session=session,
    )
    ReleaseAuthor.objects.create(release=release, person=PersonFactory(name_en="Wang Wei"), order=0)
    release.issuers.add(OrganizationFactory(name_en="National Climate Centre"))
    release.topics.add(TopicFactory(name_en="Climate change", slug="climate-change"))
    ReleaseVersionFactory(release=release, number="1.0", changelog_en="First release.")
    ReleaseVersionFactory(release=release, number="1.1", changelog_en="Corrected figure 3.")

    response = client.get("/2023/releases/blue-book/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert [v.number for v in response.context["versions"]] == ["1.1", "1.0"]
    assert "Corrected figure 3." in html
    assert f'href="/2023/sessions/{session.pk}/">Blue book launch</a>' in html
    assert "National Climate Centre" in html
    assert "The latest observations." in html
    assert 'href="/2023/releases/blue-book/file/1.0/"' in html
    assert response.context["citation"] == (
        "Wang Wei. Blue Book on Climate Change in China 2023 [Blue book]. Eco Forum Global Guiyang 2023, 2023. "
        "https://forum.example/2023/releases/blue-book/"
    )
    assert '<link rel="canonical" href="https://forum.example/2023/releases/blue-book/">' in html
    assert response.context["signatories"] is None


def test_citation_page_falls_back_to_chinese(client, edition):
    ReleaseFactory(edition=edition, slug="zh-only", title_zh_hans="仅中文标题", title_en="")

    response = client.get("/2023/releases/zh-only/", HTTP_ACCEPT_LANGUAGE="en")

    assert '<h1 class="release-heading">仅中文标题</h1>' in response.content.decode()


def test_citation_page_unknown_slug_is_404(client, edition):
    assert client.get("/2023/releases/nothing-here/").status_code == 404


def test_citation_page_before_release_time_is_404(client, edition):
    ReleaseFactory(edition=edition, slug="soon", released_at=timezone.now() + dt.timedelta(hours=1))

    assert client.get("/2023/releases/soon/").status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_citation_page_signatories_query_count_is_constant(client, edition, django_assert_max_num_queries, size):
    release = InitiativeFactory(edition=edition, slug="initiative")
    ReleaseVersionFactory(release=release, number="1.0")
    for _ in range(size):
        EndorsementFactory(release=release)

    with django_assert_max_num_queries(12):
        response = client.get("/2023/releases/initiative/")

    assert response.context["signatory_count"] == size


def test_citation_page_signatories_are_paginated_newest_last(client, edition):
    release = InitiativeFactory(edition=edition, slug="initiative")
    start = timezone.now() - dt.timedelta(days=1)
    for n in range(52):
        EndorsementFactory(release=release, name=f"签名{n:02d}", confirmed_at=start + dt.timedelta(minutes=n))

    first = client.get("/2023/releases/initiative/")
    second = client.get("/2023/releases/initiative/?signatories=2")

    assert [e.name for e in first.context["signatories"]][:2] == ["签名00", "签名01"]
    assert [e.name for e in second.context["signatories"]] == ["签名50", "签名51"]
    assert second.context["signatory_count"] == 52


def test_library_lists_across_editions_and_filters(client, edition):
    later = EditionFactory(year=2024)
    topic = TopicFactory(slug="karst")
    a = ReleaseFactory(edition=edition, kind=ReleaseKind.REPORT, title_zh_hans="石漠化治理技术体系研究成果")
    a.topics.add(topic)
    ReleaseFactory(edition=later, kind=ReleaseKind.INITIATIVE, title_zh_hans="两山倡议")
    ReleaseFactory(edition=later, kind=ReleaseKind.REPORT, title_zh_hans="未发布", is_published=False)

    everything = client.get("/library/")
    by_kind = client.get("/library/?kind=initiative")
    by_year = client.get("/library/?year=2023")
    by_topic = client.get("/library/?topic=karst")
    by_text = client.get("/library/?q=石漠化")
    bad = client.get("/library/?year=abc&kind=nonsense")

    assert everything.context["count"] == 2
    assert [r.title for r in by_kind.context["releases"]] == ["两山倡议"]
    assert [r.title for r in by_year.context["releases"]] == ["石漠化治理技术体系研究成果"]
    assert [r.title for r in by_topic.context["releases"]] == ["石漠化治理技术体系研究成果"]
    assert [r.title for r in by_text.context["releases"]] == ["石漠化治理技术体系研究成果"]
    assert bad.status_code == 200
    assert "未发布" not in everything.content.decode()


def test_library_hides_non_public_editions(client):
    ReleaseFactory(edition=EditionFactory(is_public=False), title_zh_hans="内部")

    assert client.get("/library/").context["count"] == 0


@pytest.mark.parametrize("size", [1, 3])
def test_library_query_count_is_constant(client, edition, django_assert_max_num_queries, size):
    for n in range(size):
        full_release(edition, n)

    with django_assert_max_num_queries(9):
        response = client.get("/library/")

    assert response.context["count"] == size


def test_library_is_paginated(client, edition):
    for _ in range(21):
        ReleaseFactory(edition=edition)

    second = client.get("/library/?page=2")

    assert len(second.context["releases"]) == 1
    assert second.context["page"].number == 2
