"""``ecoforum meetings solve INSTANCE.json --out RESULT.json``: a good run, and one clear line on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ECOFORUM = Path(sys.executable).with_name("ecoforum")


def test_meetings_solve_example_writes_the_result(shared, tmp_path, capsys):
    instance = shared / "specs" / "meetings-example.json"
    out = tmp_path / "RESULT.json"

    call_command("meetings", "solve", str(instance), "--out", str(out), "--time-limit", "5")

    result = json.loads(out.read_text(encoding="utf-8"))
    data = json.loads(instance.read_text(encoding="utf-8"))
    placed = {m["request"] for m in result["meetings"]}
    priority = {r["id"]: r["priority"] for r in data["requests"]}
    assert sorted(placed | set(result["unscheduled"])) == sorted(priority)
    assert len(placed) + len(result["unscheduled"]) == len(priority)
    score = sum(priority[r] for r in placed)
    assert capsys.readouterr().out == (
        f"{len(placed)} meetings, {len(result['unscheduled'])} unscheduled, score {score}; written to {out}\n"
    )


def _instance(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "INSTANCE.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _bad(tmp_path: Path, path: Path) -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command("meetings", "solve", str(path), "--out", str(tmp_path / "RESULT.json"))
    return caught.value


def test_meetings_solve_unknown_participant_names_it(tmp_path):
    path = _instance(
        tmp_path,
        {
            "slots": [{"id": "s1", "start": "2023-07-08T09:00:00+08:00", "end": "2023-07-08T09:20:00+08:00"}],
            "tables": 1,
            "participants": [{"id": "p1", "available": ["s1"]}],
            "requests": [{"id": "r1", "a": "p1", "b": "p2", "priority": 1}],
        },
    )

    error = _bad(tmp_path, path)

    assert (error.returncode, str(error)) == (2, f"{path}: request 'r1' names unknown participant 'p2'")
    assert not (tmp_path / "RESULT.json").exists()


def test_meetings_solve_malformed_json(tmp_path):
    path = tmp_path / "INSTANCE.json"
    path.write_text('{"slots": [', encoding="utf-8")

    error = _bad(tmp_path, path)

    assert (error.returncode, str(error)) == (2, f"{path}: not valid JSON (Expecting value at line 1, column 12)")


def test_meetings_solve_missing_file(tmp_path):
    path = tmp_path / "nowhere.json"

    error = _bad(tmp_path, path)

    assert (error.returncode, str(error)) == (2, f"{path}: no such file")


def test_meetings_solve_bad_input_exits_2_with_one_line(tmp_path):
    path = _instance(tmp_path, {"slots": [], "tables": 3, "participants": [], "requests": [], "upper_bound": "x"})

    run = subprocess.run(
        [str(ECOFORUM), "meetings", "solve", str(path), "--out", str(tmp_path / "RESULT.json")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert (run.returncode, run.stdout, run.stderr) == (
        2,
        "",
        f"CommandError: {path}: 'upper_bound' must be a number, not 'x'\n",
    )


def test_meetings_solve_good_run_exits_0(shared, tmp_path):
    instance = shared / "specs" / "meetings-example.json"
    out = tmp_path / "RESULT.json"

    run = subprocess.run(
        [str(ECOFORUM), "meetings", "solve", str(instance), "--out", str(out), "--time-limit", "5"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    result = json.loads(out.read_text(encoding="utf-8"))
    priority = {r["id"]: r["priority"] for r in json.loads(instance.read_text(encoding="utf-8"))["requests"]}
    score = sum(priority[m["request"]] for m in result["meetings"])
    summary = f"{len(result['meetings'])} meetings, {len(result['unscheduled'])} unscheduled, score {score}"
    assert (run.returncode, run.stderr, run.stdout) == (0, "", f"{summary}; written to {out}\n")


# --- meetings run EDITION: from the database ------------------------------------------------


def test_meetings_run_schedules_the_edition_and_publishes(edition, capsys):
    from ecoforum.investment import meetings
    from ecoforum.investment.models import Meeting

    from ..conftest import at
    from .factories import AcceptedRequestFactory

    # Two tables, one slot: three requests of six different people, so one cannot be placed.
    meetings.set_up_meeting_grid(edition, tables=2, slots=[(at(edition, 0, 9), at(edition, 0, 9, 20))], actor=None)
    AcceptedRequestFactory.create_batch(3, edition=edition)
    call_command("meetings", "run", edition.slug, "--time-limit", "5")
    out = capsys.readouterr().out
    assert "2 meetings" in out and "1 unscheduled" in out and "a draft" in out
    assert set(Meeting.objects.values_list("status", flat=True)) == {"draft"}
    call_command("meetings", "run", edition.slug, "--time-limit", "5", "--publish")
    assert set(Meeting.objects.values_list("status", flat=True)) == {"published"}


def test_meetings_run_unknown_edition_or_no_grid_is_a_clear_error(edition):
    with pytest.raises(CommandError, match="no edition '1999'") as error:
        call_command("meetings", "run", "1999")
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match=edition.slug) as error:
        call_command("meetings", "run", edition.slug)
    assert error.value.returncode == 2
