"""Hostile files for every importer: the program workbook, exhibitors (xlsx or CSV), booth geometry
(xlsx or CSV) and the project index.

Hypothesis builds bad files: random cell types (numbers, NaN, dates in and outside the edition,
times, booleans), huge texts, formulas, headers with columns missing, shuffled or doubled, rows
repeated, and bytes that are no workbook at all. Whatever the file, an import either succeeds
fully or returns (raises, for booths) its own error naming the row and column, never another
exception; and when it refuses, not one row of the database has changed. Examples are bounded
and derandomized: the same files every run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ecoforum.core import workbooks
from ecoforum.exhibition import booths as booth_import
from ecoforum.exhibition import imports as exhibitor_import
from ecoforum.investment import spreadsheets as project_import
from ecoforum.program.spreadsheets import importing as program_import
from ecoforum.program.spreadsheets.layout import COLUMNS as PROGRAM_COLUMNS

from ..exhibition.factories import ZoneFactory
from ..factories import OrganizationFactory, PersonFactory

FUZZ = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: The tables an import may write, counted before and after a refused file.
TOUCHED_APPS = ("program", "people", "exhibition", "investment", "core")


def counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in TOUCHED_APPS
        for model in apps.get_app_config(label).get_models()
    }


# --- cells, rows, files -------------------------------------------------------------------------------

#: Text a spreadsheet can hold (XML 1.0: no control characters, no noncharacters such as U+FFFE).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), max_size=40)
ODD_CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)),
    st.times(),
    TEXT,
    st.sampled_from(["=1+1", '=HYPERLINK("http://example.org","x")', "=A1/0", "@SUM(1)", "-1", "+1"]),
    st.sampled_from(["x" * 5000, "长" * 40000, " ", "\u200b", "<script>alert(1)</script>"]),
)


def cell(good: list[Any]) -> st.SearchStrategy[Any]:
    """Most often a plausible value of the column (so that some files import), else anything."""
    return st.one_of(st.sampled_from(good), st.sampled_from(good), ODD_CELLS)


@st.composite
def table(draw, good: dict[str, list[Any]], labels: dict[str, str]) -> list[list[Any]]:
    """A header row (keys, or keys with their Chinese label, some missing, some doubled, some junk) and rows."""
    every = list(good)
    keys = draw(
        st.one_of(st.just(every), st.permutations(every), st.lists(st.sampled_from(every), min_size=1, unique=True))
    )
    header = [draw(st.sampled_from([key, f"{key} {labels.get(key, '')}".strip(), key.upper()])) for key in keys]
    if draw(st.booleans()):
        header.append(draw(st.sampled_from([keys[0], "junk", "", "备注"])))
    rows = draw(
        st.lists(st.tuples(*[cell(good[key]) for key in keys]).map(list), min_size=0, max_size=6),
    )
    if rows and draw(st.booleans()):
        rows.append(list(draw(st.sampled_from(rows))))  # a duplicated row
    title = [["项目表"]] if draw(st.booleans()) else []
    return [*title, header, *rows]


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else str(v) for v in values] for values in rows])
    return out.getvalue().encode(encoding, errors="replace")


def not_a_workbook(valid: bytes) -> st.SearchStrategy[bytes]:
    """Bytes that only look like a file: random, a zip header and junk, a workbook cut short or with a hole."""
    return st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=200).map(lambda junk: b"PK\x03\x04" + junk),
        st.integers(min_value=0, max_value=max(0, len(valid) - 1)).map(lambda n: valid[:n]),
        st.integers(min_value=0, max_value=max(0, len(valid) - 64)).map(
            lambda n: valid[:n] + b"\x00" * 64 + valid[n + 64 :]
        ),
        st.just(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500),  # an old .xls
    )


def valid_file(good: dict[str, list[Any]]) -> bytes:
    """The header and one row of each column's first value: a file that imports (an explicit example)."""
    return xlsx([list(good), [values[0] for values in good.values()]])


