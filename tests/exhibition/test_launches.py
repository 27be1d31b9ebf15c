"""Product launches: sessions of kind ``launch`` on the launch stage (exhibition.launches)."""

from __future__ import annotations

import pytest

from ecoforum.exhibition import launches
from ecoforum.exhibition.launches import LaunchError
from ecoforum.exhibition.models import Launch
from ecoforum.program.enums import SessionKind
from ecoforum.program.models import Session, SessionSlot
from ecoforum.program.services import get_draft, release_program

from ..conftest import at
from ..factories import RoomFactory, UserFactory
from .factories import ExhibitorFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(venue):
    return RoomFactory(venue=venue, name_zh_hans="新品发布区", name_en="Launch stage", capacity=120)


@pytest.fixture
def exhibitor(edition):
    return ExhibitorFactory(edition=edition, name_zh_hans="黔能储能科技有限公司", name_en="Qianneng Storage Co., Ltd.")


def launch(exhibitor, stage, start, end, actor, **extra):
    return launches.schedule_launch(
        exhibitor,
        title_zh_hans=extra.pop("title_zh_hans", "新型储能系统发布"),
        title_en=extra.pop("title_en", "A new storage system"),
        room=stage,
        starts_at=start,
        ends_at=end,
        actor=actor,
        **extra,
    )


def test_schedule_launch_creates_a_launch_session_in_the_draft(edition, stage, exhibitor, organizer):
    product = ProductFactory(exhibitor=exhibitor)

    result = launch(exhibitor, stage, at(edition, 0, 10), at(edition, 0, 10, 30), organizer, products=[product])

    session = result.session
    assert session.kind == SessionKind.LAUNCH
    assert session.title_en == "A new storage system"
    assert list(result.products.all()) == [product]
    assert list(exhibitor.launches.all()) == [result]
    slot = SessionSlot.objects.get(release=get_draft(edition), session=session)
    assert (slot.room, slot.start, slot.end) == (stage, at(edition, 0, 10), at(edition, 0, 10, 30))


def test_two_launches_at_once_on_one_stage_are_refused_with_the_programs_message(
    edition, stage, exhibitor, organizer, english
):
    first = launch(exhibitor, stage, at(edition, 0, 10), at(edition, 0, 10, 30), organizer)
    other = ExhibitorFactory(edition=edition)

    with pytest.raises(LaunchError) as refused:
        launch(other, stage, at(edition, 0, 10, 15), at(edition, 0, 10, 45), organizer, title_en="Second")

    code = f"LAUNCH-{other.pk}-1"
    assert refused.value.message == (
        f"{code} «Second»: room Launch stage already holds {first.session.code} «A new storage system» "
        "from 2023-07-08 10:00 to 2023-07-08 10:30."
    )
    assert Launch.objects.count() == 1
    assert Session.objects.filter(kind=SessionKind.LAUNCH).count() == 1


def test_launch_on_the_stage_right_after_another_is_accepted(edition, stage, exhibitor, organizer):
    launch(exhibitor, stage, at(edition, 0, 10), at(edition, 0, 10, 30), organizer)
    launch(exhibitor, stage, at(edition, 0, 10, 30), at(edition, 0, 11), organizer)

    assert sorted(Launch.objects.values_list("session__code", flat=True)) == [
        f"LAUNCH-{exhibitor.pk}-1",
        f"LAUNCH-{exhibitor.pk}-2",
    ]


def test_launch_by_someone_who_does_not_organize_is_refused(edition, stage, exhibitor, english):
    with pytest.raises(LaunchError) as refused:
        launch(exhibitor, stage, at(edition, 0, 10), at(edition, 0, 11), UserFactory())

    assert refused.value.message == "Only the edition's organizers may schedule or cancel product launches."
    assert Session.objects.count() == 0


