"""Hotels: blocks, allocations with their dates, sharing a twin, moving, releasing, occupancy, rooming list."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from ecoforum.core.models import AuditEntry
from ecoforum.services import hotels
from ecoforum.services.enums import Attendance, Diet, RegistrationStatus, RoomType
from ecoforum.services.hotels import HotelError, NoRoom
from ecoforum.services.models import RoomAllocation, RoomBlock

from ..factories import PersonFactory
from .factories import (
    GuestCategoryFactory,
    HotelFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    RoomBlockFactory,
)

pytestmark = pytest.mark.django_db


def day(edition, offset: int) -> dt.date:
    return edition.start_date + dt.timedelta(days=offset)


@pytest.fixture
def hotel(edition):
    hotel = HotelFactory(edition=edition, name_zh_hans="贵阳喜来登贵航酒店", name_en="Sheraton Guiyang Hotel")
    for offset in (-1, 0, 1):
        RoomBlockFactory(hotel=hotel, night=day(edition, offset), room_type=RoomType.SINGLE, rooms=2)
        RoomBlockFactory(hotel=hotel, night=day(edition, offset), room_type=RoomType.TWIN, rooms=1)
    return hotel


def guest(edition, **kwargs):
    return RegistrationFactory(edition=edition, **kwargs)


def allocate(registration, hotel, room_type=RoomType.SINGLE, arrival=-1, departure=2, **kwargs):
    edition = hotel.edition
    return hotels.allocate_room(
        registration,
        hotel=hotel,
        room_type=room_type,
        arrival=day(edition, arrival),
        departure=day(edition, departure),
        **kwargs,
    )


def test_allocate_room_within_blocks_takes_a_room_and_is_audited(edition, hotel, organizer):
    registration = guest(edition)

    allocation = allocate(registration, hotel, actor=organizer)

    assert (allocation.hotel, allocation.arrival, allocation.departure) == (hotel, day(edition, -1), day(edition, 2))
    entry = AuditEntry.objects.get(action="services.room.allocated")
    assert entry.actor == organizer
    assert entry.data["registration"] == registration.reference


def test_allocate_room_for_a_pending_registration_is_allowed(edition, hotel):
    allocation = allocate(guest(edition, status=RegistrationStatus.PENDING), hotel)

    assert allocation.pk is not None


@pytest.mark.parametrize("status", [RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED])
def test_allocate_room_refuses_registrations_that_hold_no_place(edition, hotel, english, status):
    registration = guest(edition, status=status)

    with pytest.raises(HotelError, match=f"Registration {registration.reference} is"):
        allocate(registration, hotel)

    assert RoomAllocation.objects.count() == 0


def test_allocate_room_refuses_online_guests(edition, hotel, english):
    category = GuestCategoryFactory(edition=edition, attendance=Attendance.ONLINE)
    form = RegistrationFormFactory(edition=edition, category=category)
    registration = guest(edition, form=form)

    with pytest.raises(HotelError, match=r"\(Online\)"):
        allocate(registration, hotel)


def test_allocate_room_refuses_a_date_outside_the_window_naming_it(edition, hotel, english):
    with pytest.raises(HotelError) as error:
        allocate(guest(edition), hotel, arrival=-4, departure=1)

    assert error.value.message == (
        "The date 2023-07-04 is outside the stays of Eco Forum Global Guiyang 2023 (2023-07-05 to 2023-07-12)."
    )
    assert error.value.field == "arrival"
    assert RoomAllocation.objects.count() == 0


def test_allocate_room_refuses_departure_before_arrival(edition, hotel, english):
    with pytest.raises(HotelError, match="The check-out date 2023-07-08 must come after the check-in date 2023-07-08"):
        allocate(guest(edition), hotel, arrival=0, departure=0)


def test_allocate_room_refuses_a_night_without_a_block(edition, hotel, english):
    with pytest.raises(NoRoom) as error:
        allocate(guest(edition), hotel, arrival=0, departure=3)

    assert error.value.message == (
        "Sheraton Guiyang Hotel has no block of Single room (one king bed) for the night of 2023-07-10."
    )
    assert RoomAllocation.objects.count() == 0


def test_allocate_room_refuses_a_full_night_naming_it(edition, hotel, english):
    allocate(guest(edition), hotel, arrival=0, departure=1)
    allocate(guest(edition), hotel, arrival=0, departure=1)

    with pytest.raises(NoRoom) as error:
        allocate(guest(edition), hotel, arrival=-1, departure=2)

    assert error.value.message == (
        "Sheraton Guiyang Hotel is full for Single room (one king bed) on the night of 2023-07-08: "
        "all 2 rooms are taken."
    )
    assert RoomAllocation.objects.count() == 2


def test_allocate_room_twice_for_one_guest_is_refused(edition, hotel, english):
    registration = guest(edition)
    allocate(registration, hotel)

    with pytest.raises(HotelError, match=f"{registration.reference} has a room already: move it instead."):
        allocate(registration, hotel)


def test_allocate_room_in_a_hotel_of_another_edition_is_refused(edition, hotel, english):
    other = HotelFactory()

    with pytest.raises(HotelError, match="is not a hotel of the edition of registration"):
        hotels.allocate_room(
            guest(edition), hotel=other, room_type="single", arrival=day(edition, 0), departure=day(edition, 1)
        )


# --- sharing ------------------------------------------------------------------------------------


def test_sharer_takes_no_room(edition, hotel):
    holder = allocate(guest(edition), hotel, RoomType.TWIN)

    sharer = allocate(guest(edition), hotel, RoomType.TWIN, arrival=0, departure=1, shares_with=holder)

    assert sharer.shares_with == holder
    nights, table = hotels.occupancy(edition)
    twin = table[0].cells[RoomType.TWIN]
    assert [(twin[n].blocked, twin[n].taken) for n in nights] == [(1, 1), (1, 1), (1, 1)]


def test_second_sharer_of_a_twin_is_refused(edition, hotel, english):
    holder = allocate(guest(edition), hotel, RoomType.TWIN)
    allocate(guest(edition), hotel, RoomType.TWIN, shares_with=holder)

    with pytest.raises(HotelError, match=f"The room of {holder.registration.reference} is shared already."):
        allocate(guest(edition), hotel, RoomType.TWIN, shares_with=holder)


def test_sharing_a_single_room_is_refused(edition, hotel, english):
    holder = allocate(guest(edition), hotel, RoomType.SINGLE)

    with pytest.raises(HotelError, match="Only a twin room of the same hotel can be shared"):
        allocate(guest(edition), hotel, RoomType.TWIN, shares_with=holder)


def test_sharing_beyond_the_holders_nights_is_refused(edition, hotel, english):
    holder = allocate(guest(edition), hotel, RoomType.TWIN, arrival=0, departure=1)

    with pytest.raises(HotelError, match=r"The stay 2023-07-07–2023-07-09 is outside the room of"):
        allocate(guest(edition), hotel, RoomType.TWIN, arrival=-1, departure=1, shares_with=holder)


def test_sharing_with_a_sharer_is_refused(edition, hotel, english):
    holder = allocate(guest(edition), hotel, RoomType.TWIN)
    sharer = allocate(guest(edition), hotel, RoomType.TWIN, shares_with=holder)

    with pytest.raises(HotelError, match="shares a room already and holds none to share"):
        allocate(guest(edition), hotel, RoomType.TWIN, shares_with=sharer)


# --- move and release ---------------------------------------------------------------------------


def test_move_room_to_other_dates_counts_without_itself(edition, hotel, organizer):
    allocation = allocate(guest(edition), hotel, arrival=0, departure=1)
    allocate(guest(edition), hotel, arrival=0, departure=1)

    moved = hotels.move_room(
        allocation,
        hotel=hotel,
        room_type=RoomType.SINGLE,
        arrival=day(edition, -1),
        departure=day(edition, 1),
        room_number="1208",
        actor=organizer,
    )

    assert (moved.arrival, moved.room_number) == (day(edition, -1), "1208")
    entry = AuditEntry.objects.get(action="services.room.moved")
    assert entry.data == {"arrival": ["2023-07-08", "2023-07-07"], "room_number": ["", "1208"]}


def test_move_room_to_a_full_hotel_changes_nothing(edition, hotel, english):
    other = HotelFactory(edition=edition, name_en="Guiyang Eco Hotel")
    RoomBlockFactory(hotel=other, night=day(edition, 0), room_type=RoomType.SINGLE, rooms=1)
    hotels.allocate_room(
        guest(edition), hotel=other, room_type=RoomType.SINGLE, arrival=day(edition, 0), departure=day(edition, 1)
    )
    allocation = allocate(guest(edition), hotel, arrival=0, departure=1)

    with pytest.raises(NoRoom, match="Guiyang Eco Hotel is full"):
        hotels.move_room(
            allocation, hotel=other, room_type=RoomType.SINGLE, arrival=day(edition, 0), departure=day(edition, 1)
        )

    allocation.refresh_from_db()
    assert allocation.hotel == hotel


def test_move_holder_away_from_its_sharer_is_refused(edition, hotel, english):
    holder = allocate(guest(edition), hotel, RoomType.TWIN)
    sharer = allocate(guest(edition), hotel, RoomType.TWIN, shares_with=holder)

    with pytest.raises(HotelError, match=f"{sharer.registration.reference} shares this room"):
        hotels.move_room(
            holder, hotel=hotel, room_type=RoomType.SINGLE, arrival=day(edition, -1), departure=day(edition, 2)
        )


def test_release_room_frees_it(edition, hotel, organizer):
    allocation = allocate(guest(edition), hotel)

    hotels.release_room(allocation, actor=organizer)

    assert RoomAllocation.objects.count() == 0
    assert AuditEntry.objects.filter(action="services.room.released").count() == 1


def test_release_of_a_holder_hands_the_room_to_the_sharer(edition, hotel):
    holder = allocate(guest(edition), hotel, RoomType.TWIN)
    sharer = allocate(guest(edition), hotel, RoomType.TWIN, arrival=0, departure=1, shares_with=holder)

    hotels.release_room(holder)

    sharer.refresh_from_db()
    assert sharer.shares_with is None
    nights, table = hotels.occupancy(edition)
    twin = table[0].cells[RoomType.TWIN]
    assert [twin[n].taken for n in nights] == [0, 1, 0]


# --- blocks -------------------------------------------------------------------------------------


def test_set_block_never_below_the_rooms_taken(edition, hotel, english):
    allocate(guest(edition), hotel, arrival=0, departure=1)
    allocate(guest(edition), hotel, arrival=0, departure=1)

    with pytest.raises(
        HotelError, match="has 2 rooms of Single room \\(one king bed\\) taken on the night of 2023-07-08"
    ):
        hotels.set_block(hotel, night=day(edition, 0), room_type=RoomType.SINGLE, rooms=1)

    assert RoomBlock.objects.get(hotel=hotel, night=day(edition, 0), room_type=RoomType.SINGLE).rooms == 2


def test_set_block_creates_changes_and_removes(edition, hotel, organizer):
    night = day(edition, 2)
    block = hotels.set_block(hotel, night=night, room_type=RoomType.SUITE, rooms=3, actor=organizer)
    assert block is not None and block.rooms == 3
    hotels.set_block(hotel, night=night, room_type=RoomType.SUITE, rooms=5, actor=organizer)
    assert RoomBlock.objects.get(hotel=hotel, night=night, room_type=RoomType.SUITE).rooms == 5
    hotels.set_block(hotel, night=night, room_type=RoomType.SUITE, rooms=0, actor=organizer)
    assert not RoomBlock.objects.filter(hotel=hotel, night=night, room_type=RoomType.SUITE).exists()
    assert AuditEntry.objects.filter(action="services.room_block.set").count() == 3


def test_set_block_outside_the_window_is_refused(edition, hotel, english):
    with pytest.raises(HotelError, match="The night of 2023-07-12 is outside the stays"):
        hotels.set_block(hotel, night=day(edition, 4), room_type=RoomType.SINGLE, rooms=3)


# --- reading ------------------------------------------------------------------------------------


def test_occupancy_counts_blocked_taken_free_per_night_and_type(edition, hotel):
    allocate(guest(edition), hotel, arrival=-1, departure=1)

    nights, table = hotels.occupancy(edition)

    assert nights == [day(edition, -1), day(edition, 0), day(edition, 1)]
    single = table[0].cells[RoomType.SINGLE]
    assert [(single[n].blocked, single[n].taken, single[n].free) for n in nights] == [(2, 1, 1), (2, 1, 1), (2, 0, 2)]
    assert [label for _t, label, _cells in table[0].rows(nights)] == [
        RoomType.SINGLE.label,
        RoomType.TWIN.label,
    ]


@pytest.mark.parametrize("hotel_count", [1, 4])
def test_occupancy_queries_do_not_grow_with_hotels_and_guests(edition, django_assert_num_queries, hotel_count):
    for _ in range(hotel_count):
        hotel = HotelFactory(edition=edition)
        RoomBlockFactory(hotel=hotel, night=day(edition, 0), rooms=5)
        for _ in range(hotel_count):
            allocate(guest(edition), hotel, arrival=0, departure=1)

    with django_assert_num_queries(3):
        hotels.occupancy(edition)


def test_find_guests_by_reference_or_name(edition):
    person = PersonFactory(name_zh_hans="李明", name_en="Li Ming")
    registration = guest(edition, person=person)
    guest(edition)

    assert hotels.find_guests(edition, registration.reference.lower()) == [registration]
    assert hotels.find_guests(edition, "李明") == [registration]
    assert hotels.find_guests(edition, "li ming") == [registration]
    assert hotels.find_guests(edition, "  ") == []


def test_rooming_list_xlsx_has_chinese_names_sharer_diet_and_no_identity_data(edition, hotel):
    holder_reg = guest(
        edition,
        person=PersonFactory(name_zh_hans="王芳", name_en="Wang Fang"),
        diet=Diet.HALAL,
        phone="+86 139 0000 1111",
        document_type="passport",
        document_number="E12345678",
        nationality="CN",
    )
    sharer_reg = guest(
        edition, person=PersonFactory(name_zh_hans="赵丽", name_en="Zhao Li"), diet=Diet.VEGETARIAN, allergies="花生"
    )
    holder = allocate(holder_reg, hotel, RoomType.TWIN, room_number="808")
    allocate(sharer_reg, hotel, RoomType.TWIN, arrival=0, departure=1, shares_with=holder)
    allocate(guest(edition, person=PersonFactory(name_zh_hans="陈刚", name_en="Chen Gang")), hotel, arrival=0)

    rows = hotels.rooming_list(hotel)
    data = hotels.RoomingListWorkbook(hotel).render(rows)

    sheet = load_workbook(io.BytesIO(data)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "贵阳喜来登贵航酒店"
    assert values[0][0].startswith("贵阳喜来登贵航酒店 · ")
    assert values[0][0].endswith(" · 2023年生态文明贵阳国际论坛")
    first, second = values[2], values[3]
    assert first[:8] == [
        "808",
        str(RoomType.TWIN.label),
        dt.datetime(2023, 7, 7),
        dt.datetime(2023, 7, 10),
        3,
        "王芳",
        "Wang Fang",
        holder_reg.reference,
    ]
    assert first[8] == "+86 139 0000 1111"
    assert first[10:13] == ["赵丽", "Zhao Li", sharer_reg.reference]
    assert "花生" in first[14]
    assert second[5:7] == ["陈刚", "Chen Gang"]
    flat = " ".join(str(v) for row in values for v in row if v is not None)
    assert "E12345678" not in flat
    assert len(values) == 4
