"""First come, first served: the baseline that ``solve`` is measured against (``specs/meetings.md``).

Pins first; then each request in the order it arrived, in the earliest slot (by
start time) where both people are available and free and a table is free, at
the lowest free table.
"""

from __future__ import annotations

from .indexed import Indexed
from .model import Instance, Placement, Result


def fcfs_placement(ix: Indexed) -> dict[int, tuple[int, int]]:
    """Request index → (slot index, table) for the requests that first come, first served places."""
    busy = [0] * len(ix.avail)
    taken: list[set[int]] = [set() for _ in range(ix.n_slots)]
    placed: dict[int, tuple[int, int]] = {}
    for k, s in enumerate(ix.pin_slot):
        if s >= 0:
            placed[k] = (s, ix.pin_table[k])
            taken[s].add(ix.pin_table[k])
            busy[ix.req_a[k]] |= 1 << s
            busy[ix.req_b[k]] |= 1 << s
    for k in range(len(ix.req_a)):
        if k in placed:
            continue
        a, b = ix.req_a[k], ix.req_b[k]
        free = ix.req_mask[k] & ~busy[a] & ~busy[b]
        if not free:
            continue
        for s in ix.by_start:
            if free >> s & 1 and len(taken[s]) < ix.tables:
                table = 0
                while table in taken[s]:
                    table += 1
                taken[s].add(table)
                placed[k] = (s, table)
                busy[a] |= 1 << s
                busy[b] |= 1 << s
                break
    return placed


def first_come_first_served(instance: Instance) -> Result:
    placed = fcfs_placement(Indexed.build(instance))
    slots, requests = instance.slots, instance.requests
    return Result(
        meetings=[Placement(request=requests[k].id, slot=slots[s].id, table=t) for k, (s, t) in sorted(placed.items())],
        unscheduled=[r.id for k, r in enumerate(requests) if k not in placed],
    )