def files(good: dict[str, list[Any]], labels: dict[str, str], *, with_csv: bool) -> st.SearchStrategy[bytes]:
    tables = table(good, labels)
    kinds = [tables.map(xlsx), not_a_workbook(xlsx([list(good), [values[0] for values in good.values()]]))]
    if with_csv:
        kinds.append(st.tuples(tables, st.sampled_from(["utf-8", "utf-8-sig", "gbk"])).map(lambda t: csv_bytes(*t)))
    return st.one_of(kinds)


# --- what every refusal looks like ---------------------------------------------------------------------

#: The fuzzing reached all three ends: a file imported, a file refused whole, rows refused.
EVERY_OUTCOME = {"imported", "refused file", "refused rows"}
ROW_ERROR = re.compile(r"^row (\d+): (?:([a-z_]+): )?\S")


def assert_names_row_and_column(messages: list[str], keys: set[str]) -> None:
    """A file-level problem is one message; each row's problem starts "row N: column: " with a known column."""
    assert messages
    row_messages = [m for m in messages if m.startswith("row ")]
    if not row_messages:
        assert len(messages) == 1, messages
        assert messages[0].strip() != "", messages
        return
    assert row_messages == messages, messages
    for message in messages:
        match = ROW_ERROR.match(message)
        assert match is not None, message
        assert match.group(2) is None or match.group(2) in keys, message


def check_import(run: Callable[[], list[str] | None], keys: set[str], seen: set[str]) -> None:
    """``run`` imports and returns the error messages (or None when it imported); the database is unchanged on
    a refusal. ``seen`` collects what happened: imported, refused (the file) or refused (rows)."""
    before = counts()
    with translation.override("en"):
        messages = run()
    if messages is None:
        seen.add("imported")
        return
    assert_names_row_and_column(messages, keys)
    assert counts() == before
    seen.add("refused rows" if messages[0].startswith("row ") else "refused file")


# --- the importers ----------------------------------------------------------------------------------------


@pytest.fixture
def program_world(edition, room, theme_forum, organizer):
    PersonFactory(slug="li-wei")
    return {"edition": edition, "actor": organizer, "room": room, "forum": theme_forum}


def program_good(world) -> dict[str, list[Any]]:
    edition = world["edition"]
    return {
        "code": ["S1", "S2", "A1", "x" * 40],
        "kind": ["forum", "ceremony", "banquet", "论坛"],
        "theme_forum": ["", world["forum"].slug, "nope"],
        "title_zh": ["开幕式", "主题论坛", ""],
        "title_en": ["Opening", ""],
        "abstract_zh": ["简介"],
        "abstract_en": ["Abstract"],
        "date": [edition.start_date, edition.end_date, edition.start_date.isoformat(), "2023-08-01", "1999-01-01"],
        "start": ["09:00", "14:00", dt.time(9, 30), "25:00"],
        "end": ["10:00", "16:00", dt.time(8, 0)],
        "room": [world["room"].name_zh_hans, world["room"].name_en, "nowhere"],
        "language": ["zh", "en", "zh-en", "fr"],
        "online": [False, True, "yes", "maybe"],
        "online_url": ["", "https://live.example.org/1", "javascript:alert(1)"],
        "people": ["", "li-wei:speaker", "li-wei:keynote; li-wei:host", "nobody:speaker", "li-wei:king"],
    }


def test_program_import_refuses_bad_workbooks_whole(program_world):
    labels = {c.key: c.label_zh for c in PROGRAM_COLUMNS}
    keys = set(labels)

    seen: set[str] = set()

    @FUZZ
    @given(data=files(program_good(program_world), labels, with_csv=False))
    @example(data=valid_file(program_good(program_world)))
    def run(data):
        def attempt():
            result = program_import.import_program(program_world["edition"], data, actor=program_world["actor"])
            return None if result.ok else [str(e) for e in result.errors]

        check_import(attempt, keys, seen)

    run()
    assert seen == EVERY_OUTCOME


