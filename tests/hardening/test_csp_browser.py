"""The strict Content Security Policy breaks nothing: Chromium loads the program, the floor plan, the
scanner, the API documentation (Swagger, served by the app) and the admin without one violation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from ecoforum.forums.enums import CommitteeRole

from ..browser.forum_data import build_forum
from ..exhibition.factories import BoothFactory, HallFactory, ZoneFactory
from ..factories import CommitteeMemberFactory, UserFactory
from ..services.factories import GateFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

#: Runs before any script of the page (injected by the browser, not subject to the page's policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def forum(transactional_db):
    forum = build_forum()
    edition = forum.edition
    hall = HallFactory(edition=edition, code="H1", name_zh_hans="1号馆", name_en="Hall 1")
    zone = ZoneFactory(edition=edition, hall=hall, code="A", name_zh_hans="主宾省展区", name_en="Guest province")
    for number in range(3):
        BoothFactory(edition=edition, zone=zone, code=f"A-{number:03d}")
    GateFactory(edition=edition, code="east", name_zh_hans="东门", name_en="East gate", order=1)
    organizer = UserFactory(username="organizer", is_staff=True, is_superuser=True)
    CommitteeMemberFactory(edition=edition, user=organizer, role=CommitteeRole.ORGANIZER)
    return forum


def test_pages_load_without_a_policy_violation(chromium, live_server, forum):
    edition = forum.edition
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    errors: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    violations: dict[str, list[str]] = {}

    def visit(path: str, ready: str) -> None:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator(ready).first).to_be_visible()
        page.wait_for_load_state("networkidle")
        violations[path] = page.evaluate("window.__cspViolations")

    program = f"/{edition.slug}/program/"
    page.goto(f"{live_server.url}{reverse('login')}?next={program}")
    page.locator("input[name=username]").fill("organizer")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{program}")

    visit(program, "main")
    visit(f"/{edition.slug}/floorplan/", "svg")
    visit(reverse("manage_services:scan", kwargs={"edition_slug": edition.slug}), "#scanner-input")
    visit("/api/docs", ".swagger-ui .info")
    visit("/manage/admin/", "#content")
    visit("/manage/admin/program/session/", "#changelist")

    assert violations == {path: [] for path in violations}
    assert (console, errors) == ([], [])
    # The recorder is awake: an inline style attribute is refused and reported.
    page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')""")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__cspViolations[0].split(' ')[0]") == "style-src-attr"
