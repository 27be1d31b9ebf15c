"""The API: one NinjaAPI that mounts each app's router. OpenAPI at /api/docs and /api/openapi.json.

Reads of the published program are public. Writes take a machine's token
(``Authorization: Bearer efg_…``, issued by ``ecoforum create_api_token``) or an
organizer's session with its CSRF token. Every error is ``{"detail": message}``
in the request's language (``Accept-Language`` or the language cookie); a request
that is not valid adds ``errors``, one per problem.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi import docs

from ecoforum.core.locking import Busy
from ecoforum.evaluation import exceptions as evaluation_errors
from ecoforum.evaluation.api import router as evaluation_router
from ecoforum.exhibition.api import router as exhibition_router
from ecoforum.investment.api import projects_router
from ecoforum.investment.api import router as investment_router
from ecoforum.outcomes import exceptions as outcome_errors
from ecoforum.outcomes.api import router as outcomes_router
from ecoforum.program.api import UnknownReference
from ecoforum.program.api import router as program_router
from ecoforum.program.exceptions import (
    DuplicateVersion,
    InvalidTime,
    NotAllowed,
    NothingToRelease,
    ProgramError,
    TimetableConflict,
)
from ecoforum.releases.api import router as releases_router
from ecoforum.search.api import router as search_router
from ecoforum.services.checkin_api import router as checkin_router
from ecoforum.services.registration import AlreadyRegistered, RegistrationError
from ecoforum.services.registration_api import router as registration_router

from .auth import WRITE_AUTH, CsrfFailed
from .editions import router as editions_router
from .idempotency import KeyReused, replay_retries

#: Seconds a client should wait before retrying a write that found its resource busy.
RETRY_AFTER = 2


class Swagger(docs.Swagger):
    """The OpenAPI page, served from the app's own static files, sending the CSRF token with its
    "try it out" requests (the writes take a session with CSRF)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": True}
        return render(request, self.template, context)


api = NinjaAPI(
    title="ecoforum API",
    version="1",
    description="The forum's program, for conference apps, partner systems and organizers' tools.",
    urls_namespace="api",
    docs=Swagger(),
)
api.add_decorator(replay_retries)
api.add_router("editions/", editions_router)
api.add_router("editions/", program_router, auth=WRITE_AUTH)
api.add_router("catalogue/", investment_router)
api.add_router("editions/", projects_router)
api.add_router("editions/", exhibition_router)
api.add_router("editions/", registration_router, auth=WRITE_AUTH)
api.add_router("editions/", checkin_router, auth=WRITE_AUTH)
api.add_router("editions/", releases_router)
api.add_router("editions/", search_router)
api.add_router("editions/", outcomes_router, auth=WRITE_AUTH)
api.add_router("editions/", evaluation_router)


def _detail(request: HttpRequest, message, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": str(message)}, status=status)


# --- domain errors ----------------------------------------------------------

#: The HTTP status of each domain error; the most specific class wins.
PROGRAM_STATUS: dict[type[ProgramError], int] = {
    NotAllowed: 403,
    TimetableConflict: 409,
    DuplicateVersion: 409,
    NothingToRelease: 409,
    InvalidTime: 422,
    UnknownReference: 422,
    ProgramError: 400,
}


@api.exception_handler(ProgramError)
def program_error(request: HttpRequest, exc: ProgramError) -> HttpResponse:
    status = next(PROGRAM_STATUS[cls] for cls in type(exc).__mro__ if cls in PROGRAM_STATUS)
    return _detail(request, exc.message, status)


@api.exception_handler(RegistrationError)
def registration_error(request: HttpRequest, exc: RegistrationError) -> HttpResponse:
    """A registration the rules refuse: 409 for a person already registered, else 422; ``field`` names the input."""
    status = 409 if isinstance(exc, AlreadyRegistered) else 422
    return api.create_response(request, {"detail": str(exc.message), "field": exc.field}, status=status)


def _status_of(exc: Exception, statuses: Mapping[type, int], default: int) -> int:
    return next((statuses[cls] for cls in type(exc).__mro__ if cls in statuses), default)


@api.exception_handler(outcome_errors.OutcomeError)
def outcome_error(request: HttpRequest, exc: outcome_errors.OutcomeError) -> HttpResponse:
    statuses: dict[type, int] = {
        outcome_errors.NotAllowed: 403,
        outcome_errors.UnknownOutcome: 404,
        outcome_errors.AlreadyFollowed: 409,
    }
    status = _status_of(exc, statuses, 422)
    return api.create_response(request, {"detail": str(exc.message), "field": exc.field}, status=status)


@api.exception_handler(evaluation_errors.EvaluationError)
def evaluation_error(request: HttpRequest, exc: evaluation_errors.EvaluationError) -> HttpResponse:
    statuses: dict[type, int] = {evaluation_errors.NotAllowed: 403, evaluation_errors.AlreadyAnswered: 409}
    status = _status_of(exc, statuses, 422)
    return api.create_response(request, {"detail": str(exc.message), "field": exc.field}, status=status)


@api.exception_handler(Busy)
def busy(request: HttpRequest, exc: Busy) -> HttpResponse:
    response = _detail(request, exc.message, 503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


@api.exception_handler(KeyReused)
def key_reused(request: HttpRequest, exc: KeyReused) -> HttpResponse:
    return _detail(request, exc.message, 422)


# --- HTTP errors ------------------------------------------------------------


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _detail(request, _("Not found."), 404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _detail(request, _("Sign in, or send an API token as “Authorization: Bearer …”."), 401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(CsrfFailed)
def csrf_failed(request: HttpRequest, exc: CsrfFailed) -> HttpResponse:
    return _detail(request, exc.message, 403)


@api.exception_handler(ValidationError)
def not_valid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"loc": list(error.get("loc", ())), "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": _("The request is not valid."), "errors": errors}, status=422)
