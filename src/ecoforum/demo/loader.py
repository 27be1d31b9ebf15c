"""Load the 2023 demo edition, idempotently.

Everything is keyed on a stable slug, code or name, so a second run finds what the
first one made and changes nothing (no row, no audit entry). Sessions, their people
and their places go through ``program.services`` so the timetable rules and the
audit log hold exactly as for an organizer; the charter, committee roles and
invitations go through their apps' services too. The program is released as
version "1.0" when the edition has no release yet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction

from ecoforum.core.audit import log_action
from ecoforum.forums import services as forum_services
from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.models import CommitteeMember, Edition, Forum, HeadlineFigure, Theme
from ecoforum.people import services as people_services
from ecoforum.people.enums import Academy
from ecoforum.people.models import ExpertField, ExpertProfile, Invitation, Organization, Person
from ecoforum.program import services as program_services
from ecoforum.program.models import ProgramRelease, Room, Section, Session, SessionSlot, ThemeForum, Venue
from ecoforum.program.services import Role
from ecoforum.search import indexing as search_indexing

from . import login as demo_login
from .data import edition as E
from .data import people as P
from .data.program import THEME_FORUMS
from .evaluation import load_evaluation
from .exhibition import load_exhibition
from .guests import load_services
from .investment import load_investment, load_meetings
from .planner import PlannedSession, plan_program
from .releases import load_releases

RELEASE_VERSION = "1.0"
COORDINATORS_GROUP = "Theme forum coordinators"
#: What a theme forum's coordinator may see and change in the back office (the rules narrow it to their forum).
COORDINATOR_PERMISSIONS = [
    ("program", "view_themeforum"),
    ("program", "change_themeforum"),
    ("program", "view_session"),
    ("program", "add_session"),
    ("program", "change_session"),
    ("program", "view_sessionperson"),
    ("program", "add_sessionperson"),
    ("program", "change_sessionperson"),
    ("program", "delete_sessionperson"),
    ("program", "view_room"),
    ("program", "view_venue"),
    ("program", "view_section"),
    ("people", "view_person"),
    ("people", "view_organization"),
]
DEMO_BIOGRAPHY = (
    "虚构人物，仅用于演示。研究方向：{fields}。",
    "A fictional person created for the demonstration edition. Works on {fields}.",
)


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    released: str | None = None

    def add(self, model: type[models.Model] | str, *, created: bool) -> None:
        label = model if isinstance(model, str) else model._meta.label
        (self.created if created else self.changed)[label] += 1

    @property
    def anything(self) -> bool:
        return bool(self.created or self.changed or self.released)


def upsert(model: type[models.Model], report: Report, lookup: dict, values: dict) -> models.Model:
    """The row that ``lookup`` finds, created or brought up to ``values``; saved only if something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.add(model, created=True)
        return obj
    changed = []
    for name, value in values.items():
        attname = model._meta.get_field(name).attname
        new = value.pk if isinstance(value, models.Model) else value
        if getattr(obj, attname) != new:
            setattr(obj, attname, new)
            changed.append(name)
    if changed:
        obj.save(update_fields=changed)
        report.add(model, created=False)
    return obj


def set_related(manager, objects, report: Report, label: str) -> None:
    wanted = {obj.pk for obj in objects}
    current = set(manager.values_list("pk", flat=True))
    if current != wanted:
        manager.set(objects)
        report.add(label, created=not current)


def local(edition: Edition, day: int, hhmm: str) -> dt.datetime:
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(edition.start_date + dt.timedelta(days=day), dt.time(hours, minutes), tzinfo=edition.tz)


