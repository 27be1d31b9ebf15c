"""Request handling shared by every page.

- :class:`TrustedProxyMiddleware`: behind a reverse proxy, ``REMOTE_ADDR`` becomes the client's own
  address from ``X-Forwarded-For``, but only when the request really came through the proxies named in
  ``ECOFORUM_TRUSTED_PROXIES``; anyone else's ``X-Forwarded-For`` is ignored, so a client cannot pick
  the address that rate limits and the login limiter count it under.
- :class:`HtmxLoginRedirectMiddleware`: an expired session in an htmx request gets ``HX-Redirect``.
- :class:`DatabaseOutageMiddleware`: the database unreachable from a view is a 503 with ``Retry-After``
  (a short page in the reader's language, JSON for the API), not a 500 (:mod:`ecoforum.core.outage`).
- :class:`ReplicaReadsMiddleware`: with a read replica, anonymous visitors' public pages read from it.
- :func:`login_locked_out`: what django-axes answers to a locked-out login (the login page with the
  reason, in the reader's language, HTTP 429).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from . import db_router, outage

#: Where the address the request came from directly is kept once REMOTE_ADDR holds the client's.
PEER_ADDR = "ECOFORUM_PEER_ADDR"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _in(networks: tuple[Network, ...], value: str) -> bool:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    return any(address in network for network in networks)


def forwarded_client(peer: str, forwarded_for: str, trusted: int | Sequence[str]) -> str:
    """The client's address, given the address the request came from (``peer``), the
    ``X-Forwarded-For`` header and the trusted proxies (a count, or addresses and networks).

    With a count N, the app is reachable only through N proxies: the client is the N-th address from
    the right of ``X-Forwarded-For`` + peer. With addresses, the chain is walked from the right past the
    trusted proxies; a peer that is not one of them means no proxy vouches for the header, which is then
    ignored. Anything that is not an IP address where the client should be falls back to the peer.
    """
    if not trusted or not forwarded_for.strip():
        return peer
    chain = [hop.strip() for hop in forwarded_for.split(",")] + [peer]
    if isinstance(trusted, int):
        if len(chain) < trusted + 1:
            return peer
        client = chain[-(trusted + 1)]
    else:
        networks = _networks(tuple(trusted))
        if not _in(networks, peer):
            return peer
        position = len(chain) - 1
        while position > 0 and _in(networks, chain[position]):
            position -= 1
        client = chain[position]
    return client if _is_address(client) else peer


class TrustedProxyMiddleware:
    """``REMOTE_ADDR`` = the client's address when the request came through trusted proxies
    (``ECOFORUM_TRUSTED_PROXIES``); the proxy's own address is kept in ``META["ECOFORUM_PEER_ADDR"]``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        peer = request.META.get("REMOTE_ADDR", "")
        client = forwarded_client(
            peer,
            request.META.get("HTTP_X_FORWARDED_FOR", ""),
            getattr(settings, "ECOFORUM_TRUSTED_PROXIES", 0),
        )
        if client != peer:
            request.META[PEER_ADDR] = peer
            request.META["REMOTE_ADDR"] = client
        return self.get_response(request)


def client_address(request: HttpRequest) -> str | None:
    """The client's address as the rest of the site sees it (after :class:`TrustedProxyMiddleware`)."""
    return request.META.get("REMOTE_ADDR") or None


class HtmxLoginRedirectMiddleware:
    """An expired session in an htmx request gets ``HX-Redirect`` to the login page,
    not a login page swapped into a fragment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and "/accounts/login/" in response.get("Location", "")
        ):
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = response["Location"]
            return redirect
        return response


class DatabaseOutageMiddleware:
    """A view that finds the database unavailable (``OperationalError``/``InterfaceError``, e.g.
    PostgreSQL restarting) answers 503 with ``Retry-After`` instead of a 500. Errors raised outside
    a view reach the same answer through the site's 500 handler, :func:`ecoforum.core.outage.server_error`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if outage.is_outage(exception):
            return outage.unavailable(request, exception)
        return None


def lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return ngettext(
        "Too many failed logins with this user name from your address. Try again in %(minutes)d minute.",
        "Too many failed logins with this user name from your address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def login_locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login: the login page that was asked for (the site's or the
    admin's), its form with the reason instead of "wrong password", status 429 and ``Retry-After``;
    a plain-text reason where the answer was not a page with a form."""
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if isinstance(original_response, TemplateResponse) and isinstance(form, forms.BaseForm):
        # "Wrong user name or password" gives way to the reason (the password field is never re-rendered).
        form.errors.clear()
        form.add_error(None, lockout_message())
        page = TemplateResponse(
            request, original_response.template_name, context, status=429, using=original_response.using
        )
        response: HttpResponse = page.render()
    else:
        response = HttpResponse(lockout_message(), content_type="text/plain; charset=utf-8", status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


#: A visitor who just sent a form reads from the primary while this cookie lasts (DATABASE_REPLICA_PIN_SECONDS).
PRIMARY_COOKIE = "ecoforum_primary"
#: Never read from the replica: the back office, logins, job pages, the language switch, the health check.
PRIMARY_PATHS = ("/manage/", "/accounts/", "/jobs/", "/i18n/", "/healthz")
SAFE_METHODS = frozenset({"GET", "HEAD"})
#: Requests that send something (a form, an API write): the visitor's next pages read from the primary.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def may_read_from_replica(request: HttpRequest) -> bool:
    """A GET or HEAD of an anonymous visitor to a public page, who has sent no form in the last seconds
    and shows no API token: what it reads may be a second behind, and nobody can tell."""
    user = getattr(request, "user", None)
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith(PRIMARY_PATHS)
        and PRIMARY_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and user is not None
        and not user.is_authenticated
    )


class ReplicaReadsMiddleware:
    """With a read replica (``DATABASE_REPLICA_URL``), public pages for anonymous visitors read from it
    (:mod:`ecoforum.core.db_router`); everything else, and any visitor in the seconds after their own form
    (a short-lived cookie), reads from the primary. Without a replica it does nothing.
    Comes after the authentication middleware: the session and the user are read from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not db_router.replica_configured():
            return self.get_response(request)
        wrote = False
        if may_read_from_replica(request) and db_router.replica_usable():
            with db_router.replica_reads() as reads:
                response = self.get_response(request)
            wrote = reads.wrote
        else:
            response = self.get_response(request)
        if request.method in WRITE_METHODS or wrote:
            response.set_cookie(
                PRIMARY_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
