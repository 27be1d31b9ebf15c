"""Reads of the guest services shared by the back office, the exports and the API.

Each function returns a queryset (or rows) with its ``select_related`` /
``prefetch_related`` applied, so that a list costs the same number of queries
whatever its length. Identity data is never read here for a list: the exports
and the detail page redact or reveal it themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import translation

from ecoforum.core.i18n import field_name, other_language
from ecoforum.core.models import AuditEntry
from ecoforum.forums.models import Edition

from .enums import HOLDING, DocumentType, QuestionKind, RegistrationStatus
from .models import GuestCategory, InvitationCode, Notification, Question, Registration, RegistrationForm
from .registration import category_counts

#: The registration list's page size (back office and API).
PAGE_SIZE = 50


# --- categories -----------------------------------------------------------------------------------


@dataclass
class CategoryLine:
    """A category with its counts, as the overview shows it."""

    category: GuestCategory
    places: int | None
    approved: int
    pending: int
    waiting: int
    cancelled: int
    refused: int
    replaced: int

    @property
    def taken(self) -> int:
        return self.approved + self.pending

    @property
    def free(self) -> int | None:
        return None if self.places is None else max(self.places - self.taken, 0)

    @property
    def total(self) -> int:
        return self.taken + self.waiting + self.cancelled + self.refused + self.replaced

    def share(self, count: int) -> float:
        """A count as a percentage of the bar (the places, or the taken ones when there is no limit)."""
        scale = max(self.places or 0, self.taken, 1)
        return round(100 * count / scale, 1)

    @property
    def approved_share(self) -> float:
        return self.share(self.approved)

    @property
    def pending_share(self) -> float:
        return self.share(self.pending)


def categories_of(edition: Edition) -> QuerySet[GuestCategory]:
    return GuestCategory.objects.filter(edition=edition).order_by("order", "code")


def category_lines(edition: Edition) -> list[CategoryLine]:
    """Every category of the edition with its counts, in two queries."""
    counts = category_counts(edition)
    lines = []
    for category in categories_of(edition):
        c = counts.get(category.pk, {})
        lines.append(
            CategoryLine(
                category=category,
                places=category.capacity,
                approved=c.get(RegistrationStatus.APPROVED, 0),
                pending=c.get(RegistrationStatus.PENDING, 0),
                waiting=c.get(RegistrationStatus.WAITLISTED, 0),
                cancelled=c.get(RegistrationStatus.CANCELLED, 0),
                refused=c.get(RegistrationStatus.REJECTED, 0),
                replaced=c.get(RegistrationStatus.SUBSTITUTED, 0),
            )
        )
    return lines


def category_of(edition: Edition, pk: Any) -> GuestCategory | None:
    try:
        return GuestCategory.objects.filter(edition=edition, pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


# --- forms and codes ------------------------------------------------------------------------------


def forms_of(edition: Edition) -> QuerySet[RegistrationForm]:
    """The edition's forms with their category and questions, and how many codes and registrations each has."""
    return (
        RegistrationForm.objects.filter(edition=edition)
        .select_related("category")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "pk")))
        .annotate(code_count=Count("codes", distinct=True), registration_count=Count("registrations", distinct=True))
        .order_by("order", "slug")
    )


def form_of(edition: Edition, slug: str) -> RegistrationForm | None:
    return (
        RegistrationForm.objects.filter(edition=edition, slug=slug)
        .select_related("category", "edition")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "pk")))
        .first()
    )


def codes_of(form: RegistrationForm) -> QuerySet[InvitationCode]:
    return InvitationCode.objects.filter(form=form).order_by("-created_at", "code")


# --- registrations --------------------------------------------------------------------------------


def registrations_of(edition: Edition) -> QuerySet[Registration]:
    """The edition's registrations with what a list row shows, oldest first."""
    return (
        Registration.objects.filter(edition=edition)
        .select_related("person__organization", "category", "form", "replaces", "replaced_by")
        .order_by("created_at", "pk")
    )


