"""Excel import and export of the program: every row checked first, all or nothing, round trips."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from ecoforum.core.models import AuditEntry
from ecoforum.program import services, spreadsheets
from ecoforum.program.models import Session, SessionPerson, SessionSlot
from ecoforum.program.services import Role
from ecoforum.program.spreadsheets import COLUMNS, KEYS, ProgramWorkbook, import_program

from ..conftest import at
from ..factories import PersonFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their English source."""
    with translation.override("en"):
        yield


def xlsx(rows: list[dict], *, header: list | None = None) -> bytes:
    """A workbook with the standard header and one line per ``rows`` item (keys are column keys)."""
    book = Workbook()
    sheet = book.active
    sheet.append(header if header is not None else [c.header for c in COLUMNS])
    for values in rows:
        sheet.append([values.get(key) for key in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def line(code, **values) -> dict:
    """A row of a session on the first day, 09:00–10:00 in the main hall, unless told otherwise."""
    return {
        "code": code,
        "kind": "forum",
        "title_zh": f"会议{code}",
        "title_en": f"Session {code}",
        "date": "2023-07-08",
        "start": "09:00",
        "end": "10:00",
        "room": "主会场",
        "language": "zh-en",
        "online": False,
        **values,
    }


def state() -> tuple:
    """Everything an import could write."""
    return (
        sorted(Session.objects.values_list("code", "title_zh_hans", "title_en", "kind", "theme_forum_id")),
        sorted(SessionSlot.objects.values_list("session__code", "room_id", "start", "end")),
        sorted(SessionPerson.objects.values_list("session__code", "person_id", "role")),
        AuditEntry.objects.count(),
    )


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


def make(edition, code, *, room=None, start=None, end=None, people=(), theme_forum=None):
    return services.create_session(
        edition,
        actor=None,
        code=code,
        title_zh_hans=f"会议{code}",
        title_en=f"Session {code}",
        room=room,
        start=start,
        end=end,
        people=[Role(p, r) for p, r in people],
        theme_forum=theme_forum,
    )


@pytest.fixture
def li_wei(db):
    return PersonFactory(slug="li-wei", name_zh_hans="李伟", name_en="Li Wei")


@pytest.fixture
def chen_jing(db):
    return PersonFactory(slug="chen-jing", name_zh_hans="陈静", name_en="Chen Jing")


# --- happy path -----------------------------------------------------------------


def test_import_creates_new_and_changes_existing_sessions(
    edition, room, other_room, theme_forum, organizer, li_wei, chen_jing
):
    existing = make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    data = xlsx(
        [
            line("A1", title_en="Opening ceremony", room="Hall 1", start="14:00", end="15:30", kind="ceremony"),
            line(
                "TF1",
                theme_forum=theme_forum.slug,
                date="2023-07-09",
                people="li-wei:moderator; chen-jing",
                online=True,
                online_url="https://live.example.org/tf1",
                abstract_zh="摘要",
                language="zh",
            ),
        ]
    )

    result = import_program(edition, data, actor=organizer, filename="program.xlsx")

    assert result.errors == []
    assert (result.created, result.changed, result.unchanged) == (["TF1"], ["A1"], [])
    existing.refresh_from_db()
    assert (existing.title_en, existing.kind) == ("Opening ceremony", "ceremony")
    slot = SessionSlot.objects.get(session=existing, release__version__isnull=True)
    assert (slot.room, slot.start, slot.end) == (other_room, at(edition, 0, 14), at(edition, 0, 15, 30))
    created = Session.objects.get(code="TF1")
    assert (created.theme_forum, created.is_online, created.language, created.abstract_zh_hans) == (
        theme_forum,
        True,
        "zh",
        "摘要",
    )
    assert [(r.person.slug, r.role) for r in created.roles.order_by("order")] == [
        ("li-wei", "moderator"),
        ("chen-jing", "speaker"),
    ]
    created_slot = SessionSlot.objects.get(session=created)
    assert (created_slot.room, created_slot.start) == (room, at(edition, 1, 9))
    imported = AuditEntry.objects.get(action="program.program.imported")
    assert imported.data == {"file": "program.xlsx", "created": ["TF1"], "changed": ["A1"]}
    assert imported.actor == organizer


def test_import_reads_chinese_headers_and_typed_dates_and_times(edition, room, organizer):
    header = [c.label_zh for c in COLUMNS]
    data = xlsx([line("A1", date=dt.date(2023, 7, 8), start=dt.time(9, 30), end="10：45")], header=header)

    result = import_program(edition, data, actor=organizer)

    assert result.errors == []
    slot = SessionSlot.objects.get(session__code="A1")
    assert (slot.start, slot.end) == (at(edition, 0, 9, 30), at(edition, 0, 10, 45))


def test_import_leaves_a_session_without_date_unscheduled(edition, room, organizer):
    result = import_program(edition, xlsx([line("A1", date=None, start=None, end=None, room=None)]), actor=organizer)
    assert result.created == ["A1"]
    slot = SessionSlot.objects.get(session__code="A1")
    assert (slot.room, slot.start, slot.end) == (None, None, None)


def test_import_swaps_two_sessions_between_rooms(edition, room, other_room, organizer):
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    make(edition, "B1", room=other_room, start=at(edition, 0, 9), end=at(edition, 0, 10))

    result = import_program(edition, xlsx([line("A1", room="Hall 1"), line("B1", room="Main Hall")]), actor=organizer)

    assert result.errors == []
    assert result.changed == ["A1", "B1"]
    rooms = dict(SessionSlot.objects.values_list("session__code", "room__name_en"))
    assert rooms == {"A1": "Hall 1", "B1": "Main Hall"}


def test_import_moves_a_session_into_a_time_another_row_frees(edition, room, organizer):
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))

    result = import_program(edition, xlsx([line("B1"), line("A1", start="11:00", end="12:00")]), actor=organizer)

    assert result.errors == []
    assert (result.created, result.changed) == (["B1"], ["A1"])
    starts = dict(SessionSlot.objects.values_list("session__code", "start"))
    assert starts == {"A1": at(edition, 0, 11), "B1": at(edition, 0, 9)}


