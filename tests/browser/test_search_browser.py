"""The search box on a phone and a desktop: a Chinese word, then an English word, find the blue book with the
word highlighted; the result leads to the release's address. Screenshots land in ``var/screenshots/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecoforum.search.indexing import rebuild

from ..factories import EditionFactory
from ..search.factories_search import ReleaseFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [pytest.mark.browser]


@pytest.fixture
def blue_book(transactional_db):
    edition = EditionFactory(year=2023, slug="2023")
    ReleaseFactory(
        edition=edition,
        slug="blue-book",
        kind="blue_book",
        title_zh_hans="中国气候变化蓝皮书2023",
        title_en="Blue Book on Climate Change in China 2023",
        abstract_zh_hans="中国气象局发布的年度气候评估。",
        abstract_en="The annual climate assessment of the China Meteorological Administration.",
    )
    ReleaseFactory(edition=edition, slug="other", title_zh_hans="石漠化治理技术体系研究成果", title_en="Rocky desert")
    rebuild(edition)
    return edition


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_search_finds_release_by_chinese_then_english_word(chromium, live_server, blue_book, viewport):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = "phone" if viewport is PHONE else "desktop"
    page = chromium.new_page(viewport=viewport, locale="zh-CN")
    page.goto(f"{live_server.url}/2023/search/")
    box = page.locator("#search-box-q")
    box.fill("气候")
    box.press("Enter")
    page.wait_for_url("**/2023/search/?q=*")
    results = page.locator(".search-result")
    assert results.count() == 1
    assert results.first.locator(".search-title mark").inner_text() == "气候"
    assert results.first.locator(".search-title").inner_text() == "中国气候变化蓝皮书2023"
    page.screenshot(path=str(SCREENSHOTS / f"search-chinese-{name}.png"), full_page=True)

    box = page.locator("#search-box-q")
    box.fill("climate")
    box.press("Enter")
    page.wait_for_url("**q=climate*")
    results = page.locator(".search-result")
    assert results.count() == 1
    assert results.first.locator(".search-title mark").inner_text() == "Climate"
    assert results.first.locator(".search-title").inner_text() == (
        "中国气候变化蓝皮书2023 · Blue Book on Climate Change in China 2023"
    )
    page.screenshot(path=str(SCREENSHOTS / f"search-english-{name}.png"), full_page=True)

    results.first.locator(".search-title a").click()
    page.wait_for_url("**/2023/releases/blue-book/")
    assert page.url == f"{live_server.url}/2023/releases/blue-book/"
    page.close()
