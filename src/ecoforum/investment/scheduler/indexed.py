"""An :class:`Instance` as integers: slots are bit positions, people and requests are indexes.

Slot ``i`` is bit ``1 << i`` in the instance's slot order (the order the
checker measures standby in); ``by_start`` lists the slot indexes by start
time. A person's availability is one int; a request's feasible slots are the
AND of its two people's.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Instance, Placement, Result


@dataclass
class Indexed:
    instance: Instance
    n_slots: int
    tables: int
    by_start: list[int]
    day_masks: list[int]  # one mask per day (the day is ``start[:10]``, as the checker reads it)
    avail: list[int]  # per person
    req_a: list[int]
    req_b: list[int]
    req_prio: list[int]
    req_mask: list[int]  # slots both people can meet in
    pin_slot: list[int]  # -1 when not pinned
    pin_table: list[int]
    person_reqs: list[list[int]]

    @classmethod
    def build(cls, instance: Instance) -> Indexed:
        slot_index = {s.id: i for i, s in enumerate(instance.slots)}
        days: dict[str, int] = {}
        for i, s in enumerate(instance.slots):
            days[s.start[:10]] = days.get(s.start[:10], 0) | (1 << i)
        by_start = sorted(range(len(instance.slots)), key=lambda i: (instance.slots[i].start, i))
        person_index = {p.id: i for i, p in enumerate(instance.participants)}
        avail = []
        for p in instance.participants:
            mask = 0
            for sid in p.available:
                mask |= 1 << slot_index[sid]
            avail.append(mask)
        req_a, req_b, req_prio, req_mask, pin_slot, pin_table = [], [], [], [], [], []
        person_reqs: list[list[int]] = [[] for _ in instance.participants]
        for k, r in enumerate(instance.requests):
            a, b = person_index[r.a], person_index[r.b]
            req_a.append(a)
            req_b.append(b)
            req_prio.append(r.priority)
            req_mask.append(avail[a] & avail[b])
            pin_slot.append(slot_index[r.pinned.slot] if r.pinned else -1)
            pin_table.append(r.pinned.table if r.pinned else -1)
            person_reqs[a].append(k)
            person_reqs[b].append(k)
        return cls(
            instance=instance,
            n_slots=len(instance.slots),
            tables=instance.tables,
            by_start=by_start,
            day_masks=list(days.values()),
            avail=avail,
            req_a=req_a,
            req_b=req_b,
            req_prio=req_prio,
            req_mask=req_mask,
            pin_slot=pin_slot,
            pin_table=pin_table,
            person_reqs=person_reqs,
        )

    def quality(self, where: list[int]) -> tuple[int, int, int]:
        """(score, coverage, -standby) of a slot per request: larger is better, compared in that order."""
        busy = [0] * len(self.avail)
        score = 0
        for k, s in enumerate(where):
            if s >= 0:
                score += self.req_prio[k]
                busy[self.req_a[k]] |= 1 << s
                busy[self.req_b[k]] |= 1 << s
        covered = sum(1 for m in busy if m)
        standby = sum(standby_of(m, self.avail[p], self.day_masks) for p, m in enumerate(busy) if m)
        return score, covered, -standby

    def result(self, where: list[int]) -> Result:
        """Turn a slot per request (-1: unscheduled) into a :class:`Result`; pins keep their tables."""
        used: list[set[int]] = [set() for _ in range(self.n_slots)]
        for k, s in enumerate(where):
            if s >= 0 and self.pin_slot[k] >= 0:
                used[s].add(self.pin_table[k])
        next_free = [0] * self.n_slots
        slots = self.instance.slots
        requests = self.instance.requests
        meetings: list[Placement] = []
        unscheduled: list[str] = []
        for k, s in enumerate(where):
            if s < 0:
                unscheduled.append(requests[k].id)
                continue
            if self.pin_slot[k] >= 0:
                table = self.pin_table[k]
            else:
                table = next_free[s]
                while table in used[s]:
                    table += 1
                used[s].add(table)
                next_free[s] = table + 1
            meetings.append(Placement(request=requests[k].id, slot=slots[s].id, table=table))
        return Result(meetings=meetings, unscheduled=unscheduled)


def standby_of(busy: int, avail: int, day_masks: list[int]) -> int:
    """Free available slots between a person's first and last meeting of each day."""
    total = 0
    for day in day_masks:
        m = busy & day
        if m:
            low = m & -m
            span = (1 << m.bit_length()) - low
            total += (span & day & avail & ~busy).bit_count()
    return total
