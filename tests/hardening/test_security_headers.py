"""Security headers: a strict Content Security Policy on every page, HTTPS with HSTS and secure cookies
in production, and the client's address taken from X-Forwarded-For only behind trusted proxies."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from ecoforum.core.middleware import PEER_ADDR, TrustedProxyMiddleware, forwarded_client

from ..factories import UserFactory
from .test_deploy import production_settings  # noqa: F401 - the fixture, read once per module

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
HSTS = "max-age=31536000; includeSubDomains; preload"
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings, production_settings):  # noqa: F811
    """This process's settings switched to what a production process has (read from one)."""
    for name in (
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
    ):
        setattr(settings, name, production_settings[name])
    settings.SECURE_PROXY_SSL_HEADER = tuple(production_settings["SECURE_PROXY_SSL_HEADER"])
    settings.ALLOWED_HOSTS = ["forum.example.org"]
    return Client(HTTP_HOST="forum.example.org")


def headers(response, *names: str) -> dict[str, str | None]:
    return {name: response.headers.get(name) for name in names}


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as directive → sources (django-csp writes them in any order)."""
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    return {name: sorted(sources) for name, *sources in directives}


def test_pages_carry_a_strict_content_security_policy(client, edition):
    response = client.get("/2023/")

    assert response.status_code == 200
    assert policy(response) == POLICY
    assert headers(
        response,
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ) == {
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def test_api_documentation_and_admin_carry_the_same_policy(client):
    docs = client.get("/api/docs")
    login = client.get(reverse("admin:login"))

    assert (docs.status_code, policy(docs), login.status_code, policy(login)) == (
        200,
        POLICY,
        200,
        POLICY,
    )


def test_no_page_template_uses_inline_script_or_style():
    """Pages (not PDFs or mails, which no browser applies the policy to) carry no inline script or style."""
    from pathlib import Path

    import ecoforum

    root = Path(ecoforum.__file__).parent
    offenders = []
    for template in sorted(root.glob("*/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        relative = template.relative_to(root).as_posix()
        if relative.endswith(("_pdf.html", "/mail/notice.html")) or "/booklet/" in relative or "/report/" in relative:
            continue
        if "/badges/badges.html" in relative:
            continue
        for marker in ("style=", "<style", "<script>", "onclick=", "onload=", "onchange=", "onsubmit=", "javascript:"):
            if marker in text:
                offenders.append(f"{relative}: {marker}")

    assert offenders == []


def test_production_redirects_plain_http_to_https(production):
    response = production.get("/2023/?day=1")

    assert (response.status_code, response["Location"]) == (301, "https://forum.example.org/2023/?day=1")


def test_production_answers_health_checks_over_plain_http(production):
    response = production.get("/healthz")

    assert (response.status_code, response.content, response.get("Strict-Transport-Security")) == (200, b"ok", None)


def test_production_sends_hsts_over_https(production, edition):
    response = production.get("/2023/", secure=True)

    assert (response.status_code, response["Strict-Transport-Security"], policy(response)) == (
        200,
        HSTS,
        POLICY,
    )


def test_production_trusts_the_proxys_https_header(production, edition):
    response = production.get("/2023/", HTTP_X_FORWARDED_PROTO="https")

    assert (response.status_code, response["Strict-Transport-Security"]) == (200, HSTS)


def test_production_cookies_are_secure_and_http_only(production):
    UserFactory(username="li-ming")

    login_page = production.get(reverse("login"), secure=True)
    logged_in = production.post(
        reverse("login"), {"username": "li-ming", "password": PASSWORD}, secure=True, REMOTE_ADDR="203.0.113.7"
    )
    language = production.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)

    csrf, session, lang = (
        login_page.cookies["csrftoken"],
        logged_in.cookies["sessionid"],
        language.cookies["ecoforum_language"],
    )
    assert (logged_in.status_code, language.status_code) == (302, 302)
    assert [(c["secure"], c["httponly"], c["samesite"]) for c in (csrf, session, lang)] == [
        (True, "", "Lax"),
        (True, True, "Lax"),
        (True, "", "Lax"),
    ]


# --- the client's address behind proxies ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "client"),
    [
        # No proxy configured: whatever the client writes in X-Forwarded-For is ignored.
        ("203.0.113.7", "192.0.2.1", 0, "203.0.113.7"),
        ("203.0.113.7", "192.0.2.1", [], "203.0.113.7"),
        # One proxy in front: the last address it appended is the client, a spoofed one before it is not.
        ("10.0.0.2", "203.0.113.7", 1, "203.0.113.7"),
        ("10.0.0.2", "192.0.2.1, 203.0.113.7", 1, "203.0.113.7"),
        ("10.0.0.3", "192.0.2.1, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        # Fewer hops than proxies: the header was not written by them.
        ("10.0.0.2", "", 1, "10.0.0.2"),
        ("10.0.0.2", "203.0.113.7", 2, "10.0.0.2"),
        # Proxies by address: only a trusted peer's header counts, walked past every trusted hop.
        ("10.0.0.2", "192.0.2.1, 203.0.113.7", ["10.0.0.2"], "203.0.113.7"),
        ("10.0.0.3", "192.0.2.1, 203.0.113.7, 10.0.0.2", ["10.0.0.0/24"], "203.0.113.7"),
        ("203.0.113.9", "192.0.2.1", ["10.0.0.0/24"], "203.0.113.9"),
        ("2001:db8::2", "2001:db8:1::7", ["2001:db8::/64"], "2001:db8:1::7"),
        # Garbage where the client's address should be: the peer stays.
        ("10.0.0.2", "<script>", 1, "10.0.0.2"),
        ("10.0.0.2", "unknown, ", ["10.0.0.2"], "10.0.0.2"),
    ],
)
def test_forwarded_client(peer, forwarded_for, trusted, client):
    assert forwarded_client(peer, forwarded_for, trusted) == client


def seen_by_the_view(settings, trusted, **meta) -> tuple[str, str | None]:
    settings.ECOFORUM_TRUSTED_PROXIES = trusted
    seen: dict[str, str | None] = {}

    def view(request):
        seen.update(remote=request.META["REMOTE_ADDR"], peer=request.META.get(PEER_ADDR))
        return HttpResponse()

    TrustedProxyMiddleware(view)(RequestFactory().get("/", **meta))
    return seen["remote"], seen["peer"]


def test_middleware_puts_the_client_behind_a_trusted_proxy_in_remote_addr(settings):
    assert seen_by_the_view(
        settings, ["10.0.0.2"], REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7"
    ) == ("203.0.113.7", "10.0.0.2")


def test_middleware_ignores_a_spoofed_header_from_anyone_else(settings):
    assert seen_by_the_view(settings, ["10.0.0.2"], REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.0.0.2") == (
        "203.0.113.7",
        None,
    )
