"""The permission sweep's world: two editions, two tenants of every kind, a user in every role, and a second
forum.

Edition A (2023) has tenants 1 and 2; edition B (2024), of the same forum, has tenant 1. A second forum
hosted on the same server has edition C (2031) with its organizer, a partner and an agreement
(:attr:`World.other_forum`). Every tenant owns one object of
every kind an address can name (exhibitor, product, project, meeting, registration, outcome, survey …),
and its own users (an exhibitor's manager, an investor's and a project owner's people, a theme forum's
coordinator, a responsible unit's reporter, a guest, an expert). The committee of A has one user in each
role; B has an organizer. :func:`build_world` returns the users and, per tenant, the values that fill
an address's keyword arguments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from ecoforum.cooperation.models import DelegationMember, InvitationLetter
from ecoforum.core.crypto import blind_index
from ecoforum.core.models import Job
from ecoforum.exhibition.models import Launch
from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.models import CharterVersion
from ecoforum.investment import meetings
from ecoforum.investment.models import Meeting, MeetingSlot, NegotiationTable, ProjectAttachment
from ecoforum.program.models import PersonalAgenda
from ecoforum.services.models import RoomAllocation, SessionPlaces, SessionSignup

from ..cooperation.factories import AgreementFactory, DelegationFactory, PartnerFactory
from ..evaluation.survey_factories import QuestionFactory, SurveyFactory
from ..exhibition.factories import (
    BoothApplicationFactory,
    BoothFactory,
    ExhibitorFactory,
    ExhibitorStaffFactory,
    HallFactory,
    ProductFactory,
    RouteStopFactory,
    SiteFactory,
    VisitRouteFactory,
    ZoneFactory,
)
from ..factories import (
    CommitteeMemberFactory,
    EditionFactory,
    ExpertProfileFactory,
    ForumFactory,
    OrganizationFactory,
    PersonFactory,
    RoomFactory,
    SectionFactory,
    SessionFactory,
    SessionPersonFactory,
    ThemeForumFactory,
    UserFactory,
    VenueFactory,
)
from ..investment.factories import (
    AcceptedRequestFactory,
    InvestmentProjectFactory,
    InvestorFactory,
    MeetingRequestFactory,
    SigningFactory,
)
from ..outcomes.factories import LinkEvidenceFactory, OutcomeFactory, StageFactory
from ..people.factories_thinktank import AdvisoryInputFactory, ContactRequestFactory, DirectoryEntryFactory
from ..people.factories_thinktank import InvitationFactory as ThinkTankInvitationFactory
from ..releases.factories_releases import EndorsementFactory, InitiativeFactory, ReleaseVersionFactory
from ..search.factories_search import PracticeCaseFactory
from ..services.factories import (
    GuestCategoryFactory,
    HotelFactory,
    PickupRunFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    StationFactory,
    TravelLegFactory,
    VehicleFactory,
)

#: The users of a tenant, by the portal they use.
TENANT_ROLES = ("exhibitor", "investor", "owner", "coordinator", "unit", "guest", "expert")

#: The committee roles every sweep tries on edition A.
COMMITTEE_ROLES = (
    CommitteeRole.ORGANIZER,
    CommitteeRole.PROGRAM_MANAGER,
    CommitteeRole.GUEST_SERVICES,
    CommitteeRole.GATE_STAFF,
    CommitteeRole.STAFF,
)


@dataclass
class Tenant:
    """One tenant of every kind in one edition: ``values`` fill addresses, ``users`` act for it."""

    edition: object
    values: dict[str, object] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)


@dataclass
class World:
    a: object
    b: object
    committee_a: dict[str, object]
    organizer_b: object
    tenants: dict[str, Tenant]  # "A1", "A2", "B1"
    #: the second forum's edition C: ``values`` (edition, partner, agreement) and ``organizer``
    other_forum: Tenant


def _person_with_user(**kwargs):
    user = UserFactory()
    return PersonFactory(user=user, **kwargs), user


def _tenant(edition, n: int, *, job_creator) -> Tenant:
    t = Tenant(edition=edition)
    v = t.values
    u = t.users
    tag = f"{edition.slug}-{n}"

    # Program: a theme forum with its coordinator, a session in it with a speaker.
    venue = VenueFactory(edition=edition)
    room = RoomFactory(venue=venue)
    section = SectionFactory(edition=edition)
    forum = ThemeForumFactory(edition=edition, section=section, slug=f"forum-{tag}")
    coordinator = UserFactory(username=f"coordinator-{tag}")
    forum.coordinators.add(coordinator)
    u["coordinator"] = coordinator
    session = SessionFactory(edition=edition, theme_forum=forum, code=f"S-{tag}")
    speaker = SessionPersonFactory(session=session, person=PersonFactory(slug=f"speaker-{tag}")).person
    session_start = dt.datetime.combine(edition.start_date, dt.time(9), tzinfo=edition.tz)
    v.update(
        session=session.pk,
        session_code=session.code,
        theme_forum=forum.slug,
        speaker=speaker.slug,
        room=room.pk,
        session_start=session_start.isoformat(),
    )

    # Green investment: a project with its owner's person, an investor with its person, requests, a meeting.
    owner_person, owner_user = _person_with_user(slug=f"owner-{tag}")
    project = InvestmentProjectFactory(edition=edition, owner=owner_person.organization, code=f"GZ-{tag}")
    investor_person, investor_user = _person_with_user(slug=f"investor-{tag}")
    investor = InvestorFactory(organization=investor_person.organization)
    u.update(owner=owner_user, investor=investor_user)
    attachment = ProjectAttachment.objects.create(
        project=project,
        title_zh_hans="可研报告",
        title_en="Feasibility study",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="study.pdf"),
        original_name="study.pdf",
        content_type="application/pdf",
        size=15,
        is_public=False,
    )
    pending = MeetingRequestFactory(
        edition=edition,
        investor=investor,
        project=project,
        investor_person=investor_person,
        owner_person=owner_person,
    )
    second_project = InvestmentProjectFactory(edition=edition, owner=owner_person.organization, code=f"GZ2-{tag}")
    accepted = AcceptedRequestFactory(
        edition=edition,
        investor=investor,
        project=second_project,
        investor_person=investor_person,
        owner_person=owner_person,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    table = NegotiationTable.objects.create(edition=edition, number=n)
    start = dt.datetime.combine(edition.start_date, dt.time(9 + n), tzinfo=edition.tz)
    slot = MeetingSlot.objects.create(
        edition=edition, code=f"T{n}", starts_at=start, ends_at=start + dt.timedelta(minutes=30)
    )
    meeting = Meeting.objects.create(edition=edition, request=accepted, slot=slot, table=table, status="published")
    signing = SigningFactory(edition=edition, project=project, amount=Decimal("1000000.00"))
    v.update(
        project=project.pk,
        attachment=attachment.pk,
        investor=investor.pk,
        meeting_request=pending.pk,
        meeting=meeting.pk,
        signing=signing.pk,
        table=table.number,
        meeting_feed=meetings.feed_token(edition, investor_person),
        project_code=project.code,
        second_project_code=second_project.code,
    )

    # Exhibition: hall, zone, booth, an exhibitor with its manager, a product, an application, a launch.
    hall = HallFactory(edition=edition)
    zone = ZoneFactory(edition=edition, hall=hall)
    booth = BoothFactory(edition=edition, zone=zone)
    exhibitor = ExhibitorFactory(edition=edition, slug=f"exhibitor-{tag}")
    exhibitor_person, exhibitor_user = _person_with_user(slug=f"exhibitor-staff-{tag}")
    staff = ExhibitorStaffFactory(exhibitor=exhibitor, person=exhibitor_person)
    u["exhibitor"] = exhibitor_user
    product = ProductFactory(exhibitor=exhibitor)
    application = BoothApplicationFactory(edition=edition, exhibitor=exhibitor, zone=zone)
    launch_session = SessionFactory(edition=edition, kind="launch", code=f"L-{tag}")
    launch = Launch.objects.create(session=launch_session, exhibitor=exhibitor)
    site = SiteFactory(edition=edition, slug=f"site-{tag}")
    route = VisitRouteFactory(edition=edition, code=f"R-{tag}")
    RouteStopFactory(route=route, site=site)
    case = PracticeCaseFactory(edition=edition, slug=f"case-{tag}")
    v.update(
        hall=hall.pk,
        zone=zone.pk,
        booth=booth.pk,
        exhibitor=exhibitor.pk,
        exhibitor_slug=exhibitor.slug,
        exhibitor_name=exhibitor.name_en,
        staff=staff.pk,
        product=product.pk,
        application=application.pk,
        launch=launch.pk,
        site=site.slug,
        route=route.code,
        case=case.slug,
    )

    # Guest services: a category, a form, the guest's registration, a sign-up, a room, a pickup.
    category = GuestCategoryFactory(edition=edition)
    form = RegistrationFormFactory(edition=edition, category=category, slug=f"form-{tag}")
    guest_person, guest_user = _person_with_user(slug=f"guest-{tag}")
    u["guest"] = guest_user
    registration = RegistrationFactory(
        edition=edition,
        form=form,
        person=guest_person,
        email=f"guest-{tag}@example.org",
        email_key=blind_index(f"guest-{tag}@example.org", "email"),
    )
    SessionPlaces.objects.create(session=session, places=10)
    signup = SessionSignup.objects.create(registration=registration, session=session)
    hotel = HotelFactory(edition=edition)
    allocation = RoomAllocation.objects.create(
        registration=registration,
        hotel=hotel,
        room_type="single",
        arrival=edition.start_date,
        departure=edition.end_date,
    )
    station = StationFactory(edition=edition)
    leg = TravelLegFactory(registration=registration, station=station)
    run = PickupRunFactory(edition=edition, vehicle=VehicleFactory(edition=edition), station=station)
    agenda = PersonalAgenda.objects.create(edition=edition, user=guest_user, feed_token=f"agenda-{tag}")
    v.update(
        category=category.pk,
        form=form.slug,
        registration=registration.pk,
        reference=registration.reference,
        token=registration.token,
        signup=signup.pk,
        hotel=hotel.pk,
        allocation=allocation.pk,
        leg=leg.pk,
        run=run.pk,
        agenda=agenda.feed_token,
    )

    # Releases: an initiative open for endorsement with a file and an endorsement waiting for its e-mail.
    release = InitiativeFactory(edition=edition, slug=f"initiative-{tag}")
    version = ReleaseVersionFactory(release=release, number="1.0")
    endorsement = EndorsementFactory(release=release)
    v.update(release=release.pk, release_slug=release.slug, version=version.number, endorsement=endorsement.token)

    # Cooperation: a delegation with a member, an invitation letter, a partner and an agreement.
    delegation = DelegationFactory(edition=edition)
    member = DelegationMember.objects.create(delegation=delegation, person=guest_person)
    letter = InvitationLetter.objects.create(
        edition=edition, sequence=n, number=f"EFG-{tag}", person=guest_person, delegation=delegation
    )
    partner = PartnerFactory(slug=f"partner-{tag}")
    agreement = AgreementFactory(edition=edition, slug=f"mou-{tag}", partners=[partner])
    v.update(
        delegation=delegation.pk,
        member=member.pk,
        letter=letter.pk,
        letter_token=letter.token,
        partner=partner.pk,
        agreement=agreement.pk,
    )

    # Think tank and exchange: an expert with a user, the expert's advice, an invitation; a directory entry
    # of the guest and a contact request sent to it.
    expert_person, expert_user = _person_with_user(slug=f"expert-{tag}")
    ExpertProfileFactory(person=expert_person)
    u["expert"] = expert_user
    advice = AdvisoryInputFactory(person=expert_person, edition=edition)
    invitation = ThinkTankInvitationFactory(edition=edition, person=expert_person, role="expert")
    entry = DirectoryEntryFactory(person=guest_person, edition=edition)
    contact = ContactRequestFactory(edition=edition, recipient=guest_person)
    v.update(
        expert=expert_person.slug,
        advice=advice.pk,
        invitation=invitation.pk,
        rsvp=invitation.token,
        directory_entry=entry.pk,
        contact=contact.pk,
        contact_sender=contact.sender.name_en,
        advice_title=advice.title_en,
    )

    # Outcomes: an outcome of the tenant's unit with a stage and a piece of evidence.
    unit = OrganizationFactory()
    _unit_person, unit_user = _person_with_user(slug=f"unit-{tag}", organization=unit)
    u["unit"] = unit_user
    outcome = OutcomeFactory(edition=edition, code=f"CG-{tag}", responsible_unit=unit)
    stage = StageFactory(outcome=outcome)
    evidence = LinkEvidenceFactory(outcome=outcome, stage=stage)
    v.update(outcome=outcome.code, stage=stage.pk, evidence=evidence.pk)

    # Evaluation: a survey with a question.
    survey = SurveyFactory(edition=edition, slug=f"survey-{tag}")
    question = QuestionFactory(survey=survey)
    v.update(survey=survey.slug, question=question.pk)

    # A background job of the committee (the booklet, say).
    job = Job.objects.create(kind="investment.booklet", edition_id=edition.pk, created_by=job_creator)
    v["job"] = job.pk
    return t


def build_world() -> World:
    a = EditionFactory(year=2023)
    b = EditionFactory(year=2024, forum=a.forum)
    CharterVersion.objects.create(
        forum=a.forum,
        number=1,
        title_zh_hans="章程",
        title_en="Charter",
        body_zh_hans="正文",
        body_en="Text",
        adopted_on=dt.date(2023, 1, 1),
    )
    committee_a = {}
    for role in COMMITTEE_ROLES:
        user = UserFactory(username=f"committee-a-{role}")
        CommitteeMemberFactory(edition=a, user=user, role=role)
        committee_a[str(role)] = user
    organizer_b = UserFactory(username="organizer-b")
    CommitteeMemberFactory(edition=b, user=organizer_b, role=CommitteeRole.ORGANIZER)
    tenants = {
        "A1": _tenant(a, 1, job_creator=committee_a[CommitteeRole.ORGANIZER]),
        "A2": _tenant(a, 2, job_creator=committee_a[CommitteeRole.PROGRAM_MANAGER]),
        "B1": _tenant(b, 1, job_creator=organizer_b),
    }
    for tenant in tenants.values():
        tenant.values["edition"] = tenant.edition.slug
        tenant.values["charter"] = 1
    return World(
        a=a, b=b, committee_a=committee_a, organizer_b=organizer_b, tenants=tenants, other_forum=_other_forum()
    )


def _other_forum() -> Tenant:
    """A second forum on the server: edition C with its organizer, and the forum's partner and agreement."""
    forum = ForumFactory(slug="other-forum", name_zh_hans="另一论坛", name_en="Another forum")
    c = EditionFactory(forum=forum, year=2031)
    organizer = UserFactory(username="organizer-other-forum")
    CommitteeMemberFactory(edition=c, user=organizer, role=CommitteeRole.ORGANIZER)
    partner = PartnerFactory(forum=forum, slug="partner-other-forum")
    agreement = AgreementFactory(edition=c, slug="mou-other-forum", partners=[partner])
    t = Tenant(edition=c, users={"organizer": organizer})
    t.values.update(edition=c.slug, partner=partner.pk, agreement=agreement.pk)
    return t
