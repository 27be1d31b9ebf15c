"""Hotels (住宿): room blocks, guests' rooms, occupancy and the rooming lists the hotels want.

A :class:`RoomBlock` is what a hotel holds for the forum: so many rooms of one type on
one night. A guest's :class:`RoomAllocation` takes one room of its type on every night
from arrival to the night before departure; a guest who shares a twin room points to
the allocation that holds it (``shares_with``) and takes no room. Every change locks
the hotel's row first (:func:`ecoforum.core.locking.lock_one`; two hotels in key
order), then counts, so two desks giving away the last room at once are served one
after the other and a block is never overbooked.

Rules:

- stays fall within :func:`stay_window`: from three days before the first day of the
  edition to three days after the last;
- only registrations that come on site and are approved or awaiting approval get a room;
- a sharer's room is a twin of the same hotel held by someone who shares with nobody,
  its nights within the holder's, and a twin has at most one sharer;
- releasing a holder hands the room to its sharer, who then holds it.

The rooming list carries names, reference, dates, room type, sharer, diet and phone,
never identity documents.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import lock_many, lock_one
from ecoforum.core.workbooks import append_row
from ecoforum.forums.models import Edition

from .enums import HOLDING, Attendance, Diet, RoomType
from .models import Hotel, Registration, RoomAllocation, RoomBlock

#: Days before the first and after the last day of the edition that a stay may reach.
WINDOW_DAYS = 3
#: Guests a twin room holds.
TWIN_SHARERS = 1


class HotelError(Exception):
    """A block or a room that cannot be given or changed; the message names the item."""

    def __init__(self, message: Any, *, field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NoRoom(HotelError):
    """A night of the stay has no free room of the type."""


# --- dates ------------------------------------------------------------------------------------


def stay_window(edition: Edition) -> tuple[dt.date, dt.date]:
    """The first possible arrival and the last possible departure."""
    return (
        edition.start_date - dt.timedelta(days=WINDOW_DAYS),
        edition.end_date + dt.timedelta(days=WINDOW_DAYS),
    )


def nights_of(arrival: dt.date, departure: dt.date) -> list[dt.date]:
    return [arrival + dt.timedelta(days=i) for i in range((departure - arrival).days)]


def window_nights(edition: Edition) -> list[dt.date]:
    first, last = stay_window(edition)
    return nights_of(first, last)


def _day(value: dt.date) -> str:
    return formats.date_format(value, "Y-m-d")


def check_stay(edition: Edition, arrival: dt.date | None, departure: dt.date | None) -> None:
    first, last = stay_window(edition)
    if arrival is None or departure is None:
        raise HotelError(_("Please give the check-in and check-out dates."), field="arrival")
    for value, name in ((arrival, "arrival"), (departure, "departure")):
        if not first <= value <= last:
            raise HotelError(
                _("The date %(date)s is outside the stays of %(edition)s (%(first)s to %(last)s).")
                % {"date": _day(value), "edition": edition, "first": _day(first), "last": _day(last)},
                field=name,
            )
    if departure <= arrival:
        raise HotelError(
            _("The check-out date %(departure)s must come after the check-in date %(arrival)s.")
            % {"departure": _day(departure), "arrival": _day(arrival)},
            field="departure",
        )


def _check_night(edition: Edition, night: dt.date) -> None:
    first, last = stay_window(edition)
    if not first <= night < last:
        raise HotelError(
            _("The night of %(date)s is outside the stays of %(edition)s (%(first)s to %(last)s).")
            % {"date": _day(night), "edition": edition, "first": _day(first), "last": _day(last)},
            field="night",
        )


def _check_guest(registration: Registration, hotel: Hotel) -> None:
    if registration.edition_id != hotel.edition_id:
        raise HotelError(
            _("%(hotel)s is not a hotel of the edition of registration %(reference)s.")
            % {"hotel": hotel, "reference": registration.reference}
        )
    if registration.status not in HOLDING or registration.attendance != Attendance.ON_SITE:
        raise HotelError(
            _(
                "Registration %(reference)s is %(status)s (%(attendance)s): only guests coming on site "
                "who are approved or awaiting approval get a room."
            )
            % {
                "reference": registration.reference,
                "status": registration.get_status_display(),
                "attendance": registration.get_attendance_display(),
            }
        )


def _room_type_label(room_type: str) -> str:
    return str(RoomType(room_type).label)


# --- counting ---------------------------------------------------------------------------------


def _taken(hotel_id: int, room_type: str, nights: list[dt.date], *, exclude: int | None = None) -> dict[dt.date, int]:
    """Rooms of the type held on each of ``nights`` (sharers take none), in one query."""
    if not nights:
        return {}
    rows = RoomAllocation.objects.filter(
        hotel_id=hotel_id,
        room_type=room_type,
        shares_with__isnull=True,
        arrival__lte=nights[-1],
        departure__gt=nights[0],
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    taken = dict.fromkeys(nights, 0)
    for arrival, departure in rows.values_list("arrival", "departure"):
        for night in nights:
            if arrival <= night < departure:
                taken[night] += 1
    return taken


def _require_rooms(hotel: Hotel, room_type: str, arrival: dt.date, departure: dt.date, *, exclude=None) -> None:
    """Raise :class:`NoRoom` naming the first night without a free room of the type. The hotel must be locked."""
    nights = nights_of(arrival, departure)
    blocked = dict(
        RoomBlock.objects.filter(hotel=hotel, room_type=room_type, night__in=nights).values_list("night", "rooms")
    )
    taken = _taken(hotel.pk, room_type, nights, exclude=exclude)
    for night in nights:
        if night not in blocked:
            raise NoRoom(
                _("%(hotel)s has no block of %(type)s for the night of %(night)s.")
                % {"hotel": hotel, "type": _room_type_label(room_type), "night": _day(night)},
                field="arrival",
            )
        if taken[night] >= blocked[night]:
            raise NoRoom(
                _("%(hotel)s is full for %(type)s on the night of %(night)s: all %(rooms)s rooms are taken.")
                % {"hotel": hotel, "type": _room_type_label(room_type), "night": _day(night), "rooms": blocked[night]},
                field="room_type",
            )


def _check_share(
    holder: RoomAllocation, hotel: Hotel, room_type: str, arrival: dt.date, departure: dt.date, *, sharer_pk=None
) -> None:
    """A sharer's stay fits the holder's twin room. ``holder`` is read after the hotel lock."""
    reference = holder.registration.reference
    if holder.hotel_id != hotel.pk or room_type != RoomType.TWIN or holder.room_type != RoomType.TWIN:
        raise HotelError(
            _("Only a twin room of the same hotel can be shared: %(reference)s holds %(type)s at %(hotel)s.")
            % {"reference": reference, "type": _room_type_label(holder.room_type), "hotel": holder.hotel},
            field="shares_with",
        )
    if holder.shares_with_id is not None:
        raise HotelError(
            _("%(reference)s shares a room already and holds none to share.") % {"reference": reference},
            field="shares_with",
        )
    if sharer_pk is not None and holder.pk == sharer_pk:
        raise HotelError(_("A guest cannot share their own room."), field="shares_with")
    if arrival < holder.arrival or departure > holder.departure:
        raise HotelError(
            _("The stay %(arrival)s–%(departure)s is outside the room of %(reference)s (%(first)s–%(last)s).")
            % {
                "arrival": _day(arrival),
                "departure": _day(departure),
                "reference": reference,
                "first": _day(holder.arrival),
                "last": _day(holder.departure),
            },
            field="arrival",
        )
    others = holder.sharers.all()
    if sharer_pk is not None:
        others = others.exclude(pk=sharer_pk)
    if others.count() >= TWIN_SHARERS:
        raise HotelError(
            _("The room of %(reference)s is shared already.") % {"reference": reference}, field="shares_with"
        )


def _holder(pk: int | RoomAllocation | None) -> RoomAllocation | None:
    if pk is None:
        return None
    pk = pk.pk if isinstance(pk, RoomAllocation) else pk
    return RoomAllocation.objects.select_related("registration", "hotel").filter(pk=pk).first()


def _snapshot(allocation: RoomAllocation) -> dict[str, Any]:
    return {
        "registration": allocation.registration.reference,
        "hotel": allocation.hotel_id,
        "room_type": allocation.room_type,
        "arrival": allocation.arrival,
        "departure": allocation.departure,
        "shares_with": allocation.shares_with_id,
        "room_number": allocation.room_number,
    }


# --- blocks -----------------------------------------------------------------------------------


def set_block(
    hotel: Hotel, *, night: dt.date, room_type: str, rooms: int, rate=None, actor: Any = None
) -> RoomBlock | None:
    """Hold ``rooms`` rooms of a type on a night (0 removes the block). Never fewer than the rooms taken."""
    edition = hotel.edition
    _check_night(edition, night)
    if room_type not in RoomType.values:
        raise HotelError(_("%(type)s is not a room type.") % {"type": room_type}, field="room_type")
    if rooms < 0 or rooms > 5000:
        raise HotelError(_("A block holds between 0 and 5,000 rooms."), field="rooms")
    with transaction.atomic(durable=True):
        hotel = lock_one(Hotel, hotel.pk)
        taken = _taken(hotel.pk, room_type, [night])[night]
        if rooms < taken:
            raise HotelError(
                _(
                    "%(hotel)s has %(taken)s rooms of %(type)s taken on the night of %(night)s: "
                    "the block cannot be smaller."
                )
                % {"hotel": hotel, "taken": taken, "type": _room_type_label(room_type), "night": _day(night)},
                field="rooms",
            )
        block = RoomBlock.objects.filter(hotel=hotel, night=night, room_type=room_type).first()
        before = [block.rooms, block.rate] if block else [0, None]
        if rooms == 0:
            if block is not None:
                block.delete()
            block = None
        elif block is None:
            block = RoomBlock.objects.create(hotel=hotel, night=night, room_type=room_type, rooms=rooms, rate=rate)
        else:
            block.rooms, block.rate = rooms, rate if rate is not None else block.rate
            block.save(update_fields=["rooms", "rate"])
        log_action(
            hotel,
            "services.room_block.set",
            actor=actor,
            data={"night": night, "room_type": room_type, "rooms": [before[0], rooms], "rate": rate},
        )
    return block


# --- allocations ------------------------------------------------------------------------------


def allocate_room(
    registration: Registration,
    *,
    hotel: Hotel,
    room_type: str,
    arrival: dt.date,
    departure: dt.date,
    shares_with: RoomAllocation | None = None,
    room_number: str = "",
    note: str = "",
    actor: Any = None,
) -> RoomAllocation:
    """Give a guest a room (or a share of another guest's twin) from ``arrival`` to ``departure``."""
    if room_type not in RoomType.values:
        raise HotelError(_("%(type)s is not a room type.") % {"type": room_type}, field="room_type")
    _check_guest(registration, hotel)
    check_stay(hotel.edition, arrival, departure)
    with transaction.atomic(durable=True):
        hotel = lock_one(Hotel, hotel.pk)
        registration = lock_one(Registration, registration.pk)
        _check_guest(registration, hotel)
        if RoomAllocation.objects.filter(registration=registration).exists():
            raise HotelError(
                _("%(reference)s has a room already: move it instead.") % {"reference": registration.reference}
            )
        holder = _holder(shares_with)
        if shares_with is not None and holder is None:
            raise HotelError(_("The room to share no longer exists."), field="shares_with")
        if holder is not None:
            _check_share(holder, hotel, room_type, arrival, departure)
        else:
            _require_rooms(hotel, room_type, arrival, departure)
        try:
            with transaction.atomic():
                allocation = RoomAllocation.objects.create(
                    registration=registration,
                    hotel=hotel,
                    room_type=room_type,
                    arrival=arrival,
                    departure=departure,
                    shares_with=holder,
                    room_number=room_number.strip()[:20],
                    note=note.strip()[:300],
                )
        except IntegrityError as exc:
            raise HotelError(
                _("%(reference)s has a room already: move it instead.") % {"reference": registration.reference}
            ) from exc
        log_action(
            allocation,
            "services.room.allocated",
            actor=actor,
            edition_id=hotel.edition_id,
            data=_snapshot(allocation),
        )
    return allocation


def move_room(
    allocation: RoomAllocation,
    *,
    hotel: Hotel,
    room_type: str,
    arrival: dt.date,
    departure: dt.date,
    shares_with: RoomAllocation | None = None,
    room_number: str = "",
    note: str = "",
    actor: Any = None,
) -> RoomAllocation:
    """Change a guest's hotel, room type, dates or sharing. A holder with a sharer keeps the sharer's nights."""
    if room_type not in RoomType.values:
        raise HotelError(_("%(type)s is not a room type.") % {"type": room_type}, field="room_type")
    if hotel.edition_id != allocation.hotel.edition_id:
        raise HotelError(_("%(hotel)s is a hotel of another edition.") % {"hotel": hotel}, field="hotel")
    check_stay(hotel.edition, arrival, departure)
    with transaction.atomic(durable=True):
        hotels = {h.pk: h for h in lock_many(Hotel, {hotel.pk, allocation.hotel_id})}
        hotel = hotels[hotel.pk]
        current = RoomAllocation.objects.select_related("registration", "hotel").filter(pk=allocation.pk).first()
        if current is None:
            raise HotelError(_("This room allocation no longer exists."))
        before = _snapshot(current)
        sharers = list(current.sharers.select_related("registration"))
        holder = _holder(shares_with)
        if shares_with is not None and holder is None:
            raise HotelError(_("The room to share no longer exists."), field="shares_with")
        if holder is not None:
            if sharers:
                raise HotelError(
                    _("%(sharer)s shares the room of %(reference)s: move or release %(sharer)s first.")
                    % {"sharer": sharers[0].registration.reference, "reference": current.registration.reference},
                    field="shares_with",
                )
            _check_share(holder, hotel, room_type, arrival, departure, sharer_pk=current.pk)
        else:
            for sharer in sharers:
                if (
                    hotel.pk != current.hotel_id
                    or room_type != RoomType.TWIN
                    or sharer.arrival < arrival
                    or sharer.departure > departure
                ):
                    raise HotelError(
                        _(
                            "%(sharer)s shares this room from %(arrival)s to %(departure)s: "
                            "move or release %(sharer)s first."
                        )
                        % {
                            "sharer": sharer.registration.reference,
                            "arrival": _day(sharer.arrival),
                            "departure": _day(sharer.departure),
                        },
                        field="arrival",
                    )
            _require_rooms(hotel, room_type, arrival, departure, exclude=current.pk)
        current.hotel, current.room_type = hotel, room_type
        current.arrival, current.departure = arrival, departure
        current.shares_with = holder
        current.room_number, current.note = room_number.strip()[:20], note.strip()[:300]
        current.save(update_fields=["hotel", "room_type", "arrival", "departure", "shares_with", "room_number", "note"])
        after = _snapshot(current)
        log_action(
            current,
            "services.room.moved",
            actor=actor,
            edition_id=hotel.edition_id,
            data={key: [before[key], after[key]] for key in before if before[key] != after[key]},
        )
    return current


def release_room(allocation: RoomAllocation, *, actor: Any = None) -> None:
    """Give the room back. A sharer of the room then holds it (the room stays taken)."""
    with transaction.atomic(durable=True):
        hotel = lock_one(Hotel, allocation.hotel_id)
        current = RoomAllocation.objects.select_related("registration").filter(pk=allocation.pk).first()
        if current is None:
            raise HotelError(_("This room allocation no longer exists."))
        _release(current, hotel, actor)


def release_rooms_of(registration: Registration, *, actor: Any = None) -> None:
    """The room of a registration that is cancelled or refused goes back (part of a larger transaction)."""
    current = RoomAllocation.objects.select_related("registration").filter(registration=registration).first()
    if current is not None:
        _release(current, lock_one(Hotel, current.hotel_id), actor)


def _release(current: RoomAllocation, hotel: Hotel, actor: Any) -> None:
    sharers = list(current.sharers.select_related("registration"))
    for sharer in sharers:
        sharer.shares_with = None
        sharer.save(update_fields=["shares_with"])
        log_action(
            sharer,
            "services.room.holds",
            actor=actor,
            edition_id=hotel.edition_id,
            data={"registration": sharer.registration.reference, "from": current.registration.reference},
        )
    data = _snapshot(current)
    log_action(current, "services.room.released", actor=actor, edition_id=hotel.edition_id, data=data)
    current.delete()


# --- reading ----------------------------------------------------------------------------------


def hotels_of(edition: Edition) -> QuerySet[Hotel]:
    return Hotel.objects.filter(edition=edition).order_by("order", "pk")


def hotel_of(edition: Edition, pk: int) -> Hotel | None:
    return hotels_of(edition).select_related("edition").filter(pk=pk).first()


def allocation_of(edition: Edition, pk: int) -> RoomAllocation | None:
    return (
        RoomAllocation.objects.filter(pk=pk, hotel__edition=edition)
        .select_related("hotel__edition", "registration__person", "shares_with__registration")
        .first()
    )


@dataclass
class Cell:
    blocked: int = 0
    taken: int = 0

    @property
    def free(self) -> int:
        return self.blocked - self.taken

    @property
    def level(self) -> str:
        """For the colour of the grid: none, full, low (a tenth or less free), free."""
        if self.blocked == 0 and self.taken == 0:
            return "none"
        if self.free <= 0:
            return "full"
        if self.free * 10 <= self.blocked:
            return "low"
        return "free"


@dataclass
class HotelOccupancy:
    hotel: Hotel
    #: ``cells[room type][night]``
    cells: dict[str, dict[dt.date, Cell]] = field(default_factory=dict)

    def rows(self, nights: list[dt.date]) -> list[tuple[str, Any, list[Cell]]]:
        return [
            (room_type, label, [self.cells[room_type][night] for night in nights])
            for room_type, label in RoomType.choices
            if any(c.blocked or c.taken for c in self.cells[room_type].values())
        ]


def occupancy(edition: Edition) -> tuple[list[dt.date], list[HotelOccupancy]]:
    """Blocked, taken and free rooms per hotel × night × type, over the nights that have blocks or guests.

    Three queries whatever the number of hotels, nights and guests.
    """
    hotels = list(hotels_of(edition))
    table = {h.pk: HotelOccupancy(h, {t: defaultdict(Cell) for t in RoomType.values}) for h in hotels}
    nights: set[dt.date] = set()
    for hotel_id, night, room_type, rooms in RoomBlock.objects.filter(hotel__edition=edition).values_list(
        "hotel_id", "night", "room_type", "rooms"
    ):
        table[hotel_id].cells[room_type][night].blocked = rooms
        nights.add(night)
    for hotel_id, room_type, arrival, departure in RoomAllocation.objects.filter(
        hotel__edition=edition, shares_with__isnull=True
    ).values_list("hotel_id", "room_type", "arrival", "departure"):
        for night in nights_of(arrival, departure):
            table[hotel_id].cells[room_type][night].taken += 1
            nights.add(night)
    ordered = sorted(nights)
    for entry in table.values():
        for room_type in RoomType.values:
            entry.cells[room_type] = {night: entry.cells[room_type][night] for night in ordered}
    return ordered, [table[h.pk] for h in hotels]


def allocations_of(edition: Edition) -> QuerySet[RoomAllocation]:
    return RoomAllocation.objects.filter(hotel__edition=edition).select_related(
        "hotel", "registration__person", "shares_with__registration__person"
    )


def stale_rooms(edition: Edition, *, limit: int = 50) -> list[RoomAllocation]:
    """Rooms still held for registrations that no longer come (cancelled, refused, replaced, waiting)."""
    return list(
        allocations_of(edition)
        .exclude(registration__status__in=HOLDING)
        .order_by("hotel__order", "arrival", "pk")[:limit]
    )


def find_guests(edition: Edition, text: str, *, limit: int = 20) -> list[Registration]:
    """On-site guests (approved or pending) whose reference is ``text`` or whose name contains it, with their room."""
    text = " ".join(text.split())
    if not text:
        return []
    found = (
        Registration.objects.filter(edition=edition, status__in=HOLDING, attendance=Attendance.ON_SITE)
        .filter(
            Q(reference__iexact=text.upper())
            | Q(person__name_zh_hans__icontains=text)
            | Q(person__name_en__icontains=text)
            | Q(email__iexact=text)
        )
        .select_related("person", "category", "room__hotel", "room__shares_with__registration")
        .order_by("person__name_en", "pk")
    )
    return list(found[:limit])


# --- rooming list -----------------------------------------------------------------------------


def person_names(person: Any) -> tuple[str, str]:
    """A person's name in Chinese and in English, each falling back on the other."""
    zh = getattr(person, "name_zh_hans", "") or ""
    en = getattr(person, "name_en", "") or ""
    return zh or en, en or zh


@dataclass(frozen=True)
class Guest:
    reference: str
    name_zh: str
    name_en: str
    phone: str
    diet: str
    allergies: str

    @classmethod
    def of(cls, registration: Registration) -> Guest:
        name_zh, name_en = person_names(registration.person)
        diet = str(Diet(registration.diet).label) if registration.diet in Diet.values else registration.diet
        return cls(
            reference=registration.reference,
            name_zh=name_zh,
            name_en=name_en,
            phone=registration.phone,
            diet=diet,
            allergies=registration.allergies,
        )


@dataclass(frozen=True)
class RoomingRow:
    """One room and its night range: the holder and perhaps a sharer."""

    room_number: str
    room_type: str
    room_type_label: str
    arrival: dt.date
    departure: dt.date
    guest: Guest
    sharer: Guest | None
    note: str

    @property
    def nights(self) -> int:
        return (self.departure - self.arrival).days


def rooming_list(hotel: Hotel) -> list[RoomingRow]:
    """The hotel's rooms, one row per room and night range, by arrival (two queries)."""
    allocations = (
        RoomAllocation.objects.filter(hotel=hotel, shares_with__isnull=True)
        .select_related("registration__person")
        .prefetch_related("sharers__registration__person")
        .order_by("arrival", "room_type", "registration__person__name_en", "pk")
    )
    rows = []
    for allocation in allocations:
        sharers = list(allocation.sharers.all())
        rows.append(
            RoomingRow(
                room_number=allocation.room_number,
                room_type=allocation.room_type,
                room_type_label=_room_type_label(allocation.room_type),
                arrival=allocation.arrival,
                departure=allocation.departure,
                guest=Guest.of(allocation.registration),
                sharer=Guest.of(sharers[0].registration) if sharers else None,
                note="; ".join(n for n in [allocation.note, *(s.note for s in sharers)] if n),
            )
        )
    return rows


CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_rows(sheet, rows: Iterable[list[Any]]) -> None:
    for values in rows:
        append_row(sheet, values)


def workbook_bytes(title: str, header: list[str], rows: Iterable[list[Any]], widths: list[int], *, heading="") -> bytes:
    """One sheet: a heading line (when given), a bold header row, the rows; frozen header, set widths."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
    if heading:
        write_rows(sheet, [[heading]])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    write_rows(sheet, [header])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{sheet.max_row + 1}"
    write_rows(sheet, rows)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class RoomingListWorkbook:
    """The rooming list of one hotel as .xlsx: what the hotel's front desk loads."""

    identifier = "rooming-xlsx"
    content_type = CONTENT_TYPE
    public = False

    def __init__(self, hotel: Hotel) -> None:
        self.hotel = hotel

    @property
    def filename(self) -> str:
        return f"{_('Rooming list')} {self.hotel.name}.xlsx"

    def header(self) -> list[str]:
        return [
            _("Room"),
            _("Room type"),
            _("Check-in"),
            _("Check-out"),
            _("Nights"),
            _("Guest (Chinese)"),
            _("Guest (English)"),
            _("Reference"),
            _("Phone"),
            _("Diet"),
            _("Sharer (Chinese)"),
            _("Sharer (English)"),
            _("Sharer's reference"),
            _("Sharer's phone"),
            _("Sharer's diet"),
            _("Note"),
        ]

    def render(self, rows: list[RoomingRow]) -> bytes:
        def values(row: RoomingRow) -> list[Any]:
            sharer = row.sharer
            guest_diet = "; ".join(x for x in (row.guest.diet, row.guest.allergies) if x)
            sharer_diet = "; ".join(x for x in (sharer.diet, sharer.allergies) if x) if sharer else ""
            return [
                row.room_number,
                row.room_type_label,
                row.arrival,
                row.departure,
                row.nights,
                row.guest.name_zh,
                row.guest.name_en,
                row.guest.reference,
                row.guest.phone,
                guest_diet,
                sharer.name_zh if sharer else "",
                sharer.name_en if sharer else "",
                sharer.reference if sharer else "",
                sharer.phone if sharer else "",
                sharer_diet,
                row.note,
            ]

        heading = f"{self.hotel.name} · {_('Rooming list')} · {self.hotel.edition}"
        return workbook_bytes(
            self.hotel.name,
            self.header(),
            (values(row) for row in rows),
            [8, 22, 12, 12, 7, 14, 22, 11, 18, 20, 14, 22, 11, 18, 20, 30],
            heading=heading,
        )
