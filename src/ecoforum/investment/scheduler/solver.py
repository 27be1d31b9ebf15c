"""``solve``: the 1:1 meeting scheduler (design and figures in ``docs/decisions/0011-meeting-scheduler.md``).

Quality is score (sum of priorities met), then coverage (people with at least
one meeting), then standby (idle available slots between a person's meetings
of a day). The search works on integers only (slots are bits):

1. pins go first and never move;
2. construction, priority level by level (3, 2, 1): inside a level, requests
   that meet two people still without a meeting go first, then those that meet
   one, then the rest, the scarcest first; each goes to the free slot that adds
   the least standby;
3. insertion with ejection: each unscheduled request tries every slot both
   people share; whatever is in the way (either person's meeting there, or a
   meeting holding the last table) is moved to another slot (dropping that
   slot's cheapest meeting if need be) or dropped; kept when (score, coverage)
   rises. Then seeded ruin and recreate of two slots at a time;
4. a bounded coverage trade: at most ``coverage_trade`` of the score, one point
   at most for each person who would otherwise have no meeting;
5. compaction: meetings move (or swap slots with another meeting when the
   tables are all taken) when that lowers standby, score and coverage unchanged;
6. first come, first served as a safety net: never return less.

Tables are a count per slot while searching; numbers are given at the end, pins
keeping theirs. Everything stops at the time limit with a valid schedule.
"""

from __future__ import annotations

import math
import random
import time

from .baseline import fcfs_placement
from .indexed import Indexed
from .model import Instance, Result
from .state import DROP_KEYS, Option, Schedule

# what counts as a gain (Δscore, Δcoverage) when inserting: lexicographic (score, then coverage); keeping
# coverage (score or coverage up, neither down); or trading (a newly met person for at most one point each)
_LEXICOGRAPHIC, _KEEP_COVERAGE, _TRADE = "lexicographic", "keep coverage", "trade"


def _gains(mode: str, dscore: int, dcov: int) -> bool:
    if mode == _LEXICOGRAPHIC:
        return (dscore, dcov) > (0, 0)
    if mode == _KEEP_COVERAGE:
        return dscore >= 0 and dcov >= 0 and dscore + dcov > 0
    return dcov >= 1 and dscore >= -1 and dscore + dcov >= 0


