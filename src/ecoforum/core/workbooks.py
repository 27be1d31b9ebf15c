"""Reading an uploaded Excel workbook into keyed rows, never a traceback; writing rows safely.

Every import of ecoforum (the program, the project index …) reads a sheet whose
header row names its columns with a stable key and, optionally, a Chinese label
("code 编号"). This module turns the bytes of an upload into
``(row number, {key: value})`` pairs, or into one message that says what is
wrong with the file as a whole; each app then checks its own rows.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Limits that keep a hostile file from taking the server down.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 3000
MAX_COLUMNS = 64
MAX_SHEETS = 10
#: How many filled rows at the top of a sheet may come before the header row (titles, notes).
HEADER_SEARCH = 5

Rows = list[tuple[int, dict[str, Any]]]


@dataclass(frozen=True)
class RowError:
    """One problem of an import: its row and column (``None`` for the whole file) and what is wrong."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("row %(row)s: %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    """What an import did (the items' codes or names), or why it did nothing (``errors``)."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    #: For a changed item, the columns that change.
    changed_columns: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Column:
    key: str
    label_zh: str
    width: int = 14

    @property
    def header(self) -> str:
        return f"{self.key} {self.label_zh}"


class CellError(Exception):
    """A cell's value cannot be used; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WorkbookProblem(Exception):
    """The file as a whole cannot be read as the expected workbook; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    elif isinstance(value, dt.datetime | dt.date | dt.time):
        value = value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def limited_text(value: Any, limit: int) -> str:
    text = cell_text(value)
    if len(text) > limit:
        raise CellError(_("The text is longer than %(limit)s characters.") % {"limit": limit})
    return text


def read_rows(
    data: bytes,
    columns: Sequence[Column],
    *,
    empty_message: str,
    no_rows_message: str,
    missing_hint: str = "",
) -> Rows:
    """The filled rows below the header as ``(row number, {key: value})``.

    The sheet read is the first whose header row has a ``code`` column (the first
    sheet otherwise); the header may sit below a few title lines. Raises
    :class:`WorkbookProblem` for a file that is too large, not a workbook, empty,
    or missing columns.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise WorkbookProblem(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    try:
        sheets = _sheets_values(data)
    except WorkbookProblem:
        raise
    except Exception as exc:  # openpyxl raises anything at all on a file that is not xlsx
        raise WorkbookProblem(
            _(
                "This file is not an Excel workbook (.xlsx). Save it from Excel or WPS as "
                "“Excel Workbook (.xlsx)” and upload it again."
            )
        ) from exc
    candidates = [_find_header(raw, columns) for raw in sheets]
    found = next((c for c in candidates if c is not None and "code" in c[1]), None)
    if found is None:
        found = candidates[0] if candidates else None
    if found is None:
        raise WorkbookProblem(empty_message)
    body, index = found
    missing = [column.key for column in columns if column.key not in index]
    if missing:
        message = _("The header row lacks the columns %(columns)s.") % {"columns": ", ".join(missing)}
        raise WorkbookProblem(f"{message} {missing_hint}".strip())
    rows = [
        (number, {key: (values[i] if i < len(values) else None) for key, i in index.items()}) for number, values in body
    ]
    rows = [(number, cells) for number, cells in rows if any(cell_text(v) for v in cells.values())]
    if not rows:
        raise WorkbookProblem(no_rows_message)
    return rows


def _sheets_values(data: bytes) -> list[list[tuple]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise WorkbookProblem(_("The workbook is too large to import."))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Excel and WPS extensions that openpyxl does not know
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = []
            for sheet in workbook.worksheets[:MAX_SHEETS]:
                raw: list[tuple] = []
                for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                    raw.append(values)
                    if len(raw) > MAX_ROWS + HEADER_SEARCH:
                        raise WorkbookProblem(_("The sheet has more than %(count)s rows.") % {"count": MAX_ROWS})
                sheets.append(raw)
            return sheets
        finally:
            workbook.close()


def _find_header(raw: list[tuple], columns: Sequence[Column]) -> tuple[list[tuple[int, tuple]], dict[str, int]] | None:
    """``(rows below the header, {key: column index})``: the header is the first filled row with a code
    column among the first few, else the first filled row. ``None`` for an empty sheet."""
    numbered = [(number, values) for number, values in enumerate(raw, start=1) if any(cell_text(v) for v in values)]
    if not numbered:
        return None
    for i, (_number, values) in enumerate(numbered[:HEADER_SEARCH]):
        index = _read_header(values, columns)
        if "code" in index:
            return numbered[i + 1 :], index
    return numbered[1:], _read_header(numbered[0][1], columns)


def _column_key(value: Any, columns: Sequence[Column]) -> str | None:
    """``"code 编号"``, ``"code"`` or ``"编号"`` → ``"code"``."""
    words = cell_text(value).split()
    if not words:
        return None
    keys = {column.key for column in columns}
    if words[0].lower() in keys:
        return words[0].lower()
    for column in columns:
        if column.label_zh in words:
            return column.key
    return None


def _read_header(header: tuple, columns: Sequence[Column]) -> dict[str, int]:
    """``{key: column index}`` of the recognized columns; the first of two same columns wins."""
    index: dict[str, int] = {}
    for i, value in enumerate(header):
        key = _column_key(value, columns)
        if key is not None and key not in index:
            index[key] = i
    return index


# --- writing ------------------------------------------------------------------------------------

#: A text starting with one of these would be read by a spreadsheet as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
#: Characters XML 1.0 forbids, which openpyxl refuses beyond its own list (U+FFFE, U+FFFF).
NONCHARACTERS = str.maketrans("", "", "\ufffe\uffff")


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """Append one row to an openpyxl sheet so that no text runs as a formula and no character that
    Excel refuses breaks the file: texts are stored as text cells, verbatim otherwise."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    sheet.append(
        [ILLEGAL_CHARACTERS_RE.sub("", v).translate(NONCHARACTERS) if isinstance(v, str) else v for v in values]
    )
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