# --- bad rows -------------------------------------------------------------------


def test_one_bad_row_among_good_ones_changes_nothing(edition, room, organizer):
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    before = state()
    data = xlsx([line("A1", title_en="Renamed"), line("B1", start="10:00", end="11:00"), line("C1", room="Hall 9")])

    result = import_program(edition, data, actor=organizer)

    assert messages(result) == ["row 4: There is no room «Hall 9» in this edition."]
    assert [(e.row, e.column) for e in result.errors] == [(4, "room")]
    assert (result.created, result.changed) == ([], [])
    assert state() == before


def test_every_kind_of_bad_row_is_reported(edition, room, theme_forum, organizer, li_wei):
    data = xlsx(
        [
            line("A1", people="li-wei:speaker; nobody-here"),
            line("A2", date="8 July"),
            line("A3", date="2023-07-10"),
            line("A1", start="14:00", end="15:00"),
            line("A5", theme_forum="no-such-forum", kind="lecture"),
            line("A6", start="11:00", end="10:00"),
            line("A7", title_zh=None, start="25:00"),
            line("A8", online=True, online_url=None),
            line("A9", people="li-wei:chair"),
            line("A10", date=None),
        ]
    )

    result = import_program(edition, data, actor=organizer)

    assert messages(result) == [
        "row 2: No person has the slug «nobody-here».",
        "row 3: «8 July» is not a date; write it as YYYY-MM-DD, such as 2023-07-08.",
        "row 4: 2023-07-10 is not a day of the edition (2023-07-08 to 2023-07-09).",
        "row 5: The code A1 is already used in row 2.",
        (
            "row 6: «lecture» is not one of ceremony, keynote, forum, panel, dialogue, release, signing, launch, "
            "visit, other."
        ),
        "row 6: There is no theme forum «no-such-forum» in this edition.",
        "row 7: The session must end after it starts (11:00).",
        "row 8: Every session needs a Chinese title.",
        "row 8: «25:00» is not a time of day; write it as HH:MM, such as 09:30.",
        "row 9: A session that is also online needs a live stream link.",
        "row 10: «chair» is not a role; use one of host, moderator, keynote, speaker, panelist, guest.",
        "row 11: A scheduled session needs a date, a start and an end; this one has no date.",
    ]
    assert [e.column for e in result.errors] == [
        "people",
        "date",
        "date",
        "code",
        "kind",
        "theme_forum",
        "end",
        "title_zh",
        "start",
        "online_url",
        "people",
        "date",
    ]
    assert Session.objects.count() == 0


