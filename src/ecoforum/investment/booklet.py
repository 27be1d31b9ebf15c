"""The project index booklet 《…招商推介项目索引》: the edition's projects by industry, as PDF and as Excel.

The data is built once (:func:`build_booklet`: projects grouped by the level-1
industry of the catalogue, with subtotals and totals) and rendered by one small class
per format (:class:`BookletPdf` with WeasyPrint from ``investment/booklet/booklet.html``,
:class:`BookletWorkbook` with openpyxl). Text is in the active language; amounts are
in 万元 for a project and 亿元 for totals, as printed booklets write them. Chinese is set
in Noto Sans CJK SC (Debian's fonts-noto-cjk), never a downloaded font.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from ecoforum.core.money import WAN, YI, Money
from ecoforum.forums.models import Edition

from . import queries
from .models import GreenIndustry, InvestmentProject

#: Progress is reported after every this many projects.
PROGRESS_EVERY = 20

Progress = Callable[[int, int, str], None]


def wan(yuan: Decimal) -> Decimal:
    """Yuan → 万元, to two decimals."""
    return (yuan / WAN).quantize(Decimal("0.01"), ROUND_HALF_UP)


def yi(yuan: Decimal) -> Decimal:
    """Yuan → 亿元, to two decimals."""
    return (yuan / YI).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _number(value: Decimal) -> str:
    """``12,345.6`` / ``12,345``: thousands separated, trailing zeros dropped."""
    if value == value.to_integral():
        return f"{value.to_integral():,}"
    return f"{value.normalize():,}"


@dataclass
class Entry:
    """One project as the booklet prints it."""

    project: InvestmentProject
    number: int

    @property
    def amount_wan(self) -> Decimal:
        return wan(self.project.investment_sought)

    @property
    def amount_text(self) -> str:
        """``50,000万元（5亿元）`` in Chinese, ``CNY 500 m (50,000万元)`` in English."""
        return amount_text(self.project.investment_sought, self.project.currency, unit="wan")


def amount_text(yuan: Decimal, currency: str = "CNY", *, unit: str = "yi") -> str:
    """An amount as the booklet prints it: 万元 (``unit="wan"``, with 亿元 beside) or 亿元, in the active language."""
    if currency != "CNY":
        return Money(yuan, currency).format()
    chinese = f"{_number(wan(yuan))}万元（{_number(yi(yuan))}亿元）" if unit == "wan" else f"{_number(yi(yuan))}亿元"
    language = get_language() or "zh-hans"
    if language.startswith("zh"):
        return chinese
    return f"{Money(yuan, currency).format('en')} ({chinese.replace('（', ' (').replace('）', ')')})"


@dataclass
class Section:
    """A level-1 industry of the catalogue and its projects."""

    industry: GreenIndustry
    entries: list[Entry] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"industry-{self.industry.code}"

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def amount(self) -> Decimal:
        return sum((e.project.investment_sought for e in self.entries if e.project.currency == "CNY"), Decimal(0))

    @property
    def amount_wan(self) -> Decimal:
        return wan(self.amount)

    @property
    def amount_yi(self) -> Decimal:
        return yi(self.amount)

    @property
    def amount_text(self) -> str:
        return amount_text(self.amount)


@dataclass
class Booklet:
    """Everything both formats print."""

    edition: Edition
    title: str
    sections: list[Section]

    @property
    def entries(self) -> list[Entry]:
        return [entry for section in self.sections for entry in section.entries]

    @property
    def count(self) -> int:
        return sum(section.count for section in self.sections)

    @property
    def amount(self) -> Decimal:
        return sum((section.amount for section in self.sections), Decimal(0))

    @property
    def amount_wan(self) -> Decimal:
        return wan(self.amount)

    @property
    def amount_yi(self) -> Decimal:
        return yi(self.amount)

    @property
    def amount_text(self) -> str:
        return amount_text(self.amount)

    @property
    def base_name(self) -> str:
        """The download's name without extension: ``2023年生态文明贵阳国际论坛 project index``, translated."""
        return _("%(edition)s project index") % {"edition": self.edition.name}


def booklet_title(edition: Edition) -> str:
    return _("%(edition)s: index of projects for investment promotion") % {"edition": edition.name}


def _top(entry: GreenIndustry) -> GreenIndustry:
    while entry.parent is not None:
        entry = entry.parent
    return entry


