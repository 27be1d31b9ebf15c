"""Realistic, seeded instances for the benchmark and the tests (JSON-shaped, as ``parse_instance`` reads them).

The shape of a green-investment matchmaking day at the forum:

- two groups, investors (about 30 %) and project owners; every request is
  between an investor and a project owner;
- popularity is heavy-tailed (Pareto): a few investors and flagship projects
  are asked by very many, most people by a handful;
- availability per day is the day minus contiguous blocks taken by the
  sessions a person speaks at or attends (popular people speak more), and some
  people come for one day only;
- priorities are skewed: half "nice to have" (1), 30 % 2, 20 % "must" (3);
- about 2 % of the requests are meetings confirmed by an earlier run (pinned);
- the tables and each person's free slots are far fewer than the requests ask
  for, so not everything fits.

The same arguments always give the same instance.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from typing import Any

FIRST_DAY = dt.date(2023, 7, 8)


def _slots(days: int, per_day: int) -> list[dict[str, str]]:
    """Meeting slots of 20 minutes: half of each day from 09:00, the other half from 14:00."""
    slots = []
    for d in range(days):
        date = FIRST_DAY + dt.timedelta(days=d)
        for i in range(per_day):
            half, j = divmod(i, (per_day + 1) // 2)
            start = dt.datetime.combine(date, dt.time(9 + 5 * half)) + dt.timedelta(minutes=20 * j)
            end = start + dt.timedelta(minutes=20)
            slots.append(
                {
                    "id": f"d{d + 1}-{i + 1:02d}",
                    "start": start.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
                    "end": end.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
                }
            )
    return slots


def generate_instance(
    *,
    participants: int = 2500,
    requests: int = 20000,
    days: int = 2,
    slots_per_day: int = 16,
    tables: int = 150,
    pinned: float = 0.02,
    seed: int = 2023,
) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 (seeded test data, not secrets)
    slots = _slots(days, slots_per_day)
    n_inv = max(1, int(participants * 0.3))
    ids = [f"inv{i + 1:05d}" for i in range(n_inv)] + [f"own{i + 1:05d}" for i in range(participants - n_inv)]
    weight = [min(rng.paretovariate(1.2), 60.0) for _ in ids]
    heavy = sorted(weight)[int(len(weight) * 0.9)]

    people = []
    for n, pid in enumerate(ids):
        attended = range(days) if rng.random() < 0.85 else [rng.randrange(days)]
        available = []
        for d in attended:
            free = [True] * slots_per_day
            blocks = rng.choice((0, 1, 1, 2, 2, 3)) + (1 if weight[n] >= heavy else 0)
            for _ in range(blocks):
                length = rng.randint(2, 5)
                start = rng.randrange(slots_per_day - length + 1)
                for i in range(start, start + length):
                    free[i] = False
            available += [slots[d * slots_per_day + i]["id"] for i in range(slots_per_day) if free[i]]
        people.append({"id": pid, "available": available})

    def sampler(lo: int, hi: int) -> tuple[list[int], list[float]]:
        members = list(range(lo, hi))
        return members, list(itertools.accumulate(weight[i] for i in members))

    inv, inv_cum = sampler(0, n_inv)
    own, own_cum = sampler(n_inv, participants)
    pairs: set[tuple[int, int]] = set()
    wanted = min(requests, n_inv * (participants - n_inv))
    order: list[tuple[int, int]] = []
    while len(order) < wanted:
        i = inv[bisect.bisect(inv_cum, rng.random() * inv_cum[-1])]
        o = own[bisect.bisect(own_cum, rng.random() * own_cum[-1])]
        if (i, o) in pairs:
            continue
        pairs.add((i, o))
        order.append((i, o) if rng.random() < 0.5 else (o, i))

    avail_sets = [set(p["available"]) for p in people]
    slot_order = [s["id"] for s in slots]
    out: list[dict[str, Any]] = []
    for n, (a, b) in enumerate(order):
        out.append({"id": f"r{n + 1}", "a": ids[a], "b": ids[b], "priority": rng.choices((1, 2, 3), (5, 3, 2))[0]})

    # meetings confirmed by an earlier run: placed one by one where both are free, at a free table
    busy: set[tuple[int, str]] = set()
    used: dict[str, set[int]] = {s: set() for s in slot_order}
    for n in sorted(rng.sample(range(len(out)), int(len(out) * pinned))):
        a, b = order[n]
        shared = [s for s in slot_order if s in avail_sets[a] and s in avail_sets[b]]
        rng.shuffle(shared)
        for s in shared:
            if (a, s) in busy or (b, s) in busy or len(used[s]) >= tables:
                continue
            table = rng.choice([t for t in range(tables) if t not in used[s]])
            used[s].add(table)
            busy.add((a, s))
            busy.add((b, s))
            out[n]["pinned"] = {"slot": s, "table": table}
            break
    return {"slots": slots, "tables": tables, "participants": people, "requests": out}