def test_conflicts_between_rows_of_the_file_are_reported(edition, room, other_room, organizer, li_wei):
    data = xlsx(
        [
            line("A1"),
            line("A2", start="09:30", end="10:30"),
            line("B1", room="Hall 1", start="14:00", end="15:00", people="li-wei"),
            line("B2", room="Main Hall", start="14:30", end="16:00", people="li-wei:moderator"),
            line("C1", start="10:00", end="11:00"),
        ]
    )

    result = import_program(edition, data, actor=organizer)

    assert messages(result) == [
        "row 3: Room «Main Hall» also holds A1 «Session A1» of row 2 from 2023-07-08 09:00 to 10:00.",
        "row 5: Li Wei is also in B1 «Session B1» of row 4 from 2023-07-08 14:00 to 15:00.",
        "row 6: Room «Main Hall» also holds A2 «Session A2» of row 3 from 2023-07-08 09:30 to 10:30.",
    ]
    assert Session.objects.count() == 0


def test_conflicts_with_sessions_outside_the_file_are_reported(edition, room, other_room, organizer, li_wei):
    make(edition, "X1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    make(edition, "X2", room=other_room, start=at(edition, 0, 14), end=at(edition, 0, 15), people=[(li_wei, "host")])
    before = state()

    result = import_program(
        edition,
        xlsx(
            [
                line("A1", start="09:45", end="10:15"),
                line("A2", start="14:00", end="14:30", people="li-wei"),
            ]
        ),
        actor=organizer,
    )

    assert messages(result) == [
        "row 2: Room «Main Hall» already holds X1 «Session X1» from 2023-07-08 09:00 to 10:00.",
        "row 3: Li Wei is already in X2 «Session X2» from 2023-07-08 14:00 to 15:00.",
    ]
    assert state() == before


def test_a_conflict_the_services_find_during_the_import_rolls_everything_back(edition, room, other_room, organizer):
    """Someone places a session between the check and the transaction: the service refuses, with the row."""
    rows, problems = spreadsheets.read_rows(xlsx([line("A1", room="Hall 1"), line("A2", start="11:00", end="12:00")]))
    plans, problems = spreadsheets.check_rows(edition, rows, actor=organizer)
    assert problems == []
    make(edition, "X1", room=room, start=at(edition, 0, 11), end=at(edition, 0, 12))
    before = state()

    errors = spreadsheets.apply_plans(edition, plans, actor=organizer)

    assert [str(e) for e in errors] == [
        (
            "row 3: A2 «Session A2»: room Main Hall already holds X1 «Session X1» from 2023-07-08 11:00 to "
            "2023-07-08 12:00."
        )
    ]
    assert state() == before


def test_messages_name_rooms_and_sessions_in_the_readers_language(edition, room, organizer):
    with translation.override("zh-hans"):
        result = import_program(edition, xlsx([line("A1"), line("A2", start="09:30", end="10:30")]), actor=organizer)
        expected = translation.gettext("row %(row)s: %(message)s") % {
            "row": 3,
            "message": translation.gettext(
                "Room «%(room)s» also holds %(other)s of row %(other_row)s from %(start)s to %(end)s."
            )
            % {"room": "主会场", "other": "A1 «会议A1»", "other_row": 2, "start": "2023-07-08 09:00", "end": "10:00"},
        }
        assert messages(result) == [expected]


def test_header_below_title_lines_and_program_sheet_after_another_sheet(edition, room, organizer):
    book = Workbook()
    notes = book.active
    notes.append(["notes 说明", "Fill in the program sheet."])
    sheet = book.create_sheet("program 日程")
    sheet.append(["2023 生态文明贵阳国际论坛 日程"])
    sheet.append([])
    sheet.append([c.header for c in COLUMNS])
    sheet.append([line("A1").get(key) for key in KEYS])
    sheet.append([line("A1", title_zh=None).get(key) for key in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)

    result = import_program(edition, buffer.getvalue(), actor=organizer)

    assert messages(result) == [
        "row 5: The code A1 is already used in row 4.",
        "row 5: Every session needs a Chinese title.",
    ]


# --- files that are not a program ---------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\xff garbage \x13\x37" * 50,
        "code,kind,title_zh\nA1,forum,开幕式\n".encode(),
        b"PK\x03\x04 not really a zip",
        b"",
    ],
    ids=["garbage", "csv", "broken-zip", "empty-file"],
)
def test_a_file_that_is_not_a_workbook_gives_a_clear_message(edition, organizer, data):
    result = import_program(edition, data, actor=organizer)
    assert messages(result) == [
        (
            "This file is not an Excel workbook (.xlsx). Save it from Excel or WPS as “Excel Workbook (.xlsx)” and "
            "upload it again."
        )
    ]
    assert result.counts == {"created": 0, "changed": 0, "unchanged": 0}