def load_demo(*, password: str) -> Report:
    """Load (or bring up to date) the demo edition; returns what was created or changed."""
    report = Report()
    with transaction.atomic(durable=True):
        forum = upsert(Forum, report, {"slug": E.FORUM["slug"]}, {k: v for k, v in E.FORUM.items() if k != "slug"})
        edition = upsert(
            Edition,
            report,
            {"slug": E.EDITION["slug"]},
            {"forum": forum, **{k: v for k, v in E.EDITION.items() if k != "slug"}},
        )
        _charter(forum, report)
        themes = _themes(edition, report)
        rooms = _venue(edition, report)
        sections = _sections(edition, report)
        organizations = _organizations(report)
        people = _people(organizations, report)
        users = _users(edition, password, report)
        forums = _theme_forums(edition, sections, organizations, themes, users, report)
        _sessions(edition, forums, rooms, people, report)
        _invitations(edition, people, users[demo_login.ORGANIZER], report)
        load_investment(edition, password=password, report=report)
        load_exhibition(edition, password=password, report=report)
        if report.anything:
            log_action(
                edition,
                "demo.loaded",
                actor=None,
                data={"created": dict(report.created), "changed": dict(report.changed)},
            )
    if not ProgramRelease.objects.filter(edition=edition, version__isnull=False).exists():
        program_services.release_program(
            edition,
            actor=None,
            version=RELEASE_VERSION,
            comment_zh_hans="论坛日程首次发布。",
            comment_en="The program as first published.",
        )
        report.released = RELEASE_VERSION
    load_meetings(edition, report=report)
    with transaction.atomic(durable=True):
        load_services(edition, password=password, report=report)
    with transaction.atomic(durable=True):
        load_releases(edition, report=report)
    load_evaluation(edition, password=password, report=report)
    # The loaders bulk-create rows (no signals): index what the public may find, once, at the end.
    search_indexing.rebuild()
    return report


def _charter(forum: Forum, report: Report) -> None:
    if forum.charter_versions.exists():
        return
    forum_services.adopt_charter_version(forum, actor=None, **E.CHARTER)
    report.add("forums.CharterVersion", created=True)


def _themes(edition: Edition, report: Report) -> dict[str, Theme]:
    themes = {}
    for order, (key, zh, en) in enumerate(E.THEMES):
        themes[key] = upsert(Theme, report, {"edition": edition, "name_zh_hans": zh}, {"name_en": en, "order": order})
    for order, (value_zh, value_en, zh, en) in enumerate(E.HEADLINE_FIGURES):
        upsert(
            HeadlineFigure,
            report,
            {"edition": edition, "order": order},
            {"value_zh_hans": value_zh, "value_en": value_en, "label_zh_hans": zh, "label_en": en},
        )
    return themes


def _venue(edition: Edition, report: Report) -> dict[str, Room]:
    venue = upsert(
        Venue,
        report,
        {"edition": edition, "name_zh_hans": E.VENUE["name_zh_hans"]},
        {k: v for k, v in E.VENUE.items() if k != "name_zh_hans"},
    )
    return {
        key: upsert(
            Room, report, {"venue": venue, "name_zh_hans": zh}, {"name_en": en, "capacity": seats, "order": order}
        )
        for order, (key, zh, en, seats) in enumerate(E.ROOMS)
    }


def _sections(edition: Edition, report: Report) -> dict[str, Section]:
    return {
        slug: upsert(
            Section,
            report,
            {"edition": edition, "slug": slug},
            {
                "name_zh_hans": zh,
                "name_en": en,
                "colour": colour,
                "description_zh_hans": dzh,
                "description_en": den,
                "order": order,
            },
        )
        for order, (slug, zh, en, colour, dzh, den) in enumerate(E.SECTIONS)
    }


def _organizations(report: Report) -> dict[str, Organization]:
    return {
        key: upsert(
            Organization,
            report,
            {"name_zh_hans": zh, "is_demo": True},
            {"name_en": en, "kind": kind, "country": country},
        )
        for key, (zh, en, kind, country) in P.ORGANIZATIONS.items()
    }


