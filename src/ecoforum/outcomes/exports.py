"""Workbooks of the outcomes (openpyxl): the list as filtered on the dashboard, and the overdue list.

One small class per export; the rows are built once (``rows``) and rendered by ``render``. Headers carry a
key and a Chinese label (``code 编号``) as ecoforum's workbooks do, and the title row is Chinese (the
organizers' working language), whatever the language of the page; texts go in as text cells
(``core.workbooks.append_row``), so that no title runs as a formula and Chinese stays as it is.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any, ClassVar

from django.utils import timezone
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from ecoforum.core.workbooks import CONTENT_TYPE, Column, append_row
from ecoforum.forums.models import Edition

from .queries import OutcomeRow

#: Fills of the status cell, by status.
STATUS_FILLS = {"red": "FDECEA", "yellow": "FFF3D6", "green": "E3F1E6", "done": "C4E6CF", "abandoned": "EAF0EB"}


def _name(item: Any, field: str = "name") -> str:
    if item is None:
        return ""
    return str(getattr(item, f"{field}_zh_hans", "") or getattr(item, f"{field}_en", "") or getattr(item, field, ""))


def _edition_name(edition: Edition) -> str:
    return str(getattr(edition, "name_zh_hans", "") or edition.name)


class WorkbookExport:
    """One sheet: a title row, a header row of :class:`Column`, then one row per outcome."""

    identifier: ClassVar[str]
    sheet_title: ClassVar[str]
    columns: ClassVar[Sequence[Column]] = (
        Column("code", "编号", 14),
        Column("kind", "类型", 14),
        Column("title_zh", "成果名称", 40),
        Column("title_en", "英文名称", 36),
        Column("status", "状态", 10),
        Column("days_late", "逾期天数", 10),
        Column("next_stage", "下一节点", 16),
        Column("next_planned", "计划日期", 12),
        Column("responsible_unit", "责任单位", 30),
        Column("contacts", "联系人", 30),
        Column("industry", "产业", 24),
        Column("region", "地区", 16),
        Column("signed_amount", "签约金额", 16),
        Column("currency", "币种", 8),
        Column("landed_amount", "到资金额", 16),
    )
    content_type: ClassVar[str] = CONTENT_TYPE
    extension: ClassVar[str] = "xlsx"
    public: ClassVar[bool] = False

    def __init__(self, edition: Edition, rows: list[OutcomeRow], *, today: dt.date) -> None:
        self.edition = edition
        self.outcome_rows = rows
        self.today = today
        self.row_count = 0

    def title(self) -> str:
        raise NotImplementedError

    def file_name(self) -> str:
        stamp = timezone.localtime(timezone.now(), self.edition.tz).strftime("%Y%m%d-%H%M")
        return f"{self.identifier}-{self.edition.slug}-{stamp}.{self.extension}"

    def rows(self) -> list[list[Any]]:
        out = []
        for row in self.outcome_rows:
            outcome = row.outcome
            stages = list(outcome.stages.all())
            funds = next((s for s in stages if s.kind == "funds_in" and s.actual_on is not None), None)
            nxt = row.next_stage
            out.append(
                [
                    outcome.code,
                    str(outcome.get_kind_display()),
                    outcome.title_zh_hans or outcome.title,
                    outcome.title_en or "",
                    str(row.status.label),
                    row.days_late or None,
                    str(nxt) if nxt is not None else "",
                    nxt.planned_on if nxt is not None else None,
                    _name(outcome.responsible_unit),
                    "、".join(
                        f"{person.name}{f' <{person.email}>' if person.email else ''}"
                        for person in outcome.contacts.all()
                    ),
                    _name(outcome.industry),
                    " ".join(part for part in (outcome.province, outcome.city) if part),
                    outcome.signed_amount,
                    outcome.currency,
                    funds.actual_amount if funds is not None else None,
                ]
            )
        return out

    def render(self) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.sheet_title[:31]
        sheet.append([self.title()])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([column.header for column in self.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E3F1E6")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        status_column = [c.key for c in self.columns].index("status") + 1
        rows = self.rows()
        for values, row in zip(rows, self.outcome_rows, strict=True):
            append_row(sheet, values)
            cell = sheet.cell(row=sheet.max_row, column=status_column)
            cell.fill = PatternFill("solid", fgColor=STATUS_FILLS.get(str(row.status), "FFFFFF"))
        for row_cells in sheet.iter_rows(min_row=3):
            for cell in row_cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for index, column in enumerate(self.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A3"
        self.row_count = len(rows)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class OutcomeListExport(WorkbookExport):
    """The outcomes as filtered on the list page."""

    identifier = "outcomes"
    sheet_title = "成果"

    def title(self) -> str:
        return f"{_edition_name(self.edition)} · 成果清单（{self.today.isoformat()}）"


class OverdueExport(WorkbookExport):
    """The red outcomes, the latest first."""

    identifier = "outcomes-overdue"
    sheet_title = "逾期成果"

    def title(self) -> str:
        return f"{_edition_name(self.edition)} · 逾期成果（{self.today.isoformat()}）"