def test_an_empty_workbook_gives_a_clear_message(edition, organizer):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    result = import_program(edition, buffer.getvalue(), actor=organizer)
    assert messages(result) == ["The sheet is empty: it needs a header row and one row per session."]


def test_a_header_without_rows_gives_a_clear_message(edition, organizer):
    result = import_program(edition, xlsx([]), actor=organizer)
    assert messages(result) == ["The sheet has a header row but no sessions below it."]


def test_missing_columns_are_named(edition, organizer):
    header = [c.header for c in COLUMNS if c.key not in ("room", "people")]
    result = import_program(edition, xlsx([], header=header), actor=organizer)
    assert messages(result) == [
        "The header row lacks the columns room, people. Export the program to get a workbook with every column."
    ]


# --- permissions ----------------------------------------------------------------


def test_coordinator_imports_only_rows_of_their_own_forum(edition, room, theme_forum, other_forum, coordinator):
    theirs = make(edition, "OF1", theme_forum=other_forum)
    data = xlsx(
        [
            line("TF1", theme_forum=theme_forum.slug),
            line("TF2", theme_forum=other_forum.slug, start="11:00", end="12:00"),
            line("OF1", theme_forum=theme_forum.slug, start="14:00", end="15:00"),
            line("PL1", start="16:00", end="17:00"),
        ]
    )
    before = state()

    result = import_program(edition, data, actor=coordinator)

    assert messages(result) == [
        (
            f"row 3: You may import only sessions of the theme forums you coordinate; «{other_forum.slug}» is not one "
            "of them."
        ),
        "row 4: Session OF1 belongs to a theme forum you do not coordinate.",
        "row 5: You may import only sessions of the theme forums you coordinate; this row has no theme forum.",
    ]
    assert state() == before
    theirs.refresh_from_db()
    assert theirs.theme_forum == other_forum


def test_coordinator_imports_their_own_forum(edition, room, theme_forum, coordinator):
    result = import_program(edition, xlsx([line("TF1", theme_forum=theme_forum.slug)]), actor=coordinator)
    assert (result.errors, result.created) == ([], ["TF1"])


# --- export ---------------------------------------------------------------------


def test_export_writes_the_draft_and_a_reference_sheet(edition, room, theme_forum, li_wei, chen_jing):
    make(
        edition,
        "TF1",
        room=room,
        start=at(edition, 1, 14),
        end=at(edition, 1, 15, 30),
        theme_forum=theme_forum,
        people=[(chen_jing, "moderator"), (li_wei, "speaker")],
    )
    make(edition, "OPEN", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    make(edition, "LATER")

    book = load_workbook(io.BytesIO(ProgramWorkbook(edition).render()))

    program, reference = book.worksheets
    values = [list(row) for row in program.iter_rows(values_only=True)]
    assert values[0] == [c.header for c in COLUMNS]
    assert values[0][:3] == ["code 编号", "kind 类型", "theme_forum 主题论坛"]
    assert [row[0] for row in values[1:]] == ["OPEN", "TF1", "LATER"]
    assert values[2] == [
        "TF1",
        "forum",
        theme_forum.slug,
        "会议TF1",
        "Session TF1",
        None,
        None,
        dt.datetime(2023, 7, 9),
        dt.time(14, 0),
        dt.time(15, 30),
        "主会场",
        "zh-en",
        False,
        None,
        "chen-jing:moderator; li-wei:speaker",
    ]
    assert values[3][7:11] == [None, None, None, None]
    first_column = [row[0] for row in reference.iter_rows(values_only=True)]
    assert first_column[:4] == ["rooms 会场", "name_zh 中文名", "主会场", None]
    assert "chen-jing" in first_column
    assert theme_forum.slug in first_column


def test_export_of_a_coordinator_holds_only_their_forums(edition, theme_forum, other_forum, coordinator):
    make(edition, "TF1", theme_forum=theme_forum)
    make(edition, "OF1", theme_forum=other_forum)
    rows = ProgramWorkbook(edition, user=coordinator).rows()
    assert [row[0] for row in rows] == ["TF1"]


def test_export_then_import_changes_nothing(edition, room, other_room, theme_forum, organizer, li_wei, chen_jing):
    make(
        edition,
        "TF1",
        room=room,
        start=at(edition, 1, 14),
        end=at(edition, 1, 15, 30),
        theme_forum=theme_forum,
        people=[(chen_jing, "moderator"), (li_wei, "speaker")],
    )
    services.create_session(
        edition,
        actor=None,
        code="ON1",
        title_zh_hans="=SUM(A1:A2) 线上",
        title_en="",
        abstract_en="Two lines\nof text",
        room=other_room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10),
        is_online=True,
        online_url="https://live.example.org/on1",
    )
    make(edition, "LATER")
    data = ProgramWorkbook(edition, user=organizer).render()
    before = state()

    result = import_program(edition, data, actor=organizer)

    assert result.errors == []
    assert result.counts == {"created": 0, "changed": 0, "unchanged": 3}
    assert state() == before


