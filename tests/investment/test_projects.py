"""Investment projects and investors: what the database refuses, what the services check and log."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from ecoforum.core.models import AuditEntry
from ecoforum.investment import services
from ecoforum.investment.exceptions import InvestmentError
from ecoforum.investment.models import InvestmentProject

from ..factories import OrganizationFactory
from .factories import InvestmentProjectFactory, InvestorFactory, entry


def new_project(edition, **values):
    return services.create_project(
        edition,
        actor=None,
        **{
            "code": "GZ-001",
            "name_zh_hans": "都匀经济开发区光伏项目",
            "name_en": "Duyun photovoltaic project",
            "province": "贵州省",
            "city": "黔南州",
            "county": "都匀市",
            "industry": entry("3.2.2"),
            "investment_sought": Decimal("500000000"),
            "owner": OrganizationFactory(name_zh_hans="都匀经济开发区管委会"),
            **values,
        },
    )


def test_project_code_is_unique_in_an_edition(edition):
    InvestmentProjectFactory(edition=edition, code="GZ-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        InvestmentProjectFactory(edition=edition, code="GZ-001")


def test_project_amount_must_be_positive_in_the_database(edition):
    with pytest.raises(IntegrityError), transaction.atomic():
        InvestmentProjectFactory(edition=edition, investment_sought=Decimal(0))


def test_investor_ticket_max_below_min_is_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        InvestorFactory(ticket_min=Decimal(100), ticket_max=Decimal(10))


def test_investor_keeps_industries_regions_and_ticket(db):
    investor = InvestorFactory(regions=["贵州省", "黔南州"], ticket_min=Decimal("1e8"), ticket_max=Decimal("5e8"))
    investor.industries.add(entry("3.2.2"), entry("1"))
    investor.refresh_from_db()
    assert (investor.regions, sorted(i.code for i in investor.industries.all())) == (
        ["贵州省", "黔南州"],
        ["1", "3.2.2"],
    )


def test_create_project_stores_it_and_logs_it(edition):
    project = new_project(edition)
    assert (project.code, project.region, project.investment_sought, project.currency) == (
        "GZ-001",
        "贵州省 黔南州 都匀市",
        Decimal("500000000"),
        "CNY",
    )
    assert project.money.format("zh-hans") == "5亿元"
    entry_ = AuditEntry.objects.get()
    assert (entry_.action, entry_.edition_id, entry_.data["industry_id"], entry_.data["investment_sought"]) == (
        "investment.project.created",
        edition.pk,
        entry("3.2.2").pk,
        "500000000",
    )


@pytest.mark.parametrize("code", ["3", "3.2"])
def test_create_project_refuses_an_industry_or_group_of_the_catalogue(edition, english, code):
    with pytest.raises(InvestmentError) as error:
        new_project(edition, industry=entry(code))
    name = entry(code).name
    assert error.value.message == f"{code} {name} is not a level-3 entry of the catalogue (such as 1.1.1)."
    assert InvestmentProject.objects.count() == 0


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal(0), "The amount sought must be more than zero."),
        (Decimal("-5"), "The amount sought must be more than zero."),
        (1.5, "The amount sought must be a Decimal, not float."),
    ],
)
def test_create_project_refuses_an_amount_that_is_not_a_positive_decimal(edition, english, amount, message):
    with pytest.raises(InvestmentError) as error:
        new_project(edition, investment_sought=amount)
    assert error.value.message == message


def test_create_project_refuses_a_code_already_used(edition, english):
    new_project(edition)
    with pytest.raises(InvestmentError) as error:
        new_project(edition, owner=OrganizationFactory())
    assert error.value.message == "A project with the code GZ-001 already exists."


def test_update_project_logs_only_what_changed(edition):
    project = new_project(edition)
    updated = services.update_project(
        project, actor=None, investment_sought=Decimal("600000000"), stage="approved", name_en=project.name_en
    )
    assert (updated.investment_sought, updated.stage) == (Decimal("600000000"), "approved")
    changed = AuditEntry.objects.filter(action="investment.project.changed").get()
    assert changed.data == {"investment_sought": ["500000000.00", "600000000"], "stage": ["planning", "approved"]}


def test_update_project_without_change_writes_nothing(edition):
    project = new_project(edition)
    services.update_project(project, actor=None, name_zh_hans=project.name_zh_hans)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["investment.project.created"]
