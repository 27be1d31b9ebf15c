"""The exhibitor portal: object-level permissions against every other exhibitor's ids, read-only booth staff,
the badge quota, pictures checked by content, and the organizers' application desk."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from ecoforum.core.models import AuditEntry
from ecoforum.exhibition import applications, exhibitors
from ecoforum.exhibition.enums import ApplicationStatus, BoothKind, StaffRole
from ecoforum.exhibition.exhibitors import ExhibitorError
from ecoforum.exhibition.models import BoothApplication, Exhibitor, ExhibitorStaff, Product

from ..factories import EditionFactory, PersonFactory, UserFactory
from .factories import (
    BoothApplicationFactory,
    BoothFactory,
    ExhibitorFactory,
    ExhibitorStaffFactory,
    ProductFactory,
    ZoneFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def member(exhibitor, role=StaffRole.MANAGER, needs_badge=True):
    user = UserFactory()
    ExhibitorStaffFactory(
        exhibitor=exhibitor,
        person=PersonFactory(user=user, name_en=f"{role} {user.username}"),
        role=role,
        needs_badge=needs_badge,
    )
    return user


def picture(kind="PNG", name="panel.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buffer, format=kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def zone(edition):
    return ZoneFactory(edition=edition, name_en="Technology zone")


@pytest.fixture
def mine(edition):
    return ExhibitorFactory(edition=edition, name_en="Qianneng Solar", name_zh_hans="黔能光伏", badge_quota=3)


@pytest.fixture
def theirs(edition, zone):
    """Another exhibitor with a product, staff and an application."""
    exhibitor = ExhibitorFactory(edition=edition, name_en="Guizhou Water", name_zh_hans="贵州水务")
    ProductFactory(exhibitor=exhibitor)
    ExhibitorStaffFactory(exhibitor=exhibitor, role=StaffRole.STAFF)
    BoothApplicationFactory(edition=edition, exhibitor=exhibitor, zone=zone)
    return exhibitor


@pytest.fixture
def manager(mine):
    return member(mine)


@pytest.fixture
def client_of(client):
    def log_in(user):
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return log_in


def url(name, edition, **kwargs):
    return reverse(f"exhibition:{name}", kwargs={"edition": edition.slug, **kwargs})


def state(exhibitor: Exhibitor) -> tuple:
    """Everything a portal write could change about an exhibitor."""
    exhibitor.refresh_from_db()
    return (
        exhibitor.name_zh_hans,
        exhibitor.name_en,
        exhibitor.description_en,
        exhibitor.website,
        exhibitor.badge_quota,
        exhibitor.is_fortune_global_500,
        sorted(Product.objects.filter(exhibitor=exhibitor).values_list("pk", "name_en", "picture")),
        sorted(ExhibitorStaff.objects.filter(exhibitor=exhibitor).values_list("pk", "person_id", "role")),
        sorted(BoothApplication.objects.filter(exhibitor=exhibitor).values_list("pk", "status", "zone_id")),
    )


# --- another exhibitor's ids, through every portal address and every service ------------------------------


PROFILE_POST = {"name_zh_hans": "改名", "name_en": "Renamed", "country": "CN", "badge_quota": "50"}
PRODUCT_POST = {"name_zh_hans": "新品", "name_en": "Hijacked"}


def every_address(edition, mine, theirs, zone):
    """(method, address, data) for each portal address, with the other exhibitor's ids in every place they fit."""
    product = theirs.products.get()
    staff = theirs.staff.get()
    application = theirs.applications.get()
    rows = [
        ("get", url("portal_exhibitor", edition, pk=theirs.pk), None),
        ("get", url("portal_profile", edition, pk=theirs.pk), None),
        ("post", url("portal_profile", edition, pk=theirs.pk), PROFILE_POST),
        ("get", url("portal_product_add", edition, pk=theirs.pk), None),
        ("post", url("portal_product_add", edition, pk=theirs.pk), PRODUCT_POST),
        ("post", url("portal_staff_add", edition, pk=theirs.pk), {"name": "Intruder", "role": "manager"}),
        ("post", url("portal_apply", edition, pk=theirs.pk), {"zone": zone.pk, "kind": "shell", "area": "9"}),
    ]
    for owner in (theirs, mine):  # their things under their id, and under mine
        rows += [
            ("get", url("portal_product", edition, pk=owner.pk, product_pk=product.pk), None),
            ("post", url("portal_product", edition, pk=owner.pk, product_pk=product.pk), PRODUCT_POST),
            ("post", url("portal_product_remove", edition, pk=owner.pk, product_pk=product.pk), {}),
            ("post", url("portal_staff_remove", edition, pk=owner.pk, staff_pk=staff.pk), {}),
            ("post", url("portal_withdraw", edition, pk=owner.pk, application_pk=application.pk), {}),
        ]
    return rows