def test_export_after_an_import_gives_back_the_same_rows(edition, room, theme_forum, organizer, li_wei):
    rows = [line("TF1", theme_forum=theme_forum.slug, people="li-wei:keynote", abstract_en="Carbon markets.")]
    assert import_program(edition, xlsx(rows), actor=organizer).errors == []

    second = import_program(edition, ProgramWorkbook(edition).render(), actor=organizer)

    assert (second.created, second.changed, second.unchanged) == ([], [], ["TF1"])


# --- fuzz -------------------------------------------------------------------------

CELL = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.booleans(),
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2100, 12, 31)),
    st.times(),
    st.sampled_from(
        [
            "2023-07-08",
            "2023-07-09",
            "09:00",
            "10:30",
            "23:59",
            "主会场",
            "Hall 1",
            "li-wei",
            "li-wei:speaker; li-wei",
            "forum",
            "zh-en",
            "TRUE",
            "https://live.example.org/x",
            "A1",
            "=",
        ]
    ),
)


@pytest.fixture
def busy_hall(edition, room):
    return make(edition, "X1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.fixed_dictionaries(dict.fromkeys(KEYS, CELL)), min_size=1, max_size=3))
def test_any_cell_values_give_a_result_and_never_a_partial_write(
    edition, other_room, busy_hall, organizer, li_wei, rows
):
    """Examples share the database: a valid file stays imported, the next example starts from there."""
    before = state()

    result = import_program(edition, xlsx(rows), actor=organizer)

    assert isinstance(result, spreadsheets.ImportResult)
    if result.errors:
        assert state() == before
        assert (result.created, result.changed, result.unchanged) == ([], [], [])
        assert all(isinstance(e.message, str) and e.message for e in result.errors)
    else:
        assert len(result.created) + len(result.changed) + len(result.unchanged) >= 1


@st.composite
def nearly_valid_rows(draw):
    """Valid rows with a few cells replaced by anything: reaches the conflict checks and the services."""
    rows = []
    for i in range(draw(st.integers(min_value=1, max_value=4))):
        values = line(
            f"F{draw(st.integers(min_value=1, max_value=3))}",
            start=f"{9 + i}:00",
            end=f"{10 + i}:00",
            room=draw(st.sampled_from(["主会场", "Hall 1", None])),
            people=draw(st.sampled_from([None, "li-wei", "li-wei:moderator"])),
        )
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=2)):
            values[key] = draw(CELL)
        rows.append(values)
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=nearly_valid_rows())
def test_nearly_valid_files_are_applied_whole_or_not_at_all(edition, other_room, busy_hall, organizer, li_wei, rows):
    data = xlsx(rows)
    before = state()

    result = import_program(edition, data, actor=organizer)

    if result.errors:
        assert state() == before
        assert all(e.row is None or 2 <= e.row <= len(rows) + 1 for e in result.errors)
    else:
        read, _problems = spreadsheets.read_rows(data)  # the codes as the file holds them (a float may round)
        codes = {spreadsheets.cell_text(cells["code"]) for _number, cells in read}
        assert set(result.created + result.changed + result.unchanged) == codes
        assert set(Session.objects.filter(code__in=codes).values_list("code", flat=True)) == codes
