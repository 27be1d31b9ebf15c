"""The registration API, mounted under ``/api/editions/`` by :mod:`ecoforum.api.api`.

- ``GET /{edition_slug}/forms``: the open registration forms with their questions (public).
- ``POST /{edition_slug}/forms/{form_slug}/registrations``: a partner system or an app
  registers a person (token or session). Send ``Idempotency-Key`` to make
  retries safe: a retry returns the first answer and registers nobody twice. 201 with the
  reference, the status and the waiting position; a refusal of the rules is 422 with the
  message and the ``field``; a person already registered for the edition is 409.
- ``GET /{edition_slug}/registrations`` (filters, pages of 50 by default) and
  ``GET …/registrations/{reference}``; ``POST …/{reference}/approve`` and ``…/cancel``:
  guest services only (``services.manage_guests``). No identity data is ever returned.

The router is mounted with the API's write authentication (a machine's token, or a signed-in
user's session with its CSRF token) as its default; the forms list says ``auth=None`` itself.
Every endpoint resolves access, calls the same query or service as the back office, and
returns. An edition the caller has no part in is a 404 (the same as a missing one); a
committee member without ``services.manage_guests`` gets a 403.
"""

from __future__ import annotations

import math

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from ecoforum.core.audit import log_action
from ecoforum.forums import queries as forum_queries
from ecoforum.forums.models import Edition

from . import queries
from . import registration as registrations
from .enums import Attendance, RegistrationStatus
from .models import Registration
from .schemas import (
    DecisionIn,
    FormOut,
    RegistrationCreated,
    RegistrationDetail,
    RegistrationIn,
    RegistrationPage,
    RegistrationProblem,
    form_out,
    registration_detail,
    registration_out,
)

router = Router(tags=["guests"], by_alias=True)

IDEMPOTENCY_KEY = Header(
    None,
    alias="Idempotency-Key",
    max_length=60,
    description="Any unique string, such as a UUID. A retry with the same key returns the first response "
    "and registers nobody twice.",
)
WRITE_ERRORS: dict[int, type[Schema]] = {
    401: RegistrationProblem,
    403: RegistrationProblem,
    404: RegistrationProblem,
    409: RegistrationProblem,
    422: RegistrationProblem,
    503: RegistrationProblem,
}
READ_ERRORS: dict[int, type[Schema]] = {
    401: RegistrationProblem,
    403: RegistrationProblem,
    404: RegistrationProblem,
    422: RegistrationProblem,
}


#: Text filters never carry a NUL character (PostgreSQL refuses it in a query): 422, not a 500.
NO_NUL = r"^[^\x00]*$"


class RegistrationFilters(Schema):
    q: str = Field(
        "",
        max_length=100,
        pattern=NO_NUL,
        description="Part of a name (Chinese or English), an e-mail, an organization.",
    )
    category: str = Field("", max_length=30, pattern=NO_NUL, description="A guest category's code.")
    status: str = Field("", pattern=r"^(|" + "|".join(RegistrationStatus.values) + r")$")
    attendance: str = Field("", pattern=r"^(|" + "|".join(Attendance.values) + r")$")
    form: str = Field("", max_length=40, pattern=NO_NUL, description="A form's slug.")
    page: int = Field(1, ge=1)
    page_size: int = Field(queries.PAGE_SIZE, ge=1, le=200)


def _desk_edition(request: HttpRequest, slug: str) -> Edition:
    """The edition for guest services; 404 for outsiders and missing editions alike, 403 for other committee."""
    edition = Edition.objects.select_related("forum").filter(slug=slug).first()
    user = request.auth  # type: ignore[attr-defined]
    if edition is None or not user.has_perm("forums.view_backoffice", edition):
        raise Http404("No such edition")
    if not user.has_perm("services.manage_guests", edition):
        raise HttpError(403, _("Only guest services may do this."))
    return edition


def _registration(edition: Edition, reference: str) -> Registration:
    found = queries.registration_by_reference(edition, reference)
    if found is None:
        raise Http404("No such registration")
    return found


# --- public ---------------------------------------------------------------------------------------


@router.get(
    "/{edition_slug}/forms",
    response={200: list[FormOut], 404: RegistrationProblem},
    auth=None,
    summary="Open registration forms of an edition",
)
def list_forms(request: HttpRequest, edition_slug: str) -> list[FormOut]:
    """The forms open for registration now, with their questions and the category they register for."""
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    return [form_out(f) for f in queries.forms_of(edition) if registrations.form_is_open(f)]


