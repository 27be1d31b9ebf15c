"""The search page ``/<edition>/search/`` and the API ``/api/editions/{slug}/search``: content, languages,
bad input, and constant query counts."""

from __future__ import annotations

import pytest

from .factories_search import PracticeCaseFactory, ReleaseFactory

BLUE_BOOK = "中国气候变化蓝皮书2023"


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    def run(make):
        with django_capture_on_commit_callbacks(execute=True):
            return make()

    return run


@pytest.fixture
def blue_book(edition, indexed):
    return indexed(
        lambda: ReleaseFactory(
            edition=edition,
            slug="blue-book",
            title_zh_hans=BLUE_BOOK,
            title_en="Blue Book on Climate Change in China 2023",
            abstract_en="The annual assessment of <b>climate</b> change.",
        )
    )


def test_page_shows_highlighted_result_with_counts(client, edition, blue_book):
    response = client.get(f"/{edition.slug}/search/", {"q": "气候"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/2023/releases/blue-book/">中国<mark>气候</mark>变化蓝皮书2023</a>' in html
    assert 'data-kind="release"' in html
    assert "1 个结果" in html or "1 result" in html


def test_page_in_english(client, edition, blue_book):
    response = client.get(f"/{edition.slug}/search/", {"q": "climate"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Blue Book on <mark>Climate</mark> Change in China 2023" in html
    assert "The annual assessment of &lt;b&gt;<mark>climate</mark>&lt;/b&gt; change." in html
    assert "1 result for “climate”" in html


def test_page_empty_and_too_short_and_nothing_found(client, edition, blue_book):
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    empty = client.get(f"/{edition.slug}/search/", **english).content.decode()
    assert "Type a word to search" in empty
    short = client.get(f"/{edition.slug}/search/", {"q": "x"}, **english).content.decode()
    assert "“x” is too short to search" in short
    none = client.get(f"/{edition.slug}/search/", {"q": "volcano"}, **english).content.decode()
    assert "Nothing found for “volcano”" in none


def test_page_bad_parameters_are_kind(client, edition, blue_book):
    response = client.get(f"/{edition.slug}/search/", {"q": "气候", "kind": "bogus", "page": "x9"})
    assert response.status_code == 200
    assert "中国<mark>气候</mark>变化蓝皮书2023" in response.content.decode()
    response = client.get(f"/{edition.slug}/search/", {"q": "气候", "page": "999"})
    assert response.status_code == 200


def test_page_of_unknown_edition_is_404(client, db):
    assert client.get("/1999/search/", {"q": "气候"}).status_code == 404


def _make(edition, indexed, n):
    for i in range(n):
        indexed(lambda i=i: ReleaseFactory(edition=edition, title_zh_hans=f"湿地报告{i}", title_en=f"Wetland {i}"))
        indexed(lambda i=i: PracticeCaseFactory(title_zh_hans=f"湿地案例{i}"))


@pytest.mark.parametrize("size", [1, 3])
def test_page_query_count_is_constant(client, edition, indexed, django_assert_max_num_queries, size):
    _make(edition, indexed, size)
    client.get(f"/{edition.slug}/search/", {"q": "湿地"})  # warm the edition cache, sessions …
    with django_assert_max_num_queries(6):
        response = client.get(f"/{edition.slug}/search/", {"q": "湿地"})
    assert response.content.decode().count('class="card search-result"') == 2 * size


@pytest.mark.parametrize("size", [1, 3])
def test_api_query_count_is_constant(client, edition, indexed, django_assert_max_num_queries, size):
    _make(edition, indexed, size)
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/editions/{edition.slug}/search", {"q": "湿地"})
    assert len(response.json()["items"]) == 2 * size


def test_api_returns_ranked_results_with_offsets(client, edition, blue_book, indexed):
    indexed(lambda: PracticeCaseFactory(title_zh_hans="城市案例", summary_en="Adapting a city to climate risk."))
    response = client.get(f"/api/editions/{edition.slug}/search", {"q": "climate"}, HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert response.status_code == 200
    assert body["counts"] == {"release": 1, "session": 0, "expert": 0, "project": 0, "exhibitor": 0, "case": 1}
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    first, second = body["items"]
    assert first["kind"] == "release"
    assert first["title"] == {"zh-hans": BLUE_BOOK, "en": "Blue Book on Climate Change in China 2023"}
    assert first["url"] == "/2023/releases/blue-book/"
    start, end = first["highlights"][0]
    assert first["snippet"][start:end] == "climate"
    assert first["snippet_html"] == "The annual assessment of &lt;b&gt;<mark>climate</mark>&lt;/b&gt; change."
    assert first["score"] >= second["score"] or second["kind"] == "case"
    assert second["snippet"] == "Adapting a city to climate risk."


def test_api_kind_filter_and_bad_input(client, edition, blue_book):
    response = client.get(f"/api/editions/{edition.slug}/search", {"q": "气候", "kind": "case"})
    assert (response.status_code, response.json()["items"], response.json()["count"]) == (200, [], 0)
    bad = client.get(f"/api/editions/{edition.slug}/search", {"q": "气候", "kind": "bogus"})
    assert bad.status_code == 422
    assert client.get(f"/api/editions/{edition.slug}/search", {"q": "x" * 101}).status_code == 422
    assert client.get(f"/api/editions/{edition.slug}/search", {"q": "气候", "page": 0}).status_code == 422
    assert client.get("/api/editions/1999/search", {"q": "气候"}).status_code == 404
