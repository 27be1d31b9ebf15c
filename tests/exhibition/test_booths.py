"""Halls, zones and booths: geometry refusals, removal of a held booth, the all-or-nothing import, audit."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from ecoforum.core.models import AuditEntry
from ecoforum.exhibition import booths
from ecoforum.exhibition.booths import BoothError, ImportRefused
from ecoforum.exhibition.enums import ApplicationStatus, BoothKind
from ecoforum.exhibition.models import Booth
from ecoforum.exhibition.tables import decode_csv

from .factories import BoothApplicationFactory, BoothFactory, HallFactory, ZoneFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = ["code", "zone", "kind", "area", "price", "x", "y", "width", "depth"]


@pytest.fixture
def hall(edition):
    return HallFactory(edition=edition, code="A", width=Decimal("40"), depth=Decimal("20"), name_en="Hall A")


@pytest.fixture
def zone(hall):
    return ZoneFactory(edition=hall.edition, hall=hall, code="T", name_en="Technology zone")


def add(zone, code, x, y, width="3", depth="3", actor=None, **extra):
    return booths.add_booth(
        zone,
        code=code,
        kind=BoothKind.SHELL,
        area=Decimal(width) * Decimal(depth),
        price=Decimal("12000"),
        x=Decimal(x),
        y=Decimal(y),
        width=Decimal(width),
        depth=Decimal(depth),
        actor=actor,
        **extra,
    )


def actions(obj) -> list[str]:
    entries = AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
    return list(entries.order_by("pk").values_list("action", flat=True))


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="gbk") -> bytes:
    lines = [",".join(HEADER)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


# --- booths -------------------------------------------------------------------------------------


def test_add_booth_inside_the_hall_is_saved_and_audited(zone, organizer):
    booth = add(zone, "T-101", "0", "0", actor=organizer)

    assert (booth.code, booth.x, booth.width, booth.edition_id) == (
        "T-101",
        Decimal("0"),
        Decimal("3"),
        zone.edition_id,
    )
    assert actions(booth) == ["exhibition.booth.added"]


def test_add_booth_overlapping_another_is_refused_naming_both(zone):
    add(zone, "T-101", "0", "0")

    with pytest.raises(BoothError) as refused:
        add(zone, "T-102", "2", "2")

    assert refused.value.message == "Booth T-102 overlaps booth T-101."
    assert list(Booth.objects.values_list("code", flat=True)) == ["T-101"]


def test_add_booth_sharing_an_edge_is_allowed(zone):
    add(zone, "T-101", "0", "0")

    booth = add(zone, "T-102", "3", "0")

    assert booth.code == "T-102"


def test_add_booth_overlapping_a_booth_of_another_hall_is_allowed(edition, zone):
    other = ZoneFactory(edition=edition, hall=HallFactory(edition=edition, code="B"), code="I")
    add(zone, "T-101", "0", "0")

    booth = add(other, "I-101", "0", "0")

    assert booth.zone == other


def test_add_booth_outside_the_hall_is_refused(zone):
    with pytest.raises(BoothError) as refused:
        add(zone, "T-101", "39", "0")

    assert refused.value.message == "Booth T-101 lies outside the plan of Hall A (40.00 × 20.00 m)."


def test_add_booth_with_no_area_is_refused(zone):
    with pytest.raises(BoothError) as refused:
        booths.add_booth(zone, code="T-1", area=Decimal("0"), x=0, y=0, width=3, depth=3, actor=None)

    assert refused.value.message == "Booth T-1 needs an area above zero."


def test_add_booth_with_a_code_taken_is_refused(zone):
    add(zone, "T-101", "0", "0")

    with pytest.raises(BoothError) as refused:
        add(zone, "T-101", "10", "0")

    assert refused.value.message == "There is already a booth T-101."


def test_add_booth_with_an_outline_outside_the_hall_is_refused(zone):
    with pytest.raises(BoothError) as refused:
        add(zone, "T-1", "0", "0", width="6", depth="6", outline=[[0, 0], [6, 0], [45, 6]])

    assert refused.value.message == "Booth T-1 lies outside the plan of Hall A (40.00 × 20.00 m)."


def test_change_booth_moving_onto_another_is_refused_and_leaves_it(zone, organizer):
    add(zone, "T-101", "0", "0")
    moving = add(zone, "T-102", "10", "0")

    with pytest.raises(BoothError) as refused:
        booths.change_booth(moving, x=Decimal("1"), actor=organizer)

    moving.refresh_from_db()
    assert (refused.value.message, moving.x) == ("Booth T-102 overlaps booth T-101.", Decimal("10.00"))


def test_change_booth_moves_it_and_audits_the_diff(zone, organizer):
    booth = add(zone, "T-101", "0", "0")

    booths.change_booth(booth, x=Decimal("5"), actor=organizer)

    entry = AuditEntry.objects.filter(action="exhibition.booth.changed").get()
    assert (entry.data, entry.actor) == ({"x": ["0.00", "5"]}, organizer)


def test_remove_booth_held_by_an_application_is_refused(zone, organizer):
    booth = add(zone, "T-101", "0", "0")
    BoothApplicationFactory(
        edition=zone.edition, zone=zone, booth=booth, status=ApplicationStatus.RESERVED, exhibitor__name_en="Qianneng"
    )

    with pytest.raises(BoothError) as refused:
        booths.remove_booth(booth, actor=organizer)

    assert refused.value.message == "Booth T-101 is held by Qianneng; release it before removing the booth."
    assert Booth.objects.filter(pk=booth.pk).exists()


def test_remove_free_booth_deletes_it_and_audits(zone, organizer):
    booth = add(zone, "T-101", "0", "0")
    pk = booth.pk

    booths.remove_booth(booth, actor=organizer)

    assert not Booth.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(object_id=str(pk)).order_by("pk").last().action == "exhibition.booth.removed"


def test_change_hall_shrinking_under_a_booth_is_refused(hall, zone, organizer):
    add(zone, "T-101", "30", "0")

    with pytest.raises(BoothError) as refused:
        booths.change_hall(hall, width=Decimal("20"), actor=organizer)

    assert refused.value.message == "Hall A cannot shrink: booth T-101 would lie outside it."


def test_add_zone_with_a_bad_colour_is_refused(hall, organizer):
    with pytest.raises(BoothError) as refused:
        booths.add_zone(hall, code="N", name_zh_hans="新区", colour="green", actor=organizer)

    assert refused.value.message == "The colour of zone N must be written #rrggbb."


def test_add_hall_and_zone_are_audited(edition, organizer):
    hall = booths.add_hall(edition, code="C", name_zh_hans="C馆", name_en="Hall C", width=60, depth=30, actor=organizer)
    zone = booths.add_zone(hall, code="C1", name_zh_hans="国际展区", colour="#1f6feb", actor=organizer)

    assert (actions(hall), actions(zone)) == (["exhibition.hall.added"], ["exhibition.zone.added"])


# --- import -------------------------------------------------------------------------------------


def test_import_xlsx_adds_and_moves_booths(edition, zone, organizer):
    existing = BoothFactory(edition=edition, zone=zone, code="T-101", x=0, y=0)

    summary = booths.import_booth_geometry(
        edition,
        xlsx([["T-101", "T", "shell", 9, 12000, 20, 10, 3, 3], ["T-102", "T", "raw", 36, "", 0, 0, 6, 6]]),
        actor=organizer,
    )

    existing.refresh_from_db()
    added = Booth.objects.get(code="T-102")
    assert (summary.added, summary.changed) == (["T-102"], ["T-101"])
    assert (existing.x, existing.y, added.kind, added.price, added.width) == (
        Decimal("20.00"),
        Decimal("10.00"),
        BoothKind.RAW,
        None,
        Decimal("6.00"),
    )


def test_import_xlsx_with_a_wrong_row_saves_nothing_and_names_the_rows(edition, zone, organizer):
    data = xlsx(
        [
            ["T-101", "T", "shell", 9, 12000, 0, 0, 3, 3],
            ["T-102", "X", "shell", 9, 12000, 3, 0, 3, 3],
            ["T-103", "T", "shell", "nine", 12000, 6, 0, 3, 3],
            ["T-104", "T", "shell", 9, 12000, 39, 0, 3, 3],
        ]
    )

    with pytest.raises(ImportRefused) as refused:
        booths.import_booth_geometry(edition, data, actor=organizer)

    assert refused.value.errors == [
        "row 3: zone: there is no zone “X”",
        "row 4: area: “nine” is not a number",
        "row 5: x: booth T-104 lies outside the plan of Hall A (40.00 × 20.00 m)",
    ]
    assert Booth.objects.count() == 0


def test_import_with_overlapping_rows_saves_nothing(edition, zone, organizer):
    data = xlsx([["T-101", "T", "shell", 9, "", 0, 0, 3, 3], ["T-102", "T", "shell", 9, "", 1, 1, 3, 3]])

    with pytest.raises(ImportRefused) as refused:
        booths.import_booth_geometry(edition, data, actor=organizer)

    assert refused.value.errors == ["row 3: x: booth T-102 overlaps booth T-101 (row 2)"]
    assert Booth.objects.count() == 0


def test_import_gbk_csv_reads_chinese_kinds_and_refuses_a_wrong_row(edition, organizer):
    hall = HallFactory(edition=edition, code="B", width=Decimal("40"), depth=Decimal("20"))
    ZoneFactory(edition=edition, hall=hall, code="主宾省")
    data = csv_bytes([["B-1", "主宾省", "光地", 36, 0, 0, 0, 6, 6], ["B-2", "主宾省", "标准展位", -9, 0, 10, 0, 3, 3]])

    with pytest.raises(ImportRefused) as refused:
        booths.import_booth_geometry(edition, data, actor=organizer)

    assert refused.value.errors == ["row 3: area: must be above zero"]
    assert Booth.objects.count() == 0


def test_import_gbk_csv_adds_booths(edition, organizer):
    hall = HallFactory(edition=edition, code="B", width=Decimal("40"), depth=Decimal("20"))
    ZoneFactory(edition=edition, hall=hall, code="主宾省")
    data = csv_bytes([["B-1", "主宾省", "光地", 36, 0, 0, 0, 6, 6], ["B-2", "主宾省", "标准展位", 9, 0, 10, 0, 3, 3]])

    summary = booths.import_booth_geometry(edition, data, actor=organizer)

    assert summary.added == ["B-1", "B-2"]
    assert list(Booth.objects.order_by("code").values_list("code", "kind", "zone__code")) == [
        ("B-1", BoothKind.RAW, "主宾省"),
        ("B-2", BoothKind.SHELL, "主宾省"),
    ]


def test_import_a_file_that_is_not_a_table_is_refused(edition, organizer):
    with pytest.raises(ImportRefused) as refused:
        booths.import_booth_geometry(edition, b"\xff\xfe\x00garbage\x81", actor=organizer)

    assert refused.value.errors == [
        "This CSV file is neither UTF-8 nor GBK text. Save it as “CSV UTF-8” and upload it again."
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_decode_csv_reads_utf8_bom_and_gbk(encoding):
    assert decode_csv("code,展区\r\n".encode(encoding)) == "code,展区\r\n"


# --- the admin ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", ["hall", "zone", "booth", "exhibitor", "boothapplication", "launch", "site", "visitroute", "visitsignup"]
)
def test_admin_lists_every_exhibition_model(admin_client, zone, model):
    BoothFactory(edition=zone.edition, zone=zone)

    response = admin_client.get(reverse(f"admin:exhibition_{model}_changelist"))

    assert response.status_code == 200


def test_admin_refuses_an_overlapping_booth(admin_client, zone):
    BoothFactory(edition=zone.edition, zone=zone, code="T-101", x=0, y=0)
    data = {"edition": zone.edition_id, "zone": zone.pk, "code": "T-102", "kind": "shell", "area": "9"}
    data |= {"x": "1", "y": "1", "width": "3", "depth": "3", "currency": "CNY", "outline": "[]"}

    response = admin_client.post(reverse("admin:exhibition_booth_add"), data, HTTP_ACCEPT_LANGUAGE="en")
    in_chinese = admin_client.post(reverse("admin:exhibition_booth_add"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "Booth T-102 overlaps booth T-101." in response.content.decode()
    assert "T-102" in in_chinese.content.decode() and "overlaps" not in in_chinese.content.decode()
    assert not Booth.objects.filter(code="T-102").exists()


def test_admin_adds_changes_and_removes_booths_through_the_services(admin_client, zone):
    data = {"zone": zone.pk, "code": "T-201", "kind": "shell", "area": "9", "x": "20", "y": "10"}
    data |= {"width": "3", "depth": "3", "outline": "[]"}

    added = admin_client.post(reverse("admin:exhibition_booth_add"), data)
    booth = Booth.objects.get(code="T-201")
    changed = admin_client.post(reverse("admin:exhibition_booth_change", args=[booth.pk]), data | {"x": "26"})
    held = BoothFactory(edition=zone.edition, zone=zone, code="T-202", x=0, y=15)
    BoothApplicationFactory(edition=zone.edition, zone=zone, booth=held, status=ApplicationStatus.CONFIRMED)
    refused = admin_client.post(reverse("admin:exhibition_booth_delete", args=[held.pk]), {"post": "yes"}, follow=True)

    assert added.status_code == 302 and changed.status_code == 302
    assert booth.edition_id == zone.edition_id
    assert Booth.objects.get(pk=booth.pk).x == Decimal("26")
    assert list(AuditEntry.objects.filter(object_id=str(booth.pk)).order_by("pk").values_list("action", flat=True)) == [
        "exhibition.booth.added",
        "exhibition.booth.changed",
    ]
    assert Booth.objects.filter(pk=held.pk).exists()
    assert "T-202" in refused.content.decode()
