"""What the registration API takes and returns. Texts in both languages are ``{"zh-hans": …, "en": …}``.

No schema here carries identity data out: a registration read through the API has
its document type at most, never the number, the nationality or the date of birth.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from ecoforum.core.i18n import CONTENT_LANGUAGES, both, field_name
from ecoforum.investment.schemas import Text
from ecoforum.people.models import Organization

from .models import Question, Registration, RegistrationForm
from .registration import Applicant


class RegistrationProblem(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")
    field: str = Field("", description="The field of the request at fault, when there is one.")


class Choices(Schema):
    model_config = ConfigDict(populate_by_name=True)

    zh_hans: list[str] = Field(alias="zh-hans")
    en: list[str]


class QuestionOut(Schema):
    id: int = Field(description="Key of the answer in ``answers``.")
    label: Text
    help_text: Text
    kind: str = Field(description="text, long_text, choice, multiple or yes_no")
    required: bool
    choices: Choices = Field(description="For choice and multiple: answered by position (0 for the first line).")


class FormOut(Schema):
    slug: str
    title: Text
    intro: Text
    category: str = Field(description="The guest category's code.")
    category_name: Text
    attendance: str = Field(description="on_site or online")
    requires_code: bool = Field(description="An invitation code must be sent as ``code``.")
    asks_identity: bool = Field(description="On-site guests give an identity document.")
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    questions: list[QuestionOut]


class RegistrationIn(Schema):
    """A person to register. Identity is needed when the form ``asks_identity`` for on-site guests;
    a passport also needs ``nationality`` and ``date_of_birth``."""

    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    email: str = Field(max_length=254)
    phone: str = Field("", max_length=30)
    organization: str = Field("", max_length=300)
    position: str = Field("", max_length=300)
    country: str = Field("CN", max_length=2, description="ISO 3166 code.")
    language: str = Field("zh-hans", pattern=r"^(zh-hans|en)$", description="Of the messages to the guest.")
    document_type: str = Field("", pattern=r"^(|id_card|passport|permit)$")
    document_number: str = Field("", max_length=40)
    nationality: str = Field("", max_length=3, description="ISO code of the passport's country.")
    date_of_birth: dt.date | None = None
    diet: str = Field("", pattern=r"^(|vegetarian|vegan|halal|other)$")
    allergies: str = Field("", max_length=300)
    answers: dict[str, Any] = Field(default_factory=dict, description="By question id; choices by position.")
    code: str = Field("", max_length=40, description="Invitation code, for forms that require one.")
    origin_city: str = Field("", max_length=100, description="The city the guest travels from (carbon footprint).")
    origin_country: str = Field("", pattern=r"^([A-Za-z]{2})?$", description="ISO code of the country travelled from.")

    def applicant(self) -> Applicant:
        return Applicant(
            name_zh=self.name_zh,
            name_en=self.name_en,
            email=self.email,
            phone=self.phone,
            organization=self.organization,
            position=self.position,
            country=self.country,
            language=self.language,
            document_type=self.document_type,
            document_number=self.document_number,
            nationality=self.nationality,
            date_of_birth=self.date_of_birth,
            diet=self.diet,
            allergies=self.allergies,
            answers=self.answers,
            origin_city=self.origin_city,
            origin_country=self.origin_country,
        )


class RegistrationCreated(Schema):
    reference: str
    status: str = Field(description="pending, approved or waitlisted")
    waiting_position: int | None = Field(description="1 for the first on the waiting list; null when not waiting.")


class DecisionIn(Schema):
    note: str = Field("", max_length=300)


class RegistrationOut(Schema):
    reference: str
    status: str
    category: str = Field(description="The guest category's code.")
    form: str = Field(description="The form's slug.")
    attendance: str
    name_zh: str
    name_en: str
    organization: str
    email: str
    phone: str
    language: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    replaces: str | None = Field(description="The reference of the registration this one replaced.")
    replaced_by: str | None


class RegistrationDetail(RegistrationOut):
    waiting_position: int | None
    answers: dict[str, Any]
    decision_note: str


class RegistrationPage(Schema):
    count: int = Field(description="How many registrations match, on all pages.")
    page: int
    pages: int
    items: list[RegistrationOut]


def _choices(question: Question) -> Choices:
    lines = {
        lang: [line.strip() for line in (getattr(question, field_name("choices", lang), "") or "").splitlines()]
        for lang in CONTENT_LANGUAGES
    }
    return Choices.model_validate({lang: [line for line in values if line] for lang, values in lines.items()})


def form_out(form: RegistrationForm) -> FormOut:
    """Built from a form read with its category and questions (``queries.forms_of``)."""
    return FormOut(
        slug=form.slug,
        title=Text.model_validate(both(form, "title")),
        intro=Text.model_validate(both(form, "intro")),
        category=form.category.code,
        category_name=Text.model_validate(both(form.category, "name")),
        attendance=form.category.attendance,
        requires_code=form.requires_code,
        asks_identity=form.asks_identity,
        opens_at=form.opens_at,
        closes_at=form.closes_at,
        questions=[
            QuestionOut(
                id=q.pk,
                label=Text.model_validate(both(q, "label")),
                help_text=Text.model_validate(both(q, "help_text")),
                kind=q.kind,
                required=q.required,
                choices=_choices(q),
            )
            for q in form.questions.all()
        ],
    )


def _organization_name(organization: Organization | None) -> str:
    if organization is None:
        return ""
    return getattr(organization, "name_zh_hans", "") or getattr(organization, "name_en", "") or organization.name


def _fields(r: Registration) -> dict[str, Any]:
    person = r.person
    organization = person.organization
    replaced_by = getattr(r, "replaced_by", None)
    return {
        "reference": r.reference,
        "status": r.status,
        "category": r.category.code,
        "form": r.form.slug,
        "attendance": r.attendance,
        "name_zh": getattr(person, "name_zh_hans", "") or "",
        "name_en": getattr(person, "name_en", "") or "",
        "organization": _organization_name(organization),
        "email": r.email,
        "phone": r.phone,
        "language": r.language,
        "created_at": r.created_at,
        "decided_at": r.decided_at,
        "replaces": r.replaces.reference if r.replaces is not None else None,
        "replaced_by": replaced_by.reference if replaced_by is not None else None,
    }


def registration_out(r: Registration) -> RegistrationOut:
    """Built from a registration read by ``queries.registrations_of``."""
    return RegistrationOut(**_fields(r))


def registration_detail(r: Registration, waiting_position: int | None) -> RegistrationDetail:
    return RegistrationDetail(
        **_fields(r), waiting_position=waiting_position, answers=r.answers or {}, decision_note=r.decision_note
    )