def search_registrations(
    edition: Edition,
    *,
    category: GuestCategory | None = None,
    status: str = "",
    attendance: str = "",
    form: RegistrationForm | None = None,
    text: str = "",
) -> QuerySet[Registration]:
    """The registrations that match the filters; ``text`` is part of a name (Chinese or English), an e-mail
    address, an organization's name, or a reference."""
    found = registrations_of(edition)
    if category is not None:
        found = found.filter(category=category)
    if status:
        found = found.filter(status=status)
    if attendance:
        found = found.filter(attendance=attendance)
    if form is not None:
        found = found.filter(form=form)
    text = " ".join(text.split())
    if text:
        found = found.filter(
            Q(reference__iexact=text)
            | Q(person__name__icontains=text)
            | Q(person__name_zh_hans__icontains=text)
            | Q(person__name_en__icontains=text)
            | Q(email__icontains=text)
            | Q(person__organization__name__icontains=text)
            | Q(person__organization__name_zh_hans__icontains=text)
            | Q(person__organization__name_en__icontains=text)
        )
    return found


def registration_by_reference(edition: Edition, reference: str) -> Registration | None:
    """One registration of the edition (``None`` for a reference of another edition, too)."""
    return registrations_of(edition).filter(reference=reference.strip().upper()).first()


def history(registration: Registration) -> QuerySet[AuditEntry]:
    """The audit entries of the registration, oldest first, with who made them."""
    content_type = ContentType.objects.get_for_model(Registration)
    return (
        AuditEntry.objects.filter(content_type=content_type, object_id=str(registration.pk))
        .select_related("actor")
        .order_by("created", "pk")
    )


def notifications_of(registration: Registration) -> QuerySet[Notification]:
    return Notification.objects.filter(registration=registration).order_by("-created_at", "-pk")


def foreign_passports(edition: Edition) -> list[Registration]:
    """Live registrations (pending or approved) with a foreign passport: the invitation letters' guests.

    The nationality is encrypted, so the last test is made here, after decryption.
    """
    rows = registrations_of(edition).filter(document_type=DocumentType.PASSPORT, status__in=HOLDING)
    return [r for r in rows if r.nationality.strip().upper() not in ("", "CN", "CHN")]


# --- answers --------------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    question: Question
    label: str
    answer: str


def _choices_in(question: Question, language: str) -> list[str]:
    own = getattr(question, field_name("choices", language), "") or ""
    other = getattr(question, field_name("choices", other_language(language)), "") or ""
    lines = [line.strip() for line in (own or other).splitlines() if line.strip()]
    return lines


def _label_in(question: Question, language: str) -> str:
    return (
        getattr(question, field_name("label", language), "")
        or getattr(question, field_name("label", other_language(language)), "")
        or question.label
    )


def answer_text(question: Question, value: Any, language: str | None = None) -> str:
    """A stored answer as text in ``language`` (choices are stored by their position)."""
    from django.utils.translation import gettext as _

    language = language or translation.get_language() or "zh-hans"
    if value in (None, "", []):
        return ""
    if question.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
        choices = _choices_in(question, language)
        positions = value if isinstance(value, list) else [value]
        texts = []
        for position in positions:
            try:
                texts.append(choices[int(position)])
            except (IndexError, TypeError, ValueError):
                texts.append(str(position))
        return "; ".join(texts)
    if question.kind == QuestionKind.YES_NO:
        return _("Yes") if value else _("No")
    return str(value)


def answer_rows(registration: Registration, questions: list[Question], language: str | None = None) -> list[AnswerRow]:
    """The form's questions with the registration's answers, in ``language`` (the active one by default)."""
    language = language or translation.get_language() or "zh-hans"
    answers = registration.answers or {}
    return [
        AnswerRow(question=q, label=_label_in(q, language), answer=answer_text(q, answers.get(str(q.pk)), language))
        for q in questions
    ]
