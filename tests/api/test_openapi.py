"""The OpenAPI document and its page; errors in the request's language; busy is 503 with Retry-After."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction
from django.utils import translation

from ecoforum.core import locking
from ecoforum.program import services
from ecoforum.program.exceptions import NotAllowed
from ecoforum.program.models import ProgramRelease, SessionSlot

from .conftest import make

PROGRAM = "/api/editions/{edition_slug}/program"


def test_openapi_document_lists_every_path(anon, db):
    response = anon.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "ecoforum API"
    assert {path: sorted(ops) for path, ops in document["paths"].items()} == {
        "/api/editions/": ["get"],
        "/api/catalogue/green-industries": ["get"],
        "/api/editions/{edition_slug}/projects": ["get"],
        "/api/editions/{edition_slug}/projects/{project_id}": ["get"],
        "/api/editions/{edition_slug}/exhibitors": ["get"],
        "/api/editions/{edition_slug}/exhibitors/{slug}": ["get"],
        "/api/editions/{edition_slug}/forms": ["get"],
        "/api/editions/{edition_slug}/forms/{form_slug}/registrations": ["post"],
        "/api/editions/{edition_slug}/registrations": ["get"],
        "/api/editions/{edition_slug}/registrations/{reference}": ["get"],
        "/api/editions/{edition_slug}/registrations/{reference}/approve": ["post"],
        "/api/editions/{edition_slug}/registrations/{reference}/cancel": ["post"],
        "/api/editions/{edition_slug}/checkins": ["post"],
        "/api/editions/{edition_slug}/checkins/batch": ["post"],
        "/api/editions/{edition_slug}/checkins/counts": ["get"],
        "/api/editions/{edition_slug}/releases": ["get"],
        "/api/editions/{edition_slug}/releases/{slug}": ["get"],
        "/api/editions/{edition_slug}/outcomes": ["get"],
        "/api/editions/{edition_slug}/outcomes/summary": ["get"],
        "/api/editions/{edition_slug}/outcomes/{code}": ["get"],
        "/api/editions/{edition_slug}/outcomes/{code}/stages/{stage_id}/record": ["post"],
        "/api/editions/{edition_slug}/outcomes/{code}/stages/{stage_id}/replan": ["post"],
        "/api/editions/{edition_slug}/kpis": ["get"],
        "/api/editions/{edition_slug}/kpis/compare": ["get"],
        "/api/editions/{edition_slug}/footprint": ["get"],
        "/api/editions/{edition_slug}/surveys": ["get"],
        "/api/editions/{edition_slug}/surveys/{slug}/responses": ["post"],
        "/api/editions/{edition_slug}/surveys/{slug}/results": ["get"],
        "/api/editions/{edition_slug}/search": ["get"],
        f"{PROGRAM}/sessions": ["get"],
        f"{PROGRAM}/sessions/{{session_id}}": ["get"],
        f"{PROGRAM}/sections": ["get"],
        f"{PROGRAM}/rooms": ["get"],
        f"{PROGRAM}/releases": ["get", "post"],
        f"{PROGRAM}/draft/sessions": ["get", "post"],
        f"{PROGRAM}/draft/sessions/{{session_id}}": ["delete", "get", "patch"],
        f"{PROGRAM}/draft/sessions/{{session_id}}/slot": ["put"],
        f"{PROGRAM}/draft/sessions/{{session_id}}/people": ["put"],
    }


def test_every_operation_declares_its_response_schemas(anon, db):
    document = anon.get("/api/openapi.json").json()
    undeclared = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if status == "204":
                    if schema is not None:
                        undeclared.append((method, path, status))
                elif not schema or schema == {}:
                    undeclared.append((method, path, status))
    assert undeclared == []


def test_writes_document_their_security_and_reads_are_public(anon, db):
    paths = anon.get("/api/openapi.json").json()["paths"]
    assert paths[f"{PROGRAM}/draft/sessions"]["post"]["security"] == [{"TokenAuth": []}, {"SessionAuth": []}]
    assert "security" not in paths[f"{PROGRAM}/sessions"]["get"]
    headers = [p["name"] for p in paths[f"{PROGRAM}/draft/sessions"]["post"]["parameters"] if p["in"] == "header"]
    assert headers == ["Idempotency-Key"]


def test_docs_page_uses_only_the_apps_own_assets(anon, db):
    response = anon.get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<script src="/static/ninja/swagger-ui-bundle.js"></script>' in html
    assert "cdn" not in html.lower()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_errors_come_in_the_requests_language(language, edition, stranger):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(stranger)
    response = client.post(
        "/api/editions/2023/program/draft/sessions",
        {"code": "B1", "title": {"zh-hans": "会"}},
        content_type="application/json",
    )
    with translation.override(language):
        expected = str(NotAllowed().message)
    assert (response.status_code, response.json(), response["Content-Language"]) == (
        403,
        {"detail": expected},
        language,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_busy_timetable_is_503_with_retry_after(monkeypatch, edition, room, organizer):
    """Another organizer holds the draft's lock longer than the lock timeout: try again, not a 500."""
    from django.test import Client

    session = make(edition, "A1")
    draft = services.get_draft(edition)
    monkeypatch.setattr(locking, "LOCK_TIMEOUT_MS", 200)
    locked, done = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        try:
            with transaction.atomic():
                ProgramRelease.objects.select_for_update().get(pk=draft.pk)
                locked.set()
                done.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(10)
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(organizer)
        response = client.put(
            f"/api/editions/2023/program/draft/sessions/{session.pk}/slot",
            {"room": room.pk, "start": "2023-07-08T09:00:00+08:00", "end": "2023-07-08T10:00:00+08:00"},
            content_type="application/json",
        )
    finally:
        done.set()
        holder.join()
    assert (response.status_code, response.json(), response["Retry-After"]) == (
        503,
        {"detail": "Someone else is changing this right now. Please try again in a moment."},
        "2",
    )
    assert SessionSlot.objects.get(release=draft, session=session).start is None
