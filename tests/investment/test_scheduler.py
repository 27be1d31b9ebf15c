"""The 1:1 meeting scheduler: parsing, validity (by the spec's own checker), quality against the baseline."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecoforum.investment.scheduler import (
    InstanceError,
    Result,
    first_come_first_served,
    parse_instance,
    solve,
)
from ecoforum.investment.scheduler.generate import generate_instance
from ecoforum.investment.scheduler.indexed import Indexed
from ecoforum.investment.scheduler.solver import _Search

CHECKER = Path(__file__).resolve().parents[3] / "shared" / "specs" / "check_meetings.py"


def load_checker(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_meetings", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checker() -> ModuleType:
    if not CHECKER.exists():
        pytest.skip("../shared is not beside the repository")
    return load_checker(CHECKER)


@pytest.fixture
def example(shared) -> dict[str, Any]:
    return json.loads((shared / "specs" / "meetings-example.json").read_text(encoding="utf-8"))


def figures(checker: ModuleType, data: dict[str, Any], result: Result) -> tuple[int, int, int]:
    """(score, coverage, standby) after the checker found the result valid."""
    res = result.as_json()
    score, err = checker.validate(data, res)
    assert err is None
    covered, _, _, standby = checker.coverage_and_standby(data, res)
    return score, covered, standby


def slot(sid: str, start: str) -> dict[str, str]:
    return {"id": sid, "start": f"2023-07-08T{start}:00+08:00", "end": f"2023-07-08T{start}:00+08:00"}


def small() -> dict[str, Any]:
    return {
        "slots": [slot("s1", "09:00"), slot("s2", "09:20")],
        "tables": 2,
        "participants": [
            {"id": "p1", "available": ["s1", "s2"]},
            {"id": "p2", "available": ["s1", "s2"]},
            {"id": "p3", "available": ["s2"]},
        ],
        "requests": [
            {"id": "r1", "a": "p1", "b": "p2", "priority": 2},
            {"id": "r2", "a": "p1", "b": "p3", "priority": 3},
        ],
    }


# -- parsing ----------------------------------------------------------------------------------------------------------


def test_parse_instance_reads_the_example(example):
    instance = parse_instance(example)

    assert (len(instance.slots), instance.tables, len(instance.participants), len(instance.requests)) == (8, 6, 60, 150)
    pinned = [r for r in instance.requests if r.pinned]
    assert len(pinned) == sum(1 for r in example["requests"] if "pinned" in r)


def _break(change):
    data = small()
    change(data)
    return data


BAD = {
    "unknown participant": (
        lambda d: d["requests"][0].update(b="p9"),
        "request 'r1' names unknown participant 'p9'",
    ),
    "unknown available slot": (
        lambda d: d["participants"][2]["available"].append("s7"),
        "participant 'p3' is available in unknown slot 's7'",
    ),
    "unknown pinned slot": (
        lambda d: d["requests"][0].update(pinned={"slot": "s9", "table": 0}),
        "request 'r1' is pinned to unknown slot 's9'",
    ),
    "self meeting": (
        lambda d: d["requests"][0].update(b="p1"),
        "request 'r1' asks 'p1' to meet themself",
    ),
    "duplicate slot": (
        lambda d: d["slots"].append(slot("s1", "10:00")),
        "duplicate slot id 's1'",
    ),
    "duplicate participant": (
        lambda d: d["participants"].append({"id": "p2", "available": []}),
        "duplicate participant id 'p2'",
    ),
    "duplicate request": (
        lambda d: d["requests"].append({"id": "r1", "a": "p2", "b": "p3", "priority": 1}),
        "duplicate request id 'r1'",
    ),
    "priority out of range": (
        lambda d: d["requests"][1].update(priority=4),
        "request 'r2' has priority 4; it must be 1, 2 or 3",
    ),
    "priority not a number": (
        lambda d: d["requests"][1].update(priority="3"),
        "request 'r2' has priority '3'; it must be 1, 2 or 3",
    ),
    "no tables": (
        lambda d: d.update(tables=0),
        "'tables' must be a positive whole number, not 0",
    ),
    "pinned where one side is away": (
        lambda d: d["requests"][1].update(pinned={"slot": "s1", "table": 0}),
        "request 'r2' is pinned to slot 's1', where 'p3' is not available",
    ),
    "pinned table out of range": (
        lambda d: d["requests"][0].update(pinned={"slot": "s1", "table": 2}),
        "request 'r1' is pinned to table 2, outside 0..1",
    ),
    "two pins on one table": (
        lambda d: (
            d["participants"].append({"id": "p4", "available": ["s2"]}),
            d["requests"][0].update(pinned={"slot": "s2", "table": 1}),
            d["requests"].append(
                {"id": "r3", "a": "p3", "b": "p4", "priority": 1, "pinned": {"slot": "s2", "table": 1}}
            ),
        ),
        "request 'r3' and request 'r1' are both pinned to table 1 in 's2'",
    ),
    "person pinned twice in a slot": (
        lambda d: (
            d["requests"][0].update(pinned={"slot": "s2", "table": 0}),
            d["requests"][1].update(pinned={"slot": "s2", "table": 1}),
        ),
        "'p1' is pinned twice in slot 's2' (requests 'r1' and 'r2')",
    ),
    "missing key": (
        lambda d: d["requests"][1].pop("b"),
        "request 'r2' has no 'b'",
    ),
    "wrong type": (
        lambda d: d.update(participants={"p1": []}),
        "'participants' must be a list, not dict",
    ),
    "request not an object": (
        lambda d: d["requests"].append("r3"),
        "request #3 must be an object, not str",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_parse_instance_bad_input_names_the_item(case):
    change, message = BAD[case]

    with pytest.raises(InstanceError) as caught:
        parse_instance(_break(change))

    assert str(caught.value) == message


def test_parse_instance_not_an_object():
    with pytest.raises(InstanceError) as caught:
        parse_instance([])

    assert str(caught.value) == "the instance must be a JSON object, not list"


# -- validity ---------------------------------------------------------------------------------------------------------


def test_solve_example_is_valid_and_keeps_pins(checker, example):
    result = solve(parse_instance(example), time_limit=10)

    score, covered, standby = figures(checker, example, result)
    fcfs_score, fcfs_covered, fcfs_standby = figures(checker, example, first_come_first_served(parse_instance(example)))
    placed = {m.request: (m.slot, m.table) for m in result.meetings}
    pins = {r["id"]: (r["pinned"]["slot"], r["pinned"]["table"]) for r in example["requests"] if "pinned" in r}
    assert {rid: placed.get(rid) for rid in pins} == pins
    assert score >= fcfs_score
    assert covered >= fcfs_covered
    assert standby <= fcfs_standby


def test_first_come_first_served_follows_the_order_given():
    data = small()
    data["tables"] = 1
    data["requests"].append({"id": "r3", "a": "p2", "b": "p3", "priority": 3})

    result = first_come_first_served(parse_instance(data))

    # r1 takes s1 (the earliest), r2 takes s2, r3 finds p3's only slot taken
    assert result.as_json() == {
        "meetings": [{"request": "r1", "slot": "s1", "table": 0}, {"request": "r2", "slot": "s2", "table": 0}],
        "unscheduled": ["r3"],
    }


@st.composite
def instances(draw) -> dict[str, Any]:
    """Small random instances, pins included (placed one by one where they fit, as an earlier run would)."""
    n_slots = draw(st.integers(1, 6))
    slots = [
        {"id": f"s{i}", "start": f"2023-07-0{8 + i // 3}T{9 + i % 3:02d}:00:00+08:00", "end": "x"}
        for i in range(n_slots)
    ]
    tables = draw(st.integers(1, 3))
    n_people = draw(st.integers(2, 8))
    people = [{"id": f"p{i}", "available": [s["id"] for s in slots if draw(st.booleans())]} for i in range(n_people)]
    pairs = st.tuples(st.integers(0, n_people - 1), st.integers(0, n_people - 1)).filter(lambda p: p[0] != p[1])
    raw = draw(st.lists(st.tuples(pairs, st.integers(1, 3), st.booleans()), max_size=16))
    requests: list[dict[str, Any]] = []
    busy: set[tuple[int, str]] = set()
    used: dict[str, int] = {}
    for n, ((a, b), priority, want_pin) in enumerate(raw):
        request: dict[str, Any] = {"id": f"r{n}", "a": f"p{a}", "b": f"p{b}", "priority": priority}
        if want_pin:
            for s in people[a]["available"]:
                if s in people[b]["available"] and (a, s) not in busy and (b, s) not in busy:
                    if used.get(s, 0) < tables:
                        request["pinned"] = {"slot": s, "table": tables - 1 - used.get(s, 0)}
                        used[s] = used.get(s, 0) + 1
                        busy |= {(a, s), (b, s)}
                    break
        requests.append(request)
    return {"slots": slots, "tables": tables, "participants": people, "requests": requests}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=instances())
def test_solve_random_small_instances_valid_and_never_below_baseline(checker, data):
    instance = parse_instance(copy.deepcopy(data))

    result = solve(instance, time_limit=5)
    baseline = first_come_first_served(instance)

    score, covered, _ = figures(checker, data, result)
    base_score, base_covered, _ = figures(checker, data, baseline)
    assert (score, covered) >= (base_score, base_covered)
    pins = {r["id"]: (r["pinned"]["slot"], r["pinned"]["table"]) for r in data["requests"] if "pinned" in r}
    placed = {m.request: (m.slot, m.table) for m in result.meetings}
    assert {rid: placed.get(rid) for rid in pins} == pins


# -- quality ----------------------------------------------------------------------------------------------------------


def test_solve_medium_generated_instance_beats_baseline(checker):
    data = generate_instance(participants=300, requests=2400, days=1, slots_per_day=16, tables=20, seed=7)
    instance = parse_instance(data)

    score, covered, standby = figures(checker, data, solve(instance, time_limit=20))
    base_score, base_covered, base_standby = figures(checker, data, first_come_first_served(instance))

    assert score > base_score
    assert covered >= base_covered
    assert standby < base_standby


def test_solve_reaches_the_known_optimum():
    # One table. First come, first served gives r1 the first slot and r2 none (score 5, three people met).
    # The optimum: r2 in the only slot p3 and p4 share, r1 after it, r3 dropped: score 6, four people met.
    data = {
        "slots": [slot("A", "09:00"), slot("B", "09:20"), slot("C", "09:40")],
        "tables": 1,
        "participants": [
            {"id": "p1", "available": ["A", "B"]},
            {"id": "p2", "available": ["A", "B"]},
            {"id": "p3", "available": ["A"]},
            {"id": "p4", "available": ["A", "C"]},
            {"id": "p5", "available": ["B", "C"]},
            {"id": "p6", "available": ["B", "C"]},
        ],
        "requests": [
            {"id": "r1", "a": "p1", "b": "p2", "priority": 3},
            {"id": "r2", "a": "p3", "b": "p4", "priority": 3},
            {"id": "r3", "a": "p5", "b": "p6", "priority": 2},
            {"id": "r4", "a": "p6", "b": "p4", "priority": 1, "pinned": {"slot": "C", "table": 0}},
        ],
    }
    instance = parse_instance(data)

    result = solve(instance, time_limit=5)

    assert sorted((m.request, m.slot, m.table) for m in result.meetings) == [
        ("r1", "B", 0),
        ("r2", "A", 0),
        ("r4", "C", 0),
    ]
    assert result.unscheduled == ["r3"]


def _search_with(data: dict[str, Any], placed: dict[str, str]) -> _Search:
    instance = parse_instance(data)
    ix = Indexed.build(instance)
    search = _Search(ix, deadline=float("inf"))
    request_index = {r.id: k for k, r in enumerate(instance.requests)}
    slot_index = {s.id: i for i, s in enumerate(instance.slots)}
    for rid, sid in placed.items():
        search.place(request_index[rid], slot_index[sid])
    return search


def _standby(search: _Search) -> int:
    return -search.ix.quality(search.where)[2]


def test_compact_moves_a_meeting_into_the_gap():
    data = {
        "slots": [slot(f"s{i}", f"{9 + i}:00") for i in range(1, 5)],
        "tables": 2,
        "participants": [{"id": p, "available": ["s1", "s2", "s3", "s4"]} for p in ("p1", "p2", "p3")],
        "requests": [
            {"id": "r1", "a": "p1", "b": "p2", "priority": 2},
            {"id": "r2", "a": "p1", "b": "p3", "priority": 2},
        ],
    }
    search = _search_with(data, {"r1": "s1", "r2": "s4"})
    before = search.ix.quality(search.where)

    search.compact()

    after = search.ix.quality(search.where)
    assert (before[2], after[2]) == (-2, 0)
    assert after[:2] == before[:2]


def test_compact_swaps_slots_when_every_table_is_taken():
    # p1 meets p2 at 10:00 and p3 at 12:00 and waits at 11:00; the only table at 11:00 holds p4 and p5,
    # who can meet at 12:00 as well: swapping r2 and r3 leaves nobody waiting.
    data = {
        "slots": [slot("s1", "10:00"), slot("s2", "11:00"), slot("s3", "12:00")],
        "tables": 1,
        "participants": [
            {"id": "p1", "available": ["s1", "s2", "s3"]},
            {"id": "p2", "available": ["s1"]},
            {"id": "p3", "available": ["s2", "s3"]},
            {"id": "p4", "available": ["s2", "s3"]},
            {"id": "p5", "available": ["s2", "s3"]},
        ],
        "requests": [
            {"id": "r1", "a": "p1", "b": "p2", "priority": 1},
            {"id": "r2", "a": "p1", "b": "p3", "priority": 1},
            {"id": "r3", "a": "p4", "b": "p5", "priority": 1},
        ],
    }
    search = _search_with(data, {"r1": "s1", "r2": "s3", "r3": "s2"})

    search.compact()

    assert _standby(search) == 0
    assert search.where == [0, 1, 2]


def test_solve_is_deterministic():
    data = generate_instance(participants=120, requests=700, days=1, slots_per_day=8, tables=10, seed=3)
    instance = parse_instance(data)

    first = solve(instance, time_limit=20).as_json()
    second = solve(instance, time_limit=20).as_json()

    assert first == second


def test_generate_instance_is_seeded_and_valid():
    one = generate_instance(participants=200, requests=1000, days=2, slots_per_day=8, tables=12, seed=5)
    two = generate_instance(participants=200, requests=1000, days=2, slots_per_day=8, tables=12, seed=5)

    instance = parse_instance(one)

    assert one == two
    assert len(instance.requests) == 1000
    assert 15 <= sum(1 for r in instance.requests if r.pinned) <= 20  # 2 %, less the few that found no room


def test_solve_without_time_still_valid(checker):
    data = generate_instance(participants=300, requests=2400, days=1, slots_per_day=16, tables=20, seed=11)

    result = solve(parse_instance(data), time_limit=0)

    score, _, _ = figures(checker, data, result)
    assert score > 0


def test_solve_coverage_trade_gives_up_at_most_its_share(checker):
    data = generate_instance(participants=300, requests=2400, days=1, slots_per_day=16, tables=20, seed=7)
    instance = parse_instance(data)

    strict_score, strict_covered, _ = figures(checker, data, solve(instance, time_limit=20, coverage_trade=0))
    score, covered, _ = figures(checker, data, solve(instance, time_limit=20, coverage_trade=0.01))

    assert strict_score - score <= int(strict_score * 0.01)
    assert covered - strict_covered >= strict_score - score