def test_launch_with_a_product_of_another_exhibitor_is_refused(edition, stage, exhibitor, organizer, english):
    product = ProductFactory(exhibitor=ExhibitorFactory(edition=edition), name_en="Heat pump")

    with pytest.raises(LaunchError) as refused:
        launch(exhibitor, stage, at(edition, 0, 10), at(edition, 0, 11), organizer, products=[product])

    assert refused.value.message == f"{product} is not a product of {exhibitor}."


def test_launch_appears_as_a_session_of_the_released_program(client, edition, stage, exhibitor, organizer):
    result = launch(exhibitor, stage, at(edition, 0, 10), at(edition, 0, 10, 30), organizer)
    release_program(edition, actor=None, version="1.0", comment_zh_hans="", comment_en="")

    released = SessionSlot.objects.filter(release__version="1.0", session__kind=SessionKind.LAUNCH)
    assert list(released.values_list("session_id", "room_id")) == [(result.session_id, stage.pk)]
    page = client.get(f"/{edition.slug}/program/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A new storage system" in page


def test_cancel_launch_of_a_draft_deletes_its_session(edition, stage, exhibitor, organizer):
    result = launch(exhibitor, stage, at(edition, 0, 10), at(edition, 0, 10, 30), organizer)

    launches.cancel_launch(result, actor=organizer)

    assert Launch.objects.count() == 0
    assert Session.objects.count() == 0
    launch(exhibitor, stage, at(edition, 0, 10), at(edition, 0, 10, 30), organizer)  # the stage is free again


def test_cancel_launch_that_was_released_keeps_the_session_without_a_place(edition, stage, exhibitor, organizer):
    result = launch(exhibitor, stage, at(edition, 0, 10), at(edition, 0, 10, 30), organizer)
    release_program(edition, actor=None, version="1.0", comment_zh_hans="", comment_en="")

    launches.cancel_launch(result, actor=organizer)

    slot = SessionSlot.objects.get(release=get_draft(edition), session=result.session)
    assert (slot.room, slot.start, slot.end) == (None, None, None)
    assert Launch.objects.count() == 0


# --- the organizers' page ---------------------------------------------------------------------


def form(exhibitor, stage, start: str, end: str, **extra):
    return {
        "exhibitor": exhibitor.pk,
        "title_zh_hans": "氢能新品发布",
        "title_en": "Hydrogen launch",
        "room": stage.pk,
        "day": "2023-07-08",
        "start": start,
        "end": end,
        **extra,
    }


def test_launches_page_schedules_a_launch_and_refuses_a_clash_with_a_message(
    client, edition, stage, exhibitor, organizer
):
    client.force_login(organizer)
    url = f"/manage/{edition.slug}/exhibition/launches/"

    done = client.post(url, form(exhibitor, stage, "10:00", "10:30"), HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "The launch «Hydrogen launch» is on the stage." in done.content.decode()
    clash = client.post(url, form(exhibitor, stage, "10:10", "10:40"), HTTP_ACCEPT_LANGUAGE="en")

    assert clash.status_code == 200
    assert (
        f"LAUNCH-{exhibitor.pk}-2 «Hydrogen launch»: room Launch stage already holds LAUNCH-{exhibitor.pk}-1 "
        "«Hydrogen launch» from 2023-07-08 10:00 to 2023-07-08 10:30." in clash.content.decode()
    )
    assert Launch.objects.count() == 1


def test_launches_page_offers_only_the_editions_rooms(client, edition, stage, organizer):
    foreign = RoomFactory(name_en="Room of another edition")
    client.force_login(organizer)

    html = client.get(f"/manage/{edition.slug}/exhibition/launches/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'<option value="{stage.pk}">Launch stage</option>' in html
    assert f'value="{foreign.pk}"' not in html


def test_launches_page_cancels_a_launch(client, edition, stage, exhibitor, organizer):
    result = launch(exhibitor, stage, at(edition, 0, 10), at(edition, 0, 10, 30), organizer)
    client.force_login(organizer)

    done = client.post(
        f"/manage/{edition.slug}/exhibition/launches/{result.pk}/cancel/", HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    assert "The launch «A new storage system» was cancelled." in done.content.decode()
    assert Launch.objects.count() == 0
