"""Releases in the browser, on a phone and a desktop: open a published blue book's citation page and download
its PDF; endorse an initiative, follow the confirmation link of the mail, and see the signatory list grow by
one. Screenshots land in ``var/screenshots/releases-*.png``."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from ecoforum.releases.enums import ReleaseKind
from ecoforum.releases.models import ReleaseVersion

from ..factories import EditionFactory, SessionFactory
from ..releases.factories_releases import EndorsementFactory, InitiativeFactory, ReleaseFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [pytest.mark.browser]


@pytest.fixture
def releases(transactional_db, settings, live_server):
    from django.core.cache import cache
    from weasyprint import HTML

    cache.clear()
    settings.SITE_URL = live_server.url
    edition = EditionFactory(year=2023, slug="2023")
    session = SessionFactory(
        edition=edition, title_zh_hans="《中国气候变化蓝皮书2023》发布", title_en="Blue book launch"
    )
    blue_book = ReleaseFactory(
        edition=edition,
        slug="climate-change-blue-book-2023",
        kind=ReleaseKind.BLUE_BOOK,
        title_zh_hans="中国气候变化蓝皮书2023",
        title_en="Blue Book on Climate Change in China 2023",
        abstract_zh_hans="蓝皮书汇集我国气候系统监测的最新事实。",
        author_text_zh_hans="中国气象局气候变化中心",
        session=session,
    )
    content = HTML(string="<h1>中国气候变化蓝皮书2023</h1>").write_pdf()
    version = ReleaseVersion(
        release=blue_book,
        number="1.0",
        changelog_zh_hans="首次发布。",
        file_name="中国气候变化蓝皮书2023 v1.0.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    version.file.save("x.pdf", ContentFile(content), save=False)
    version.save()
    initiative = InitiativeFactory(
        edition=edition,
        slug="initiative-two-mountains",
        title_zh_hans="践行“两山”理念，全面建设美丽中国倡议",
        title_en="Initiative: Practising the Two Mountains Idea",
        session=session,
    )
    start = timezone.now() - dt.timedelta(hours=2)
    for n in range(2):
        EndorsementFactory(release=initiative, name=f"联署人{n + 1:03d}", confirmed_at=start + dt.timedelta(minutes=n))
    return {"edition": edition, "blue_book": blue_book, "initiative": initiative, "pdf": content}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_download_a_blue_book_and_endorse_an_initiative(chromium, live_server, releases, viewport):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = "phone" if viewport is PHONE else "desktop"
    context = chromium.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
    page = context.new_page()

    page.goto(f"{live_server.url}/2023/releases/")
    page.screenshot(path=str(SCREENSHOTS / f"releases-list-{name}.png"), full_page=True)
    page.get_by_role("link", name="中国气候变化蓝皮书2023", exact=True).click()
    page.wait_for_url("**/2023/releases/climate-change-blue-book-2023/")
    assert page.locator("h1").inner_text() == "中国气候变化蓝皮书2023"
    assert page.locator(".copy-field a").inner_text() == (
        f"{live_server.url}/2023/releases/climate-change-blue-book-2023/"
    )
    page.screenshot(path=str(SCREENSHOTS / f"releases-citation-{name}.png"), full_page=True)

    with page.expect_download() as info:
        page.locator("a.release-download").click()
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert data == releases["pdf"]
    assert download.suggested_filename == "中国气候变化蓝皮书2023 v1.0.pdf"

    page.goto(f"{live_server.url}/2023/releases/initiative-two-mountains/")
    count = page.locator(".signatory-count")
    assert count.get_attribute("data-count") == "2"
    assert page.locator(".signatory").count() == 2
    page.locator("input[name=name]").fill("王小明")
    page.locator("input[name=organization]").fill("贵州大学")
    page.locator("input[name=country]").fill("CN")
    page.locator("input[name=email]").fill(f"wang.{name}@example.org")
    page.screenshot(path=str(SCREENSHOTS / f"releases-endorse-form-{name}.png"), full_page=True)
    with page.expect_navigation():
        page.locator(".endorse-form button[type=submit]").click()
    assert page.url == f"{live_server.url}/2023/releases/initiative-two-mountains/#endorse"
    assert page.locator(".messages .message").count() == 1
    assert count.get_attribute("data-count") == "2"

    link = re.search(r"https?://\S+/endorse/\S+/", mail.outbox[-1].body).group(0)
    assert link.startswith(f"{live_server.url}/2023/releases/initiative-two-mountains/endorse/")
    page.goto(link)
    page.wait_for_url("**/2023/releases/initiative-two-mountains/#signatories")
    assert page.locator(".signatory-count").get_attribute("data-count") == "3"
    assert page.locator(".signatory").count() == 3
    assert page.locator(".signatory").last.inner_text().startswith("王小明")
    page.screenshot(path=str(SCREENSHOTS / f"releases-signed-{name}.png"), full_page=True)

    page.goto(f"{live_server.url}/library/")
    assert page.locator(".release-card").count() == 2
    page.screenshot(path=str(SCREENSHOTS / f"releases-library-{name}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_organizer_uploads_a_version(chromium, live_server, releases, viewport, tmp_path):
    from ..factories import CommitteeMemberFactory, UserFactory

    name = "phone" if viewport is PHONE else "desktop"
    user = UserFactory(username=f"organizer-{name}")
    CommitteeMemberFactory(edition=releases["edition"], user=user, role="organizer")
    blue_book = releases["blue_book"]
    page = chromium.new_page(viewport=viewport, locale="zh-CN")
    page.goto(f"{live_server.url}/accounts/login/?next=/manage/2023/releases/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill("correct horse battery staple")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/manage/2023/releases/")
    page.screenshot(path=str(SCREENSHOTS / f"releases-manage-list-{name}.png"), full_page=True)
    page.get_by_role("link", name="中国气候变化蓝皮书2023", exact=True).click()
    page.wait_for_url(f"**/manage/2023/releases/{blue_book.pk}/")

    not_pdf = tmp_path / "report.pdf"
    not_pdf.write_bytes(b"<html>not a pdf</html>")
    page.locator("input[name=number]").fill("1.1")
    page.locator("input[name=file]").set_input_files(str(not_pdf))
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("上传|Upload")).click()
    assert page.locator(".message-error").count() == 1
    assert blue_book.versions.count() == 1

    good = tmp_path / "blue-book-1.1.pdf"
    good.write_bytes(releases["pdf"])
    page.locator("input[name=number]").fill("1.1")
    page.locator("textarea[name=changelog_zh_hans]").fill("更正图3。")
    page.locator("input[name=file]").set_input_files(str(good))
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("上传|Upload")).click()
    assert page.locator(".message-success").count() == 1
    assert sorted(blue_book.versions.values_list("number", flat=True)) == ["1.0", "1.1"]
    page.screenshot(path=str(SCREENSHOTS / f"releases-manage-release-{name}.png"), full_page=True)
    page.close()
