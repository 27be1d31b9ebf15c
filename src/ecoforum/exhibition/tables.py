"""Reading an uploaded CSV table into keyed rows, the way ``core.workbooks.read_rows`` reads a workbook.

Spreadsheets saved as CSV in China come as UTF-8, UTF-8 with a byte-order mark (Excel's "CSV UTF-8")
or GBK (Excel's plain "CSV" on a Chinese Windows). :func:`decode_csv` takes any of the three;
:func:`read_csv_rows` gives ``(row number, {key: value})`` pairs, the header being row 1, and
raises :class:`~ecoforum.core.workbooks.WorkbookProblem` for a file that cannot be read as a whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _

from ecoforum.core.workbooks import MAX_COLUMNS, MAX_ROWS, MAX_UPLOAD_BYTES, Column, Rows, WorkbookProblem

#: Tried in this order; GB 18030 reads all of GBK (and GB 2312).
ENCODINGS = ("utf-8-sig", "gb18030")


def decode_csv(data: bytes) -> str:
    """The text of a CSV file in UTF-8 (with or without BOM) or GBK."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorkbookProblem(_("This CSV file is neither UTF-8 nor GBK text. Save it as “CSV UTF-8” and upload it again."))


def looks_like_xlsx(data: bytes) -> bool:
    """An .xlsx file is a zip archive."""
    return data[:4] == b"PK\x03\x04"


def _key(header: str, columns: Sequence[Column]) -> str | None:
    text = header.strip().lower()
    for column in columns:
        if text in (column.key, column.label_zh.lower(), column.header.lower()) or text.split(" ")[0] == column.key:
            return column.key
    return None


def read_csv_rows(
    data: bytes,
    columns: Sequence[Column],
    *,
    empty_message: str,
    no_rows_message: str,
    missing_hint: str = "",
) -> Rows:
    """The filled rows below the header row (row 1) as ``(row number, {key: text})``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise WorkbookProblem(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    text = decode_csv(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        raw = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise WorkbookProblem(_("This CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    numbered = [(number, row) for number, row in enumerate(raw, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise WorkbookProblem(empty_message)
    if len(numbered) > MAX_ROWS + 1 or any(len(row) > MAX_COLUMNS for _number, row in numbered):
        raise WorkbookProblem(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
    index: dict[str, int] = {}
    for i, cell in enumerate(numbered[0][1]):
        key = _key(cell, columns)
        if key is not None and key not in index:
            index[key] = i
    missing = [column.key for column in columns if column.key not in index]
    if missing:
        message = _("The header row lacks the columns %(columns)s.") % {"columns": ", ".join(missing)}
        raise WorkbookProblem(f"{message} {missing_hint}".strip())
    rows = [
        (number, {key: (values[i].strip() if i < len(values) else "") for key, i in index.items()})
        for number, values in numbered[1:]
    ]
    if not rows:
        raise WorkbookProblem(no_rows_message)
    return rows