def _people(organizations: dict[str, Organization], report: Report) -> dict[str, Person]:
    fields = {
        key: upsert(ExpertField, report, {"name_zh_hans": zh}, {"name_en": en}) for key, (zh, en) in P.FIELDS.items()
    }
    people: dict[str, Person] = {}
    for slug, zh, en, country, affiliation, pos_zh, pos_en, academy, field_keys in P.EXPERTS:
        org = organizations[affiliation]
        people[slug] = person = upsert(
            Person,
            report,
            {"slug": slug},
            {
                "name_zh_hans": zh,
                "name_en": en,
                "country": country,
                "organization": org,
                "position_zh_hans": f"{org.name_zh_hans}{pos_zh}",
                "position_en": f"{pos_en}, {org.name_en}",
                "biography_zh_hans": DEMO_BIOGRAPHY[0].format(fields="、".join(P.FIELDS[k][0] for k in field_keys)),
                "biography_en": DEMO_BIOGRAPHY[1].format(fields=", ".join(P.FIELDS[k][1].lower() for k in field_keys)),
                "is_demo": True,
            },
        )
        if academy is not None:
            code, title_zh, title_en = academy
        elif slug in P.FOREIGN_ACADEMY:
            code, (title_zh, title_en) = Academy.FOREIGN, P.FOREIGN_ACADEMY[slug]
        else:
            code, title_zh, title_en = Academy.NONE, pos_zh, pos_en
        profile = upsert(
            ExpertProfile,
            report,
            {"person": person},
            {"academy": code, "title_zh_hans": title_zh, "title_en": title_en, "affiliation": org},
        )
        set_related(profile.fields, [fields[k] for k in field_keys], report, "people.ExpertProfile.fields")
    secretariat = organizations["efg-secretariat"]
    for slug, zh, en, pos_zh, pos_en in P.HOSTS:
        people[slug] = upsert(
            Person,
            report,
            {"slug": slug},
            {
                "name_zh_hans": zh,
                "name_en": en,
                "country": "CN",
                "organization": secretariat,
                "position_zh_hans": pos_zh,
                "position_en": pos_en,
                "biography_zh_hans": "虚构人物，仅用于演示。",
                "biography_en": "A fictional person created for the demonstration edition.",
                "is_demo": True,
            },
        )
    return people


def _users(edition: Edition, password: str, report: Report) -> dict[str, models.Model]:
    User = get_user_model()
    users = {}
    accounts = [(demo_login.ORGANIZER, True), (demo_login.COORDINATOR, False)]
    for username, superuser in accounts:
        user = upsert(
            User,
            report,
            {"username": username},
            {
                "email": f"{username}@example.org",
                "is_staff": True,
                "is_superuser": superuser,
                "is_active": True,
            },
        )
        if not user.check_password(password):
            new_account = not user.password
            user.set_password(password)
            user.save(update_fields=["password"])
            if not new_account:
                report.add("auth.User.password", created=False)
        users[username] = user
    organizer = users[demo_login.ORGANIZER]
    member = CommitteeMember.objects.filter(edition=edition, user=organizer).first()
    if member is None or member.role != CommitteeRole.ORGANIZER:
        forum_services.appoint_committee_member(
            edition, actor=None, user=organizer, role=CommitteeRole.ORGANIZER, title="秘书处 Secretariat"
        )
        report.add(CommitteeMember, created=member is None)
    group = upsert(Group, report, {"name": COORDINATORS_GROUP}, {})
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in COORDINATOR_PERMISSIONS
    ]
    set_related(group.permissions, permissions, report, "auth.Group.permissions")
    set_related(users[demo_login.COORDINATOR].groups, [group], report, "auth.User.groups")
    users["group"] = group
    return users


def _theme_forums(edition, sections, organizations, themes, users, report) -> dict[str, ThemeForum]:
    User = get_user_model()
    forums = {}
    for order, spec in enumerate(THEME_FORUMS):
        forum = upsert(
            ThemeForum,
            report,
            {"edition": edition, "slug": spec.slug},
            {
                "section": sections[spec.section],
                "title_zh_hans": spec.title_zh_hans,
                "title_en": spec.title_en,
                "description_zh_hans": spec.description_zh_hans,
                "description_en": spec.description_en,
                "order": order,
            },
        )
        set_related(forum.co_organizers, [organizations[spec.co_organizer]], report, "program.ThemeForum.co_organizers")
        set_related(forum.themes, [themes[key] for key in spec.themes], report, "program.ThemeForum.themes")
        # Each forum has its coordinator; the first one is the demo's coordinator account.
        if order == 0:
            coordinator = users[demo_login.COORDINATOR]
        else:
            coordinator = upsert(
                User,
                report,
                {"username": f"coordinator-tf{order + 1:02d}"},
                {"email": f"coordinator-tf{order + 1:02d}@example.org", "is_staff": True},
            )
            if coordinator.has_usable_password():
                coordinator.set_unusable_password()
                coordinator.save(update_fields=["password"])
            set_related(coordinator.groups, [users["group"]], report, "auth.User.groups")
        set_related(forum.coordinators, [coordinator], report, "program.ThemeForum.coordinators")
        forums[spec.slug] = forum
    return forums


