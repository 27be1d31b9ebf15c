"""Workbooks of the guest-services desk (openpyxl), one small class per export.

- :class:`RegistrationListExport`: the registration list as filtered on the page.
  Identity data is always redacted here (its last two characters), whoever downloads it.
- :class:`InvitationLetterExport`: foreign passport holders with their full passport
  data, for the invitation letters their visas need. Only for ``services.view_identity``;
  the view records each download in the audit log (never the data).
- :class:`CodesExport`: a form's invitation codes with their uses.

The rows are built once (``rows``) and rendered by ``render``; headers carry a key and a
Chinese label (``reference 报名编号``) as the imports of ecoforum expect, texts are written
as strings so that Excel and WPS keep Chinese and leading zeros as they are.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from ecoforum.core.crypto import redact
from ecoforum.core.workbooks import CONTENT_TYPE, Column, append_row
from ecoforum.forums.models import Edition

from .models import InvitationCode, Registration, RegistrationForm


def _local(value: Any, edition: Edition) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, edition.tz).strftime("%Y-%m-%d %H:%M")


class WorkbookExport:
    """One workbook: a title row, a header row of :class:`Column`, then the rows."""

    identifier: ClassVar[str]
    sheet_title: ClassVar[str]
    columns: ClassVar[Sequence[Column]]
    content_type: ClassVar[str] = CONTENT_TYPE
    extension: ClassVar[str] = "xlsx"
    #: Never public: every export of guests is for the desk only.
    public: ClassVar[bool] = False

    def __init__(self, edition: Edition) -> None:
        self.edition = edition

    def title(self) -> str:
        return str(self.edition.name)

    def file_name(self) -> str:
        stamp = timezone.localtime(timezone.now(), self.edition.tz).strftime("%Y%m%d-%H%M")
        return f"{self.identifier}-{self.edition.slug}-{stamp}.{self.extension}"

    def rows(self) -> Iterable[list[Any]]:
        raise NotImplementedError

    def render(self, rows: Iterable[list[Any]] | None = None) -> bytes:
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
        for row in self.rows() if rows is None else rows:
            append_row(sheet, row)
        for index, column in enumerate(self.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A3"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _name(registration: Registration, language: str) -> str:
    person = registration.person
    value = getattr(person, f"name_{language}", "") or ""
    return value or person.name


def _organization(registration: Registration) -> str:
    organization = registration.person.organization
    if organization is None:
        return ""
    return getattr(organization, "name_zh_hans", "") or getattr(organization, "name_en", "") or organization.name


class RegistrationListExport(WorkbookExport):
    """The registrations the back office's filters chose; identity data redacted."""

    identifier = "registrations"
    sheet_title = "registrations"
    columns = (
        Column("reference", "报名编号", 12),
        Column("status", "状态", 16),
        Column("category", "参会类别", 16),
        Column("form", "报名表", 22),
        Column("name_zh", "中文姓名", 14),
        Column("name_en", "英文姓名", 22),
        Column("organization", "单位", 30),
        Column("email", "邮箱", 28),
        Column("phone", "手机", 18),
        Column("attendance", "参会方式", 10),
        Column("document_number", "证件号码", 20),
        Column("nationality", "国籍", 8),
        Column("date_of_birth", "出生日期", 12),
        Column("diet", "饮食", 14),
        Column("registered", "报名时间", 17),
        Column("replaces", "替换", 12),
    )

    def __init__(self, edition: Edition, registrations: Iterable[Registration]) -> None:
        super().__init__(edition)
        self.registrations = registrations

    def title(self) -> str:
        return f"{self.edition.name} · {_('Registrations')}"

    def rows(self) -> Iterable[list[Any]]:
        for r in self.registrations:
            yield [
                r.reference,
                str(r.get_status_display()),
                str(r.category.name),
                str(r.form.title),
                _name(r, "zh_hans"),
                _name(r, "en"),
                _organization(r),
                r.email,
                r.phone,
                str(r.get_attendance_display()),
                redact(r.document_number),
                redact(r.nationality),
                redact(r.date_of_birth),
                str(r.get_diet_display()) if r.diet else "",
                _local(r.created_at, self.edition),
                r.replaces.reference if r.replaces is not None else "",
            ]


class InvitationLetterExport(WorkbookExport):
    """Foreign passport holders with full passport data: for ``services.view_identity`` only, audited."""

    identifier = "invitation-letters"
    sheet_title = "invitation letters"
    columns = (
        Column("reference", "报名编号", 12),
        Column("status", "状态", 16),
        Column("name_en", "英文姓名", 24),
        Column("name_zh", "中文姓名", 14),
        Column("nationality", "国籍", 8),
        Column("passport_number", "护照号码", 16),
        Column("date_of_birth", "出生日期", 12),
        Column("organization", "单位", 30),
        Column("position", "职务", 24),
        Column("email", "邮箱", 28),
        Column("category", "参会类别", 16),
    )

    def __init__(self, edition: Edition, registrations: Sequence[Registration]) -> None:
        super().__init__(edition)
        self.registrations = registrations

    def title(self) -> str:
        return f"{self.edition.name} · {_('Invitation letters')}"

    def references(self) -> list[str]:
        return [r.reference for r in self.registrations]

    def rows(self) -> Iterable[list[Any]]:
        for r in self.registrations:
            person = r.person
            yield [
                r.reference,
                str(r.get_status_display()),
                _name(r, "en"),
                _name(r, "zh_hans"),
                r.nationality,
                r.document_number,
                r.date_of_birth,
                _organization(r),
                getattr(person, "position_en", "") or person.position,
                r.email,
                str(r.category.name),
            ]


class CodesExport(WorkbookExport):
    """A form's invitation codes with their uses."""

    identifier = "codes"
    sheet_title = "codes"
    columns = (
        Column("code", "邀请码", 14),
        Column("uses", "已用", 8),
        Column("max_uses", "可用次数", 10),
        Column("expires", "有效期至", 17),
        Column("note", "备注", 32),
        Column("created", "生成时间", 17),
    )

    def __init__(self, edition: Edition, form: RegistrationForm, codes: Iterable[InvitationCode]) -> None:
        super().__init__(edition)
        self.form = form
        self.codes = codes

    def title(self) -> str:
        return f"{self.edition.name} · {self.form.title} · {_('Invitation codes')}"

    def file_name(self) -> str:
        return f"codes-{self.edition.slug}-{self.form.slug}.xlsx"

    def rows(self) -> Iterable[list[Any]]:
        for code in self.codes:
            yield [
                code.code,
                code.uses,
                code.max_uses,
                _local(code.expires_at, self.edition),
                code.note,
                _local(code.created_at, self.edition),
            ]
