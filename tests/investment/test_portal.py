"""The investor and project-owner portals: 404 for missing and not yours, edits, requests, both languages."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ecoforum.core.models import AuditEntry
from ecoforum.investment.models import InvestmentProject, Investor, MeetingRequest

from ..factories import EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from .factories import InvestmentProjectFactory, InvestorFactory, MeetingRequestFactory, entry

YI = Decimal(100_000_000)


def url(name, edition, **kwargs):
    return reverse(f"investment:{name}", kwargs={"edition": edition.slug, **kwargs})


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def user_of(organization, **person):
    user = UserFactory()
    PersonFactory(user=user, organization=organization, **person)
    return user


@pytest.fixture
def world(edition):
    return _world(edition)


def _world(edition):
    """Two investors and two project owners, each with a user, and a request between the others."""
    mine = InvestorFactory(
        organization=OrganizationFactory(name_en="Green Capital", name_zh_hans="绿色资本"),
        regions=["贵州省"],
        ticket_min=YI,
        ticket_max=5 * YI,
    )
    mine.industries.add(entry("1.1.1"))
    theirs = InvestorFactory(organization=OrganizationFactory(name_en="Other Fund", name_zh_hans="他方基金"))
    theirs.industries.add(entry("1.1"))
    owner = OrganizationFactory(name_en="Duyun Zone", name_zh_hans="都匀开发区")
    other_owner = OrganizationFactory(name_en="Zunyi Zone", name_zh_hans="遵义开发区")
    project = InvestmentProjectFactory(
        edition=edition,
        code="GZ-001",
        owner=owner,
        name_en="Boiler line",
        name_zh_hans="锅炉生产线",
        investment_sought=2 * YI,
    )
    other_project = InvestmentProjectFactory(
        edition=edition, code="GZ-002", owner=other_owner, name_en="Solar park", name_zh_hans="光伏园区"
    )
    people = {
        "investor": user_of(mine.organization, name_en="Li Investor"),
        "other_investor": user_of(theirs.organization),
        "owner": user_of(owner, name_en="Wang Owner"),
        "other_owner": user_of(other_owner),
    }
    theirs_request = MeetingRequestFactory(
        edition=edition,
        investor=theirs,
        project=other_project,
        investor_person=theirs.organization.people.get(),
        owner_person=other_owner.people.get(),
    )
    return {
        "mine": mine,
        "theirs": theirs,
        "project": project,
        "other_project": other_project,
        "theirs_request": theirs_request,
        **people,
    }


def state():
    """Everything the portals could change."""
    return (
        sorted(MeetingRequest.objects.values_list("pk", "status", "answer_note")),
        sorted(InvestmentProject.objects.values_list("pk", "name_en", "stage", "contact_name")),
        sorted((i.pk, tuple(i.regions), i.ticket_min) for i in Investor.objects.all()),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# --- who gets which page ---------------------------------------------------------------


def test_portals_need_a_login(client, world, edition):
    response = client.get(url("investor_portal", edition))
    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))


def test_user_without_organization_gets_a_friendly_page(en, edition, world):
    en.force_login(UserFactory())
    investor_page = en.get(url("investor_portal", edition))
    owner_page = en.get(url("owner_portal", edition))
    assert (investor_page.status_code, owner_page.status_code) == (200, 200)
    assert "Your account does not speak for an investor yet" in text(investor_page)
    assert "Your account has no project in this edition yet" in text(owner_page)
    assert "please ask the organizing committee" in text(owner_page)


def test_investor_portal_shows_interests_matches_and_reasons(en, edition, world):
    en.force_login(world["investor"])
    body = text(en.get(url("investor_portal", edition)))
    assert "Green Capital" in body
    assert "1.1.1 Manufacture of energy-saving boilers" in body
    assert "Exactly an industry it looks for: 1.1.1 Manufacture of energy-saving boilers" in body
    assert "In 贵州省, a province it invests in" in body
    assert "Request a meeting" in body


def test_investor_portal_in_chinese(client, edition, world):
    client.force_login(world["investor"])
    response = client.get(url("investor_portal", edition))
    body = response.content.decode()
    assert (
        response.status_code,
        '<html lang="zh-hans">' in body,
        "1.1.1 节能锅炉制造" in body,
        "锅炉生产线" in body,
    ) == (
        200,
        True,
        True,
        True,
    )


def test_owner_portal_in_english_and_chinese(client, edition, world):
    client.force_login(world["owner"])
    chinese = client.get(url("owner_portal", edition)).content.decode()
    english = text(client.get(url("owner_portal", edition), HTTP_ACCEPT_LANGUAGE="en"))
    assert ("锅炉生产线" in chinese, "光伏园区" in chinese) == (True, False)
    assert ("Boiler line" in english, "Green Capital" in english, "Solar park" in english) == (True, True, False)


def test_edition_menu_links_to_the_portals_of_those_who_have_one(client, edition, world):
    client.force_login(world["investor"])
    investor_menu = client.get(url("projects", edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.force_login(world["owner"])
    owner_menu = client.get(url("projects", edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.logout()
    anonymous = client.get(url("projects", edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    investor_link = f'href="{url("investor_portal", edition)}"'
    owner_link = f'href="{url("owner_portal", edition)}"'
    assert (investor_link in investor_menu, owner_link in investor_menu) == (True, False)
    assert (investor_link in owner_menu, owner_link in owner_menu) == (False, True)
    assert (investor_link in anonymous, owner_link in anonymous) == (False, False)


# --- object-level access: 404 for what is not yours, and nothing changes ------------------------


def test_investor_gets_404_for_everything_not_theirs(client, edition, world):
    client.force_login(world["investor"])
    before = state()
    other_edition_project = InvestmentProjectFactory(edition=EditionFactory())
    before = state()
    request = world["theirs_request"]
    attempts = [
        ("post", url("investor_request", edition, pk=other_edition_project.pk), {"priority": "2"}),
        ("post", url("investor_request", edition, pk=999999), {"priority": "2"}),
        ("get", url("owner_project", edition, pk=world["project"].pk), {}),
        (
            "post",
            url("owner_project", edition, pk=world["other_project"].pk),
            {"name_zh_hans": "改名", "stage": "operating"},
        ),
        (
            "post",
            url("owner_request", edition, pk=world["other_project"].pk, investor_pk=world["theirs"].pk),
            {"priority": "2"},
        ),
        (
            "post",
            url("owner_request", edition, pk=world["project"].pk, investor_pk=world["mine"].pk),
            {"priority": "2"},
        ),
    ]
    for action in ("accept", "decline", "withdraw"):
        attempts.append(("post", url("request_answer", edition, pk=request.pk, action=action), {"note": "x"}))
        attempts.append(("post", url("request_answer", edition, pk=999999, action=action), {}))
    statuses = [getattr(client, method)(address, data).status_code for method, address, data in attempts]
    assert statuses == [404] * len(attempts)
    assert state() == before


def test_owner_gets_404_for_another_owners_project_and_requests(client, edition, world):
    client.force_login(world["owner"])
    before = state()
    attempts = [
        ("get", url("owner_project", edition, pk=world["other_project"].pk), {}),
        (
            "post",
            url("owner_project", edition, pk=world["other_project"].pk),
            {"name_zh_hans": "改名", "stage": "operating"},
        ),
        (
            "post",
            url("owner_request", edition, pk=world["other_project"].pk, investor_pk=world["mine"].pk),
            {"priority": "3"},
        ),
        ("post", url("owner_request", edition, pk=world["project"].pk, investor_pk=999999), {"priority": "3"}),
        ("post", url("investor_request", edition, pk=world["project"].pk), {"priority": "3"}),
        ("post", url("investor_interests", edition), {"industries": "1", "regions": "x"}),
        ("post", url("request_answer", edition, pk=world["theirs_request"].pk, action="accept"), {}),
    ]
    statuses = [getattr(client, method)(address, data).status_code for method, address, data in attempts]
    assert statuses == [404] * len(attempts)
    assert state() == before


def test_a_request_of_another_edition_is_404(client, edition, world):
    other = EditionFactory()
    mine_elsewhere = MeetingRequestFactory(
        edition=other,
        investor=world["mine"],
        project=InvestmentProjectFactory(edition=other, owner=world["project"].owner),
        investor_person=world["mine"].organization.people.get(),
        owner_person=world["project"].owner.people.get(),
        requested_by="owner",
    )
    client.force_login(world["investor"])
    response = client.post(url("request_answer", edition, pk=mine_elsewhere.pk, action="accept"))
    assert (response.status_code, MeetingRequest.objects.get(pk=mine_elsewhere.pk).status) == (404, "pending")


# --- what each may do ---------------------------------------------------------------------


def test_owner_edits_their_own_project(en, edition, world):
    en.force_login(world["owner"])
    project = world["project"]
    response = en.post(
        url("owner_project", edition, pk=project.pk),
        {
            "name_zh_hans": "节能锅炉生产线",
            "name_en": "Energy-saving boiler line",
            "summary_zh_hans": "",
            "summary_en": "",
            "contact_name": "王经理",
            "contact_phone": "",
            "contact_email": "wang@example.org",
            "stage": "construction",
        },
    )
    project.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, f"{url('owner_portal', edition)}#project-{project.pk}")
    assert (project.name_zh_hans, project.name_en, project.contact_name, project.stage) == (
        "节能锅炉生产线",
        "Energy-saving boiler line",
        "王经理",
        "construction",
    )
    assert AuditEntry.objects.filter(action="investment.project.changed", object_id=str(project.pk)).count() == 1


def test_owner_project_form_shows_errors(en, edition, world):
    en.force_login(world["owner"])
    response = en.post(url("owner_project", edition, pk=world["project"].pk), {"name_zh_hans": "", "stage": "nope"})
    assert (response.status_code, "This field is required." in text(response)) == (200, True)


def test_investor_edits_interests(en, edition, world):
    en.force_login(world["investor"])
    response = en.post(
        url("investor_interests", edition),
        {"industries": "3.2.2, 1", "regions": "贵州省、遵义市", "ticket_min": "5000", "ticket_max": "20000"},
    )
    investor = Investor.objects.get(pk=world["mine"].pk)
    assert (response.status_code, response["Location"]) == (302, url("investor_portal", edition))
    assert (sorted(i.code for i in investor.industries.all()), investor.regions) == (
        ["1", "3.2.2"],
        ["贵州省", "遵义市"],
    )
    assert (investor.ticket_min, investor.ticket_max) == (Decimal("50000000"), Decimal("200000000"))
    assert AuditEntry.objects.filter(action="investment.investor.interests_changed").count() == 1


def test_unknown_catalogue_code_is_reported(en, edition, world):
    en.force_login(world["investor"])
    response = en.post(url("investor_interests", edition), {"industries": "1.1.1, 9.9"})
    assert (response.status_code, "Not in the catalogue: 9.9" in text(response)) == (200, True)


def test_investor_requests_a_meeting_and_the_owner_accepts(client, edition, world):
    client.force_login(world["investor"])
    response = client.post(
        url("investor_request", edition, pk=world["project"].pk), {"priority": "3", "message": "Let us meet"}
    )
    request = MeetingRequest.objects.get(project=world["project"])
    assert (response.status_code, request.requested_by, request.priority, request.status) == (
        302,
        "investor",
        3,
        "pending",
    )
    assert (request.investor_person.user_id, request.owner_person.user_id) == (world["investor"].pk, world["owner"].pk)
    # the investor may not answer their own request: no button, and the service refuses
    refused = client.post(url("request_answer", edition, pk=request.pk, action="accept"), HTTP_ACCEPT_LANGUAGE="en")
    assert (refused.status_code, MeetingRequest.objects.get(pk=request.pk).status) == (302, "pending")
    client.force_login(world["owner"])
    client.post(url("request_answer", edition, pk=request.pk, action="accept"), {"note": "See you"})
    request.refresh_from_db()
    assert (request.status, request.answer_note) == ("accepted", "See you")


def test_a_second_request_for_the_pair_gives_a_message(en, edition, world):
    en.force_login(world["investor"])
    en.post(url("investor_request", edition, pk=world["project"].pk), {"priority": "2"})
    response = en.post(url("investor_request", edition, pk=world["project"].pk), {"priority": "2"}, follow=True)
    assert "There is already an open meeting request between Green Capital and project GZ-001." in text(response)
    assert MeetingRequest.objects.filter(project=world["project"]).count() == 1


def test_owner_requests_a_meeting_with_an_investor(client, edition, world):
    client.force_login(world["owner"])
    client.post(
        url("owner_request", edition, pk=world["project"].pk, investor_pk=world["theirs"].pk), {"priority": "1"}
    )
    request = MeetingRequest.objects.get(project=world["project"])
    assert (request.investor_id, request.requested_by, request.priority) == (world["theirs"].pk, "owner", 1)


def test_htmx_answer_returns_the_row(en, edition, world):
    request = MeetingRequestFactory(
        edition=edition,
        investor=world["mine"],
        project=world["project"],
        investor_person=world["mine"].organization.people.get(),
        owner_person=world["project"].owner.people.get(),
    )
    en.force_login(world["owner"])
    response = en.post(url("request_answer", edition, pk=request.pk, action="decline"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert (response.status_code, body.startswith(f'<article class="request-row" id="request-{request.pk}">')) == (
        200,
        True,
    )
    assert ("Declined" in body, MeetingRequest.objects.get(pk=request.pk).status) == (True, "declined")


def test_an_overdue_request_shows_as_expired_and_cannot_be_accepted(en, edition, world):
    request = MeetingRequestFactory(
        edition=edition,
        investor=world["mine"],
        project=world["project"],
        investor_person=world["mine"].organization.people.get(),
        owner_person=world["project"].owner.people.get(),
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    en.force_login(world["owner"])
    page = en.get(url("owner_portal", edition))
    assert 'class="badge badge-quiet request-status">Expired' in page.content.decode()
    response = en.post(url("request_answer", edition, pk=request.pk, action="accept"), follow=True)
    assert "has expired; it can no longer be answered." in text(response)
    assert MeetingRequest.objects.get(pk=request.pk).status == "expired"


def test_investor_portal_query_count_does_not_grow(client, edition, world):
    client.force_login(world["investor"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("investor_portal", edition)).status_code == 200
        return len(queries.captured_queries)

    one = count()
    for n in range(3, 8):
        project = InvestmentProjectFactory(edition=edition, code=f"GZ-{n:03d}", industry=entry("1.1.1"))
        MeetingRequestFactory(
            edition=edition,
            investor=world["mine"],
            project=project,
            investor_person=world["mine"].organization.people.get(),
            owner_person=PersonFactory(organization=project.owner),
        )
    assert count() == one


def test_owner_portal_query_count_does_not_grow(client, edition, world):
    client.force_login(world["owner"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("owner_portal", edition)).status_code == 200
        return len(queries.captured_queries)

    one = count()
    for n in range(3, 6):
        InvestmentProjectFactory(edition=edition, code=f"GZ-{n:03d}", owner=world["project"].owner)
        InvestorFactory().industries.add(entry("1.1"))
    assert count() == one


# --- in a browser ----------------------------------------------------------------------------

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}


def _page(chromium, live_server, user, viewport=PHONE):
    from django.test import Client

    session = Client()
    session.force_login(user)
    context = chromium.new_context(viewport=viewport, locale="en")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_investor_asks_on_a_phone_and_the_owner_accepts_in_place(chromium, live_server, edition):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    data = _world(edition)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    investor = _page(chromium, live_server, data["investor"])
    investor.goto(f"{live_server.url}{url('investor_portal', edition)}")
    card = investor.locator(f"#project-{data['project'].pk}")
    card.locator("summary").click()
    card.locator("select[name=priority]").select_option("3")
    card.locator("textarea[name=message]").fill("We would like to discuss the boiler line.")
    investor.screenshot(path=str(SCREENSHOTS / "portal-investor-phone.png"), full_page=True)
    card.locator("button[type=submit]").click()
    investor.wait_for_selector(".messages")
    request = MeetingRequest.objects.get(project=data["project"])
    assert (request.priority, request.message, request.status) == (
        3,
        "We would like to discuss the boiler line.",
        "pending",
    )

    owner = _page(chromium, live_server, data["owner"])
    owner.goto(f"{live_server.url}{url('owner_portal', edition)}")
    row = owner.locator(f"#request-{request.pk}")
    row.locator("input[name=note]").fill("See you in Guiyang")
    row.locator("button:has-text('Accept')").click()
    pytest.importorskip("playwright.sync_api").expect(
        owner.locator(f"#request-{request.pk} .request-status")
    ).to_have_text("Accepted")
    owner.screenshot(path=str(SCREENSHOTS / "portal-owner-phone.png"), full_page=True)
    request.refresh_from_db()
    assert (request.status, request.answer_note) == ("accepted", "See you in Guiyang")
    investor.set_viewport_size({"width": 1280, "height": 900})
    investor.goto(f"{live_server.url}{url('investor_portal', edition)}")
    investor.screenshot(path=str(SCREENSHOTS / "portal-investor-desktop.png"), full_page=True)