class _Search(Schedule):
    """The phases of the search, in the order :func:`solve` runs them."""

    # -- 1. pins -------------------------------------------------------------------------------------------------
    def place_pins(self) -> None:
        for k, s in enumerate(self.ix.pin_slot):
            if s >= 0:
                self.place(k, s)

    # -- 2. construction -----------------------------------------------------------------------------------------
    def construct(self) -> None:
        ix = self.ix
        options = [0] * len(ix.avail)
        for k in range(self.n_req):
            if ix.req_mask[k]:
                options[ix.req_a[k]] += 1
                options[ix.req_b[k]] += 1
        for prio in (3, 2, 1):
            cand = [k for k in range(self.n_req) if self.where[k] < 0 and ix.req_prio[k] == prio and ix.req_mask[k]]
            cand.sort(
                key=lambda k: (
                    min(options[ix.req_a[k]], options[ix.req_b[k]]),
                    ix.req_mask[k].bit_count(),
                    k,
                )
            )
            for need in (2, 1, 0):
                for k in cand:
                    if self.where[k] >= 0:
                        continue
                    a, b = ix.req_a[k], ix.req_b[k]
                    if (self.nmeet[a] == 0) + (self.nmeet[b] == 0) < need:
                        continue
                    free = ix.req_mask[k] & ~self.busy[a] & ~self.busy[b] & self.open
                    if free:
                        self.place(k, self.best_slot(k, free))

    # -- 3. insertion with ejection ------------------------------------------------------------------------------
    def loss_if_dropped(self, m: int, keep: tuple[int, ...]) -> int:
        """People left without a meeting if ``m`` is dropped (those in ``keep`` get another one)."""
        ix = self.ix
        lost = 0
        for p in (ix.req_a[m], ix.req_b[m]):
            if self.nmeet[p] == 1 and p not in keep:
                lost += 1
        return lost

    def refresh(self) -> None:
        """Recompute the cheapest meeting to drop, (priority, people left without one), in each changed slot."""
        dirty = self.dirty
        self.dirty = 0
        while dirty:
            low = dirty & -dirty
            dirty ^= low
            t = low.bit_length() - 1
            old = self.drop_key[t]
            if old is not None:
                self.drop_mask[old] &= ~low
            best: tuple[tuple[int, int], int] | None = None
            for q in (1, 2, 3):
                for m in self.members[t][q]:
                    lost = self.loss_if_dropped(m, ())
                    if best is None or (q, lost) < best[0]:
                        best = ((q, lost), m)
                        if lost == 0:
                            break
                if best is not None:
                    break
            if best is None:
                self.drop_key[t] = None
            else:
                self.drop_key[t] = best[0]
                self.drop_victim[t] = best[1]
                self.drop_mask[best[0]] |= low

    def evacuate(self, m: int, avoid: int, pair: tuple[int, int], limit: tuple[int, int]) -> Option:
        """The cheapest way to get meeting ``m`` out of its slot: another slot with a free table (cost 0), another
        slot whose cheapest meeting is dropped, or dropping ``m``; cost is (priority lost, people left with none)."""
        ix = self.ix
        targets = ix.req_mask[m] & ~self.busy[ix.req_a[m]] & ~self.busy[ix.req_b[m]] & ~avoid
        if targets & self.open:
            return (0, 0, [(m, self.best_slot(m, targets & self.open))])
        best: Option = (ix.req_prio[m], self.loss_if_dropped(m, pair), [(m, -1)])
        if targets:
            for key in DROP_KEYS:
                if key >= best[:2] or key >= limit:
                    break
                hit = targets & self.drop_mask[key]
                if hit:
                    t = (hit & -hit).bit_length() - 1
                    best = (key[0], key[1], [(m, t), (self.drop_victim[t], -1)])
                    break
        return best

    def table_victim(self, s: int, limit: tuple[int, int]) -> Option | None:
        """The cheapest way to free a table in full slot ``s``, if one costs less than ``limit``."""
        cached = self.victim_cache[s]
        if cached is None or cached[0] != self.version:
            cached = self.victim_cache[s] = (self.version, self.cheapest_table(s))
        best = cached[1]
        return best if best is not None and best[:2] < limit else None

    def cheapest_table(self, s: int) -> Option | None:
        """The cheapest way to free a table in slot ``s``: move one of its meetings to a free table elsewhere,
        or to a slot whose cheapest meeting is dropped, or drop its own cheapest meeting."""
        ix = self.ix
        bit = 1 << s
        best: Option | None = None
        key = self.drop_key[s]
        if key is not None:
            best = (key[0], key[1], [(self.drop_victim[s], -1)])
        ceiling = (9, 9) if best is None else best[:2]
        if not self.open & ~bit and ceiling <= (1, 0):
            return best  # no table free elsewhere, and dropping any meeting costs at least (1, 0)
        busy = self.busy
        for q in (1, 2, 3):
            for m in self.members[s][q]:
                targets = ix.req_mask[m] & ~busy[ix.req_a[m]] & ~busy[ix.req_b[m]] & ~bit
                if not targets:
                    continue
                if targets & self.open:
                    return (0, 0, [(m, self.best_slot(m, targets & self.open))])
                for key in DROP_KEYS:
                    if key >= ceiling:
                        break
                    hit = targets & self.drop_mask[key]
                    if hit:
                        t = (hit & -hit).bit_length() - 1
                        best = (key[0], key[1], [(m, t), (self.drop_victim[t], -1)])
                        ceiling = key
                        break
        return best

    def plan_insert(self, k: int, mode: str = _LEXICOGRAPHIC) -> tuple[int, list[tuple[int, int]]] | None:
        """The best way to put request ``k`` in, as (slot, [(meeting, new slot or -1 to drop)]), if it gains
        (:func:`_gains` says what a gain is in each ``mode``)."""
        ix = self.ix
        a, b = ix.req_a[k], ix.req_b[k]
        prio = ix.req_prio[k]
        pair = (a, b)
        gain_cov = (self.nmeet[a] == 0) + (self.nmeet[b] == 0)
        best: tuple[int, list[tuple[int, int]]] | None = None
        best_gain = (-1, 0) if mode == _TRADE else (0, 0)
        S = self.S
        mask = ix.req_mask[k]
        while mask:
            low = mask & -mask
            mask ^= low
            s = low.bit_length() - 1
            ma = self.occ[a * S + s]
            mb = self.occ[b * S + s]
            if (ma >= 0 and self.pinned[ma]) or (mb >= 0 and self.pinned[mb]):
                continue
            cost_p = cost_l = 0
            moves: list[tuple[int, int]] = []
            avoid = low
            limit = (prio - best_gain[0], gain_cov - best_gain[1])
            for m in (ma, mb) if ma != mb else (ma,):
                if m < 0:
                    continue
                cp, cl, more = self.evacuate(m, avoid, pair, (limit[0] - cost_p, limit[1] - cost_l))
                cost_p += cp
                cost_l += cl
                moves += more
                for _, t in more:
                    if t >= 0:
                        avoid |= 1 << t
            if ma < 0 and mb < 0 and self.load[s] >= self.T:
                option = self.table_victim(s, limit)
                if option is None:
                    continue
                cost_p, cost_l, moves = option
            gain = (prio - cost_p, gain_cov - cost_l)
            if gain > best_gain and _gains(mode, *gain):
                best, best_gain = (s, moves), gain
        return best

    def apply(self, k: int, s: int, moves: list[tuple[int, int]], mode: str = _LEXICOGRAPHIC) -> bool:
        """Carry out a plan if it is still possible and raises (score, coverage); otherwise leave all as it was."""
        ix = self.ix
        before = (self.score, self.covered)
        removed: list[tuple[int, int]] = []
        placed: list[int] = []
        ok = True
        for m, _ in moves:
            if self.where[m] < 0:
                ok = False
                break
            removed.append((m, self.where[m]))
            self.remove(m)
        if ok:
            for m, t in [*moves, (k, s)]:
                if t < 0:
                    continue
                bit = 1 << t
                if self.where[m] >= 0 or (self.busy[ix.req_a[m]] | self.busy[ix.req_b[m]]) & bit or not self.open & bit:
                    ok = False
                    break
                self.place(m, t)
                placed.append(m)
        if ok and _gains(mode, self.score - before[0], self.covered - before[1]):
            return True
        for m in placed:
            self.remove(m)
        for m, t in removed:
            self.place(m, t)
        return False

    def improve(self, mode: str = _LEXICOGRAPHIC) -> None:
        """Sweep the unscheduled requests, highest priority first, inserting each where that gains."""
        ix = self.ix
        while not self.expired():
            order = [k for k in range(self.n_req) if self.where[k] < 0 and ix.req_mask[k]]
            order.sort(
                key=lambda k: (-ix.req_prio[k], -((self.nmeet[ix.req_a[k]] == 0) + (self.nmeet[ix.req_b[k]] == 0)), k)
            )
            changed = False
            for n, k in enumerate(order):
                if n % 64 == 0 and self.expired():
                    return
                if self.where[k] >= 0:
                    continue
                self.refresh()
                plan = self.plan_insert(k, mode)
                if plan is not None and self.apply(k, *plan, mode):
                    changed = True
            if not changed:
                return

    def ruin_and_recreate(self, iterations: int, deadline: float) -> None:
        """Empty a few random slots (pins stay), refill them priority first and repair what was taken out;
        keep the result unless (score, coverage) went down. Seeded: the same instance gives the same moves."""
        ix = self.ix
        rng = random.Random(len(ix.req_a))  # noqa: S311 (a seeded search, not secrets)
        width = min(2, self.S)
        if not width or not self.n_req:
            return
        for _ in range(iterations):
            if time.monotonic() > deadline:
                return
            window = 0
            for t in rng.sample(range(self.S), width):
                window |= 1 << t
            before = (self.score, self.covered)
            self.journal = []
            out = [
                k
                for k in range(self.n_req)
                if self.where[k] >= 0 and window >> self.where[k] & 1 and not self.pinned[k]
            ]
            for k in out:
                self.remove(k)
            nmeet = self.nmeet
            cand = [k for k in range(self.n_req) if self.where[k] < 0 and ix.req_mask[k] & window]
            keys = {
                k: (
                    -ix.req_prio[k],
                    -((nmeet[ix.req_a[k]] == 0) + (nmeet[ix.req_b[k]] == 0)),
                    (ix.req_mask[k] & window).bit_count(),
                    rng.random(),
                )
                for k in cand
            }
            cand.sort(key=keys.__getitem__)
            for k in cand:
                free = ix.req_mask[k] & window & ~self.busy[ix.req_a[k]] & ~self.busy[ix.req_b[k]] & self.open
                if free:
                    self.place(k, self.best_slot(k, free))
            for k in out:
                if self.where[k] < 0:
                    self.refresh()
                    plan = self.plan_insert(k)
                    if plan is not None:
                        self.apply(k, *plan)
            journal, self.journal = self.journal, None
            if self.score < before[0] or self.covered < before[1]:
                for sign, k, t in reversed(journal):
                    if sign > 0:
                        self.remove(k)
                    else:
                        self.place(k, t)

    def cover(self, budget: int, target: int) -> None:
        """Give a first meeting to people who have none, at most one point of score for each, ``budget`` in all,
        until ``target`` people have a meeting."""
        ix = self.ix
        nmeet = self.nmeet
        changed = True
        while changed and budget > 0 and self.covered < target and not self.expired():
            changed = False
            order = [
                k
                for k in range(self.n_req)
                if self.where[k] < 0
                and ix.req_mask[k]
                and (self.nmeet[ix.req_a[k]] == 0 or self.nmeet[ix.req_b[k]] == 0)
            ]
            # two newly met people for one point first, then one
            order.sort(key=lambda k: (nmeet[ix.req_a[k]] + nmeet[ix.req_b[k]] > 0, -ix.req_prio[k], k))
            for k in order:
                if budget <= 0 or self.covered >= target or self.expired():
                    return
                if self.where[k] >= 0 or (self.nmeet[ix.req_a[k]] and self.nmeet[ix.req_b[k]]):
                    continue
                self.refresh()
                score = self.score
                plan = self.plan_insert(k, _TRADE)
                if plan is not None and self.apply(k, *plan, _TRADE):
                    budget -= score - self.score
                    changed = True

    # -- 4. compaction -------------------------------------------------------------------------------------------
    def exchange_delta(self, k: int, s: int, m: int, t: int) -> int | None:
        """Δstandby when meeting ``k`` moves from slot ``s`` to ``t`` and meeting ``m`` (if not -1) from ``t`` to ``s``;
        None when that breaks a rule (someone away or already busy). Tables: the caller's business."""
        ix = self.ix
        moved = ((k, s, t), (m, t, s)) if m >= 0 else ((k, s, t),)
        masks: dict[int, int] = {}
        for r, f, _ in moved:
            if not ix.req_mask[r] >> (t if f == s else s) & 1:
                return None
            for p in (ix.req_a[r], ix.req_b[r]):
                masks[p] = masks.get(p, self.busy[p]) & ~(1 << f)
        for r, _, to in moved:
            bit = 1 << to
            for p in (ix.req_a[r], ix.req_b[r]):
                if masks[p] & bit:
                    return None
                masks[p] |= bit
        return sum(self.standby(p, mask) - self.standby(p, self.busy[p]) for p, mask in masks.items())

    def compact(self) -> None:
        """Move meetings, or swap two meetings' slots, while that lowers standby; score and coverage stay."""
        ix = self.ix
        S = self.S
        while not self.expired():
            changed = False
            for k in range(self.n_req):
                if k % 128 == 0 and self.expired():
                    return
                s = self.where[k]
                if s < 0 or self.pinned[k]:
                    continue
                a, b = ix.req_a[k], ix.req_b[k]
                ba, bb = self.busy[a], self.busy[b]
                if self.standby(a, ba) + self.standby(b, bb) == 0:
                    continue
                here = 1 << s
                best: tuple[int, int, int] | None = None  # (Δstandby, slot, meeting swapped with or -1)
                targets = ix.req_mask[k] & ~here
                while targets:
                    low = targets & -targets
                    targets ^= low
                    t = low.bit_length() - 1
                    oa, ob = self.occ[a * S + t], self.occ[b * S + t]
                    if oa >= 0 and ob >= 0:
                        continue
                    if oa >= 0 or ob >= 0:  # swap with the meeting one of them has then
                        m = oa if oa >= 0 else ob
                        if self.pinned[m]:
                            continue
                        delta = self.exchange_delta(k, s, m, t)
                        if delta is not None and delta < 0 and (best is None or delta < best[0]):
                            best = (delta, t, m)
                        continue
                    delta = self.exchange_delta(k, s, -1, t)
                    if delta is None or delta >= 0 or (best is not None and delta >= best[0]):
                        continue
                    if self.load[t] < self.T:
                        best = (delta, t, -1)
                        continue
                    for q in (1, 2, 3):  # every table taken: swap with a meeting that can take slot s
                        for m in self.members[t][q]:
                            c, d = ix.req_a[m], ix.req_b[m]
                            if not ix.req_mask[m] & here or (self.busy[c] | self.busy[d]) & here:
                                continue
                            total = self.exchange_delta(k, s, m, t)
                            if total is not None and total < 0 and (best is None or total < best[0]):
                                best = (total, t, m)
                if best is not None:
                    _, t, m = best
                    self.remove(k)
                    if m >= 0:
                        self.remove(m)
                        self.place(m, s)
                    self.place(k, t)
                    changed = True
            if not changed:
                return


