"""The 2023 demo edition: what it holds, that its timetable has no clash, and that loading is idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection

from ecoforum.core.models import AuditEntry
from ecoforum.demo.loader import load_demo
from ecoforum.forums.models import CharterVersion, HeadlineFigure
from ecoforum.people.models import ExpertProfile, Invitation, Organization, Person
from ecoforum.program.models import ProgramRelease, Room, Section, Session, SessionSlot, ThemeForum
from ecoforum.program.queries import latest_release

from .conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("demo_once")  # one load for the module (see conftest)


RELEASE_TITLES = [
    "《中国气候变化蓝皮书2023》发布",
    "《石漠化治理技术体系研究成果》发布",
    "《呵护自然之美·促进绿色发展——高质量推进自然保护地体系建设贵阳宣言》发布",
]


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def room_overlaps() -> list[tuple]:
    slot = SessionSlot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.id, b.id FROM {slot} a JOIN {slot} b ON a.release_id = b.release_id AND a.id < b.id "
            f"AND a.room_id = b.room_id AND a.{q('start')} < b.{q('end')} AND b.{q('start')} < a.{q('end')}"
        )
        return cursor.fetchall()


def person_overlaps() -> list[tuple]:
    slot = SessionSlot._meta.db_table
    role = Session.people.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pa.person_id, a.session_id, b.session_id FROM {slot} a "
            f"JOIN {role} pa ON pa.session_id = a.session_id "
            f"JOIN {slot} b ON b.release_id = a.release_id AND a.id < b.id "
            f"AND a.{q('start')} < b.{q('end')} AND b.{q('start')} < a.{q('end')} "
            f"JOIN {role} pb ON pb.session_id = b.session_id AND pb.person_id = pa.person_id"
        )
        return cursor.fetchall()


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_demo_loads_the_2023_edition(demo_edition):
    assert (demo_edition.name_zh_hans, demo_edition.name_en) == (
        "2023年生态文明贵阳国际论坛",
        "Eco Forum Global Guiyang 2023",
    )
    assert (demo_edition.start_date, demo_edition.end_date) == (dt.date(2023, 7, 8), dt.date(2023, 7, 9))
    assert (demo_edition.city_zh_hans, demo_edition.time_zone) == ("贵阳", "Asia/Shanghai")
    assert (demo_edition.is_hybrid, demo_edition.is_public) == (True, True)
    assert demo_edition.theme_zh_hans == "共谋人与自然和谐共生现代化——推进绿色低碳发展"
    assert demo_edition.forum.name_en == "Eco Forum Global Guiyang"


def test_demo_has_four_sections_and_seventeen_theme_forums(demo_edition):
    assert Section.objects.filter(edition=demo_edition).count() == 4
    assert ThemeForum.objects.filter(edition=demo_edition).count() == 17
    assert sorted(Section.objects.filter(edition=demo_edition).values_list("name_zh_hans", flat=True)) == sorted(
        ["绿色低碳发展", "生态保护与污染防治", "国际交流合作", "生态文明理论与实践"]
    )
    per_forum = sorted(ThemeForum.objects.filter(edition=demo_edition).values_list("sessions__code", flat=True))
    assert len(per_forum) == 42
    for forum in ThemeForum.objects.filter(edition=demo_edition).prefetch_related("co_organizers", "coordinators"):
        assert forum.sessions.count() in (2, 3)
        assert [org.is_demo for org in forum.co_organizers.all()] == [True]
        assert forum.coordinators.count() == 1


def test_every_theme_forum_meets_on_both_days(demo_edition):
    release = latest_release(demo_edition)
    for forum in ThemeForum.objects.filter(edition=demo_edition):
        days = {
            slot.start.astimezone(demo_edition.tz).date()
            for slot in SessionSlot.objects.filter(release=release, session__theme_forum=forum)
        }
        assert days == {dt.date(2023, 7, 8), dt.date(2023, 7, 9)}, forum.slug


def test_demo_has_fifty_experts_and_exactly_seventeen_academicians(demo):
    assert ExpertProfile.objects.count() >= 50
    assert ExpertProfile.objects.filter(academy__in=["cas", "cae"]).count() == 17
    assert ExpertProfile.objects.filter(fields__isnull=True).count() == 0
    assert Person.objects.filter(is_demo=False).count() == 0
    assert Organization.objects.filter(is_demo=False).count() == 0
    foreign = Person.objects.exclude(country="CN")
    assert foreign.count() >= 10
    assert Person.objects.filter(name_en="").count() == 0
    assert Person.objects.filter(name_zh_hans="").count() == 0


def test_demo_has_the_releases_ceremonies_and_signing(demo_edition):
    release = latest_release(demo_edition)
    assert release.version == "1.0"
    assert release.published_at is not None
    releases = Session.objects.filter(edition=demo_edition, kind="release")
    titles = set(releases.values_list("title_zh_hans", flat=True))
    assert set(RELEASE_TITLES) <= titles
    assert releases.count() == 5  # the three releases and the two initiatives
    main_hall = Room.objects.get(venue__edition=demo_edition, capacity=1500)
    ceremonies = SessionSlot.objects.filter(release=release, session__kind="ceremony").order_by("start")
    assert [(s.session.code, s.room) for s in ceremonies] == [("OPEN", main_hall), ("CLOSE", main_hall)]
    assert Session.objects.filter(edition=demo_edition, kind="signing").count() == 1
    assert Session.objects.filter(edition=demo_edition, is_online=True).exclude(online_url="").count() >= 5


def test_demo_charter_figures_and_venue(demo_edition):
    charter = CharterVersion.objects.get(forum=demo_edition.forum)
    assert (charter.number, charter.title_zh_hans) == (1, "生态文明贵阳国际论坛章程")
    assert charter.body_en.startswith("Chapter I General provisions")
    figures = list(HeadlineFigure.objects.filter(edition=demo_edition).values_list("value", "label_en"))
    assert figures[0] == ("2,500+", "guests")
    assert ("17", "academicians of CAS and CAE") in figures
    assert len(figures) == 8
    rooms = Room.objects.filter(venue__edition=demo_edition)
    assert rooms.count() == 11  # with the exhibition's launch stage
    assert rooms.first().venue.name_zh_hans == "贵阳国际生态会议中心"


def test_demo_timetable_has_no_room_or_person_overlap(demo_edition):
    release = latest_release(demo_edition)
    assert SessionSlot.objects.filter(release=release, start__isnull=True).count() == 0
    assert SessionSlot.objects.filter(release=release).count() == Session.objects.filter(edition=demo_edition).count()
    assert room_overlaps() == []
    assert person_overlaps() == []


def test_every_slot_falls_inside_the_editions_days_in_local_time(demo_edition):
    for slot in SessionSlot.objects.filter(release__edition=demo_edition):
        start = slot.start.astimezone(demo_edition.tz)
        end = slot.end.astimezone(demo_edition.tz)
        assert dt.time(8, 30) <= start.time() and end.time() <= dt.time(18, 0)
        assert start.date() in (dt.date(2023, 7, 8), dt.date(2023, 7, 9))


def test_demo_invitations_have_their_answers(demo_edition):
    statuses = sorted(Invitation.objects.filter(edition=demo_edition).values_list("status", flat=True))
    assert statuses == ["accepted"] * 5 + ["declined"] + ["pending"] * 2


def test_demo_accounts_log_in_with_the_password(demo):
    User = get_user_model()
    admin = User.objects.get(username="admin")
    coordinator = User.objects.get(username="coordinator")
    assert (admin.is_superuser, admin.check_password(PASSWORD)) == (True, True)
    assert (coordinator.is_superuser, coordinator.is_staff, coordinator.check_password(PASSWORD)) == (False, True, True)
    assert list(coordinator.coordinated_forums.values_list("slug", flat=True)) == ["carbon-neutrality"]
    assert coordinator.has_perm("program.change_session", Session.objects.get(code="TF01-1")) is True
    assert coordinator.has_perm("program.change_session", Session.objects.get(code="TF02-1")) is False


def test_second_run_creates_and_changes_nothing(demo):
    before = counts()
    audit_before = list(AuditEntry.objects.order_by("pk").values_list("pk", flat=True))
    report = load_demo(password=PASSWORD)
    assert counts() == before
    assert list(AuditEntry.objects.order_by("pk").values_list("pk", flat=True)) == audit_before
    assert (dict(report.created), dict(report.changed), report.released) == ({}, {}, None)
    assert ProgramRelease.objects.filter(edition__slug="2023", version__isnull=False).count() == 1


def test_first_run_writes_one_audit_entry_per_session_and_the_release(demo):
    assert AuditEntry.objects.filter(action="program.session.created").count() == Session.objects.count()
    assert AuditEntry.objects.filter(action="program.release.published").count() == 2  # 2023 and the smaller 2024
    assert AuditEntry.objects.filter(action="demo.loaded").count() == 1


def test_a_changed_password_is_set_again_without_other_changes(demo):
    before = counts()
    report = load_demo(password="another password")
    assert counts() == {**before, "core.AuditEntry": before["core.AuditEntry"] + 1}
    assert AuditEntry.objects.filter(action="demo.loaded").count() == 2
    assert (dict(report.created), dict(report.changed)) == ({}, {"auth.User.password": 2})
    assert get_user_model().objects.get(username="admin").check_password("another password") is True


def test_loader_repairs_a_session_moved_by_hand(demo_edition):
    session = Session.objects.get(code="TF01-1")
    from ecoforum.program import services

    services.schedule_session(session, actor=None, room=None, start=None, end=None)
    report = load_demo(password=PASSWORD)
    assert dict(report.changed) == {"program.SessionSlot": 1}
    assert room_overlaps() == []
    draft = services.get_draft(demo_edition)
    assert SessionSlot.objects.get(release=draft, session=session).is_scheduled is True
