"""The database unavailable: 503 with Retry-After in the reader's language, never a 500.

The database "goes down" through an execute wrapper that fails every statement the way the
driver does when PostgreSQL is stopped (``OperationalError``); the rest of the stack is real.
The real stop and restart of a PostgreSQL server is in tests/hardening/test_pg_restart.py.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory

from ecoforum.api.models import ApiToken
from ecoforum.core import outage
from ecoforum.forums.enums import CommitteeRole
from ecoforum.services.models import Registration

from ..services.factories import GuestCategoryFactory, RegistrationFormFactory, committee_user

ZH_TEXT = "服务暂时不可用，请稍后再试。"
EN_TEXT = "The service is briefly unavailable. Please try again in a moment."


@contextmanager
def database_down(error: type[Exception] = OperationalError):
    def refuse(execute, sql, params, many, context):
        raise error('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with connection.execute_wrapper(refuse):
        yield


def headings(response) -> list[tuple[str, str]]:
    """The page's headings as (lang, text), in order."""
    return re.findall(r'<h1 lang="([^"]+)">([^<]+)</h1>', response.content.decode())


@pytest.mark.parametrize(
    ("accept", "lang", "first"),
    [("zh-hans", "zh-hans", "服务暂时不可用"), ("en", "en", "The service is briefly unavailable")],
)
def test_page_with_the_database_down_is_a_503_in_the_readers_language_first(db, accept, lang, first):
    client = Client(HTTP_ACCEPT_LANGUAGE=accept)
    with database_down():
        response = client.get("/")

    assert response.status_code == 503
    assert (response["Retry-After"], response["Cache-Control"], response["Content-Language"]) == ("5", "no-store", lang)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    other = [h for h in [("zh-hans", "服务暂时不可用"), ("en", "The service is briefly unavailable")] if h[0] != lang]
    assert headings(response) == [(lang, first), *other]
    assert f'<html lang="{lang}">' in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_edition_page_with_the_database_down_is_a_503_too(edition):
    # The edition is looked up before the view runs (EditionMiddleware): the site's 500 handler answers.
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    with database_down(InterfaceError):
        response = client.get(f"/{edition.slug}/program/")

    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert headings(response) == [("en", "The service is briefly unavailable"), ("zh-hans", "服务暂时不可用")]


@pytest.mark.parametrize(("accept", "detail"), [("zh-hans", ZH_TEXT), ("en", EN_TEXT)])
def test_api_write_with_the_database_down_is_a_json_503(edition, accept, detail):
    category = GuestCategoryFactory(edition=edition, code="guests", needs_approval=False)
    RegistrationFormFactory(edition=edition, category=category, slug="guests", asks_identity=False)
    _row, token = ApiToken.issue(committee_user(edition, CommitteeRole.GATE_STAFF), name="Scanner app")
    client = Client(HTTP_ACCEPT_LANGUAGE=accept)
    with database_down():
        response = client.post(
            f"/api/editions/{edition.slug}/forms/guests/registrations",
            {"name_zh": "王小明", "email": "wang@example.cn"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY="down-1",
        )

    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (503, "application/json", "5")
    assert response.json() == {"detail": detail}
    assert Registration.objects.filter(edition=edition).count() == 0


def test_health_check_says_database_unavailable_while_it_is_down(db):
    client = Client()
    up = client.get("/healthz")
    with database_down():
        down = client.get("/healthz")
    again = client.get("/healthz")

    assert [(r.status_code, r.content) for r in (up, down, again)] == [
        (200, b"ok"),
        (503, b"database unavailable"),
        (200, b"ok"),
    ]
    assert down["Retry-After"] == "5"


def test_an_outage_logs_one_line_without_a_traceback(db, caplog):
    with caplog.at_level(logging.INFO), database_down():
        Client(HTTP_ACCEPT_LANGUAGE="en").get("/")

    lines = [(r.name, r.levelname, r.getMessage(), r.exc_info) for r in caplog.records]
    assert lines == [
        (
            "ecoforum.core.outage",
            "ERROR",
            (
                "database unavailable, answered 503: GET / (OperationalError: connection to server at "
                '"127.0.0.1", port 5432 failed: Connection refused)'
            ),
            None,
        )
    ]


def test_other_errors_still_get_the_500_page():
    request = RequestFactory().get("/2023/program/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = outage.server_error(request)
    assert response.status_code == 500
    assert "<h1>出错了</h1>" in response.content.decode()


def test_a_deadlock_is_a_503_too_but_logged_with_its_traceback(db, caplog):
    def deadlock(execute, sql, params, many, context):
        try:
            raise psycopg.errors.DeadlockDetected("deadlock detected")
        except psycopg.Error as exc:
            raise OperationalError(str(exc)) from exc

    with caplog.at_level(logging.INFO), connection.execute_wrapper(deadlock):
        response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/")

    assert (response.status_code, response["Retry-After"]) == (503, "5")
    lines = [(r.levelname, r.getMessage(), r.exc_info[0] if r.exc_info else None) for r in caplog.records]
    assert lines == [
        ("ERROR", "database unavailable, answered 503: GET / (DeadlockDetected: deadlock detected)", OperationalError)
    ]
