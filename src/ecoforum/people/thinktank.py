"""The think tank (智库): the expert registry across editions, invitations and their history,
and the advisory input experts give for a coming edition.

Reads are named querysets with their joins applied; writes are one service per use case,
each in its own transaction and audited. The people app sits below program and releases
(import-linter), so their rows are reached through reverse relations
(``person.session_roles``, ``person.releases_authored``) and never by importing them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecoforum.core.audit import log_action
from ecoforum.core.models import AuditEntry
from ecoforum.forums.models import Edition

from .enums import Academy, AdviceStatus, InvitationStatus
from .exceptions import PeopleError
from .models import AdvisoryInput, ExpertField, ExpertProfile, Invitation, Person

#: The registry's page size.
EXPERTS_PER_PAGE = 24

#: Audit actions that make an invitation's history.
INVITATION_ACTIONS = ("people.invitation.sent", "people.invitation.answered", "people.invitation.withdrawn")

#: A proposal the expert may still change.
ADVICE_OPEN = (AdviceStatus.RECEIVED, AdviceStatus.CONSIDERING)


class AdviceError(PeopleError):
    """A proposal that cannot be made, changed or answered; the message says why."""


# --- the registry -------------------------------------------------------------


def expert_fields() -> QuerySet[ExpertField]:
    """The fields that at least one expert works in, for the registry's filter."""
    return ExpertField.objects.filter(experts__isnull=False).distinct().order_by("name")


def expert_registry(*, field_id: int | None = None, academy: str = "", text: str = "") -> QuerySet[ExpertProfile]:
    """Experts across editions, filtered by field, academy and a name in either language."""
    qs = ExpertProfile.objects.select_related("person", "person__organization", "affiliation").prefetch_related(
        "fields"
    )
    if field_id:
        qs = qs.filter(fields__pk=field_id)
    if academy in Academy.values and academy:
        qs = qs.filter(academy=academy)
    text = text.strip()
    if text:
        qs = qs.filter(
            Q(person__name_zh_hans__icontains=text)
            | Q(person__name_en__icontains=text)
            | Q(title_zh_hans__icontains=text)
            | Q(title_en__icontains=text)
        )
    return qs.distinct().order_by("person__name", "pk")


@dataclass
class EditionAttended:
    edition: Edition
    roles: list = field(default_factory=list)  # the person's SessionPerson rows in that edition


@dataclass
class ExpertRecord:
    """One expert's page: profile, editions attended with their sessions, releases, adopted advice."""

    person: Person
    profile: ExpertProfile | None
    editions: list[EditionAttended]
    releases: list
    adopted_advice: list[AdvisoryInput]


def _related(name: str):
    """The model behind one of ``Person``'s reverse relations (a layer above ours)."""
    return Person._meta.get_field(name).related_model


def expert_record(slug: str, *, now: dt.datetime | None = None) -> ExpertRecord | None:
    """The registry's page of the expert at ``slug``: five queries whatever the history."""
    now = now or timezone.now()
    session_person = _related("session_roles")
    release = _related("releases_authored")
    roles = (
        session_person._default_manager.filter(session__edition__is_public=True)
        .select_related("session", "session__edition")
        .order_by("-session__edition__start_date", "session__code", "pk")
    )
    releases = (
        release._default_manager.filter(is_published=True, released_at__lte=now, edition__is_public=True)
        .select_related("edition")
        .order_by("-released_at", "pk")
    )
    adopted = AdvisoryInput.objects.filter(status=AdviceStatus.ADOPTED).select_related("edition")
    person = (
        Person.objects.select_related("organization", "expert_profile", "expert_profile__affiliation")
        .prefetch_related(
            "expert_profile__fields",
            Prefetch("session_roles", queryset=roles, to_attr="public_roles"),
            Prefetch("releases_authored", queryset=releases, to_attr="public_releases"),
            Prefetch("advice", queryset=adopted, to_attr="adopted_advice"),
        )
        .filter(slug=slug, expert_profile__isnull=False)
        .first()
    )
    if person is None:
        return None
    editions: dict[int, EditionAttended] = {}
    for role in person.public_roles:
        edition = role.session.edition
        editions.setdefault(edition.pk, EditionAttended(edition=edition)).roles.append(role)
    return ExpertRecord(
        person=person,
        profile=person.expert_profile,
        editions=list(editions.values()),
        releases=list(person.public_releases),
        adopted_advice=list(person.adopted_advice),
    )


# --- invitations in the back office -----------------------------------------


def edition_invitations(edition: Edition, *, status: str = "", role: str = "") -> QuerySet[Invitation]:
    qs = Invitation.objects.filter(edition=edition).select_related(
        "person", "person__organization", "person__expert_profile"
    )
    if status:
        qs = qs.filter(status=status)
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("-sent_at", "-pk")


