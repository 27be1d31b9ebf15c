"""The schedule a search works on (:mod:`.solver`): integers and bitmasks, changed only by place and remove."""

from __future__ import annotations

import time

from .indexed import Indexed, standby_of

Option = tuple[int, int, list[tuple[int, int]]]  # (priority lost, people left with none, [(meeting, slot or -1)])
DROP_KEYS = [(q, lost) for q in (1, 2, 3) for lost in (0, 1, 2)]


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class Schedule:
    """Who meets when: per person a bitmask of slots taken, per slot a count of tables taken, kept consistent
    by :meth:`place` and :meth:`remove`, which also keep the search's per-slot caches up to date."""

    def __init__(self, ix: Indexed, deadline: float) -> None:
        self.ix = ix
        self.deadline = deadline
        self.S = ix.n_slots
        self.T = ix.tables
        n_people = len(ix.avail)
        self.n_req = len(ix.req_a)
        self.busy = [0] * n_people
        self.occ = [-1] * (n_people * self.S)
        self.nmeet = [0] * n_people
        self.where = [-1] * self.n_req
        self.load = [0] * self.S
        self.open = (1 << self.S) - 1  # slots with a free table
        self.members: list[list[set[int]]] = [[set(), set(), set(), set()] for _ in range(self.S)]
        self.pinned = [s >= 0 for s in ix.pin_slot]
        self.day_of = [0] * self.S
        for day in ix.day_masks:
            for s in _bits(day):
                self.day_of[s] = day
        self.score = 0
        self.covered = 0
        # per slot, the cheapest meeting to drop: its (priority, people left with none), kept fresh by refresh()
        self.dirty = 0
        self.drop_key: list[tuple[int, int] | None] = [None] * self.S
        self.drop_victim = [-1] * self.S
        self.drop_mask = dict.fromkeys(DROP_KEYS, 0)
        # per slot, the cheapest way to free a table there, as of state ``version`` (bumped by every change)
        self.version = 0
        self.victim_cache: list[tuple[int, Option | None] | None] = [None] * self.S
        # while not None, every change: (+1 placed / -1 removed, request, slot), so that it can be undone
        self.journal: list[tuple[int, int, int]] | None = None

    def place(self, k: int, s: int) -> None:
        ix = self.ix
        a, b = ix.req_a[k], ix.req_b[k]
        bit = 1 << s
        self.busy[a] |= bit
        self.busy[b] |= bit
        self.occ[a * self.S + s] = k
        self.occ[b * self.S + s] = k
        for p in (a, b):
            if self.nmeet[p] == 0:
                self.covered += 1
            self.nmeet[p] += 1
            if self.nmeet[p] == 2:
                self.dirty |= self.busy[p]
        self.dirty |= bit
        self.version += 1
        if self.journal is not None:
            self.journal.append((1, k, s))
        self.where[k] = s
        self.load[s] += 1
        if self.load[s] >= self.T:
            self.open &= ~bit
        if not self.pinned[k]:
            self.members[s][ix.req_prio[k]].add(k)
        self.score += ix.req_prio[k]

    def remove(self, k: int) -> None:
        ix = self.ix
        s = self.where[k]
        a, b = ix.req_a[k], ix.req_b[k]
        bit = 1 << s
        self.busy[a] &= ~bit
        self.busy[b] &= ~bit
        self.occ[a * self.S + s] = -1
        self.occ[b * self.S + s] = -1
        for p in (a, b):
            self.nmeet[p] -= 1
            if self.nmeet[p] == 0:
                self.covered -= 1
            elif self.nmeet[p] == 1:
                self.dirty |= self.busy[p]
        self.dirty |= bit
        self.version += 1
        if self.journal is not None:
            self.journal.append((-1, k, s))
        self.where[k] = -1
        self.load[s] -= 1
        self.open |= bit
        self.members[s][ix.req_prio[k]].discard(k)
        self.score -= ix.req_prio[k]

    def standby(self, p: int, busy: int) -> int:
        return standby_of(busy, self.ix.avail[p], self.ix.day_masks)

    def day_standby(self, p: int, busy: int, day: int) -> int:
        m = busy & day
        if not m:
            return 0
        low = m & -m
        return (((1 << m.bit_length()) - low) & day & self.ix.avail[p] & ~busy).bit_count()

    def expired(self) -> bool:
        return time.monotonic() > self.deadline

    def best_slot(self, k: int, free: int) -> int:
        """The free slot that adds the least standby to both people; then the least loaded."""
        ix = self.ix
        a, b = ix.req_a[k], ix.req_b[k]
        ba, bb = self.busy[a], self.busy[b]
        best, best_key = -1, (1 << 30, 0, 0)
        while free:
            low = free & -free
            free ^= low
            s = low.bit_length() - 1
            day = self.day_of[s]
            delta = (
                self.day_standby(a, ba | low, day)
                - self.day_standby(a, ba, day)
                + self.day_standby(b, bb | low, day)
                - self.day_standby(b, bb, day)
            )
            # a slot next to a meeting already held keeps days compact even when it adds no standby
            near = ((ba | bb) & ((low << 1) | (low >> 1))) != 0
            key = (delta, 0 if near else 1, self.load[s])
            if key < best_key:
                best, best_key = s, key
        return best