@pytest.fixture
def exhibition_world(edition, organizer):
    zone = ZoneFactory(edition=edition, code="Z1")
    return {"edition": edition, "actor": organizer, "zone": zone}


def test_exhibitor_import_refuses_bad_files_whole(exhibition_world):
    labels = {c.key: c.label_zh for c in exhibitor_import.COLUMNS}
    good = {
        "name_zh": ["贵州绿色能源科技有限公司", "绿色", "x" * 300],
        "name_en": ["Green Energy Co.", ""],
        "region": ["贵州", "内蒙", "深圳", "Atlantis"],
        "city": ["贵阳市", ""],
        "country": ["CN", "FR", "XX", "China"],
        "industries": ["1.1.1", "1.1.1; 3.2.1", "9.9.9", "1.1"],
        "tags": ["行业领军", "世界500强", "unknown"],
        "website": ["https://example.org", "javascript:alert(1)", "not a url"],
        "description_zh": ["简介"],
        "description_en": ["About"],
        "industry_text": ["能源"],
    }

    seen: set[str] = set()

    @FUZZ
    @given(data=files(good, labels, with_csv=True))
    @example(data=valid_file(good))
    def run(data):
        def attempt():
            result = exhibitor_import.import_exhibitors(
                exhibition_world["edition"], data, actor=exhibition_world["actor"], filename="exhibitors"
            )
            return None if result.ok else [str(e) for e in result.errors]

        check_import(attempt, set(labels), seen)

    run()
    assert seen == EVERY_OUTCOME


def test_booth_geometry_import_refuses_bad_files_whole(exhibition_world):
    labels = {c.key: c.label_zh for c in booth_import.IMPORT_COLUMNS}
    good = {
        "code": ["A-1", "A-2", "B-1", "x" * 30],
        "zone": ["Z1", "Z9"],
        "kind": ["shell", "raw", "标准展位", "tent"],
        "area": [9, "9", 0, -1, "NaN"],
        "price": ["", 1000, "Infinity"],
        "x": [0, 3, 6, 500, -1],
        "y": [0, 3, 1e9, "1e400"],
        "width": [3, 0],
        "depth": [3, "3.5"],
    }

    seen: set[str] = set()

    @FUZZ
    @given(data=files(good, labels, with_csv=True))
    @example(data=valid_file(good))
    def run(data):
        def attempt():
            try:
                booth_import.import_booth_geometry(exhibition_world["edition"], data, actor=exhibition_world["actor"])
            except booth_import.ImportRefused as refused:
                return [str(e) for e in refused.errors]
            return None

        check_import(attempt, set(labels), seen)

    run()
    assert seen == EVERY_OUTCOME


def test_project_import_refuses_bad_workbooks_whole(edition, organizer):
    OrganizationFactory(name_zh_hans="都匀市城市建设投资有限公司", name_en="Duyun City Construction Investment")
    labels = {c.key: c.label_zh for c in project_import.COLUMNS}
    good = {
        "code": ["GZ-001", "GZ-002", "x" * 60],
        "name_zh": ["都匀市生活垃圾焚烧发电项目", ""],
        "name_en": ["Duyun waste-to-energy plant"],
        "summary_zh": ["日处理生活垃圾600吨。"],
        "summary_en": ["A plant."],
        "province": ["贵州省"],
        "city": ["黔南州"],
        "county": ["都匀市"],
        "industry_code": ["1.7.3", "1.1", "9.9.9"],
        "amount": [50000, "50000", -1, 0.5, "一亿", 1e30, "1e400", "-1e400"],
        "cooperation_mode": ["合资", "joint_venture", "gift"],
        "stage": ["可研", "planning", "dreaming"],
        "owner": ["都匀市城市建设投资有限公司", "Nobody Ltd"],
        "contact_name": ["张三"],
        "contact_phone": ["0854-0000000"],
        "contact_email": ["invest@example.org", "not-an-email"],
    }

    seen: set[str] = set()

    @FUZZ
    @given(data=files(good, labels, with_csv=False))
    @example(data=valid_file(good))
    def run(data):
        def attempt():
            result = project_import.import_projects(edition, data, actor=organizer)
            return None if result.ok else [str(e) for e in result.errors]

        check_import(attempt, set(labels), seen)

    run()
    assert seen == EVERY_OUTCOME


