"""Who is calling: an organizer's browser session (CSRF kept on) or a machine's token.

Writes accept either. A token is checked first, because a machine sends no CSRF
token; a browser session must pass Django's CSRF check, exactly as a form would.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .models import ApiToken, token_digest


class CsrfFailed(Exception):
    message = _("The CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value.")


class TokenAuth(HttpBearer):
    """``Authorization: Bearer efg_…``: the token's user is the acting user."""

    def authenticate(self, request: HttpRequest, token: str):
        row = ApiToken.objects.select_related("user").filter(digest=token_digest(token), is_active=True).first()
        if row is None or not row.user.is_active:
            return None
        return row.user


class SessionAuth(APIKeyCookie):
    """Django's session cookie, with the CSRF check of a form post for every unsafe method."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # not signed in: 401, whatever the CSRF token says
        if check_csrf(request) is not None:
            raise CsrfFailed()
        return user

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover - __call__ decides
        return None


#: Every write: a machine's token or a signed-in organizer.
WRITE_AUTH = [TokenAuth(), SessionAuth()]
