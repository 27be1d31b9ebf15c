"""What visitors, apps and load balancers get while the database is down.

When PostgreSQL stops (a restart, a failover, the network between the app and the
database cut), every request that needs the database fails with
``OperationalError`` or ``InterfaceError``. Instead of a 500 with a traceback the
app answers **503 Service Unavailable** with ``Retry-After``:

- pages: a short page saying the service is briefly unavailable and to try again
  in a moment, in the reader's language first and the other language below it;
- ``/api/…``: ``{"detail": message}`` in the request's language, like every API
  error (a scanner app or a partner system retries with the same
  ``Idempotency-Key`` or ``scan_id``, and nothing is written twice);
- ``/healthz`` (see :func:`ecoforum.core.views.healthz`): ``database unavailable``,
  so a load balancer takes the host out of rotation until the database is back.

The app needs no restart afterwards: connections are checked before use
(``conn_health_checks``), so the first request after the database comes back
opens a fresh one.

Two entry points give the same answer: :class:`ecoforum.core.middleware.DatabaseOutageMiddleware`
for errors raised by a view (the common case, and the API, whose ninja handlers
pass unknown errors on to Django), and :func:`server_error`, the site's 500
handler, for errors raised outside a view (the edition lookup that runs before
every ``/<edition>/…`` page, a session saved after the view). Each failed request
logs one line, without a traceback, when the connection was lost. Other operational
errors (a deadlock, a statement timeout on a working server) are answered the same
way, "try again", but logged with their traceback: they point at code to look at.

The page and the message carry their own two languages instead of going through
the translation catalogue: like the 500 page, they must render when nothing else
works, with no database, no template context processors and no static manifest.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.views import defaults

logger = logging.getLogger(__name__)

#: Seconds a client should wait before trying again: a PostgreSQL restart takes a few.
RETRY_AFTER = 5

#: Where the API lives (``ecoforum.urls``): requests under it get JSON.
API_PREFIX = "/api/"

#: The message in each language of the site: title and text (the API sends the text as ``detail``).
MESSAGES: dict[str, tuple[str, str]] = {
    "zh-hans": ("服务暂时不可用", "服务暂时不可用，请稍后再试。"),
    "en": ("The service is briefly unavailable", "The service is briefly unavailable. Please try again in a moment."),
}


def is_outage(exc: BaseException | None) -> bool:
    """Whether ``exc`` means the database could not be reached or its connection was lost."""
    return isinstance(exc, OperationalError | InterfaceError)


def reader_language(request: HttpRequest) -> str:
    """The reader's language (``zh-hans`` or ``en``), without touching the database."""
    code = getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_request(request)
    return "en" if code and code.lower().startswith("en") else "zh-hans"


def _stylesheet() -> str | None:
    # Without a static manifest (collectstatic not run yet) the page still renders, unstyled.
    try:
        return static("ecoforum/css/ecoforum.css")
    except ValueError:
        return None


def _page(language: str) -> HttpResponse:
    order = [language, *(code for code in MESSAGES if code != language)]
    blocks = [{"lang": code, "title": MESSAGES[code][0], "text": MESSAGES[code][1]} for code in order]
    context = {"blocks": blocks, "lang": language, "stylesheet": _stylesheet()}
    try:
        html = loader.render_to_string("503.html", context)
    except Exception:  # the answer of last resort must not fail in its turn
        text = "\n\n".join(f"{block['title']}\n{block['text']}" for block in blocks)
        return HttpResponse(text, content_type="text/plain; charset=utf-8", status=503)
    response = HttpResponse(html, status=503)
    response["Content-Language"] = language
    return response


#: PostgreSQL's error codes that mean the server is going away or cannot take the connection: shutting
#: down (57P01, 57P02), starting up (57P03), too many connections (53300); class 08 is the connection's own.
SERVER_GONE = {"57P01", "57P02", "57P03", "53300"}


def connection_lost(exc: BaseException) -> bool:
    """Whether the error is the connection itself (refused, dropped, server shutting down), as opposed
    to a statement that failed on a working server (a deadlock, a timeout), which deserves a traceback."""
    if isinstance(exc, InterfaceError):
        return True
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in SERVER_GONE


def _log(request: HttpRequest, exc: BaseException) -> None:
    cause = exc.__cause__ or exc
    first_line = (str(cause).strip().splitlines() or [""])[0]
    logger.error(
        "database unavailable, answered 503: %s %s (%s: %s)",
        request.method,
        request.path,
        type(cause).__name__,
        first_line,
        # A lost connection is one line; anything else the database refused comes with its traceback.
        exc_info=None if connection_lost(exc) else exc,
    )


def _finish(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # The line :func:`_log` wrote is the log entry; Django's own "Service Unavailable: /path" would repeat it.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The 503 for a request that failed because the database is unavailable; logs one line."""
    _log(request, exc)
    language = reader_language(request)
    wants_json = request.path.startswith(API_PREFIX) or request.headers.get("Accept", "").startswith("application/json")
    if wants_json:
        response: HttpResponse = JsonResponse({"detail": MESSAGES[language][1]}, status=503)
        response["Content-Language"] = language
    else:
        response = _page(language)
    return _finish(response)


def probe_failed(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """What ``/healthz`` answers while the database is unavailable: plain text for load balancers."""
    _log(request, exc)
    return _finish(HttpResponse("database unavailable", content_type="text/plain", status=503))


def server_error(request: HttpRequest) -> HttpResponse:
    """The site's 500 handler (``handler500``): a database outage raised outside a view is a 503
    like any other; every other error gets the plain 500 page."""
    exc = sys.exc_info()[1]
    if exc is not None and is_outage(exc):
        return unavailable(request, exc)
    return defaults.server_error(request)
