"""The project index as an Excel workbook: organizers import the booklet's list of projects.

One sheet, one project a row, a header row whose cells start with a stable key
("code 编号"). Amounts are in 万元 (10,000 yuan), as the booklet writes them, and
stored in yuan. An import reads and checks every row first (values, catalogue
codes, owners, codes repeated in the file); if any row is wrong nothing changes
and every problem is reported as ``row N: column: reason``. Otherwise it applies
all rows in one durable transaction through ``services.add_project`` and
``services.change_project``, so the rules and the audit log hold as everywhere.
A project is matched by its code: importing the same file twice changes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ecoforum.core import workbooks
from ecoforum.core.audit import diff, log_action, snapshot
from ecoforum.core.money import WAN
from ecoforum.core.workbooks import (
    CellError,
    Column,
    ImportResult,
    RowError,
    Rows,
    WorkbookProblem,
    cell_text,
    limited_text,
)
from ecoforum.forums.models import Edition
from ecoforum.people.models import Organization

from . import services
from .enums import COOPERATION_WORDS, STAGE_WORDS, CooperationMode, ProjectStage
from .exceptions import InvestmentError
from .models import GreenIndustry, InvestmentProject

COLUMNS: tuple[Column, ...] = (
    Column("code", "编号"),
    Column("name_zh", "项目名称"),
    Column("name_en", "英文名称"),
    Column("summary_zh", "项目简介"),
    Column("summary_en", "英文简介"),
    Column("province", "省"),
    Column("city", "市（州）"),
    Column("county", "县（区）"),
    Column("industry_code", "绿色产业目录代码"),
    Column("amount", "拟引资金额（万元）"),
    Column("cooperation_mode", "合作方式"),
    Column("stage", "项目阶段"),
    Column("owner", "业主单位"),
    Column("contact_name", "联系人"),
    Column("contact_phone", "联系电话"),
    Column("contact_email", "电子邮箱"),
)
KEYS = tuple(column.key for column in COLUMNS)
#: The largest amount an ``AmountField`` holds: 16 digits of yuan.
MAX_YUAN = Decimal(10) ** 16


# --- result -----------------------------------------------------------------


# --- reading cells ----------------------------------------------------------


def parse_amount(value: Any) -> Decimal:
    """万元 in the cell → yuan, to the fen: ``5000`` → ``Decimal("50000000.00")``."""
    text = cell_text(value)
    problem = _("«%(value)s» is not an amount in 万元 (10,000 yuan); write a number such as 5000.") % {"value": text}
    if isinstance(value, bool):
        raise CellError(problem)
    if isinstance(value, float):
        value = repr(value)  # the shortest decimal that is this float: 1.1 stays 1.1
    try:
        wan = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise CellError(problem) from None
    if not wan.is_finite():
        raise CellError(problem)
    too_small = CellError(_("The amount sought must be more than zero, not %(value)s.") % {"value": text})
    if wan <= 0:
        raise too_small
    # Compared before rounding: a huge number (1e400) has too many digits to round to the fen.
    if wan >= MAX_YUAN / WAN:
        raise CellError(_("«%(value)s» 万元 is more than ecoforum can hold.") % {"value": text})
    yuan = (wan * WAN).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if yuan <= 0:
        raise too_small
    return yuan


def parse_word(value: Any, choices, words: dict[str, str], default: str, what: str) -> str:
    """A value (``ppp``), its label in either language or a word of the booklet (``合资``); empty is ``default``."""
    text = cell_text(value)
    if not text:
        return default
    key = text.casefold()
    if key in choices.values:
        return key
    if key in words:
        return words[key]
    for choice, label in choices.choices:
        if key == str(label).casefold():
            return choice
    accepted = [word for word in words if words[word] in choices.values]
    first = {}
    for word in accepted:
        first.setdefault(words[word], word)
    raise CellError(
        _("«%(value)s» is not a %(what)s; use one of %(choices)s.")
        % {"value": text, "what": what, "choices": ", ".join(first.get(v, v) for v in choices.values)}
    )


# --- reading the file -------------------------------------------------------


def read_rows(data: bytes) -> tuple[Rows, list[RowError]]:
    """The filled rows below the header as ``(row number, {key: value})``, or the file's problem."""
    try:
        rows = workbooks.read_rows(
            data,
            COLUMNS,
            empty_message=_("The sheet is empty: it needs a header row and one row per project."),
            no_rows_message=_("The sheet has a header row but no projects below it."),
        )
    except WorkbookProblem as problem:
        return [], [RowError(None, None, problem.message)]
    return rows, []


# --- checking the rows ------------------------------------------------------


