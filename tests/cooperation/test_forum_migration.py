"""The data step of the migration that gives partners and agreements their forum (plain ids, no database)."""

from __future__ import annotations

import importlib

import pytest

step = importlib.import_module("ecoforum.cooperation.migrations.0003_partners_forum_fill")


def test_single_forum_server_puts_everything_in_its_forum():
    result = step.plan(forums=[1], partners=[10, 11], agreements={100: (None, [10])}, delegations={})

    assert (result.partner_forum, result.agreement_forum, result.copies) == ({10: 1, 11: 1}, {100: 1}, [])


def test_partner_takes_the_forum_of_its_agreements_and_delegations():
    result = step.plan(
        forums=[1, 2],
        partners=[10, 11],
        agreements={100: (2, [10]), 101: (None, [10])},
        delegations={200: (1, 11)},
    )

    assert result.partner_forum == {10: 2, 11: 1}
    assert result.agreement_forum == {100: 2, 101: 2}  # no edition: the forum its partner is used in
    assert (result.copies, result.agreement_moves, result.delegation_moves) == ([], [], [])


def test_partner_used_by_two_forums_is_split_and_the_second_forums_rows_move_to_the_copy():
    result = step.plan(
        forums=[1, 2, 3],
        partners=[10],
        agreements={100: (1, [10]), 101: (3, [10])},
        delegations={200: (3, 10), 201: (1, 10)},
    )

    assert result.partner_forum == {10: 1}
    assert result.copies == [(10, 3)]
    assert result.agreement_moves == [(101, 10, 3)]
    assert result.delegation_moves == [(200, 10, 3)]


def test_rows_naming_no_forum_on_a_server_with_several_stop_the_migration_naming_them():
    with pytest.raises(step.NoForum) as caught:
        step.plan(
            forums=[1, 2],
            partners=[10, 11, 12],
            agreements={100: (None, [11, 12]), 101: (1, [11]), 102: (2, [12])},
            delegations={},
        )

    assert str(caught.value).startswith(
        "These cooperation rows name no forum and the server has several: agreement 100, partner 10."
    )
