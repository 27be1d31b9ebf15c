"""Reading a workbook: the values of its cells and the rows below its header, never a traceback."""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ..enums import PersonRole
from .layout import (
    COLUMN_INDEX,
    COLUMNS,
    HEADER_SEARCH,
    KEYS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEETS,
    MAX_UNPACKED_BYTES,
    MAX_UPLOAD_BYTES,
    RowError,
)

DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
TIME_RE = re.compile(r"(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?")
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "x", "是", "✓"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "n", "否"})
PEOPLE_SPLIT_RE = re.compile(r"[;；\n]")


class CellError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- reading cells ----------------------------------------------------------


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    elif isinstance(value, dt.datetime | dt.date | dt.time):
        value = value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    match = DATE_RE.fullmatch(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(_("«%(value)s» is not a date; write it as YYYY-MM-DD, such as 2023-07-08.") % {"value": text})


def _minutes_to_time(minutes: int, text: str) -> dt.time:
    if not 0 <= minutes < 24 * 60:
        raise CellError(_("«%(value)s» is not a time of day; write it as HH:MM, such as 09:30.") % {"value": text})
    return dt.time(minutes // 60, minutes % 60)


def parse_time(value: Any) -> dt.time:
    """A time of day, rounded to the minute (Excel stores times as fractions of a day)."""
    text = cell_text(value)
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return _minutes_to_time(round(seconds / 60), text)
    if isinstance(value, dt.timedelta):
        return _minutes_to_time(round(value.total_seconds() / 60), text)
    match = TIME_RE.fullmatch(text)
    if match:
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        if minutes < 60 and seconds < 60:
            return _minutes_to_time(hours * 60 + minutes, text)
    raise CellError(_("«%(value)s» is not a time of day; write it as HH:MM, such as 09:30.") % {"value": text})


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("«%(value)s» is not yes or no; write TRUE or FALSE.") % {"value": text})


def parse_choice(value: Any, choices, default: str) -> str:
    text = cell_text(value).lower()
    if not text:
        return default
    if text in choices.values:
        return text
    raise CellError(_("«%(value)s» is not one of %(choices)s.") % {"value": text, "choices": ", ".join(choices.values)})


def limited_text(value: Any, limit: int) -> str:
    text = cell_text(value)
    if len(text) > limit:
        raise CellError(_("The text is longer than %(limit)s characters.") % {"limit": limit})
    return text


def parse_people(value: Any) -> list[tuple[str, str]]:
    """``slug:role; slug:role`` → ``[(slug, role)]``; the role defaults to speaker."""
    people = []
    for item in PEOPLE_SPLIT_RE.split(cell_text(value)):
        item = item.strip()
        if not item:
            continue
        slug, _sep, role = item.replace("：", ":").partition(":")
        slug, role = slug.strip(), role.strip().lower() or PersonRole.SPEAKER
        if not slug:
            raise CellError(
                _("«%(value)s» names no person; write slug:role, such as li-wei:speaker.") % {"value": item}
            )
        if role not in PersonRole.values:
            raise CellError(
                _("«%(role)s» is not a role; use one of %(choices)s.")
                % {"role": role, "choices": ", ".join(PersonRole.values)}
            )
        people.append((slug, role))
    return people


# --- reading the file -------------------------------------------------------


def _not_a_workbook() -> RowError:
    return RowError(
        None,
        None,
        _(
            "This file is not an Excel workbook (.xlsx). Save it from Excel or WPS as "
            "“Excel Workbook (.xlsx)” and upload it again."
        ),
    )


def read_rows(data: bytes) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """The filled rows below the header as ``(row number, {key: value})``, or the file's problem.

    The program is the first sheet whose header row has a ``code`` column (the first
    sheet otherwise); the header row may sit below a few title lines.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        return [], [
            RowError(
                None, None, _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        ]
    try:
        sheets = _sheets_values(data)
    except _TooLarge as exc:
        return [], [RowError(None, None, str(exc))]
    except Exception:  # openpyxl raises anything at all on a file that is not xlsx
        return [], [_not_a_workbook()]
    candidates = [_find_header(raw) for raw in sheets]
    found = next((c for c in candidates if c is not None and "code" in c[1]), None)
    if found is None:
        found = candidates[0] if candidates else None
    if found is None:
        return [], [RowError(None, None, _("The sheet is empty: it needs a header row and one row per session."))]
    body, columns = found
    missing = [key for key in KEYS if key not in columns]
    if missing:
        return [], [
            RowError(
                None,
                None,
                _(
                    "The header row lacks the columns %(columns)s. Export the program to get "
                    "a workbook with every column."
                )
                % {"columns": ", ".join(missing)},
            )
        ]
    rows = [
        (number, {key: (values[i] if i < len(values) else None) for key, i in columns.items()})
        for number, values in body
    ]
    rows = [(number, cells) for number, cells in rows if any(cell_text(v) for v in cells.values())]
    if not rows:
        return [], [RowError(None, None, _("The sheet has a header row but no sessions below it."))]
    return rows, []


class _TooLarge(Exception):
    pass


def _sheets_values(data: bytes) -> list[list[tuple]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise _TooLarge(_("The workbook is too large to import."))
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
                        raise _TooLarge(_("The sheet has more than %(count)s rows.") % {"count": MAX_ROWS})
                sheets.append(raw)
            return sheets
        finally:
            workbook.close()


def _find_header(raw: list[tuple]) -> tuple[list[tuple[int, tuple]], dict[str, int]] | None:
    """``(rows below the header, {key: column index})``: the header is the first filled row with a code column,
    among the first few; else the first filled row. ``None`` for an empty sheet."""
    numbered = [(number, values) for number, values in enumerate(raw, start=1) if any(cell_text(v) for v in values)]
    if not numbered:
        return None
    for i, (_number, values) in enumerate(numbered[:HEADER_SEARCH]):
        columns = _read_header(values)
        if "code" in columns:
            return numbered[i + 1 :], columns
    return numbered[1:], _read_header(numbered[0][1])


def _column_key(value: Any) -> str | None:
    """``"code 编号"``, ``"code"`` or ``"编号"`` → ``"code"``."""
    words = cell_text(value).split()
    if not words:
        return None
    if words[0].lower() in COLUMN_INDEX:
        return words[0].lower()
    for column in COLUMNS:
        if column.label_zh in words:
            return column.key
    return None


def _read_header(header: tuple) -> dict[str, int]:
    """``{key: column index}`` of the recognized columns; the first of two same columns wins."""
    columns: dict[str, int] = {}
    for i, value in enumerate(header):
        key = _column_key(value)
        if key is not None and key not in columns:
            columns[key] = i
    return columns