@dataclass
class _Plan:
    """What one row asks for, resolved against the database."""

    row: int
    code: str
    fields: dict[str, Any]
    project: InvestmentProject | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def _name_key(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


class _Lookup:
    """Everything the rows refer to, read in a few queries."""

    def __init__(self, edition: Edition, rows: list[tuple[int, dict[str, Any]]]):
        self.industries = {entry.code: entry for entry in GreenIndustry.objects.all()}
        names = {_name_key(cell_text(cells["owner"])) for _number, cells in rows} - {""}
        self.owners: dict[str, list[Organization]] = {}
        for organization in Organization.objects.all().only("pk", "name_zh_hans", "name_en"):
            for name in {_name_key(organization.name_zh_hans), _name_key(organization.name_en)} & names:
                self.owners.setdefault(name, []).append(organization)
        codes = {cell_text(cells["code"]) for _number, cells in rows}
        self.projects = {
            p.code: p
            for p in InvestmentProject.objects.filter(edition=edition, code__in=codes).select_related(
                "industry", "owner"
            )
        }


def _plan_row(number: int, cells: dict[str, Any], lookup: _Lookup, problems: list[RowError]) -> _Plan | None:
    failed = False

    def fail(column: str, message: str) -> None:
        nonlocal failed
        problems.append(RowError(number, column, message))
        failed = True

    def read(key, parse, *args):
        try:
            return parse(cells[key], *args)
        except CellError as exc:
            fail(key, exc.message)
            return None

    code = read("code", limited_text, 40)
    if code == "":
        fail("code", _("Every project needs a code, such as GZ-001."))
    fields: dict[str, Any] = {
        "name_zh_hans": read("name_zh", limited_text, 300),
        "name_en": read("name_en", limited_text, 300),
        "summary_zh_hans": read("summary_zh", cell_text),
        "summary_en": read("summary_en", cell_text),
        "province": read("province", limited_text, 50),
        "city": read("city", limited_text, 50),
        "county": read("county", limited_text, 50),
        "investment_sought": read("amount", parse_amount),
        "currency": "CNY",
        "cooperation_mode": read(
            "cooperation_mode",
            parse_word,
            CooperationMode,
            COOPERATION_WORDS,
            CooperationMode.OTHER,
            _("cooperation mode"),
        ),
        "stage": read("stage", parse_word, ProjectStage, STAGE_WORDS, ProjectStage.PLANNING, _("project stage")),
        "contact_name": read("contact_name", limited_text, 100),
        "contact_phone": read("contact_phone", limited_text, 40),
        "contact_email": read("contact_email", limited_text, 254),
    }
    if fields["name_zh_hans"] == "":
        fail("name_zh", _("Every project needs a Chinese name."))
    if fields["province"] == "":
        fail("province", _("Every project needs a province, such as 贵州省."))
    if fields["contact_email"]:
        try:
            validate_email(fields["contact_email"])
        except ValidationError:
            fail("contact_email", _("«%(value)s» is not an email address.") % {"value": fields["contact_email"]})

    industry_code = cell_text(cells["industry_code"])
    industry = lookup.industries.get(industry_code)
    if not industry_code:
        fail("industry_code", _("Every project needs a code of the Green Industry Guidance Catalogue, such as 1.1.1."))
    elif industry is None:
        fail(
            "industry_code",
            _("«%(value)s» is not a code of the Green Industry Guidance Catalogue (2019).") % {"value": industry_code},
        )
    elif industry.level != 3:
        fail(
            "industry_code",
            _("«%(value)s» %(name)s is not a level-3 entry of the catalogue; use a code such as 1.1.1.")
            % {"value": industry_code, "name": industry.name},
        )
    fields["industry"] = industry

    owner_name = cell_text(cells["owner"])
    owners = lookup.owners.get(_name_key(owner_name), [])
    if not owner_name:
        fail("owner", _("Every project needs its owner organization."))
    elif not owners:
        fail(
            "owner",
            _("No organization is named «%(value)s»; add it in the back office first.") % {"value": owner_name},
        )
    elif len(owners) > 1:
        fail(
            "owner",
            _("Several organizations are named «%(value)s»; give them distinct names first.") % {"value": owner_name},
        )
    fields["owner"] = owners[0] if len(owners) == 1 else None

    if failed or code is None:
        return None
    plan = _Plan(number, code, fields, project=lookup.projects.get(code))
    if plan.project is not None:
        changed = diff(snapshot(plan.project, list(fields)), fields)
        plan.changes = {name: fields[name] for name in changed}
    return plan


def check_rows(edition: Edition, rows: list[tuple[int, dict[str, Any]]]) -> tuple[list[_Plan], list[RowError]]:
    """A plan for each row, or every problem of every row."""
    lookup = _Lookup(edition, rows)
    problems: list[RowError] = []
    plans: list[_Plan] = []
    first_row: dict[str, int] = {}
    for number, cells in rows:
        code = cell_text(cells["code"])
        if code and code in first_row:
            problems.append(
                RowError(
                    number,
                    "code",
                    _("The code %(code)s is already used in row %(row)s.") % {"code": code, "row": first_row[code]},
                )
            )
            continue
        if code:
            first_row[code] = number
        plan = _plan_row(number, cells, lookup, problems)
        if plan is not None:
            plans.append(plan)
    order = {key: i for i, key in enumerate(KEYS)}
    problems.sort(key=lambda e: (e.row or 0, order.get(e.column or "", len(order))))
    return plans, problems


# --- applying ---------------------------------------------------------------


def apply_plans(edition: Edition, plans: list[_Plan], *, actor, filename: str = "") -> list[RowError]:
    """Create and change the projects in one durable transaction; any error rolls all of it back."""
    errors: list[RowError] = []
    with transaction.atomic(durable=True):
        for plan in plans:
            try:
                with transaction.atomic():
                    if plan.project is None:
                        services.add_project(edition, actor=actor, code=plan.code, **plan.fields)
                    elif plan.changes:
                        services.change_project(plan.project, actor=actor, **plan.changes)
            except (InvestmentError, IntegrityError) as exc:
                errors.append(RowError(plan.row, None, str(getattr(exc, "message", exc))))
        if errors:
            transaction.set_rollback(True)
        elif any(plan.project is None or plan.changes for plan in plans):
            log_action(
                edition,
                "investment.projects.imported",
                actor=actor,
                edition_id=edition.pk,
                data={
                    "file": filename,
                    "created": [p.code for p in plans if p.project is None],
                    "changed": [p.code for p in plans if p.project is not None and p.changes],
                },
            )
    return errors


#: Which column of the workbook writes each field a plan changes.
FIELD_COLUMNS = {
    "name_zh_hans": "name_zh",
    "name_en": "name_en",
    "summary_zh_hans": "summary_zh",
    "summary_en": "summary_en",
    "investment_sought": "amount",
    "industry": "industry_code",
}


def _result(plans: list[_Plan]) -> ImportResult:
    return ImportResult(
        created=[p.code for p in plans if p.project is None],
        changed=[p.code for p in plans if p.project is not None and p.changes],
        unchanged=[p.code for p in plans if p.project is not None and not p.changes],
        changed_columns={
            p.code: [FIELD_COLUMNS.get(name, name) for name in p.changes] for p in plans if p.project and p.changes
        },
    )


def preview_projects(edition: Edition, data: bytes) -> ImportResult:
    """What :func:`import_projects` would do with this workbook, or every problem of it; nothing is saved."""
    rows, problems = read_rows(data)
    if problems:
        return ImportResult(errors=problems)
    plans, problems = check_rows(edition, rows)
    if problems:
        return ImportResult(errors=problems)
    return _result(plans)


def import_projects(edition: Edition, data: bytes, *, actor, filename: str = "") -> ImportResult:
    """Read, check and apply a workbook of projects. Never raises for what the file holds."""
    rows, problems = read_rows(data)
    if problems:
        return ImportResult(errors=problems)
    plans, problems = check_rows(edition, rows)
    if problems:
        return ImportResult(errors=problems)
    errors = apply_plans(edition, plans, actor=actor, filename=filename)
    if errors:
        return ImportResult(errors=errors)
    return _result(plans)


#: The example row of the template workbook.
EXAMPLE_ROW: dict[str, Any] = {
    "code": "GZ-001",
    "name_zh": "都匀市生活垃圾焚烧发电项目",
    "name_en": "Duyun waste-to-energy plant",
    "summary_zh": "日处理生活垃圾600吨，配套建设余热发电机组。",
    "summary_en": "A 600-tonne-a-day waste incineration plant with a power unit.",
    "province": "贵州省",
    "city": "黔南州",
    "county": "都匀市",
    "industry_code": "1.7.3",
    "amount": 50000,
    "cooperation_mode": "合资",
    "stage": "可研",
    "owner": "都匀市城市建设投资有限公司",
    "contact_name": "张三",
    "contact_phone": "0854-0000000",
    "contact_email": "invest@example.org",
}


def template_workbook() -> bytes:
    """An empty project index to fill in: the header row (key and Chinese label) and one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "projects 项目"
    sheet.append([column.header for column in COLUMNS])
    sheet.append([EXAMPLE_ROW.get(column.key, "") for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBE1")
        sheet.column_dimensions[cell.column_letter].width = max(column.width, len(column.header) + 4)
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