def _content(plan: PlannedSession, forum: ThemeForum | None) -> dict:
    return {
        "kind": plan.kind,
        "title_zh_hans": plan.title_zh_hans,
        "title_en": plan.title_en,
        "abstract_zh_hans": plan.abstract_zh_hans,
        "abstract_en": plan.abstract_en,
        "language": plan.language,
        "is_online": bool(plan.online_url),
        "online_url": plan.online_url,
        "theme_forum": forum,
    }


def _differs(session: Session, name: str, value) -> bool:
    if name == "theme_forum":
        return session.theme_forum_id != (value.pk if value else None)
    return getattr(session, name) != value


def _sessions(edition, forums, rooms, people, report: Report) -> None:
    plan = plan_program()
    existing = {s.code: s for s in Session.objects.filter(edition=edition).select_related("theme_forum")}
    draft = program_services.get_draft(edition)
    slots = {slot.session_id: slot for slot in SessionSlot.objects.filter(release=draft)}

    def place(p: PlannedSession):
        return rooms[p.room], local(edition, p.day, p.start), local(edition, p.day, p.end)

    # Sessions that move are first taken off the timetable, so moves never collide with each other's old places.
    moving = []
    for p in plan:
        session = existing.get(p.code)
        if session is None:
            continue
        slot = slots.get(session.pk)
        room, start, end = place(p)
        if slot is None or (slot.room_id, slot.start, slot.end) != (room.pk, start, end):
            program_services.place_session(session, actor=None, room=None, start=None, end=None)
            moving.append(p.code)

    for p in plan:
        forum = forums[p.forum] if p.forum else None
        roles = [Role(people[slug], role) for slug, role in p.people]
        room, start, end = place(p)
        session = existing.get(p.code)
        if session is None:
            program_services.add_session(
                edition, actor=None, code=p.code, room=room, start=start, end=end, people=roles, **_content(p, forum)
            )
            report.add(Session, created=True)
            continue
        content = _content(p, forum)
        changes = {name: value for name, value in content.items() if _differs(session, name, value)}
        if changes:
            program_services.change_session(session, actor=None, **changes)
            report.add(Session, created=False)
        wanted = [(r.person.pk, r.role) for r in roles]
        if list(session.roles.order_by("order", "pk").values_list("person_id", "role")) != wanted:
            program_services.assign_people(session, actor=None, people=roles)
            report.add("program.SessionPerson", created=False)
        if p.code in moving:
            program_services.place_session(session, actor=None, room=room, start=start, end=end)
            report.add(SessionSlot, created=False)


def _invitations(edition, people, organizer, report: Report) -> None:
    for slug, role, answer in P.INVITATIONS:
        person = people[slug]
        if Invitation.objects.filter(edition=edition, person=person, role=role).exists():
            continue
        invitation = people_services.invite_person(
            edition,
            person,
            actor=organizer,
            role=role,
            message_zh_hans=f"尊敬的{person.name_zh_hans}：诚挚邀请您出席2023年生态文明贵阳国际论坛。",
            message_en=f"Dear {person.name_en}, we have the honour to invite you to Eco Forum Global Guiyang 2023.",
        )
        report.add(Invitation, created=True)
        if answer is not None:
            people_services.respond_to_invitation(
                invitation, accept=answer, note="" if answer else "日程冲突，无法出席。"
            )