def build_booklet(edition: Edition, *, progress: Progress | None = None, steps_after: int = 0) -> Booklet:
    """The edition's projects grouped by level-1 industry in catalogue order, projects in code order.

    ``progress(done, total, message)`` is called every :data:`PROGRESS_EVERY` projects;
    ``total`` counts ``steps_after`` more steps for the caller's rendering.
    """
    projects = list(queries.projects_of(edition))
    total = len(projects) + steps_after
    sections: dict[int, Section] = {}
    for number, project in enumerate(projects, start=1):
        industry = _top(project.industry)
        sections.setdefault(industry.pk, Section(industry)).entries.append(Entry(project, number))
        if progress is not None and (number % PROGRESS_EVERY == 0 or number == len(projects)):
            progress(number, total, _("%(done)s of %(count)s projects read") % {"done": number, "count": len(projects)})
    ordered = sorted(sections.values(), key=lambda s: s.industry.sort_key)
    # Number the entries in the order they are printed: section by section.
    number = 0
    for section in ordered:
        for entry in section.entries:
            number += 1
            entry.number = number
    return Booklet(edition=edition, title=booklet_title(edition), sections=ordered)


# --- formats --------------------------------------------------------------------


class BookletFormat:
    identifier = ""
    extension = ""
    content_type = ""
    public = True

    def __init__(self, booklet: Booklet):
        self.booklet = booklet

    @property
    def file_name(self) -> str:
        return f"{self.booklet.base_name}.{self.extension}"

    def render(self) -> bytes:
        raise NotImplementedError


class BookletPdf(BookletFormat):
    """The printed booklet: cover, contents with page numbers, one entry per project, subtotals and totals."""

    identifier = "pdf"
    extension = "pdf"
    content_type = "application/pdf"

    def html(self) -> str:
        return render_to_string("investment/booklet/booklet.html", {"booklet": self.booklet})

    def render(self) -> bytes:
        from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: loaded only where a PDF is made

        pdf: bytes = HTML(string=self.html(), base_url=None).write_pdf()
        return pdf


class BookletWorkbook(BookletFormat):
    """The same list as a workbook: every project on one sheet with a totals row, and the subtotals by industry."""

    identifier = "xlsx"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self) -> bytes:
        from openpyxl import Workbook  # type: ignore[import-untyped]
        from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

        bold = Font(bold=True)
        head_fill = PatternFill("solid", fgColor="DDEBE1")
        amount_format = "#,##0.00"
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Projects")[:31]
        headers = [
            (_("No."), 6),
            (_("Code"), 12),
            (_("Name (Chinese)"), 36),
            (_("Name (English)"), 36),
            (_("Region"), 24),
            (_("Industry code"), 10),
            (_("Industry"), 28),
            (_("Level-1 industry"), 20),
            (_("Amount sought (10,000 yuan)"), 16),
            (_("Amount sought (100 million yuan)"), 16),
            (_("Cooperation mode"), 14),
            (_("Stage"), 14),
            (_("Owner"), 30),
            (_("Contact person"), 12),
            (_("Contact phone"), 16),
            (_("Contact email"), 24),
            (_("Summary"), 60),
        ]
        sheet.append([header for header, _width in headers])
        for column, (_header, width) in enumerate(headers, start=1):
            cell = sheet.cell(row=1, column=column)
            cell.font, cell.fill = bold, head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[cell.column_letter].width = width
        sheet.freeze_panes = "C2"
        for section in self.booklet.sections:
            for entry in section.entries:
                project = entry.project
                sheet.append(
                    [
                        entry.number,
                        project.code,
                        project.name_zh_hans,
                        project.name_en,
                        project.region,
                        project.industry.code,
                        project.industry.name,
                        section.industry.name,
                        entry.amount_wan,
                        yi(project.investment_sought),
                        project.get_cooperation_mode_display(),
                        project.get_stage_display(),
                        project.owner.name,
                        project.contact_name,
                        project.contact_phone,
                        project.contact_email,
                        project.summary,
                    ]
                )
        sheet.append(
            ["", "", pgettext("booklet", "Total"), "", "", "", "", "", self.booklet.amount_wan, self.booklet.amount_yi]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in sheet.iter_rows(min_row=2, min_col=9, max_col=10):
            for cell in row:
                cell.number_format = amount_format

        totals = workbook.create_sheet(_("By industry")[:31])
        totals.append(
            [
                _("Industry code"),
                _("Industry"),
                _("Projects"),
                _("Amount sought (10,000 yuan)"),
                _("Amount sought (100 million yuan)"),
            ]
        )
        for section in self.booklet.sections:
            totals.append(
                [section.industry.code, section.industry.name, section.count, section.amount_wan, section.amount_yi]
            )
        totals.append(
            ["", pgettext("booklet", "Total"), self.booklet.count, self.booklet.amount_wan, self.booklet.amount_yi]
        )
        for cell in totals[1]:
            cell.font, cell.fill = bold, head_fill
        for cell in totals[totals.max_row]:
            cell.font = bold
        for row in totals.iter_rows(min_row=2, min_col=4, max_col=5):
            for cell in row:
                cell.number_format = amount_format
        for letter, width in zip("ABCDE", (12, 36, 10, 18, 18), strict=True):
            totals.column_dimensions[letter].width = width

        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


FORMATS: dict[str, type[BookletFormat]] = {cls.identifier: cls for cls in (BookletPdf, BookletWorkbook)}