def solve(
    instance: Instance,
    time_limit: float = 30.0,
    *,
    coverage_trade: float = 0.002,
    coverage_target: float = 0.55,
) -> Result:
    """A valid schedule (every request once, pins exactly kept), as good as the time allows.

    Score comes first, except that ``coverage_trade`` (a share of the score) may be given up, one point at
    most for each person who would otherwise have no meeting at all, until the people met have closed
    ``coverage_target`` of the way from first come, first served to everyone who could be met.
    ``coverage_trade=0`` keeps the order score, then coverage, strictly."""
    start = time.monotonic()
    ix = Indexed.build(instance)
    search = _Search(ix, deadline=start + max(0.0, time_limit) * 0.97)
    fcfs = [-1] * search.n_req
    for k, (s, _) in fcfs_placement(ix).items():
        fcfs[k] = s
    baseline = ix.quality(fcfs)
    search.place_pins()
    search.construct()
    search.improve()
    # ruin and recreate: a fixed amount of work (about a third of the limit at these sizes), never past half of it
    search.ruin_and_recreate(min(200, 3_000_000 // max(1, search.n_req)), start + time_limit * 0.5)
    budget = int(search.score * coverage_trade)
    coverable = len({p for k, mask in enumerate(ix.req_mask) if mask for p in (ix.req_a[k], ix.req_b[k])})
    target = baseline[1] + math.ceil(coverage_target * (coverable - baseline[1]))
    if budget > 0 and search.covered < target:
        search.cover(budget, target)
        search.improve(_KEEP_COVERAGE)
    search.compact()
    # the baseline is a safety net: whatever the search did, never return less than first come, first served
    if baseline > ix.quality(search.where):
        return ix.result(fcfs)
    return ix.result(search.where)
