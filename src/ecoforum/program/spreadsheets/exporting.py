"""Writing the draft program as a workbook that the import reads back."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ecoforum.core.workbooks import append_row
from ecoforum.forums.models import Edition
from ecoforum.people.models import Person

from .. import queries
from ..enums import PersonRole, SessionKind, SessionLanguage
from .layout import COLUMN_INDEX, COLUMNS, CONTENT_TYPE, KEYS

# --- export -----------------------------------------------------------------


def _write_row(sheet, values: list[Any]) -> None:
    append_row(sheet, values)  # a title that starts with "=" is text, never a formula


class ProgramWorkbook:
    """The draft program as an Excel workbook, in the layout :func:`import_program` reads."""

    identifier = "xlsx"
    content_type = CONTENT_TYPE
    public = False

    def __init__(self, edition: Edition, *, user=None):
        self.edition = edition
        self.user = user

    @property
    def filename(self) -> str:
        return f"{self.edition.slug}-program-draft.xlsx"

    def rows(self) -> list[list[Any]]:
        """One row a session, in the order of the timetable (unscheduled sessions last)."""
        tz = self.edition.tz
        rows = []
        for session in queries.draft_sessions(self.edition, user=self.user):
            slot = session.draft_slots[0] if session.draft_slots else None
            start = slot.start.astimezone(tz) if slot and slot.start else None
            end = slot.end.astimezone(tz) if slot and slot.end else None
            room = slot.room if slot else None
            values = {
                "code": session.code,
                "kind": session.kind,
                "theme_forum": session.theme_forum.slug if session.theme_forum else "",
                "title_zh": session.title_zh_hans or "",
                "title_en": session.title_en or "",
                "abstract_zh": session.abstract_zh_hans or "",
                "abstract_en": session.abstract_en or "",
                "date": start.date() if start else None,
                "start": start.time().replace(tzinfo=None) if start else None,
                "end": end.time().replace(tzinfo=None) if end else None,
                "room": (room.name_zh_hans or room.name_en) if room else "",
                "language": session.language,
                "online": session.is_online,
                "online_url": session.online_url,
                "people": "; ".join(f"{r.person.slug}:{r.role}" for r in session.roles.all()),
            }
            order = (
                start is None,
                start or dt.datetime.min.replace(tzinfo=tz),
                room.order if room else 0,
                session.code,
            )
            rows.append((order, [values[key] for key in KEYS]))
        return [values for _order, values in sorted(rows, key=lambda item: item[0])]

    def render(self) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "program 日程"
        sheet.append([column.header for column in COLUMNS])
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="E3F1E6")
        for cell, column in zip(sheet[1], COLUMNS, strict=True):
            cell.font, cell.fill = bold, fill
            sheet.column_dimensions[cell.column_letter].width = column.width
        sheet.freeze_panes = "B2"
        for values in self.rows():
            _write_row(sheet, values)
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in sheet.iter_rows(min_row=2):
            row[COLUMN_INDEX["date"]].number_format = "yyyy-mm-dd"
            row[COLUMN_INDEX["start"]].number_format = "hh:mm"
            row[COLUMN_INDEX["end"]].number_format = "hh:mm"
            for key in ("abstract_zh", "abstract_en"):
                row[COLUMN_INDEX[key]].alignment = wrap
        last = max(sheet.max_row, 500)
        for key, choices in (("kind", SessionKind), ("language", SessionLanguage)):
            letter = sheet.cell(row=1, column=COLUMN_INDEX[key] + 1).column_letter
            validation = DataValidation(type="list", formula1='"' + ",".join(choices.values) + '"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
        self._reference(workbook.create_sheet("reference 参考"), bold)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def _reference(self, sheet, bold: Font) -> None:
        """Rooms, theme forums, people and the allowed values, to copy from."""
        blocks = [
            (
                "rooms 会场",
                ["name_zh 中文名", "name_en 英文名", "venue 场馆", "seats 座位"],
                [[r.name_zh_hans, r.name_en, str(r.venue), r.capacity] for r in queries.rooms_of(self.edition)],
            ),
            (
                "theme forums 主题论坛",
                ["slug 代号", "title_zh 中文标题", "title_en 英文标题"],
                [[f.slug, f.title_zh_hans, f.title_en] for f in queries.forums_to_manage(self.edition, None)],
            ),
            (
                "people 嘉宾",
                ["slug 代号", "name_zh 中文名", "name_en 英文名", "organization 机构"],
                [
                    [p.slug, p.name_zh_hans, p.name_en, str(p.organization or "")]
                    for p in Person.objects.select_related("organization").order_by("slug")
                ],
            ),
            ("kind 类型", ["value 取值", "meaning 含义"], [[v, str(label)] for v, label in SessionKind.choices]),
            (
                "language 语言",
                ["value 取值", "meaning 含义"],
                [[v, str(label)] for v, label in SessionLanguage.choices],
            ),
            (
                "people roles 嘉宾角色",
                ["value 取值", "meaning 含义"],
                [[v, str(label)] for v, label in PersonRole.choices],
            ),
        ]
        for title, header, rows in blocks:
            _write_row(sheet, [title])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=13)
            _write_row(sheet, header)
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for values in rows:
                _write_row(sheet, values)
            sheet.append([])
        for letter, width in zip("ABCD", (24, 36, 36, 30), strict=True):
            sheet.column_dimensions[letter].width = width


def export_program(edition: Edition, *, user=None) -> ProgramWorkbook:
    return ProgramWorkbook(edition, user=user)
