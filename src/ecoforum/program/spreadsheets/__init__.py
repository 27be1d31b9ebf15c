"""The program as an Excel workbook: organizers plan in Excel, export the draft and import it back.

One sheet, one session a row, a header row whose cells start with a stable key
("code 编号"). Times are the edition's local time. An import reads and checks
every row first (values, references, permissions, conflicts with the timetable
and between rows of the file); if any row is wrong nothing changes and every
problem is reported with its row. Otherwise it applies all rows in one
transaction by composing the program's services, so the timetable rules, the
permissions and the audit log hold exactly as on the organizers' pages.
"""

from .exporting import ProgramWorkbook, export_program
from .importing import apply_plans, check_rows, import_program
from .layout import COLUMNS, CONTENT_TYPE, KEYS, MAX_UPLOAD_BYTES, Column, ImportResult, RowError
from .reading import cell_text, read_rows

__all__ = [
    "COLUMNS",
    "CONTENT_TYPE",
    "KEYS",
    "MAX_UPLOAD_BYTES",
    "Column",
    "ImportResult",
    "ProgramWorkbook",
    "RowError",
    "apply_plans",
    "cell_text",
    "check_rows",
    "export_program",
    "import_program",
    "read_rows",
]
