"""Halls, zones and booths of the floor plan: the organizers' writes.

A booth lies inside its hall's plan and overlaps no other booth of the same hall (rectangles
that share an edge do not overlap). Changes to a hall's booths lock the hall row first, so two
organizers drawing at once cannot place two booths on the same spot. A booth held by an
application (reserved or confirmed) is never removed. :func:`import_booth_geometry` checks every
row of an .xlsx or .csv file before it saves any: all rows or none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ecoforum.core.audit import diff, log_action, snapshot
from ecoforum.core.locking import lock_one
from ecoforum.core.workbooks import Column, WorkbookProblem, cell_text, read_rows
from ecoforum.forums.models import Edition

from .enums import BoothKind, ZoneKind
from .models import HOLDING, Booth, BoothApplication, Hall, Zone
from .tables import looks_like_xlsx, read_csv_rows

HALL_FIELDS = ["code", "name_zh_hans", "name_en", "width", "depth", "order"]
ZONE_FIELDS = ["hall_id", "code", "kind", "name_zh_hans", "name_en", "colour", "order"]
BOOTH_FIELDS = ["zone_id", "code", "kind", "area", "price", "x", "y", "width", "depth", "outline", "is_blocked"]

IMPORT_COLUMNS = [
    Column("code", "展位号"),
    Column("zone", "展区"),
    Column("kind", "类型"),
    Column("area", "面积"),
    Column("price", "价格"),
    Column("x", "X"),
    Column("y", "Y"),
    Column("width", "宽"),
    Column("depth", "深"),
]


class BoothError(Exception):
    """A change to the floor plan that cannot be made; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ImportRefused(BoothError):
    """The file has mistakes; ``errors`` lists them as "row N: column: reason"."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Shape:
    code: str
    x: Decimal
    y: Decimal
    width: Decimal
    depth: Decimal

    def overlaps(self, other: Shape) -> bool:
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.depth
            and other.y < self.y + self.depth
        )


# --- geometry -----------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise BoothError(_("“%(value)s” is not a number.") % {"value": value}) from exc


def _clean_outline(outline: Any) -> list[list[float]]:
    if not outline:
        return []
    try:
        points = [[float(point[0]), float(point[1])] for point in outline]
    except (TypeError, ValueError, IndexError) as exc:
        raise BoothError(_("The outline must be a list of [x, y] points.")) from exc
    if len(points) < 3:
        raise BoothError(_("An outline needs at least three points."))
    return points


def _check_geometry(hall: Hall, shape: Shape, outline: list[list[float]], *, others: Iterable[Shape]) -> None:
    if shape.width <= 0 or shape.depth <= 0:
        raise BoothError(_("Booth %(code)s needs a width and a depth above zero.") % {"code": shape.code})
    if (
        shape.x < 0
        or shape.y < 0
        or shape.x + shape.width > hall.width
        or shape.y + shape.depth > hall.depth
        or any(not (0 <= px <= hall.width and 0 <= py <= hall.depth) for px, py in outline)
    ):
        raise BoothError(
            _("Booth %(code)s lies outside the plan of %(hall)s (%(width)s × %(depth)s m).")
            % {"code": shape.code, "hall": hall.name, "width": hall.width, "depth": hall.depth}
        )
    for other in others:
        if other.code != shape.code and shape.overlaps(other):
            raise BoothError(_("Booth %(code)s overlaps booth %(other)s.") % {"code": shape.code, "other": other.code})


def _shapes_of_hall(hall: Hall, *, exclude: Iterable[int] = ()) -> list[Shape]:
    return [
        Shape(code, x, y, width, depth)
        for code, x, y, width, depth in Booth.objects.filter(zone__hall=hall)
        .exclude(pk__in=list(exclude))
        .values_list("code", "x", "y", "width", "depth")
    ]


def _check_booth(booth: Booth, hall: Hall) -> None:
    if booth.area <= 0:
        raise BoothError(_("Booth %(code)s needs an area above zero.") % {"code": booth.code})
    if booth.price is not None and booth.price < 0:
        raise BoothError(_("Booth %(code)s cannot have a negative price.") % {"code": booth.code})
    if booth.kind not in BoothKind.values:
        raise BoothError(_("“%(kind)s” is not a kind of booth.") % {"kind": booth.kind})
    shape = Shape(booth.code, booth.x, booth.y, booth.width, booth.depth)
    _check_geometry(hall, shape, booth.outline, others=_shapes_of_hall(hall, exclude=[booth.pk] if booth.pk else []))
    clash = Booth.objects.filter(edition_id=booth.edition_id, code=booth.code).exclude(pk=booth.pk)
    if clash.exists():
        raise BoothError(_("There is already a booth %(code)s.") % {"code": booth.code})


# --- halls --------------------------------------------------------------------------------------


def _check_hall(hall: Hall) -> None:
    if not hall.code.strip():
        raise BoothError(_("A hall needs a code."))
    if hall.width <= 0 or hall.depth <= 0:
        raise BoothError(_("Hall %(code)s needs a width and a depth above zero.") % {"code": hall.code})
    if Hall.objects.filter(edition_id=hall.edition_id, code=hall.code).exclude(pk=hall.pk).exists():
        raise BoothError(_("There is already a hall %(code)s.") % {"code": hall.code})


@transaction.atomic(durable=True)
def add_hall(
    edition: Edition,
    *,
    code: str,
    name_zh_hans: str,
    name_en: str = "",
    width: Decimal,
    depth: Decimal,
    order: int = 0,
    actor: Any,
) -> Hall:
    hall = Hall(
        edition=edition,
        code=code.strip(),
        name_zh_hans=name_zh_hans,
        name_en=name_en,
        width=_decimal(width),
        depth=_decimal(depth),
        order=order,
    )
    _check_hall(hall)
    hall.save()
    log_action(hall, "exhibition.hall.added", actor=actor, data=snapshot(hall, HALL_FIELDS))
    return hall


@transaction.atomic(durable=True)
def change_hall(hall: Hall, *, actor: Any, **changes: Any) -> Hall:
    locked = lock_one(Hall, hall.pk)
    before = snapshot(locked, HALL_FIELDS)
    for name, value in changes.items():
        if name not in HALL_FIELDS:
            raise TypeError(name)
        setattr(locked, name, _decimal(value) if name in ("width", "depth") else value)
    _check_hall(locked)
    booths = list(Booth.objects.filter(zone__hall=locked).order_by("code"))
    for booth in booths:
        inside = booth.x + booth.width <= locked.width and booth.y + booth.depth <= locked.depth
        if not inside:
            raise BoothError(
                _("Hall %(hall)s cannot shrink: booth %(code)s would lie outside it.")
                % {"hall": locked.code, "code": booth.code}
            )
    locked.save(update_fields=[name for name in HALL_FIELDS if name in changes] or None)
    log_action(locked, "exhibition.hall.changed", actor=actor, data=diff(before, snapshot(locked, HALL_FIELDS)))
    return locked


@transaction.atomic(durable=True)
def remove_hall(hall: Hall, *, actor: Any) -> None:
    locked = lock_one(Hall, hall.pk)
    if locked.zones.exists():
        raise BoothError(_("Hall %(code)s still has zones; remove them first.") % {"code": locked.code})
    log_action(locked, "exhibition.hall.removed", actor=actor, data=snapshot(locked, HALL_FIELDS))
    locked.delete()


# --- zones --------------------------------------------------------------------------------------


def _check_zone(zone: Zone) -> None:
    if not zone.code.strip():
        raise BoothError(_("A zone needs a code."))
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", zone.colour or ""):
        raise BoothError(_("The colour of zone %(code)s must be written #rrggbb.") % {"code": zone.code})
    if zone.kind not in ZoneKind.values:
        raise BoothError(_("“%(kind)s” is not a kind of zone.") % {"kind": zone.kind})
    if zone.hall.edition_id != zone.edition_id:
        raise BoothError(_("Hall %(hall)s is not part of this edition.") % {"hall": zone.hall.code})
    if Zone.objects.filter(edition_id=zone.edition_id, code=zone.code).exclude(pk=zone.pk).exists():
        raise BoothError(_("There is already a zone %(code)s.") % {"code": zone.code})


@transaction.atomic(durable=True)
def add_zone(
    hall: Hall,
    *,
    code: str,
    name_zh_hans: str,
    name_en: str = "",
    kind: str = ZoneKind.OTHER,
    colour: str = "#2e7d4f",
    order: int = 0,
    actor: Any,
) -> Zone:
    zone = Zone(
        edition_id=hall.edition_id,
        hall=hall,
        code=code.strip(),
        name_zh_hans=name_zh_hans,
        name_en=name_en,
        kind=kind,
        colour=colour,
        order=order,
    )
    _check_zone(zone)
    zone.save()
    log_action(zone, "exhibition.zone.added", actor=actor, data=snapshot(zone, ZONE_FIELDS))
    return zone


@transaction.atomic(durable=True)
def change_zone(zone: Zone, *, actor: Any, **changes: Any) -> Zone:
    locked = lock_one(Zone, zone.pk)
    before = snapshot(locked, ZONE_FIELDS)
    for name, value in changes.items():
        if name == "hall":
            name, value = "hall_id", value.pk
        if name not in ZONE_FIELDS:
            raise TypeError(name)
        setattr(locked, name, value)
    _check_zone(locked)
    if locked.hall_id != before["hall_id"] and locked.booths.exists():
        raise BoothError(_("Zone %(code)s has booths: it cannot move to another hall.") % {"code": locked.code})
    locked.save()
    log_action(locked, "exhibition.zone.changed", actor=actor, data=diff(before, snapshot(locked, ZONE_FIELDS)))
    return locked


@transaction.atomic(durable=True)
def remove_zone(zone: Zone, *, actor: Any) -> None:
    locked = lock_one(Zone, zone.pk)
    if locked.booths.exists() or locked.applications.exists():
        raise BoothError(_("Zone %(code)s still has booths or applications.") % {"code": locked.code})
    log_action(locked, "exhibition.zone.removed", actor=actor, data=snapshot(locked, ZONE_FIELDS))
    locked.delete()


# --- booths -------------------------------------------------------------------------------------


@transaction.atomic  # not durable: the admin saves inside its own transaction
def add_booth(
    zone: Zone,
    *,
    code: str,
    kind: str = BoothKind.SHELL,
    area: Decimal,
    price: Decimal | None = None,
    x: Decimal,
    y: Decimal,
    width: Decimal,
    depth: Decimal,
    outline: list | None = None,
    is_blocked: bool = False,
    actor: Any,
) -> Booth:
    hall = lock_one(Hall, zone.hall_id)
    booth = Booth(
        edition_id=zone.edition_id,
        zone=zone,
        code=code.strip(),
        kind=kind,
        area=_decimal(area),
        price=None if price is None or price == "" else _decimal(price),
        x=_decimal(x),
        y=_decimal(y),
        width=_decimal(width),
        depth=_decimal(depth),
        outline=_clean_outline(outline),
        is_blocked=is_blocked,
    )
    if not booth.code:
        raise BoothError(_("A booth needs a code."))
    _check_booth(booth, hall)
    try:
        with transaction.atomic():
            booth.save()
    except IntegrityError as exc:
        raise BoothError(_("Booth %(code)s cannot be saved as written.") % {"code": booth.code}) from exc
    log_action(booth, "exhibition.booth.added", actor=actor, data=snapshot(booth, BOOTH_FIELDS))
    return booth


@transaction.atomic  # not durable: the admin saves inside its own transaction
def change_booth(booth: Booth, *, actor: Any, **changes: Any) -> Booth:
    current = Booth.objects.select_related("zone").get(pk=booth.pk)
    zone = changes.get("zone", current.zone)
    hall = lock_one(Hall, zone.hall_id)
    locked = lock_one(Booth, booth.pk)
    before = snapshot(locked, BOOTH_FIELDS)
    for name, value in changes.items():
        if name == "zone":
            if value.edition_id != locked.edition_id:
                raise BoothError(_("Zone %(zone)s is not part of this edition.") % {"zone": value.code})
            locked.zone = value
        elif name in ("area", "x", "y", "width", "depth"):
            setattr(locked, name, _decimal(value))
        elif name == "price":
            locked.price = None if value is None or value == "" else _decimal(value)
        elif name == "outline":
            locked.outline = _clean_outline(value)
        elif name in ("code", "kind", "is_blocked"):
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        else:
            raise TypeError(name)
    _check_booth(locked, hall)
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as exc:
        raise BoothError(_("Booth %(code)s cannot be saved as written.") % {"code": locked.code}) from exc
    log_action(locked, "exhibition.booth.changed", actor=actor, data=diff(before, snapshot(locked, BOOTH_FIELDS)))
    return locked


@transaction.atomic  # not durable: the admin saves inside its own transaction
def remove_booth(booth: Booth, *, actor: Any) -> None:
    locked = lock_one(Booth, booth.pk)
    holder = BoothApplication.objects.filter(booth=locked, status__in=HOLDING).select_related("exhibitor").first()
    if holder is not None:
        raise BoothError(
            _("Booth %(code)s is held by %(exhibitor)s; release it before removing the booth.")
            % {"code": locked.code, "exhibitor": holder.exhibitor.name}
        )
    if locked.applications.exists():
        raise BoothError(
            _("Booth %(code)s appears in past applications; mark it “not for allocation” instead.")
            % {"code": locked.code}
        )
    log_action(locked, "exhibition.booth.removed", actor=actor, data=snapshot(locked, BOOTH_FIELDS))
    locked.delete()


# --- import -------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    added: list[str]
    changed: list[str]


def _rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    messages = {
        "empty_message": _("The file is empty."),
        "no_rows_message": _("The file has a header row but no booths."),
        "missing_hint": _("The columns are: code, zone, kind, area, price, x, y, width, depth."),
    }
    if looks_like_xlsx(data):
        return read_rows(data, IMPORT_COLUMNS, **messages)
    return read_csv_rows(data, IMPORT_COLUMNS, **messages)


def _kind(text: str) -> str:
    for value, label in BoothKind.choices:
        if text.lower() in (value, str(label).lower()) or text in ("标准展位" if value == "shell" else "光地",):
            return value
    raise ValueError(_("“%(value)s” is not shell or raw.") % {"value": text})


def check_booth_geometry(edition: Edition, data: bytes) -> list[tuple[int, dict[str, Any], Booth | None, Zone]]:
    """Every row of the file, checked: ``(row, values, booth or None, zone)``; raises :class:`ImportRefused`."""
    try:
        rows = _rows(data)
    except WorkbookProblem as exc:
        raise ImportRefused([exc.message]) from exc
    zones = {zone.code: zone for zone in Zone.objects.filter(edition=edition).select_related("hall")}
    existing = {booth.code: booth for booth in Booth.objects.filter(edition=edition)}
    errors: list[str] = []
    checked: list[tuple[int, dict[str, Any], Booth | None, Zone]] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        values: dict[str, Any] = {}
        row_errors: list[str] = []

        def fail(column: str, reason: str, number: int = number, row_errors: list[str] = row_errors) -> None:
            row_errors.append(
                _("row %(row)s: %(column)s: %(reason)s") % {"row": number, "column": column, "reason": reason}
            )

        code = cell_text(cells.get("code"))
        if not code:
            fail("code", _("a booth needs a code"))
        elif len(code) > 20:
            fail("code", _("longer than 20 characters"))
        elif code in seen:
            fail("code", _("booth %(code)s is already on row %(row)s") % {"code": code, "row": seen[code]})
        else:
            seen[code] = number
        values["code"] = code
        zone_code = cell_text(cells.get("zone"))
        zone = zones.get(zone_code)
        if zone is None:
            fail("zone", _("there is no zone “%(zone)s”") % {"zone": zone_code})
        kind_text = cell_text(cells.get("kind")) or BoothKind.SHELL
        try:
            values["kind"] = _kind(kind_text)
        except ValueError as exc:
            fail("kind", str(exc))
        for column in ("area", "price", "x", "y", "width", "depth"):
            text = cell_text(cells.get(column))
            if column == "price" and not text:
                values[column] = None
                continue
            try:
                number_value = Decimal(text)
                if not number_value.is_finite():
                    raise InvalidOperation
                number_value.quantize(Decimal("0.01"))  # a huge number (1e400) cannot be rounded to the centimetre
            except (InvalidOperation, ValueError):
                fail(column, _("“%(value)s” is not a number") % {"value": text})
                continue
            if column in ("area", "width", "depth") and number_value <= 0:
                fail(column, _("must be above zero"))
            elif number_value < 0:
                fail(column, _("cannot be negative"))
            values[column] = number_value.quantize(Decimal("0.01"))
        if not row_errors and zone is not None:
            hall = zone.hall
            shape = Shape(code, values["x"], values["y"], values["width"], values["depth"])
            if shape.x + shape.width > hall.width or shape.y + shape.depth > hall.depth:
                fail(
                    "x",
                    _("booth %(code)s lies outside the plan of %(hall)s (%(width)s × %(depth)s m)")
                    % {"code": code, "hall": hall.name, "width": hall.width, "depth": hall.depth},
                )
        errors.extend(row_errors)
        if not row_errors and zone is not None:
            checked.append((number, values, existing.get(code), zone))
    # Overlaps: the file's booths against each other and against the booths the file leaves where they are.
    if not errors:
        imported = {values["code"] for _n, values, _b, _z in checked}
        placed: dict[int, list[tuple[int, Shape]]] = {}
        for booth in Booth.objects.filter(edition=edition).select_related("zone").exclude(code__in=imported):
            placed.setdefault(booth.zone.hall_id, []).append(
                (0, Shape(booth.code, booth.x, booth.y, booth.width, booth.depth))
            )
        for number, values, _booth, zone in checked:
            shape = Shape(values["code"], values["x"], values["y"], values["width"], values["depth"])
            for other_row, other in placed.get(zone.hall_id, []):
                if shape.overlaps(other):
                    where = _(" (row %(row)s)") % {"row": other_row} if other_row else ""
                    errors.append(
                        _("row %(row)s: x: booth %(code)s overlaps booth %(other)s%(where)s")
                        % {"row": number, "code": shape.code, "other": other.code, "where": where}
                    )
                    break
            placed.setdefault(zone.hall_id, []).append((number, shape))
    if errors:
        raise ImportRefused(errors)
    return checked


@transaction.atomic(durable=True)
def import_booth_geometry(edition: Edition, data: bytes, *, actor: Any) -> ImportSummary:
    """Add or move the booths of the file, every row or none; raises :class:`ImportRefused` with the errors."""
    for hall_pk in sorted(Hall.objects.filter(edition=edition).values_list("pk", flat=True)):
        lock_one(Hall, hall_pk)
    checked = check_booth_geometry(edition, data)
    summary = ImportSummary(added=[], changed=[])
    # Moves first to a place off every plan would need two passes; the checks above already
    # compare the file's booths with their new places only, so updating in any order is safe.
    for _number, values, booth, zone in checked:
        fields = {**values, "zone": zone}
        if booth is None:
            booth = Booth(edition=edition, area=values["area"], x=0, y=0, width=1, depth=1, zone=zone)
            for name, value in fields.items():
                setattr(booth, name, value)
            booth.save()
            log_action(
                booth, "exhibition.booth.added", actor=actor, data={**snapshot(booth, BOOTH_FIELDS), "import": True}
            )
            summary.added.append(booth.code)
        else:
            before = snapshot(booth, BOOTH_FIELDS)
            for name, value in fields.items():
                setattr(booth, name, value)
            booth.save()
            change = diff(before, snapshot(booth, BOOTH_FIELDS))
            if change:
                log_action(booth, "exhibition.booth.changed", actor=actor, data={**change, "import": True})
                summary.changed.append(booth.code)
    return summary


# --- checks for forms that save by themselves (the admin) ---------------------------------------


def validate_booth(booth: Booth) -> None:
    """Raise :class:`BoothError` if ``booth`` (not saved yet) breaks a rule of the plan."""
    booth.outline = _clean_outline(booth.outline)
    if booth.zone.edition_id != booth.edition_id:
        raise BoothError(_("Zone %(zone)s is not part of this edition.") % {"zone": booth.zone.code})
    _check_booth(booth, booth.zone.hall)


def validate_hall(hall: Hall) -> None:
    _check_hall(hall)


def validate_zone(zone: Zone) -> None:
    _check_zone(zone)
