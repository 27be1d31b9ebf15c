"""Helpers of the outcomes pages' tests: a fixed "now", outcomes with stages, a PDF upload."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from ecoforum.outcomes.models import Stage

from ..factories import OrganizationFactory
from .factories import OutcomeFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
#: The moment the pages' tests run at: 1 June 2024, 10:00 in Guiyang.
NOW = dt.datetime(2024, 6, 1, 10, 0, tzinfo=SHANGHAI)
TODAY = dt.date(2024, 6, 1)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "合同.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def project_outcome(edition, *, code: str, unit=None, title: str = "光伏电站项目", late_days: int = 0, **extra):
    """A signed-project-like outcome (kind "other" so that no signing is needed) with the four project stages:
    signed done; started planned ``late_days`` before :data:`TODAY` (red when > 0, else in 60 days)."""
    outcome = OutcomeFactory(
        edition=edition,
        code=code,
        kind="other",
        title_zh_hans=title,
        title_en=f"{title} (en)",
        responsible_unit=unit or OrganizationFactory(),
        signed_amount=Decimal("500000000.00"),
        **extra,
    )
    started = TODAY - dt.timedelta(days=late_days) if late_days else TODAY + dt.timedelta(days=60)
    Stage.objects.create(
        outcome=outcome, kind="signed", order=1, planned_on=dt.date(2023, 7, 8), actual_on=dt.date(2023, 7, 8)
    )
    Stage.objects.create(outcome=outcome, kind="started", order=2, planned_on=started)
    Stage.objects.create(outcome=outcome, kind="in_production", order=3, planned_on=dt.date(2024, 12, 31))
    Stage.objects.create(
        outcome=outcome, kind="funds_in", order=4, planned_on=dt.date(2024, 12, 31), planned_amount=Decimal("500000000")
    )
    return outcome


def freeze(monkeypatch, now: dt.datetime = NOW) -> None:
    """Stop the clock at ``now`` (Django's clock, not ours): statuses and days late do not move with the calendar."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: now.astimezone(dt.UTC))


def text(content: bytes | str, element_id: str) -> str:
    """The text of the element ``id`` in a page, whitespace collapsed."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(content if isinstance(content, str) else content.decode())
    found = tree.get_element_by_id(element_id)
    return " ".join(" ".join(found.itertext()).split())


def texts(content: bytes | str, xpath: str) -> list[str]:
    """The texts of the elements an XPath finds, whitespace collapsed."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(content if isinstance(content, str) else content.decode())
    return [" ".join(" ".join(node.itertext()).split()) for node in tree.xpath(xpath)]
