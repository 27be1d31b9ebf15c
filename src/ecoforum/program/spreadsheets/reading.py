"""Reading a workbook: the values of its cells and the rows below its header, never a traceback."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from ecoforum.core import workbooks
from ecoforum.core.workbooks import CellError, Rows, WorkbookProblem, cell_text, limited_text

from ..enums import PersonRole
from .layout import COLUMNS, RowError

__all__ = ["CellError", "cell_text", "limited_text", "read_rows"]

DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
TIME_RE = re.compile(r"(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?")
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "x", "是", "✓"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "n", "否"})
PEOPLE_SPLIT_RE = re.compile(r"[;；\n]")


# --- reading cells ----------------------------------------------------------


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


def read_rows(data: bytes) -> tuple[Rows, list[RowError]]:
    """The filled rows below the header as ``(row number, {key: value})``, or the file's problem."""
    try:
        rows = workbooks.read_rows(
            data,
            COLUMNS,
            empty_message=_("The sheet is empty: it needs a header row and one row per session."),
            no_rows_message=_("The sheet has a header row but no sessions below it."),
            missing_hint=_("Export the program to get a workbook with every column."),
        )
    except WorkbookProblem as problem:
        return [], [RowError(None, None, problem.message)]
    return rows, []