# --- files built to hurt: a zip bomb, too many rows, too large ----------------------------------------------


def zip_bomb(limit: int) -> bytes:
    """A small zip (a few hundred kB) whose one member unpacks past ``limit``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (limit + 1))
    return out.getvalue()


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_zip_bomb_is_refused_by_every_importer(edition, organizer, english):
    bomb = zip_bomb(workbooks.MAX_UNPACKED_BYTES)
    before = counts()

    program = program_import.import_program(edition, bomb, actor=organizer)
    projects = project_import.import_projects(edition, bomb, actor=organizer)
    exhibitors = exhibitor_import.import_exhibitors(
        edition, zip_bomb(exhibitor_import.MAX_UNPACKED_BYTES), actor=organizer
    )
    with pytest.raises(booth_import.ImportRefused) as booths:
        booth_import.import_booth_geometry(edition, bomb, actor=organizer)

    too_large = "The workbook is too large to import."
    assert [str(e) for e in program.errors] == [too_large]
    assert [str(e) for e in projects.errors] == [too_large]
    assert [str(e) for e in exhibitors.errors] == [too_large]
    assert booths.value.errors == [too_large]
    assert counts() == before


def test_sheet_with_too_many_rows_is_refused(edition, organizer, english):
    rows = [[c.key for c in PROGRAM_COLUMNS]] + [[f"S{n}"] for n in range(workbooks.MAX_ROWS + 10)]

    result = program_import.import_program(edition, xlsx(rows), actor=organizer)

    assert [str(e) for e in result.errors] == [f"The sheet has more than {workbooks.MAX_ROWS} rows."]


def test_file_over_the_upload_limit_is_refused(edition, organizer, english):
    big = b"PK\x03\x04" + b"\0" * exhibitor_import.MAX_UPLOAD_BYTES

    program = program_import.import_program(edition, big, actor=organizer)
    projects = project_import.import_projects(edition, big, actor=organizer)
    exhibitors = exhibitor_import.import_exhibitors(edition, big, actor=organizer)

    assert [str(e) for e in program.errors] == ["The file is larger than 5 MB."]
    assert [str(e) for e in projects.errors] == ["The file is larger than 5 MB."]
    assert [str(e) for e in exhibitors.errors] == ["The file is larger than 10 MB."]


# --- what the fuzzing found ------------------------------------------------------------------------------


def test_huge_amount_is_refused_naming_row_and_column(edition, organizer, english):
    OrganizationFactory(name_zh_hans="都匀市城市建设投资有限公司")
    rows = [list(project_import.EXAMPLE_ROW), list(project_import.EXAMPLE_ROW.values())]
    rows[1][list(project_import.EXAMPLE_ROW).index("amount")] = "1e400"
    before = counts()

    result = project_import.import_projects(edition, xlsx(rows), actor=organizer)

    assert [str(e) for e in result.errors] == ["row 2: amount: «1e400» 万元 is more than ecoforum can hold."]
    assert counts() == before


def test_huge_booth_coordinate_is_refused_naming_row_and_column(edition, organizer, english):
    ZoneFactory(edition=edition, code="Z1")
    rows = [
        ["code", "zone", "kind", "area", "price", "x", "y", "width", "depth"],
        ["A-1", "Z1", "shell", 9, "", 0, "1e400", 3, 3],
    ]
    before = counts()

    with pytest.raises(booth_import.ImportRefused) as refused:
        booth_import.import_booth_geometry(edition, xlsx(rows), actor=organizer)

    assert refused.value.errors == ["row 2: y: “1e400” is not a number"]
    assert counts() == before
