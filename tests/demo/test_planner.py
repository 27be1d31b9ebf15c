"""The demo's program planner (no database): deterministic, plenaries in the main hall."""

from __future__ import annotations

import pytest

from ecoforum.demo.planner import plan_program


def test_planner_is_deterministic():
    assert plan_program() == plan_program()


@pytest.mark.parametrize("code", ["OPEN", "DIALOGUE", "SIGN", "CLOSE"])
def test_plenary_sessions_sit_in_the_main_hall(code):
    planned = {p.code: p for p in plan_program()}
    assert planned[code].room == "main"
