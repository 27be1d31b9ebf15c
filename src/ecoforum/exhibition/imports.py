"""Importing the exhibitors of an edition from an Excel workbook (.xlsx) or a CSV file.

The header row names each column by its key and/or its Chinese label
("name_zh 企业名称", "name_zh" or "企业名称"). MIIT's green-factory list imports as it is:
工厂名称 is the name, 地区 the region, 行业 the industry as the list words it (kept in the
Chinese description while the file has no description of its own). CSV bytes may be UTF-8
(with or without BOM) or GBK/GB18030, as Excel writes them in China.

Every row is read and checked first: a problem anywhere means nothing changes, and each is
reported as ``row N: column: reason``. Otherwise all rows are applied in one durable
transaction with bulk queries (a few queries for the whole file, not a few per row) and one
audit entry. An exhibitor is matched by its organization (found by name, created otherwise)
within the edition, so importing the same file twice changes nothing. Only the columns the
file has are written: a file without tags leaves the tags as they are.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.workbooks import Column, ImportResult, RowError, Rows, WorkbookProblem, cell_text
from ecoforum.forums.models import Edition
from ecoforum.investment.models import GreenIndustry
from ecoforum.people.enums import OrganizationKind
from ecoforum.people.models import Organization

from .models import Exhibitor
from .regions import normalize_region
from .tables import decode_csv

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 80 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 64
HEADER_SEARCH = 5
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS: tuple[Column, ...] = (
    Column("name_zh", "企业名称", 30),
    Column("name_en", "英文名称", 30),
    Column("region", "省份"),
    Column("city", "城市"),
    Column("country", "国家"),
    Column("industries", "绿色产业目录代码", 18),
    Column("tags", "标签", 18),
    Column("website", "网址", 24),
    Column("description_zh", "简介", 40),
    Column("description_en", "英文简介", 40),
    Column("industry_text", "行业"),
)
KEYS = tuple(column.key for column in COLUMNS)
#: Other headers that mean a column: the MIIT green-factory list's own
#: (序号,地区,工厂名称,行业,第三方评价机构,批次) and common words.
ALIASES: dict[str, str] = {
    "工厂名称": "name_zh",
    "企业名称": "name_zh",
    "单位名称": "name_zh",
    "名称": "name_zh",
    "中文名称": "name_zh",
    "地区": "region",
    "省": "region",
    "省份": "region",
    "省区市": "region",
    "市": "city",
    "国家或地区": "country",
    "行业": "industry_text",
    "产业": "industries",
    "官网": "website",
    "企业简介": "description_zh",
    "中文简介": "description_zh",
}
#: Tag words → the exhibitor's flag.
TAG_WORDS: dict[str, str] = {
    "世界500强": "is_fortune_global_500",
    "财富世界500强": "is_fortune_global_500",
    "fortune global 500": "is_fortune_global_500",
    "fortune500": "is_fortune_global_500",
    "global 500": "is_fortune_global_500",
    "中国500强": "is_china_top_500",
    "中国企业500强": "is_china_top_500",
    "china top 500": "is_china_top_500",
    "china 500": "is_china_top_500",
    "行业领军": "is_industry_leader",
    "行业领军企业": "is_industry_leader",
    "industry leader": "is_industry_leader",
}
TAGS = ("is_fortune_global_500", "is_china_top_500", "is_industry_leader")
COUNTRY_WORDS = {"中国": "CN", "china": "CN", "中华人民共和国": "CN", "prc": "CN"}
SEPARATORS = re.compile(r"[;；、,，\s]+")
INDUSTRY_NOTE = "行业："


# --- result -----------------------------------------------------------------


class FileProblem(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- reading the file -------------------------------------------------------


def _csv_rows(data: bytes) -> list[tuple]:
    try:
        text = decode_csv(data)
    except WorkbookProblem as problem:
        raise FileProblem(problem.message) from problem
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[tuple] = []
    try:
        for values in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append(tuple(values[:MAX_COLUMNS]))
            if len(rows) > MAX_ROWS + HEADER_SEARCH:
                raise FileProblem(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
    except csv.Error as exc:
        raise FileProblem(_("This CSV file cannot be read: %(reason)s") % {"reason": exc}) from exc
    return rows


def _xlsx_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FileProblem(_("The workbook is too large to import."))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileProblem:
        raise
    except Exception as exc:  # openpyxl raises anything at all on a file that is not xlsx
        raise FileProblem(_not_readable()) from exc
    try:
        for sheet in workbook.worksheets:
            rows: list[tuple] = []
            for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                rows.append(values)
                if len(rows) > MAX_ROWS + HEADER_SEARCH:
                    raise FileProblem(_("The sheet has more than %(count)s rows.") % {"count": MAX_ROWS})
            if _find_header(rows) is not None:
                return rows
        return []
    finally:
        workbook.close()


def _not_readable() -> str:
    return _(
        "This file is neither an Excel workbook (.xlsx) nor a CSV file. Save it from Excel or WPS as "
        "“Excel Workbook (.xlsx)” or “CSV” and upload it again."
    )


def _column_key(value: Any) -> str | None:
    """``"name_zh 企业名称"``, ``"name_zh"``, ``"企业名称"`` or ``"工厂名称"`` → ``"name_zh"``."""
    words = cell_text(value).split()
    if not words:
        return None
    if words[0].lower() in KEYS:
        return words[0].lower()
    for word in words:
        for column in COLUMNS:
            if word == column.label_zh:
                return column.key
        if word in ALIASES:
            return ALIASES[word]
    return None


def _read_header(values: Sequence[Any]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, value in enumerate(values):
        key = _column_key(value)
        if key is not None and key not in index:
            index[key] = i
    return index


def _find_header(raw: list[tuple]) -> tuple[int, dict[str, int]] | None:
    """``(position of the header in raw, {key: column index})``: the first of the first few filled rows that names
    a name column."""
    seen = 0
    for position, values in enumerate(raw):
        if not any(cell_text(v) for v in values):
            continue
        index = _read_header(values)
        if "name_zh" in index or "name_en" in index:
            return position, index
        seen += 1
        if seen >= HEADER_SEARCH:
            break
    return None


def read_rows(data: bytes, filename: str = "") -> tuple[Rows, set[str]]:
    """The filled rows below the header as ``(row number, {key: value})`` and the keys the header has."""
    if not data:
        raise FileProblem(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileProblem(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    if data[:4] == b"PK\x03\x04":
        raw = _xlsx_rows(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or filename.lower().endswith(".xls"):
        raise FileProblem(_("Old Excel files (.xls) cannot be read; save the file as .xlsx or CSV."))
    elif b"\x00" in data[:4096]:
        raise FileProblem(_not_readable())
    else:
        raw = _csv_rows(data)
    found = _find_header(raw)
    if found is None:
        raise FileProblem(
            _("No header row names the exhibitors: it needs a column name_zh (企业名称 or 工厂名称) or name_en.")
        )
    position, index = found
    rows: Rows = []
    for number, values in enumerate(raw[position + 1 :], start=position + 2):
        cells = {key: (values[i] if i < len(values) else None) for key, i in index.items()}
        if any(cell_text(v) for v in cells.values()):
            rows.append((number, cells))
    if not rows:
        raise FileProblem(_("The file has a header row but no exhibitors below it."))
    return rows, set(index)


# --- checking the rows ------------------------------------------------------


def _name_key(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


@dataclass
class _Plan:
    row: int
    name: str
    fields: dict[str, Any]
    industries: list[str] | None
    organization: Organization | None = None
    exhibitor: Exhibitor | None = None
    changes: list[str] = field(default_factory=list)
    slug: str = ""


class _Lookup:
    """Everything the rows refer to, read in a few queries."""

    def __init__(self, edition: Edition, names: set[str]):
        self.industries = dict(GreenIndustry.objects.values_list("code", "pk"))
        self.exhibitors: dict[int, Exhibitor] = {}
        self.exhibitor_by_name: dict[str, Exhibitor] = {}
        for exhibitor in Exhibitor.objects.filter(edition=edition).prefetch_related("industries"):
            self.exhibitors[exhibitor.organization_id] = exhibitor
            for name in (exhibitor.name_zh_hans, exhibitor.name_en):
                if name:
                    self.exhibitor_by_name.setdefault(_name_key(name), exhibitor)
        self.slugs = {exhibitor.slug for exhibitor in self.exhibitors.values()}
        self.organizations: dict[str, Organization] = {}
        written = sorted({" ".join(name.split()) for name in names if name})
        found = Organization.objects.filter(Q(name_zh_hans__in=written) | Q(name_en__in=written)).order_by("pk")
        for organization in found.only("pk", "name_zh_hans", "name_en") if written else []:
            for name in (getattr(organization, "name_zh_hans", ""), getattr(organization, "name_en", "")):
                key = _name_key(name)
                if not key:
                    continue
                known = self.organizations.get(key)
                # The organization that already exhibits at the edition wins over a namesake.
                if known is None or (known.pk not in self.exhibitors and organization.pk in self.exhibitors):
                    self.organizations[key] = organization


def _text(cells: dict[str, Any], key: str, limit: int, fail) -> str:
    text = cell_text(cells.get(key))
    if len(text) > limit:
        fail(key, _("The text is longer than %(limit)s characters.") % {"limit": limit})
        return text[:limit]
    return text


def _plan_row(number: int, cells: dict[str, Any], present: set[str], lookup: _Lookup, problems: list[RowError]):
    failed = False

    def fail(column: str, message: str) -> None:
        nonlocal failed
        problems.append(RowError(number, column, message))
        failed = True

    fields: dict[str, Any] = {}
    name_zh = _text(cells, "name_zh", 300, fail)
    name_en = _text(cells, "name_en", 300, fail)
    if not name_zh and not name_en:
        fail("name_zh" if "name_zh" in present else "name_en", _("Every exhibitor needs a name."))
    if "name_zh" in present:
        fields["name_zh_hans"] = name_zh
    if "name_en" in present:
        fields["name_en"] = name_en
    if "region" in present:
        region = normalize_region(_text(cells, "region", 50, fail))
        fields["region"] = region.province[:50]
        if region.city and not cell_text(cells.get("city")):
            fields["city"] = region.city
        if region.known:
            fields["country"] = "CN"
    if "city" in present and cell_text(cells.get("city")):
        fields["city"] = _text(cells, "city", 50, fail)
    elif "city" in present and "city" not in fields:
        fields["city"] = ""
    if "country" in present:
        country = cell_text(cells.get("country"))
        if country:
            code = COUNTRY_WORDS.get(country.casefold(), country.upper())
            if len(code) != 2 or not code.isascii() or not code.isalpha():
                fail(
                    "country",
                    _("«%(value)s» is not a two-letter country code, such as CN or DE.") % {"value": country},
                )
            else:
                fields["country"] = code
    if "website" in present:
        website = _text(cells, "website", 200, fail)
        if website and not re.match(r"^https?://", website, re.IGNORECASE):
            website = f"https://{website}"
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                fail("website", _("«%(value)s» is not a web address.") % {"value": cell_text(cells.get("website"))})
        fields["website"] = website
    if "description_zh" in present:
        fields["description_zh_hans"] = _text(cells, "description_zh", 5000, fail)
    elif "industry_text" in present:
        industry_text = _text(cells, "industry_text", 100, fail)
        fields["description_zh_hans"] = f"{INDUSTRY_NOTE}{industry_text}" if industry_text else ""
    if "description_en" in present:
        fields["description_en"] = _text(cells, "description_en", 5000, fail)
    if "tags" in present:
        flags = dict.fromkeys(TAGS, False)
        for word in _tag_words(cell_text(cells.get("tags"))):
            flag = TAG_WORDS.get(word.casefold())
            if flag is None:
                fail(
                    "tags",
                    _("«%(value)s» is not a tag; use 世界500强, 中国500强 or 行业领军.") % {"value": word},
                )
            else:
                flags[flag] = True
        fields.update(flags)
    industries: list[str] | None = None
    if "industries" in present:
        industries = []
        for code in SEPARATORS.split(cell_text(cells.get("industries"))):
            code = code.strip().rstrip(".")
            if not code:
                continue
            if code not in lookup.industries:
                fail(
                    "industries",
                    _("«%(value)s» is not a code of the Green Industry Guidance Catalogue (2019).") % {"value": code},
                )
            elif code not in industries:
                industries.append(code)
        industries.sort()
    if failed:
        return None
    plan = _Plan(number, name_zh or name_en, fields, industries)
    organization = lookup.organizations.get(_name_key(name_zh)) or lookup.organizations.get(_name_key(name_en))
    exhibitor = lookup.exhibitors.get(organization.pk) if organization is not None else None
    if exhibitor is None:
        exhibitor = lookup.exhibitor_by_name.get(_name_key(name_zh)) or lookup.exhibitor_by_name.get(_name_key(name_en))
    plan.organization = organization
    plan.exhibitor = exhibitor
    if exhibitor is not None:
        plan.changes = [name for name, value in fields.items() if getattr(exhibitor, name) != value]
        if (
            "description_zh_hans" in plan.changes
            and "description_zh" not in present
            and exhibitor.description_zh_hans
            and not exhibitor.description_zh_hans.startswith(INDUSTRY_NOTE)
        ):
            plan.changes.remove("description_zh_hans")  # the exhibitor's own description stays
        if industries is not None:
            current = sorted(entry.code for entry in exhibitor.industries.all())
            if current != industries:
                plan.changes.append("industries")
    return plan


def _tag_words(text: str) -> list[str]:
    """``世界500强、行业领军`` or ``Fortune Global 500; industry leader`` → the words."""
    if not text:
        return []
    parts = re.split(r"[;；、,，/|]+", text)
    return [" ".join(part.split()) for part in parts if part.strip()]


def _slug_for(plan: _Plan, taken: set[str], counter: list[int]) -> str:
    base = slugify(plan.fields.get("name_en") or "")[:60].strip("-")
    if base and base not in taken and not re.fullmatch(r"e-\d+", base):
        return base
    while True:
        counter[0] += 1
        candidate = f"e-{counter[0]}"
        if candidate not in taken:
            return candidate


def check_rows(edition: Edition, rows: Rows, present: set[str]) -> tuple[list[_Plan], list[RowError]]:
    """A plan for each row, or every problem of every row."""
    names: set[str] = set()
    for _number, cells in rows:
        names.add(cell_text(cells.get("name_zh")))
        names.add(cell_text(cells.get("name_en")))
    lookup = _Lookup(edition, names)
    problems: list[RowError] = []
    plans: list[_Plan] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        duplicate = False
        for key in ("name_zh", "name_en"):
            name = _name_key(cell_text(cells.get(key)))
            if name and (key, name) in first_row:
                problems.append(
                    RowError(
                        number,
                        key,
                        _("«%(name)s» is already in row %(row)s.")
                        % {"name": cell_text(cells.get(key)), "row": first_row[(key, name)]},
                    )
                )
                duplicate = True
                break
        if duplicate:
            continue
        for key in ("name_zh", "name_en"):
            name = _name_key(cell_text(cells.get(key)))
            if name:
                first_row[(key, name)] = number
        plan = _plan_row(number, cells, present, lookup, problems)
        if plan is not None:
            plans.append(plan)
    if not problems:
        # Two rows may name one organization or exhibitor differently (its Chinese name, its English name).
        seen: dict[tuple[str, int], int] = {}
        for plan in plans:
            if plan.exhibitor is not None:
                owner = ("exhibitor", plan.exhibitor.pk)
            elif plan.organization is not None:
                owner = ("organization", plan.organization.pk)
            else:
                continue
            if owner in seen:
                problems.append(
                    RowError(
                        plan.row,
                        None,
                        _("%(name)s is the same exhibitor as row %(row)s.") % {"name": plan.name, "row": seen[owner]},
                    )
                )
            seen.setdefault(owner, plan.row)
    order = {key: i for i, key in enumerate(KEYS)}
    problems.sort(key=lambda e: (e.row or 0, order.get(e.column or "", len(order))))
    if not problems:
        taken = set(lookup.slugs)
        counter = [Exhibitor.objects.filter(edition=edition).count()]
        for plan in plans:
            if plan.exhibitor is None:
                plan.slug = _slug_for(plan, taken, counter)
                taken.add(plan.slug)
    return plans, problems


# --- applying ---------------------------------------------------------------


def _apply(edition: Edition, plans: list[_Plan], *, actor: Any, filename: str) -> None:
    industry_pks = dict(GreenIndustry.objects.values_list("code", "pk"))
    with transaction.atomic(durable=True):
        new = [plan for plan in plans if plan.exhibitor is None]
        # Organizations for the new exhibitors that have none yet.
        missing = [plan for plan in new if plan.organization is None]
        organizations: dict[str, Organization] = {}
        to_create = []
        for plan in missing:
            key = _name_key(plan.name)
            if key not in organizations:
                organization = Organization(
                    name_zh_hans=plan.fields.get("name_zh_hans", ""),
                    name_en=plan.fields.get("name_en", ""),
                    kind=OrganizationKind.ENTERPRISE,
                    country=plan.fields.get("country", "CN"),
                    region=plan.fields.get("region", ""),
                    website=plan.fields.get("website", ""),
                )
                organizations[key] = organization
                to_create.append(organization)
        Organization.objects.bulk_create(to_create, batch_size=500)
        for plan in missing:
            plan.organization = organizations[_name_key(plan.name)]
        exhibitors = []
        for plan in new:
            assert plan.organization is not None
            exhibitor = Exhibitor(edition=edition, organization=plan.organization, slug=plan.slug, **plan.fields)
            exhibitors.append(exhibitor)
            plan.exhibitor = exhibitor
        Exhibitor.objects.bulk_create(exhibitors, batch_size=500)
        changed = [plan for plan in plans if plan.changes and plan not in new]
        by_fields: dict[tuple[str, ...], list[Exhibitor]] = {}
        for plan in changed:
            assert plan.exhibitor is not None
            names = tuple(name for name in plan.changes if name != "industries")
            for name in names:
                setattr(plan.exhibitor, name, plan.fields[name])
            if names:
                by_fields.setdefault(names, []).append(plan.exhibitor)
        for names, group in by_fields.items():
            Exhibitor.objects.bulk_update(group, list(names), batch_size=500)
        through = Exhibitor.industries.through
        relink = [
            plan for plan in plans if plan.industries is not None and (plan in new or "industries" in plan.changes)
        ]
        if relink:
            through.objects.filter(
                exhibitor_id__in=[plan.exhibitor.pk for plan in relink if plan not in new and plan.exhibitor]
            ).delete()
            through.objects.bulk_create(
                [
                    through(exhibitor_id=plan.exhibitor.pk, greenindustry_id=industry_pks[code])
                    for plan in relink
                    if plan.exhibitor is not None
                    for code in plan.industries or []
                ],
                batch_size=500,
            )
        if new or changed:
            log_action(
                edition,
                "exhibition.exhibitors.imported",
                actor=actor,
                edition_id=edition.pk,
                data={
                    "file": filename,
                    "created": [plan.name for plan in new],
                    "changed": {plan.name: plan.changes for plan in changed},
                },
            )


def _result(plans: list[_Plan]) -> ImportResult:
    return ImportResult(
        created=[p.name for p in plans if p.exhibitor is None],
        changed=[p.name for p in plans if p.exhibitor is not None and p.changes],
        unchanged=[p.name for p in plans if p.exhibitor is not None and not p.changes],
        changed_columns={p.name: list(p.changes) for p in plans if p.exhibitor is not None and p.changes},
    )


def _plans(edition: Edition, data: bytes, filename: str) -> tuple[list[_Plan], list[RowError]]:
    try:
        rows, present = read_rows(data, filename)
    except FileProblem as problem:
        return [], [RowError(None, None, problem.message)]
    return check_rows(edition, rows, present)


def preview_exhibitors(edition: Edition, data: bytes, filename: str = "") -> ImportResult:
    """What :func:`import_exhibitors` would do with this file, or every problem of it; nothing is saved."""
    plans, problems = _plans(edition, data, filename)
    if problems:
        return ImportResult(errors=problems)
    return _result(plans)


def import_exhibitors(edition: Edition, data: bytes, *, actor: Any, filename: str = "") -> ImportResult:
    """Read, check and apply a file of exhibitors, all rows or none. Never raises for what the file holds."""
    plans, problems = _plans(edition, data, filename)
    if problems:
        return ImportResult(errors=problems)
    result = _result(plans)
    try:
        _apply(edition, plans, actor=actor, filename=filename)
    except IntegrityError:
        # Someone added an exhibitor with the same organization or address meanwhile: nothing was saved.
        return ImportResult(
            errors=[RowError(None, None, _("The exhibitors changed while the file was imported; import it again."))]
        )
    return result


EXAMPLE_ROW: dict[str, Any] = {
    "name_zh": "贵州绿色能源科技有限公司",
    "name_en": "Guizhou Green Energy Technology Co., Ltd.",
    "region": "贵州",
    "city": "贵阳市",
    "country": "CN",
    "industries": "1.1.1; 3.2.1",
    "tags": "行业领军",
    "website": "https://example.org",
    "description_zh": "专注于节能锅炉与清洁能源装备。",
    "description_en": "Energy-saving boilers and clean-energy equipment.",
    "industry_text": "",
}


def template_workbook() -> bytes:
    """An empty exhibitor list to fill in: the header row (key and Chinese label) and one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "exhibitors 参展商"
    columns = [column for column in COLUMNS if column.key != "industry_text"]
    sheet.append([column.header for column in columns])
    sheet.append([EXAMPLE_ROW.get(column.key, "") for column in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBE1")
        sheet.column_dimensions[cell.column_letter].width = max(column.width, len(column.header) + 4)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