def invitation_counts(edition: Edition) -> dict[str, int]:
    """Invited (not withdrawn), accepted, declined and pending, in one query."""
    counts = Invitation.objects.filter(edition=edition).aggregate(
        invited=Count("pk", filter=~Q(status=InvitationStatus.WITHDRAWN)),
        accepted=Count("pk", filter=Q(status=InvitationStatus.ACCEPTED)),
        declined=Count("pk", filter=Q(status=InvitationStatus.DECLINED)),
        pending=Count("pk", filter=Q(status=InvitationStatus.PENDING)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def invitation_histories(invitations: list[Invitation]) -> dict[int, list[AuditEntry]]:
    """Each invitation's audit history (sent, answered, withdrawn), oldest first, in one query."""
    if not invitations:
        return {}
    content_type = ContentType.objects.get_for_model(Invitation)
    entries = (
        AuditEntry.objects.filter(
            content_type=content_type,
            object_id__in=[str(inv.pk) for inv in invitations],
            action__in=INVITATION_ACTIONS,
        )
        .select_related("actor")
        .order_by("created", "pk")
    )
    histories: dict[int, list[AuditEntry]] = {inv.pk: [] for inv in invitations}
    for entry in entries:
        histories[int(entry.object_id)].append(entry)
    return histories


def invitable_experts() -> QuerySet[Person]:
    return Person.objects.filter(expert_profile__isnull=False).order_by("name", "pk")


# --- advisory input -----------------------------------------------------------


def coming_editions(*, today: dt.date | None = None) -> QuerySet[Edition]:
    """Editions an expert may still give advice for: those that have not ended."""
    today = today or timezone.localdate()
    return Edition.objects.filter(end_date__gte=today).select_related("forum").order_by("start_date")


def expert_of(user) -> Person | None:
    """The expert behind a logged-in user, or ``None``."""
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user, expert_profile__isnull=False).first()


def advice_of(person: Person) -> QuerySet[AdvisoryInput]:
    return AdvisoryInput.objects.filter(person=person).select_related("edition").order_by("-created_at", "-pk")


def advice_for(user, pk: int) -> AdvisoryInput:
    """The user's own proposal ``pk``; ``DoesNotExist`` for a missing one and for another expert's alike."""
    if not user.is_authenticated:
        raise AdvisoryInput.DoesNotExist
    return AdvisoryInput.objects.select_related("edition", "person").get(pk=pk, person__user=user)


def edition_advice(edition: Edition, *, status: str = "") -> QuerySet[AdvisoryInput]:
    qs = AdvisoryInput.objects.filter(edition=edition).select_related("person", "person__organization")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def _clean_texts(title_zh_hans: str, title_en: str, text_zh_hans: str, text_en: str) -> dict[str, str]:
    texts = {
        "title_zh_hans": title_zh_hans.strip(),
        "title_en": title_en.strip(),
        "text_zh_hans": text_zh_hans.strip(),
        "text_en": text_en.strip(),
    }
    if not texts["title_zh_hans"] and not texts["title_en"]:
        raise AdviceError(_("Give the proposal a title, in Chinese or in English."))
    return texts


def propose_advice(
    person: Person,
    edition: Edition,
    *,
    actor,
    title_zh_hans: str = "",
    title_en: str = "",
    text_zh_hans: str = "",
    text_en: str = "",
    today: dt.date | None = None,
) -> AdvisoryInput:
    """An expert proposes a topic (or a speaker, a format) for a coming edition."""
    if not hasattr(person, "expert_profile"):
        raise AdviceError(_("Only experts of the think tank can make proposals."))
    if not coming_editions(today=today).filter(pk=edition.pk).exists():
        raise AdviceError(_("%(edition)s is over; proposals go to a coming edition.") % {"edition": edition})
    texts = _clean_texts(title_zh_hans, title_en, text_zh_hans, text_en)
    with transaction.atomic(durable=True):
        advice = AdvisoryInput.objects.create(
            person=person,
            edition=edition,
            title_zh_hans=texts["title_zh_hans"] or texts["title_en"],
            title_en=texts["title_en"],
            text_zh_hans=texts["text_zh_hans"],
            text_en=texts["text_en"],
        )
        log_action(advice, "people.advice.proposed", actor=actor, data={"person": person.pk})
    return advice


def change_advice(
    advice: AdvisoryInput,
    *,
    actor,
    title_zh_hans: str = "",
    title_en: str = "",
    text_zh_hans: str = "",
    text_en: str = "",
) -> AdvisoryInput:
    """The expert rewrites their proposal while the organizers have not decided on it."""
    texts = _clean_texts(title_zh_hans, title_en, text_zh_hans, text_en)
    with transaction.atomic(durable=True):
        advice = AdvisoryInput.objects.select_for_update().get(pk=advice.pk)
        if advice.status not in ADVICE_OPEN:
            raise AdviceError(
                _("“%(title)s” has been answered and can no longer be changed.") % {"title": advice.title}
            )
        names = ["title_zh_hans", "title_en", "text_zh_hans", "text_en"]
        before = {name: getattr(advice, name) for name in names}
        texts["title_zh_hans"] = texts["title_zh_hans"] or texts["title_en"]
        for name in names:
            setattr(advice, name, texts[name])
        advice.save(update_fields=names)
        changed = {n: [before[n], getattr(advice, n)] for n in names if before[n] != getattr(advice, n)}
        log_action(advice, "people.advice.changed", actor=actor, data=changed)
    return advice


def answer_advice(
    advice: AdvisoryInput, *, actor, status: str, response_zh_hans: str = "", response_en: str = ""
) -> AdvisoryInput:
    """The organizers move a proposal on (received → considering → adopted / not taken up) with an answer."""
    if status not in AdviceStatus.values:
        raise AdviceError(_("“%(status)s” is not a status of a proposal.") % {"status": status})
    with transaction.atomic(durable=True):
        advice = AdvisoryInput.objects.select_for_update().get(pk=advice.pk)
        names = ["status", "response_zh_hans", "response_en", "answered_at"]
        before = {name: getattr(advice, name) for name in names}
        advice.status = status
        answers = {
            "response_zh_hans": response_zh_hans.strip() or response_en.strip(),
            "response_en": response_en.strip(),
        }
        for name, value in answers.items():
            setattr(advice, name, value)  # modeltranslation's columns
        if status == AdviceStatus.RECEIVED:
            advice.answered_at = None
        elif status != before["status"] or advice.answered_at is None:
            advice.answered_at = timezone.now()
        advice.save(update_fields=names)
        changed = {n: [before[n], getattr(advice, n)] for n in names if before[n] != getattr(advice, n)}
        log_action(advice, "people.advice.answered", actor=actor, data=changed)
    return advice
