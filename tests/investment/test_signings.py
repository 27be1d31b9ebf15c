"""Signings: the services and their refusals, the counting rules, the totals, the public and organizers' pages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecoforum.core.models import AuditEntry
from ecoforum.core.money import YI
from ecoforum.investment import queries
from ecoforum.investment.exceptions import InvestmentError
from ecoforum.investment.models import Signing, SigningParty
from ecoforum.investment.signings import (
    NotAllowed,
    Party,
    change_signing,
    record_signing,
    remove_signing,
    reorder_stage,
)

from ..conftest import at
from ..factories import CommitteeMemberFactory, EditionFactory, OrganizationFactory, SessionFactory, UserFactory
from .factories import InvestmentProjectFactory, SigningFactory, SigningPartyFactory, entry


@pytest.fixture
def ceremony(edition):
    return SessionFactory(
        edition=edition, code="SIGN", kind="signing", title_zh_hans="集中签约仪式", title_en="Signing"
    )


@pytest.fixture
def investor_org(db):
    return OrganizationFactory(name_zh_hans="澜川绿色产业投资基金", name_en="Lanchuan Green Industry Fund")


@pytest.fixture
def owner_org(db):
    return OrganizationFactory(name_zh_hans="都匀市绿色产业发展投资有限公司", name_en="Duyun Green Investment")


@pytest.fixture
def project(edition, owner_org):
    return InvestmentProjectFactory(
        edition=edition,
        code="GZ2023-001",
        name_zh_hans="都匀光伏电站",
        name_en="Duyun solar plant",
        industry=entry("3.2.2"),
        city="黔南州",
        county="都匀市",
        owner=owner_org,
    )


def yi(value: str) -> Decimal:
    return Decimal(value) * YI


def sign(edition, *, actor=None, parties=None, **kwargs) -> Signing:
    """A valid signing of ``edition``; keyword arguments override its fields."""
    values = {
        "title_zh_hans": "光伏电站投资协议",
        "title_en": "Solar plant investment agreement",
        "amount": yi("10"),
        "signed_at": at(edition, 1, 10),
    }
    values.update(kwargs)
    if parties is None:
        parties = [(OrganizationFactory(), "investor", "王文涛")]
    return record_signing(edition, actor=actor, parties=parties, **values)


# --- recording ------------------------------------------------------------------------


def test_record_signing_writes_the_signing_its_parties_and_an_audit_entry(
    edition, organizer, ceremony, project, investor_org, owner_org
):
    signing = sign(
        edition,
        actor=organizer,
        project=project,
        ceremony=ceremony,
        parties=[Party(investor_org, "investor", "王文涛"), (owner_org, "owner")],
    )
    parties = list(SigningParty.objects.filter(signing=signing).order_by("order"))
    assert [(p.organization, p.role, p.signatory, p.order) for p in parties] == [
        (investor_org, "investor", "王文涛", 0),
        (owner_org, "owner", "", 1),
    ]
    assert (signing.project, signing.ceremony, signing.stage_order) == (project, ceremony, 0)
    audit = AuditEntry.objects.get(action="investment.signing.recorded")
    assert audit.actor == organizer
    assert audit.edition_id == edition.pk
    assert audit.data["amount"] == "1000000000.00"
    assert audit.data["parties"] == [[investor_org.pk, "investor", "王文涛"], [owner_org.pk, "owner", ""]]


def test_record_signing_puts_a_new_signing_last_on_the_ceremonys_stage(edition, ceremony):
    first = sign(edition, ceremony=ceremony)
    second = sign(edition, ceremony=ceremony, title_zh_hans="第二项")
    assert (first.stage_order, second.stage_order) == (0, 1)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": Decimal(0)}, "Signing «光伏电站投资协议»: the amount must be more than zero."),
        ({"amount": yi("-1")}, "Signing «光伏电站投资协议»: the amount must be more than zero."),
        ({"amount": 1.5e9}, "Signing «光伏电站投资协议»: the amount must be a Decimal amount, not float."),
        (
            {"kind": "capital_increase"},
            "Signing «光伏电站投资协议» is a capital increase: say how much new money it brings (the increment).",
        ),
        (
            {"kind": "capital_increase", "increment": yi("11")},
            (
                "Signing «光伏电站投资协议»: the increment (CNY 1.1 bn) is more than the amount of the agreement "
                "(CNY 1 bn)."
            ),
        ),
        ({"increment": yi("1")}, "Signing «光伏电站投资协议»: only a capital increase has an increment."),
        ({"kind": "gift"}, "Signing «光伏电站投资协议»: gift is not a kind of signing."),
        ({"currency": "XYZ"}, "Signing «光伏电站投资协议»: XYZ is not a currency ecoforum knows."),
        ({"title_zh_hans": " "}, "Every signing needs a Chinese title."),
    ],
)
def test_record_signing_refuses_bad_amounts_and_kinds(edition, changes, message):
    with pytest.raises(InvestmentError) as caught:
        sign(edition, **changes)
    assert str(caught.value.message) == message
    assert Signing.objects.count() == 0


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("when", "shown"),
    [
        (lambda e: at(e, 0, 0) - dt.timedelta(minutes=1), "2023-07-07 23:59"),
        (lambda e: at(e, 2, 0), "2023-07-10 00:00"),
    ],
)
def test_record_signing_refuses_a_time_outside_the_editions_days(edition, when, shown):
    with pytest.raises(InvestmentError) as caught:
        sign(edition, signed_at=when(edition))
    assert str(caught.value.message) == (
        f"Signing «光伏电站投资协议»: signed at {shown}, outside the edition's days (2023-07-08 to 2023-07-09)."
    )


@pytest.mark.usefixtures("english")
def test_record_signing_refuses_a_naive_time(edition):
    with pytest.raises(InvestmentError) as caught:
        sign(edition, signed_at=dt.datetime(2023, 7, 9, 10))
    assert str(caught.value.message) == "Signing «光伏电站投资协议»: the time of signing must carry a time zone."


@pytest.mark.usefixtures("english")
def test_record_signing_refuses_a_project_of_another_edition(edition):
    other = InvestmentProjectFactory(edition=EditionFactory(year=2024), code="GZ2024-007")
    with pytest.raises(InvestmentError) as caught:
        sign(edition, project=other)
    assert str(caught.value.message) == "Signing «光伏电站投资协议»: project GZ2024-007 belongs to another edition."


@pytest.mark.usefixtures("english")
def test_record_signing_refuses_a_ceremony_of_another_edition(edition):
    other = SessionFactory(edition=EditionFactory(year=2024), code="SIGN24", kind="signing")
    with pytest.raises(InvestmentError) as caught:
        sign(edition, ceremony=other)
    assert str(caught.value.message) == "Signing «光伏电站投资协议»: session SIGN24 belongs to another edition."


@pytest.mark.usefixtures("english")
def test_record_signing_refuses_a_session_that_is_no_ceremony(edition):
    panel = SessionFactory(edition=edition, code="TF01-1", kind="panel")
    with pytest.raises(InvestmentError) as caught:
        sign(edition, ceremony=panel)
    assert str(caught.value.message) == "Signing «光伏电站投资协议»: session TF01-1 is not a signing ceremony."


def test_record_signing_accepts_the_opening_ceremony(edition):
    opening = SessionFactory(edition=edition, code="OPEN", kind="ceremony")
    assert sign(edition, ceremony=opening).ceremony == opening


@pytest.mark.usefixtures("english")
def test_record_signing_refuses_no_parties_and_a_party_named_twice(edition, investor_org):
    with pytest.raises(InvestmentError) as caught:
        sign(edition, parties=[])
    assert str(caught.value.message) == "Signing «光伏电站投资协议» needs at least one party that signs."
    with pytest.raises(InvestmentError) as caught:
        sign(edition, parties=[(investor_org, "investor"), (investor_org, "owner")])
    assert str(caught.value.message) == (
        "Signing «光伏电站投资协议»: Lanchuan Green Industry Fund is named twice among the parties."
    )
    with pytest.raises(InvestmentError) as caught:
        sign(edition, parties=[(investor_org, "friend")])
    assert str(caught.value.message) == "Signing «光伏电站投资协议»: friend is not a role of a signing party."
    assert Signing.objects.count() == 0


# --- permissions ------------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_a_coordinator_may_not_record_change_remove_or_reorder(edition, coordinator, ceremony):
    signing = sign(edition, ceremony=ceremony)
    with pytest.raises(NotAllowed) as caught:
        sign(edition, actor=coordinator)
    assert str(caught.value.message) == f"You may not manage the signings of {edition}."
    with pytest.raises(NotAllowed):
        change_signing(signing, actor=coordinator, amount=yi("2"))
    with pytest.raises(NotAllowed):
        remove_signing(signing, actor=coordinator)
    with pytest.raises(NotAllowed):
        reorder_stage(ceremony, [signing.pk], actor=coordinator)
    signing.refresh_from_db()
    assert signing.amount == yi("10")


def test_an_organizer_of_another_edition_may_not_record(edition):
    outsider = CommitteeMemberFactory(edition=EditionFactory(year=2024), role="organizer").user
    with pytest.raises(NotAllowed):
        sign(edition, actor=outsider)


def test_a_superuser_may_record(edition):
    admin = UserFactory(is_superuser=True)
    assert sign(edition, actor=admin).pk is not None


# --- changing, removing, reordering ----------------------------------------------------------


def test_change_signing_writes_and_logs_only_what_differs(edition, organizer, investor_org, owner_org):
    signing = sign(edition, parties=[(investor_org, "investor")])
    change_signing(
        signing,
        actor=organizer,
        amount=yi("12"),
        title_en="Solar plant investment agreement",
        parties=[(investor_org, "investor"), (owner_org, "owner", "李晓燕")],
    )
    audit = AuditEntry.objects.get(action="investment.signing.changed")
    assert audit.data == {
        "amount": ["1000000000.00", "1200000000.00"],
        "parties": [
            [[investor_org.pk, "investor", ""]],
            [[investor_org.pk, "investor", ""], [owner_org.pk, "owner", "李晓燕"]],
        ],
    }
    signing.refresh_from_db()
    assert signing.amount == yi("12")
    assert list(signing.parties.values_list("organization", "role", "signatory")) == [
        (investor_org.pk, "investor", ""),
        (owner_org.pk, "owner", "李晓燕"),
    ]
    change_signing(signing, actor=organizer, amount=yi("12"))
    assert AuditEntry.objects.filter(action="investment.signing.changed").count() == 1


def test_change_signing_away_from_a_capital_increase_drops_the_increment(edition):
    signing = sign(edition, kind="capital_increase", increment=yi("3"))
    change_signing(signing, actor=None, kind="new")
    signing.refresh_from_db()
    assert (signing.kind, signing.increment) == ("new", None)


@pytest.mark.usefixtures("english")
def test_change_signing_refuses_what_recording_refuses(edition):
    signing = sign(edition)
    with pytest.raises(InvestmentError) as caught:
        change_signing(signing, actor=None, signed_at=at(edition, 3, 10))
    assert str(caught.value.message).startswith("Signing «光伏电站投资协议»: signed at 2023-07-11 10:00, outside")
    with pytest.raises(InvestmentError) as caught:
        change_signing(signing, actor=None, parties=[])
    assert str(caught.value.message) == "Signing «光伏电站投资协议» needs at least one party that signs."
    signing.refresh_from_db()
    assert signing.signed_at == at(edition, 1, 10)


def test_remove_signing_keeps_a_snapshot_in_the_audit_log(edition, organizer, investor_org):
    signing = sign(edition, parties=[(investor_org, "investor", "王文涛")])
    pk = signing.pk
    remove_signing(signing, actor=organizer)
    assert Signing.objects.filter(pk=pk).exists() is False
    audit = AuditEntry.objects.get(action="investment.signing.removed")
    assert (audit.object_id, audit.data["title_zh_hans"], audit.data["parties"]) == (
        str(pk),
        "光伏电站投资协议",
        [[investor_org.pk, "investor", "王文涛"]],
    )


def test_reorder_stage_sets_the_order_and_logs_it(edition, organizer, ceremony):
    a, b, c = (sign(edition, ceremony=ceremony, title_zh_hans=t) for t in "甲乙丙")
    reorder_stage(ceremony, [c.pk, a.pk, b.pk], actor=organizer)
    assert list(Signing.objects.filter(ceremony=ceremony).order_by("stage_order").values_list("pk", flat=True)) == [
        c.pk,
        a.pk,
        b.pk,
    ]
    audit = AuditEntry.objects.get(action="investment.signing.reordered")
    assert audit.data == {"order": [[a.pk, b.pk, c.pk], [c.pk, a.pk, b.pk]]}
    assert audit.edition_id == edition.pk


@pytest.mark.usefixtures("english")
def test_reorder_stage_refuses_a_list_that_misses_a_signing(edition, ceremony):
    a, _b = (sign(edition, ceremony=ceremony, title_zh_hans=t) for t in "甲乙")
    with pytest.raises(InvestmentError) as caught:
        reorder_stage(ceremony, [a.pk], actor=None)
    assert str(caught.value.message) == "The new order on stage of SIGN must name each of its 2 signings once."


# --- counting ---------------------------------------------------------------------------------


def counted(edition) -> list[tuple[str, Decimal, str]]:
    return [(c.signing.title_zh_hans, c.counted, c.reason) for c in queries.counted_signings(edition)]


def test_a_project_signed_twice_counts_once_at_its_first_signing(edition, project):
    sign(
        edition,
        project=project,
        kind="framework",
        title_zh_hans="后签框架",
        amount=yi("12"),
        signed_at=at(edition, 1, 11),
    )
    sign(edition, project=project, title_zh_hans="先签投资", amount=yi("10"), signed_at=at(edition, 1, 10))
    assert counted(edition) == [("先签投资", yi("10"), "first"), ("后签框架", Decimal(0), "repeat")]
    assert queries.signing_totals(edition).counted.amount == yi("10")


def test_at_the_same_time_the_order_on_stage_decides_which_signing_is_first(edition, project):
    sign(edition, project=project, title_zh_hans="台上第二", stage_order=2, amount=yi("3"))
    sign(edition, project=project, title_zh_hans="台上第一", stage_order=1, amount=yi("5"))
    assert counted(edition) == [("台上第一", yi("5"), "first"), ("台上第二", Decimal(0), "repeat")]


def test_a_capital_increase_counts_only_its_increment_even_as_the_first_signing(edition, project):
    sign(edition, project=project, kind="capital_increase", amount=yi("20"), increment=yi("8"), title_zh_hans="增资")
    sign(edition, project=project, title_zh_hans="再签", amount=yi("5"), signed_at=at(edition, 1, 11))
    assert counted(edition) == [("增资", yi("8"), "increment"), ("再签", Decimal(0), "repeat")]


def test_a_capital_increase_after_the_first_signing_still_counts_its_increment(edition, project):
    sign(edition, project=project, title_zh_hans="首签", amount=yi("10"))
    sign(
        edition,
        project=project,
        kind="capital_increase",
        amount=yi("15"),
        increment=yi("5"),
        title_zh_hans="增资",
        signed_at=at(edition, 1, 11),
    )
    assert counted(edition) == [("首签", yi("10"), "first"), ("增资", yi("5"), "increment")]
    assert queries.signing_totals(edition).counted.amount == yi("15")


def test_a_signing_without_a_project_counts_its_amount(edition):
    sign(edition, kind="strategic", title_zh_hans="战略合作", amount=yi("20"))
    assert counted(edition) == [("战略合作", yi("20"), "no_project")]


def test_totals_by_industry_and_region(edition, project):
    boiler = InvestmentProjectFactory(edition=edition, code="GZ2023-002", industry=entry("1.1.1"), city="贵阳市")
    wind = InvestmentProjectFactory(edition=edition, code="GZ2023-003", industry=entry("3.2.1"), city="贵阳市")
    sign(edition, project=project, amount=yi("10"), title_zh_hans="光伏")
    sign(edition, project=wind, amount=yi("6"), title_zh_hans="风电")
    sign(edition, project=boiler, amount=yi("3"), title_zh_hans="锅炉")
    sign(edition, project=boiler, amount=yi("3"), title_zh_hans="锅炉二签", signed_at=at(edition, 1, 12))
    sign(edition, kind="strategic", amount=yi("1"), title_zh_hans="战略")
    totals = queries.signing_totals(edition)
    assert (totals.count, totals.counted.amount) == (5, yi("20"))
    assert [(i.code if i else None, m.amount) for i, m in totals.by_industry] == [
        ("3", yi("16")),
        ("1", yi("3")),
        (None, yi("1")),
    ]
    assert [(r, m.amount) for r, m in totals.by_region] == [("黔南州", yi("10")), ("贵阳市", yi("9")), (None, yi("1"))]


def test_totals_keep_other_currencies_apart(edition):
    sign(edition, amount=yi("1"), title_zh_hans="人民币")
    sign(edition, amount=Decimal("50000000"), currency="USD", title_zh_hans="美元")
    totals = queries.signing_totals(edition)
    assert (totals.counted.amount, totals.other_currencies) == (yi("1"), {"USD": Decimal("50000000")})


def make_signings(edition, count: int) -> None:
    for n in range(count):
        project = InvestmentProjectFactory(edition=edition, industry=entry("3.2.2" if n % 2 else "4.1.2"))
        signing = SigningFactory(edition=edition, project=project)
        SigningPartyFactory(signing=signing)


def test_counting_takes_the_same_queries_for_5_and_50_signings(edition, django_assert_max_num_queries):
    make_signings(edition, 5)
    with CaptureQueriesContext(connection) as few:
        queries.signing_totals(edition)
        [list(c.signing.parties.all()) for c in queries.counted_signings(edition)]
    make_signings(edition, 45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        totals = queries.signing_totals(edition)
        [list(c.signing.parties.all()) for c in queries.counted_signings(edition)]
    assert totals.count == 50
    assert len(few.captured_queries) == 3


# --- the public page ----------------------------------------------------------------------------


def figure(body: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">(.*?)</span>', body)
    assert match is not None
    return match.group(1)


@pytest.fixture
def ceremony_signings(edition, ceremony, project, investor_org, owner_org):
    sign(edition, ceremony=ceremony, project=project, amount=yi("12.5"), parties=[(investor_org, "investor")])
    sign(
        edition,
        ceremony=ceremony,
        project=project,
        kind="framework",
        amount=yi("12.5"),
        title_zh_hans="光伏电站框架协议",
        title_en="Solar plant framework agreement",
        signed_at=at(edition, 1, 10, 5),
        parties=[(owner_org, "owner")],
    )
    sign(edition, kind="strategic", amount=yi("4"), title_zh_hans="战略合作协议", title_en="Strategic agreement")


def test_public_page_in_chinese_shows_the_counted_total_and_the_ceremony(client, edition, ceremony_signings):
    body = client.get(reverse("investment:signings", kwargs={"edition": edition.slug})).content.decode()
    assert figure(body, "signing-total") == "16.5亿元"
    assert figure(body, "signing-count") == "3"
    assert "光伏电站投资协议" in body
    assert "集中签约仪式" in body
    assert body.index("光伏电站投资协议") < body.index("光伏电站框架协议") < body.index("战略合作协议")
    assert '<svg class="signing-chart"' in body
    assert 'href="/2023/projects/' in body


def test_public_page_in_english(client, edition, ceremony_signings):
    response = client.get(reverse("investment:signings", kwargs={"edition": edition.slug}), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert figure(body, "signing-total") == "CNY 1.65 bn"
    assert "Solar plant framework agreement" in body
    assert "counts 0: the project was counted at its first signing" in body
    assert "(16.5 亿元)" in body


def test_public_page_queries_do_not_grow_with_signings(client, edition, django_assert_max_num_queries):
    url = reverse("investment:signings", kwargs={"edition": edition.slug})
    make_signings(edition, 1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    make_signings(edition, 2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert figure(response.content.decode(), "signing-count") == "3"


# --- the organizers' pages ----------------------------------------------------------------------


def manage_url(name, edition, **kwargs):
    return reverse(f"manage_investment:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


def test_manage_pages_are_404_for_strangers_and_403_for_coordinators(client, edition, coordinator):
    signing = sign(edition)
    client.force_login(UserFactory())
    assert client.get(manage_url("signings", edition)).status_code == 404
    assert client.post(manage_url("signing_delete", edition, pk=signing.pk)).status_code == 404
    client.force_login(coordinator)
    assert client.get(manage_url("signings", edition)).status_code == 403
    assert client.get(manage_url("signing_edit", edition, pk=signing.pk)).status_code == 403
    assert client.post(manage_url("signing_delete", edition, pk=signing.pk)).status_code == 403
    assert Signing.objects.filter(pk=signing.pk).exists() is True


def test_manage_pages_need_a_login(client, edition):
    response = client.get(manage_url("signings", edition))
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next=/manage/{edition.slug}/investment/signings/",
    )


def form_data(edition, ceremony, project, investor_org, **overrides) -> dict:
    data = {
        "title_zh_hans": "光伏电站投资协议",
        "title_en": "Solar plant investment agreement",
        "kind": "new",
        "amount": "1000000000",
        "increment": "",
        "currency": "CNY",
        "project": str(project.pk),
        "ceremony": str(ceremony.pk),
        "signed_at": "2023-07-09T10:00",
        "notes": "",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "20",
        "parties-0-organization": str(investor_org.pk),
        "parties-0-role": "investor",
        "parties-0-signatory": "王文涛",
        "parties-1-organization": "",
        "parties-1-role": "",
        "parties-1-signatory": "",
    }
    data.update(overrides)
    return data


def test_organizer_records_a_signing_through_the_form(client, edition, organizer, ceremony, project, investor_org):
    client.force_login(organizer)
    response = client.post(manage_url("signing_create", edition), form_data(edition, ceremony, project, investor_org))
    signing = Signing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/manage/{edition.slug}/investment/signings/#signing-{signing.pk}"
    assert (signing.amount, signing.signed_at, signing.ceremony) == (yi("10"), at(edition, 1, 10), ceremony)
    assert list(signing.parties.values_list("organization", "role", "signatory")) == [
        (investor_org.pk, "investor", "王文涛")
    ]
    assert AuditEntry.objects.get(action="investment.signing.recorded").actor == organizer
    listing = client.get(manage_url("signings", edition)).content.decode()
    assert "光伏电站投资协议" in listing


@pytest.mark.usefixtures("english")
def test_the_form_shows_a_refusal_naming_the_signing(client, edition, organizer, ceremony, project, investor_org):
    client.force_login(organizer)
    data = form_data(edition, ceremony, project, investor_org, signed_at="2023-07-12T10:00")
    response = client.post(manage_url("signing_create", edition), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert (
        "Signing «光伏电站投资协议»: signed at 2023-07-12 10:00, outside the edition&#x27;s days "
        "(2023-07-08 to 2023-07-09)." in response.content.decode()
    )
    assert Signing.objects.count() == 0


def test_organizer_edits_moves_and_removes_signings(client, edition, organizer, ceremony, project, investor_org):
    client.force_login(organizer)
    a = sign(edition, ceremony=ceremony, title_zh_hans="甲")
    b = sign(edition, ceremony=ceremony, title_zh_hans="乙")
    assert client.get(manage_url("signing_edit", edition, pk=a.pk)).status_code == 200
    response = client.post(
        manage_url("signing_edit", edition, pk=a.pk),
        form_data(edition, ceremony, project, investor_org, title_zh_hans="甲改", amount="200000000"),
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.title_zh_hans, a.amount, a.project) == ("甲改", yi("2"), project)

    client.post(manage_url("signing_move", edition, pk=b.pk), {"direction": "up"})
    assert list(Signing.objects.filter(ceremony=ceremony).order_by("stage_order").values_list("pk", flat=True)) == [
        b.pk,
        a.pk,
    ]
    client.post(manage_url("signing_delete", edition, pk=a.pk))
    assert list(Signing.objects.values_list("pk", flat=True)) == [b.pk]


# --- the admin ---------------------------------------------------------------------------------


def admin_data(edition, ceremony, investor_org, **overrides) -> dict:
    data = {
        "edition": str(edition.pk),
        "title_zh_hans": "后台录入的签约",
        "title_en": "Signing typed in the admin",
        "kind": "capital_increase",
        "amount": "2000000000",
        "increment": "800000000",
        "currency": "CNY",
        "project": "",
        "ceremony": str(ceremony.pk),
        "signed_at_0": "2023-07-09",
        "signed_at_1": "10:00:00",
        "stage_order": "0",
        "notes": "",
        "parties-TOTAL_FORMS": "1",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "1000",
        "parties-0-organization": str(investor_org.pk),
        "parties-0-role": "investor",
        "parties-0-signatory": "王文涛",
        "parties-0-order": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


def test_admin_adds_a_signing_through_the_service(client, edition, ceremony, investor_org, superuser):
    client.force_login(superuser)
    response = client.post("/manage/admin/investment/signing/add/", admin_data(edition, ceremony, investor_org))
    assert response.status_code == 302
    signing = Signing.objects.get()
    assert (signing.kind, signing.increment, signing.signed_at) == ("capital_increase", yi("8"), at(edition, 1, 10))
    assert list(signing.parties.values_list("organization", "signatory")) == [(investor_org.pk, "王文涛")]
    assert AuditEntry.objects.get(action="investment.signing.recorded").actor == superuser


@pytest.mark.usefixtures("english")
def test_admin_shows_a_refusal_as_a_message(client, edition, ceremony, investor_org, superuser):
    client.force_login(superuser)
    data = admin_data(edition, ceremony, investor_org, **{"parties-TOTAL_FORMS": "0"})
    response = client.post("/manage/admin/investment/signing/add/", data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert Signing.objects.count() == 0
    assert [str(m) for m in response.context["messages"]] == [
        "Signing «后台录入的签约» needs at least one party that signs."
    ]


def test_admin_changes_and_deletes_through_the_services(client, edition, ceremony, investor_org, superuser):
    signing = sign(edition, ceremony=ceremony, parties=[(investor_org, "investor")])
    client.force_login(superuser)
    url = f"/manage/admin/investment/signing/{signing.pk}/change/"
    assert client.get(url).status_code == 200
    party = signing.parties.get()
    data = admin_data(
        edition,
        ceremony,
        investor_org,
        kind="new",
        increment="",
        title_zh_hans="光伏电站投资协议",
        amount="1500000000",
        signed_at_0="2023-07-09",
        signed_at_1="10:00:00",  # the edition's local time
        **{"parties-INITIAL_FORMS": "1", "parties-0-id": str(party.pk), "parties-0-signing": str(signing.pk)},
    )
    response = client.post(url, data)
    assert response.status_code == 302
    signing.refresh_from_db()
    assert (signing.amount, signing.signed_at) == (yi("15"), at(edition, 1, 10))
    assert AuditEntry.objects.get(action="investment.signing.changed").data["amount"] == [
        "1000000000.00",
        "1500000000.00",
    ]
    response = client.post(f"/manage/admin/investment/signing/{signing.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Signing.objects.count() == 0
    assert AuditEntry.objects.filter(action="investment.signing.removed").count() == 1


@pytest.mark.parametrize("model", ["negotiationtable", "meetingslot", "meetingrequest", "meeting", "projectattachment"])
def test_admin_lists_of_the_meetings_and_attachments_are_read_only(client, superuser, model):
    client.force_login(superuser)
    assert client.get(f"/manage/admin/investment/{model}/").status_code == 200
    assert client.get(f"/manage/admin/investment/{model}/add/").status_code == 403


def test_admin_lists_signings(client, superuser, edition, ceremony_signings):
    client.force_login(superuser)
    body = client.get("/manage/admin/investment/signing/").content.decode()
    assert "光伏电站框架协议" in body


def test_a_signing_moved_to_another_ceremony_goes_last_on_its_stage(edition, ceremony):
    opening = SessionFactory(edition=edition, code="OPEN", kind="ceremony")
    sign(edition, ceremony=opening, title_zh_hans="开幕式签约")
    moving = sign(edition, ceremony=ceremony, title_zh_hans="移过去")
    change_signing(moving, actor=None, ceremony=opening)
    moving.refresh_from_db()
    assert (moving.ceremony, moving.stage_order) == (opening, 1)