# --- registering ----------------------------------------------------------------------------------


@router.post(
    "/{edition_slug}/forms/{form_slug}/registrations",
    response={201: RegistrationCreated, **WRITE_ERRORS},
    summary="Register a person on a form",
)
def create_registration(
    request: HttpRequest,
    edition_slug: str,
    form_slug: str,
    payload: RegistrationIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
):
    edition = forum_queries.get_edition(edition_slug, user=request.auth)  # type: ignore[attr-defined]
    form = queries.form_of(edition, form_slug)
    if form is None:
        raise Http404("No such form")
    user = request.auth  # type: ignore[attr-defined]
    # The key is the caller's: two partner systems may well both send "1".
    key = f"api:{user.pk}:{idempotency_key}"[:80] if idempotency_key else ""
    with transaction.atomic():  # nests in the idempotency record's transaction when there is a key
        # The person registered is the one in the body, never the caller's own: no ``user`` here.
        registration = registrations.add_registration(form, payload.applicant(), code=payload.code, idempotency_key=key)
        log_action(registration, "services.registration.api_created", actor=user, data={"form": form.slug})
    return Status(
        201,
        RegistrationCreated(
            reference=registration.reference,
            status=registration.status,
            waiting_position=registrations.waiting_position(registration),
        ),
    )


# --- guest services -------------------------------------------------------------------------------


@router.get(
    "/{edition_slug}/registrations",
    response={200: RegistrationPage, **READ_ERRORS},
    summary="Registrations of an edition (guest services)",
)
def list_registrations(request: HttpRequest, edition_slug: str, filters: Query[RegistrationFilters]) -> dict:
    edition = _desk_edition(request, edition_slug)
    category = queries.categories_of(edition).filter(code=filters.category).first() if filters.category else None
    form = queries.form_of(edition, filters.form) if filters.form else None
    if (filters.category and category is None) or (filters.form and form is None):
        return {"count": 0, "page": filters.page, "pages": 1, "items": []}
    found = queries.search_registrations(
        edition, category=category, status=filters.status, attendance=filters.attendance, form=form, text=filters.q
    )
    count = found.count()
    start = (filters.page - 1) * filters.page_size
    items = [registration_out(r) for r in found[start : start + filters.page_size]] if start < count else []
    return {"count": count, "page": filters.page, "pages": max(1, math.ceil(count / filters.page_size)), "items": items}


@router.get(
    "/{edition_slug}/registrations/{reference}",
    response={200: RegistrationDetail, **READ_ERRORS},
    summary="One registration (guest services)",
)
def get_registration(request: HttpRequest, edition_slug: str, reference: str) -> RegistrationDetail:
    edition = _desk_edition(request, edition_slug)
    found = _registration(edition, reference)
    return registration_detail(found, registrations.waiting_position(found))


def _decided(edition: Edition, reference: str) -> RegistrationDetail:
    found = _registration(edition, reference)
    return registration_detail(found, registrations.waiting_position(found))


@router.post(
    "/{edition_slug}/registrations/{reference}/approve",
    response={200: RegistrationDetail, **WRITE_ERRORS},
    summary="Approve a registration (guest services)",
)
def approve_registration(
    request: HttpRequest, edition_slug: str, reference: str, payload: DecisionIn | None = None
) -> RegistrationDetail:
    edition = _desk_edition(request, edition_slug)
    found = _registration(edition, reference)
    registrations.approve(found, actor=request.auth, note=payload.note if payload else "")  # type: ignore[attr-defined]
    return _decided(edition, reference)


@router.post(
    "/{edition_slug}/registrations/{reference}/cancel",
    response={200: RegistrationDetail, **WRITE_ERRORS},
    summary="Cancel a registration (guest services)",
)
def cancel_registration(
    request: HttpRequest, edition_slug: str, reference: str, payload: DecisionIn | None = None
) -> RegistrationDetail:
    edition = _desk_edition(request, edition_slug)
    found = _registration(edition, reference)
    registrations.cancel(found, actor=request.auth, note=payload.note if payload else "")  # type: ignore[attr-defined]
    return _decided(edition, reference)