def test_manager_of_one_exhibitor_gets_404_for_every_address_of_another(
    edition, zone, mine, theirs, manager, client_of
):
    client = client_of(manager)
    before_theirs, before_mine = state(theirs), state(mine)

    statuses = [
        (address, getattr(client, method)(address, data or {}).status_code)
        for method, address, data in every_address(edition, mine, theirs, zone)
    ]

    assert statuses == [(address, 404) for address, _status in statuses]
    assert state(theirs) == before_theirs
    assert state(mine) == before_mine
    assert AuditEntry.objects.count() == 0


def test_every_other_exhibitor_is_404_for_a_manager(edition, zone, mine, manager, client_of):
    others = [ExhibitorFactory(edition=edition) for _ in range(3)]
    elsewhere = ExhibitorFactory(edition=EditionFactory())
    client = client_of(manager)

    codes = [client.get(url("portal_exhibitor", edition, pk=o.pk)).status_code for o in [*others, elsewhere]]
    missing = client.get(url("portal_exhibitor", edition, pk=999_999_999)).status_code

    assert codes == [404, 404, 404, 404]
    assert missing == 404
    assert client.get(url("portal_exhibitor", edition, pk=mine.pk)).status_code == 200


def test_manager_of_one_exhibitor_is_refused_by_every_service_for_another(edition, zone, mine, theirs, manager):
    before = state(theirs)
    BoothFactory(edition=edition, zone=zone)
    calls = [
        lambda: exhibitors.update_profile(theirs, actor=manager, name_en="Renamed"),
        lambda: exhibitors.add_product(theirs, actor=manager, name_en="Hijacked"),
        lambda: exhibitors.change_product(theirs.products.get(), actor=manager, name_en="Hijacked"),
        lambda: exhibitors.remove_product(theirs.products.get(), actor=manager),
        lambda: exhibitors.add_staff(theirs, actor=manager, name="Intruder"),
        lambda: exhibitors.remove_staff(theirs.staff.get(), actor=manager),
        lambda: applications.apply_for_booth(theirs, zone=zone, kind="shell", area=9, actor=manager),
        lambda: applications.withdraw_application(theirs.applications.get(), actor=manager),
    ]

    for call in calls:
        with pytest.raises(PermissionDenied):
            call()

    assert state(theirs) == before
    assert AuditEntry.objects.count() == 0


# --- booth staff may look, not change ---------------------------------------------------------------


def test_booth_staff_sees_the_portal_without_edit_buttons(edition, mine, client_of):
    response = client_of(member(mine, StaffRole.STAFF)).get(url("portal_exhibitor", edition, pk=mine.pk))

    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert url("portal_profile", edition, pk=mine.pk) not in response.content.decode()


