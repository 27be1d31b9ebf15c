"""Read an instance from JSON-shaped data (``specs/meetings.md``) and check it.

Every problem is an :class:`InstanceError` whose message names the offending
item (``request 'r7': …``), so the command and the app can show it as it is.
"""

from __future__ import annotations

from typing import Any

from .model import Instance, InstanceError, Participant, Pin, Request, Slot


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{what} must be a non-empty string, not {value!r}")
    return value


def _field(item: Any, key: str, what: str) -> Any:
    if not isinstance(item, dict):
        raise InstanceError(f"{what} must be an object, not {type(item).__name__}")
    if key not in item:
        raise InstanceError(f"{what} has no {key!r}")
    return item[key]


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstanceError(f"{what} must be a list, not {type(value).__name__}")
    return value


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _slots(data: dict[str, Any]) -> list[Slot]:
    slots: list[Slot] = []
    seen: set[str] = set()
    for n, item in enumerate(_list(_field(data, "slots", "the instance"), "'slots'")):
        what = f"slot #{n + 1}"
        sid = _text(_field(item, "id", what), f"the id of {what}")
        what = f"slot {sid!r}"
        if sid in seen:
            raise InstanceError(f"duplicate slot id {sid!r}")
        seen.add(sid)
        start = _text(_field(item, "start", what), f"the start of {what}")
        end = _text(_field(item, "end", what), f"the end of {what}")
        slots.append(Slot(id=sid, start=start, end=end))
    return slots


def _participants(data: dict[str, Any], slot_ids: set[str]) -> list[Participant]:
    people: list[Participant] = []
    seen: set[str] = set()
    for n, item in enumerate(_list(_field(data, "participants", "the instance"), "'participants'")):
        what = f"participant #{n + 1}"
        pid = _text(_field(item, "id", what), f"the id of {what}")
        what = f"participant {pid!r}"
        if pid in seen:
            raise InstanceError(f"duplicate participant id {pid!r}")
        seen.add(pid)
        available = _list(_field(item, "available", what), f"'available' of {what}")
        for sid in available:
            if not isinstance(sid, str) or sid not in slot_ids:
                raise InstanceError(f"{what} is available in unknown slot {sid!r}")
        people.append(Participant(id=pid, available=frozenset(available)))
    return people


def _pin(item: dict[str, Any], what: str, slot_ids: set[str], tables: int) -> Pin | None:
    raw = item.get("pinned")
    if raw is None:
        return None
    slot = _field(raw, "slot", f"the pin of {what}")
    table = _field(raw, "table", f"the pin of {what}")
    if not isinstance(slot, str) or slot not in slot_ids:
        raise InstanceError(f"{what} is pinned to unknown slot {slot!r}")
    if not _int(table) or not 0 <= table < tables:
        raise InstanceError(f"{what} is pinned to table {table!r}, outside 0..{tables - 1}")
    return Pin(slot=slot, table=table)


def _requests(
    data: dict[str, Any], slot_ids: set[str], available: dict[str, frozenset[str]], tables: int
) -> list[Request]:
    requests: list[Request] = []
    seen: set[str] = set()
    tables_taken: dict[tuple[str, int], str] = {}
    people_taken: dict[tuple[str, str], str] = {}
    for n, item in enumerate(_list(_field(data, "requests", "the instance"), "'requests'")):
        what = f"request #{n + 1}"
        rid = _text(_field(item, "id", what), f"the id of {what}")
        what = f"request {rid!r}"
        if rid in seen:
            raise InstanceError(f"duplicate request id {rid!r}")
        seen.add(rid)
        a = _field(item, "a", what)
        b = _field(item, "b", what)
        for who in (a, b):
            if not isinstance(who, str) or who not in available:
                raise InstanceError(f"{what} names unknown participant {who!r}")
        if a == b:
            raise InstanceError(f"{what} asks {a!r} to meet themself")
        priority = _field(item, "priority", what)
        if not _int(priority) or not 1 <= priority <= 3:
            raise InstanceError(f"{what} has priority {priority!r}; it must be 1, 2 or 3")
        pin = _pin(item, what, slot_ids, tables)
        if pin is not None:
            for who in (a, b):
                if pin.slot not in available[who]:
                    raise InstanceError(f"{what} is pinned to slot {pin.slot!r}, where {who!r} is not available")
            other = tables_taken.setdefault((pin.slot, pin.table), rid)
            if other != rid:
                raise InstanceError(
                    f"{what} and request {other!r} are both pinned to table {pin.table} in {pin.slot!r}"
                )
            for who in (a, b):
                other = people_taken.setdefault((who, pin.slot), rid)
                if other != rid:
                    raise InstanceError(
                        f"{who!r} is pinned twice in slot {pin.slot!r} (requests {other!r} and {rid!r})"
                    )
        requests.append(Request(id=rid, a=a, b=b, priority=priority, pinned=pin))
    return requests


def parse_instance(data: Any) -> Instance:
    """Validate JSON-shaped ``data`` and return the :class:`Instance`; raise :class:`InstanceError`."""
    if not isinstance(data, dict):
        raise InstanceError(f"the instance must be a JSON object, not {type(data).__name__}")
    slots = _slots(data)
    slot_ids = {s.id for s in slots}
    tables = _field(data, "tables", "the instance")
    if not _int(tables) or tables < 1:
        raise InstanceError(f"'tables' must be a positive whole number, not {tables!r}")
    people = _participants(data, slot_ids)
    available = {p.id: p.available for p in people}
    requests = _requests(data, slot_ids, available, tables)
    bound = data.get("upper_bound")
    if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
        raise InstanceError(f"'upper_bound' must be a number, not {bound!r}")
    return Instance(
        slots=slots,
        tables=tables,
        participants=people,
        requests=requests,
        upper_bound=None if bound is None else float(bound),
    )