def test_booth_staff_cannot_edit_through_the_portal(edition, zone, mine, client_of):
    ProductFactory(exhibitor=mine)
    manager_staff = ExhibitorStaffFactory(exhibitor=mine)
    BoothApplicationFactory(edition=edition, exhibitor=mine, zone=zone)
    client = client_of(member(mine, StaffRole.STAFF))
    before = state(mine)
    product = mine.products.get()
    application = mine.applications.get()
    addresses = [
        ("get", url("portal_profile", edition, pk=mine.pk), None),
        ("post", url("portal_profile", edition, pk=mine.pk), PROFILE_POST),
        ("post", url("portal_product_add", edition, pk=mine.pk), PRODUCT_POST),
        ("post", url("portal_product", edition, pk=mine.pk, product_pk=product.pk), PRODUCT_POST),
        ("post", url("portal_product_remove", edition, pk=mine.pk, product_pk=product.pk), {}),
        ("post", url("portal_staff_add", edition, pk=mine.pk), {"name": "Friend", "role": "manager"}),
        ("post", url("portal_staff_remove", edition, pk=mine.pk, staff_pk=manager_staff.pk), {}),
        ("post", url("portal_apply", edition, pk=mine.pk), {"zone": zone.pk, "kind": "shell", "area": "9"}),
        ("post", url("portal_withdraw", edition, pk=mine.pk, application_pk=application.pk), {}),
    ]

    codes = [getattr(client, method)(address, data or {}).status_code for method, address, data in addresses]

    assert codes == [403] * len(addresses)
    assert state(mine) == before


def test_booth_staff_is_refused_by_the_services(mine):
    staff_user = member(mine, StaffRole.STAFF)

    with pytest.raises(PermissionDenied) as refused:
        exhibitors.update_profile(mine, actor=staff_user, name_en="Renamed")

    assert str(refused.value) == "You may not edit the profile of Qianneng Solar."
    assert state(mine)[1] == "Qianneng Solar"


# --- pages of one's own exhibitor --------------------------------------------------------------------


def test_user_without_an_exhibitor_gets_a_friendly_page(edition, client_of):
    response = client_of(UserFactory()).get(url("portal", edition))

    assert response.status_code == 200
    assert response.templates[0].name == "exhibition/portal/nobody.html"
    assert "Your account does not work for an exhibitor yet" in response.content.decode()


def test_user_with_one_exhibitor_goes_to_it(edition, mine, manager, client_of):
    response = client_of(manager).get(url("portal", edition))

    assert response.status_code == 302
    assert response["Location"] == url("portal_exhibitor", edition, pk=mine.pk)


def test_user_with_two_exhibitors_chooses(edition, mine, manager, client_of):
    second = ExhibitorFactory(edition=edition, name_en="Second Co.")
    ExhibitorStaffFactory(exhibitor=second, person=manager.person)

    response = client_of(manager).get(url("portal", edition))

    assert response.status_code == 200
    assert [e.pk for e in response.context["exhibitors"]] == sorted(
        [mine.pk, second.pk], key=lambda pk: Exhibitor.objects.get(pk=pk).name
    )


def test_anonymous_user_is_sent_to_log_in(edition, mine, client):
    response = client.get(url("portal_exhibitor", edition, pk=mine.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_manager_saves_the_profile_in_both_languages(edition, mine, manager, client_of):
    response = client_of(manager).post(
        url("portal_profile", edition, pk=mine.pk),
        {
            "name_zh_hans": "黔能光伏科技",
            "name_en": "Qianneng Solar Technology",
            "description_zh_hans": "光伏组件",
            "description_en": "Solar panels",
            "country": "cn",
            "region": "贵州省",
            "city": "贵阳市",
            "website": "https://qianneng.example.org",
            "industries": "",
            "exhibits_on_site": "on",
        },
    )

    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.name_zh_hans, mine.name_en, mine.country, mine.website) == (
        "黔能光伏科技",
        "Qianneng Solar Technology",
        "CN",
        "https://qianneng.example.org",
    )
    assert (mine.exhibits_on_site, mine.exhibits_online) == (True, False)
    entry = AuditEntry.objects.get(action="exhibition.exhibitor.updated")
    assert entry.data["name_en"] == ["Qianneng Solar", "Qianneng Solar Technology"]


def test_manager_form_has_no_tags_or_quota(edition, mine, manager, client_of):
    form = client_of(manager).get(url("portal_profile", edition, pk=mine.pk)).context["form"]

    assert "badge_quota" not in form.fields
    assert "is_fortune_global_500" not in form.fields


def test_only_organizers_change_the_tags_and_the_quota(mine, manager, organizer):
    with pytest.raises(PermissionDenied) as refused:
        exhibitors.update_profile(mine, actor=manager, is_fortune_global_500=True)
    assert str(refused.value) == "Only the organizers may change the tags of Qianneng Solar."
    with pytest.raises(PermissionDenied):
        exhibitors.update_profile(mine, actor=manager, badge_quota=50)

    exhibitors.update_profile(mine, actor=manager, is_fortune_global_500=False, badge_quota=3, city="遵义市")
    exhibitors.update_profile(mine, actor=organizer, is_fortune_global_500=True, badge_quota=8)

    mine.refresh_from_db()
    assert (mine.is_fortune_global_500, mine.badge_quota, mine.city) == (True, 8, "遵义市")


def test_profile_refuses_a_bad_website_and_unknown_industries(mine, manager):
    with pytest.raises(ExhibitorError) as bad_url:
        exhibitors.update_profile(mine, actor=manager, website="javascript:alert(1)")
    with pytest.raises(ExhibitorError) as bad_code:
        exhibitors.update_profile(mine, actor=manager, industries=["1.1.1", "9.9"])

    assert str(bad_url.value) == "«javascript:alert(1)» is not a web address."
    assert str(bad_code.value) == "9.9 are not in the Green Industry Guidance Catalogue."


def test_profile_sets_industries_from_catalogue_codes(mine, manager):
    exhibitors.update_profile(mine, actor=manager, industries=["1.1.1", "3"])

    assert sorted(mine.industries.values_list("code", flat=True)) == ["1.1.1", "3"]


def test_organizer_may_edit_any_exhibitor_of_the_edition_in_the_portal(edition, theirs, organizer, client_of):
    response = client_of(organizer).get(url("portal_profile", edition, pk=theirs.pk))

    assert response.status_code == 200
    assert "badge_quota" in response.context["form"].fields


# --- products and pictures ------------------------------------------------------------------------


def test_manager_adds_a_product_with_a_picture_stored_under_a_random_name(edition, mine, manager, client_of):
    response = client_of(manager).post(
        url("portal_product_add", edition, pk=mine.pk),
        {"name_zh_hans": "光伏板", "name_en": "Solar panel", "is_new": "on", "picture": picture(name="my panel.png")},
    )

    assert response.status_code == 302
    product = mine.products.get()
    assert (product.name_en, product.is_new) == ("Solar panel", True)
    assert product.picture.name.startswith("exhibition/products/")
    assert product.picture.name.endswith(".png")
    assert "my panel" not in product.picture.name
    with product.picture.open("rb") as file, Image.open(file) as stored:
        assert (stored.format, stored.size) == ("PNG", (40, 30))


@pytest.mark.parametrize(("kind", "suffix"), [("JPEG", ".jpg"), ("WEBP", ".webp")])
def test_jpeg_and_webp_pictures_are_accepted(mine, manager, kind, suffix):
    product = exhibitors.add_product(mine, actor=manager, name_en="Pump", picture=picture(kind, name=f"pump{suffix}"))

    assert product.picture.name.endswith(suffix)


def test_picture_of_the_wrong_type_is_refused_with_its_name(edition, mine, manager, client_of):
    fake = SimpleUploadedFile("brochure.png", b"%PDF-1.7 not a picture at all", content_type="image/png")

    response = client_of(manager).post(
        url("portal_product_add", edition, pk=mine.pk), {"name_en": "Solar panel", "picture": fake}
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "«brochure.png» is not a PNG, JPEG or WebP picture; it was not added."
    ]
    assert mine.products.count() == 0


def test_gif_and_truncated_pictures_are_refused(mine, manager):
    gif = picture("GIF", name="anim.gif")
    whole = picture(name="cut.png").read()
    cut = SimpleUploadedFile("cut.png", whole[: len(whole) // 2])

    for upload, name in ((gif, "anim.gif"), (cut, "cut.png")):
        with pytest.raises(ExhibitorError) as refused:
            exhibitors.add_product(mine, actor=manager, name_en="Pump", picture=upload)
        assert str(refused.value) == f"«{name}» is not a PNG, JPEG or WebP picture; it was not added."
    assert mine.products.count() == 0


def test_picture_over_5_mb_is_refused(mine, manager):
    big = SimpleUploadedFile("huge.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024))

    with pytest.raises(ExhibitorError) as refused:
        exhibitors.add_product(mine, actor=manager, name_en="Pump", picture=big)

    assert str(refused.value) == "«huge.png» is larger than 5 MB."


def test_manager_replaces_and_removes_a_picture_and_the_old_files_go(
    edition, mine, manager, client_of, django_capture_on_commit_callbacks
):
    product = exhibitors.add_product(mine, actor=manager, name_en="Pump", picture=picture())
    first = product.picture.name
    storage = product.picture.storage
    address = url("portal_product", edition, pk=mine.pk, product_pk=product.pk)
    client = client_of(manager)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(address, {"name_en": "Pump", "picture": picture("JPEG", name="new.jpg")})
    product.refresh_from_db()
    second = product.picture.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(address, {"name_en": "Pump", "remove_picture": "on"})
    product.refresh_from_db()

    assert second.endswith(".jpg")
    assert second != first
    assert product.picture.name == ""
    assert (storage.exists(first), storage.exists(second)) == (False, False)


def test_manager_removes_a_product(edition, mine, manager, client_of):
    product = ProductFactory(exhibitor=mine)

    response = client_of(manager).post(url("portal_product_remove", edition, pk=mine.pk, product_pk=product.pk))

    assert response.status_code == 302
    assert mine.products.count() == 0
    assert AuditEntry.objects.filter(action="exhibition.product.removed").count() == 1


# --- staff and the badge quota ---------------------------------------------------------------------


def test_badge_quota_is_never_exceeded(mine, manager):
    exhibitors.add_staff(mine, actor=manager, name="Li Na")
    exhibitors.add_staff(mine, actor=manager, name="Wang Fang")

    with pytest.raises(ExhibitorError) as refused:
        exhibitors.add_staff(mine, actor=manager, name="Zhao Lei")

    assert str(refused.value) == (
        "Qianneng Solar has used all 3 badges of its quota; "
        "Zhao Lei can be added without a badge, or the organizers can raise the quota."
    )
    assert mine.staff.filter(needs_badge=True).count() == 3
    without = exhibitors.add_staff(mine, actor=manager, name="Zhao Lei", needs_badge=False)
    assert without.needs_badge is False


def test_portal_shows_the_quota_used_and_the_refusal(edition, mine, manager, client_of):
    client = client_of(manager)
    client.post(url("portal_staff_add", edition, pk=mine.pk), {"name": "Li Na", "role": "staff", "needs_badge": "on"})
    client.post(
        url("portal_staff_add", edition, pk=mine.pk), {"name": "Wang Fang", "role": "staff", "needs_badge": "on"}
    )

    response = client.post(
        url("portal_staff_add", edition, pk=mine.pk),
        {"name": "Zhao Lei", "role": "staff", "needs_badge": "on"},
        follow=True,
    )

    page = response.content.decode()
    assert "3 of 3 badges used" in page
    assert [str(m) for m in response.context["messages"]][-1:] == [
        (
            "Qianneng Solar has used all 3 badges of its quota; "
            "Zhao Lei can be added without a badge, or the organizers can raise the quota."
        )
    ]
    assert mine.staff.count() == 3


def test_quota_cannot_go_below_the_badges_in_use(mine, manager, organizer):
    exhibitors.add_staff(mine, actor=manager, name="Li Na")

    with pytest.raises(ExhibitorError) as refused:
        exhibitors.update_profile(mine, actor=organizer, badge_quota=1)

    assert str(refused.value) == "Qianneng Solar already has 2 staff with a badge; the quota cannot be lower."


def test_add_staff_by_email_reuses_the_person_and_refuses_twice(mine, manager):
    known = PersonFactory(email="li.na@example.org")

    added = exhibitors.add_staff(mine, actor=manager, email="LI.NA@example.org", needs_badge=False)
    with pytest.raises(ExhibitorError) as refused:
        exhibitors.add_staff(mine, actor=manager, person=known, needs_badge=False)

    assert added.person == known
    assert str(refused.value) == f"{known} is already on the staff of Qianneng Solar."


def test_the_last_manager_stays_unless_an_organizer_removes_them(mine, manager, organizer):
    own = mine.staff.get(person__user=manager)

    with pytest.raises(ExhibitorError):
        exhibitors.remove_staff(own, actor=manager)
    exhibitors.remove_staff(own, actor=organizer)

    assert mine.staff.count() == 0


def test_a_new_manager_can_edit_and_a_removed_one_cannot(edition, mine, manager, client_of):
    colleague = UserFactory()
    person = PersonFactory(user=colleague)
    staff = exhibitors.add_staff(mine, actor=manager, person=person, role=StaffRole.MANAGER)
    assert colleague.has_perm("exhibition.change_exhibitor", mine)

    exhibitors.remove_staff(staff, actor=manager)

    fresh = type(colleague).objects.get(pk=colleague.pk)
    assert not fresh.has_perm("exhibition.view_exhibitor_portal", mine)
    assert client_of(fresh).get(url("portal_exhibitor", edition, pk=mine.pk)).status_code == 404


# --- booth applications in the portal ---------------------------------------------------------------


def test_apply_through_the_portal_shows_free_booths_and_waitlists(edition, zone, mine, manager, client_of):
    BoothFactory(edition=edition, zone=zone, area=Decimal("9"))
    client = client_of(manager)
    page = client.get(url("portal_exhibitor", edition, pk=mine.pk))
    assert "Technology zone (1 booth free)" in page.content.decode()

    response = client.post(
        url("portal_apply", edition, pk=mine.pk), {"zone": zone.pk, "kind": "shell", "area": "36"}, follow=True
    )

    application = mine.applications.get()
    assert application.status == ApplicationStatus.WAITLISTED
    assert [str(m) for m in response.context["messages"]] == [
        (
            "Technology zone has no free booth of that kind at 36.00 m² or larger: your application is on the "
            "waiting list. We tell you when a booth becomes free."
        )
    ]


def test_withdraw_through_the_portal(edition, zone, mine, manager, client_of):
    application = BoothApplicationFactory(edition=edition, exhibitor=mine, zone=zone)

    response = client_of(manager).post(url("portal_withdraw", edition, pk=mine.pk, application_pk=application.pk))

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == ApplicationStatus.WITHDRAWN


def test_portal_page_queries_do_not_grow_with_items(edition, zone, mine, manager, client_of):
    client = client_of(manager)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("portal_exhibitor", edition, pk=mine.pk)).status_code == 200
        return len(queries)

    ProductFactory(exhibitor=mine)
    BoothApplicationFactory(edition=edition, exhibitor=mine, zone=zone)
    one = count()
    for _ in range(2):
        ProductFactory(exhibitor=mine)
        ExhibitorStaffFactory(exhibitor=mine, role=StaffRole.STAFF, needs_badge=False)
        BoothApplicationFactory(edition=edition, exhibitor=mine, zone=ZoneFactory(edition=edition))
    three = count()

    assert three == one


# --- the organizers' application desk --------------------------------------------------------------


def manage_url(name, edition, **kwargs):
    return reverse(f"manage_exhibition:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


def test_desk_is_404_for_everyone_but_organizers(edition, mine, manager, client_of):
    assert client_of(manager).get(manage_url("applications", edition)).status_code == 404


def test_desk_shows_counts_waiting_list_and_reserves(edition, zone, mine, theirs, organizer, client_of):
    booth = BoothFactory(edition=edition, zone=zone, code="T-101", kind=BoothKind.SHELL, area=Decimal("12"))
    waiting = BoothApplicationFactory(edition=edition, exhibitor=mine, zone=zone, status=ApplicationStatus.WAITLISTED)
    client = client_of(organizer)

    page = client.get(manage_url("applications", edition))
    [section] = page.context["sections"]
    assert (section["counts"].free, section["counts"].waiting) == (1, 1)
    assert section["waiting"] == [waiting]

    response = client.post(manage_url("application_reserve", edition, pk=waiting.pk), {"booth": booth.pk}, follow=True)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.booth) == (ApplicationStatus.RESERVED, booth)
    assert [str(m) for m in response.context["messages"]] == ["Booth T-101 is reserved for Qianneng Solar."]
    other = theirs.applications.get()
    response = client.post(manage_url("application_reserve", edition, pk=other.pk), {"booth": booth.pk}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Booth T-101 is already given to Qianneng Solar."]

    client.post(manage_url("application_confirm", edition, pk=waiting.pk))
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.CONFIRMED
    client.post(manage_url("application_decline", edition, pk=other.pk), {"reason": "Full"})
    other.refresh_from_db()
    assert other.status == ApplicationStatus.DECLINED


def test_desk_filters_by_status(edition, zone, mine, theirs, organizer, client_of):
    BoothApplicationFactory(edition=edition, exhibitor=mine, zone=zone, status=ApplicationStatus.WAITLISTED)

    page = client_of(organizer).get(manage_url("applications", edition), {"status": "waitlisted"})

    [section] = page.context["sections"]
    assert [row["application"].exhibitor for row in section["rows"]] == [mine]


def test_desk_application_of_another_edition_is_404(edition, organizer, client_of):
    elsewhere = BoothApplicationFactory(edition=EditionFactory())

    response = client_of(organizer).post(manage_url("application_confirm", edition, pk=elsewhere.pk))

    assert response.status_code == 404


def test_desk_queries_do_not_grow_with_items(edition, organizer, client_of):
    client = client_of(organizer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(manage_url("applications", edition)).status_code == 200
        return len(queries)

    def one_more():
        zone = ZoneFactory(edition=edition)
        BoothFactory(edition=edition, zone=zone)
        BoothApplicationFactory(edition=edition, zone=zone)
        BoothApplicationFactory(edition=edition, zone=zone, status=ApplicationStatus.WAITLISTED)

    one_more()
    one = count()
    one_more()
    one_more()

    assert count() == one


# --- in a browser, on a phone ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_manager_on_a_phone_adds_a_product_with_a_picture_and_applies(chromium, live_server, edition, tmp_path):
    import os

    from django.test import Client

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    zone = ZoneFactory(edition=edition, name_en="Technology zone")
    BoothFactory(edition=edition, zone=zone)
    exhibitor = ExhibitorFactory(edition=edition, name_en="Qianneng Solar")
    user = member(exhibitor)
    session = Client()
    session.force_login(user)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_extra_http_headers({"Accept-Language": "en"})
    home = f"{live_server.url}{url('portal_exhibitor', edition, pk=exhibitor.pk)}"
    photo = tmp_path / "panel.png"
    photo.write_bytes(picture().read())

    page.goto(home)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("text=Add a product")
    page.fill("input[name=name_zh_hans]", "光伏板")
    page.fill("input[name=name_en]", "Solar panel")
    page.set_input_files("input[name=picture]", str(photo))
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("#products .product-item img")
    page.select_option("select[name=zone]", str(zone.pk))
    page.fill("input[name=area]", "9")
    page.click("button:has-text('Apply')")
    page.wait_for_selector("#applications .application-item")

    assert page.locator("#applications .application-item .badge").inner_text() == "Submitted"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if os.environ.get("ECOFORUM_SCREENSHOTS"):
        page.screenshot(
            path=str(Path(os.environ["ECOFORUM_SCREENSHOTS"]) / "exhibitor-portal-phone.png"), full_page=True
        )
    assert exhibitor.products.get().picture.name.endswith(".png")
    context.close()
