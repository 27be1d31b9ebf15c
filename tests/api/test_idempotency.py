"""A retried create with the same Idempotency-Key returns the first response and creates nothing new."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client

from ecoforum.api.models import IdempotentRequest
from ecoforum.core.models import AuditEntry
from ecoforum.program import services
from ecoforum.program.models import ProgramRelease, Session

from ..conftest import at
from ..factories import CommitteeMemberFactory, UserFactory
from .conftest import make

DRAFT = "/api/editions/2023/program/draft/sessions"
RELEASES = "/api/editions/2023/program/releases"
BODY = {"code": "B1", "title": {"zh-hans": "绿色金融", "en": "Green finance"}}


def post(client, url, body, key):
    return client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


def test_retry_with_the_same_key_returns_the_first_response(as_organizer, edition):
    first = post(as_organizer, DRAFT, BODY, "4b1c-retry")
    again = post(as_organizer, DRAFT, BODY, "4b1c-retry")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Session.objects.count() == 1
    assert AuditEntry.objects.filter(action="program.session.created").count() == 1
    assert list(IdempotentRequest.objects.values_list("key", "status")) == [("4b1c-retry", 201)]


def test_retry_with_the_keys_of_the_body_in_another_order_is_the_same_request(as_organizer, edition):
    first = as_organizer.post(
        DRAFT,
        '{"code": "B1", "title": {"zh-hans": "绿色金融", "en": "Green finance"}}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    again = as_organizer.post(
        DRAFT,
        '{"title": {"en": "Green finance", "zh-hans": "绿色金融"},  "code": "B1"}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert (again.status_code, again.json()) == (201, first.json())
    assert Session.objects.count() == 1


def test_same_key_with_a_different_body_is_unprocessable(as_organizer, edition):
    post(as_organizer, DRAFT, BODY, "k1")
    response = post(as_organizer, DRAFT, {**BODY, "code": "B2"}, "k1")
    assert (response.status_code, response.json()) == (
        422,
        {"detail": "This Idempotency-Key was already used for a different request."},
    )
    assert list(Session.objects.values_list("code", flat=True)) == ["B1"]


def test_same_key_on_another_endpoint_is_unprocessable(as_organizer, edition, room):
    post(
        as_organizer,
        DRAFT,
        {**BODY, "room": room.pk, "start": "2023-07-08T09:00:00+08:00", "end": "2023-07-08T10:00:00+08:00"},
        "k1",
    )
    response = post(as_organizer, RELEASES, {"version": "v1"}, "k1")
    assert response.status_code == 422
    assert not ProgramRelease.objects.filter(version="v1").exists()


def test_keys_belong_to_their_user(as_organizer, edition):
    colleague = UserFactory()
    CommitteeMemberFactory(edition=edition, user=colleague, role="program_manager")
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(colleague)
    assert post(as_organizer, DRAFT, BODY, "same").status_code == 201
    assert post(other, DRAFT, {**BODY, "code": "B2"}, "same").status_code == 201
    assert sorted(Session.objects.values_list("code", flat=True)) == ["B1", "B2"]


def test_without_a_key_a_retry_runs_again(as_organizer, edition):
    assert as_organizer.post(DRAFT, BODY, content_type="application/json").status_code == 201
    again = as_organizer.post(DRAFT, BODY, content_type="application/json")
    assert (again.status_code, again.json()) == (400, {"detail": "A session with the code B1 already exists."})
    assert IdempotentRequest.objects.count() == 0


def test_a_failed_request_is_not_kept_so_its_retry_runs_again(as_organizer, organizer, edition, room, other_room):
    blocker = make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    body = {**BODY, "room": room.pk, "start": "2023-07-08T09:00:00+08:00", "end": "2023-07-08T10:00:00+08:00"}
    assert post(as_organizer, DRAFT, body, "k").status_code == 409
    assert IdempotentRequest.objects.count() == 0

    services.schedule_session(
        blocker, actor=organizer, room=other_room, start=at(edition, 0, 9), end=at(edition, 0, 10)
    )
    created = post(as_organizer, DRAFT, body, "k")
    replayed = post(as_organizer, DRAFT, body, "k")
    assert (created.status_code, replayed.status_code, replayed.json()) == (201, 201, created.json())
    assert sorted(Session.objects.values_list("code", flat=True)) == ["A1", "B1"]


def test_release_retried_with_the_same_key_releases_once(as_machine, edition, room):
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    first = post(as_machine, RELEASES, {"version": "v1"}, "release-v1")
    again = post(as_machine, RELEASES, {"version": "v1"}, "release-v1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert ProgramRelease.objects.filter(version__isnull=False).count() == 1
    assert AuditEntry.objects.filter(action="program.release.published").count() == 1


def test_a_key_longer_than_200_characters_is_refused(as_organizer, edition):
    response = post(as_organizer, DRAFT, BODY, "k" * 201)
    assert (response.status_code, [e["loc"] for e in response.json()["errors"]]) == (
        422,
        [["header", "Idempotency-Key"]],
    )
    assert Session.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_retries_racing_with_one_key_create_one_session(organizer, edition, room):
    """A client that retries before the first answer arrives: every copy gets the same 201, one session exists."""
    clients = 12
    barrier = threading.Barrier(clients)
    responses: list = [None] * clients
    body = {**BODY, "room": room.pk, "start": "2023-07-08T09:00:00+08:00", "end": "2023-07-08T10:00:00+08:00"}

    def retry(i: int) -> None:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(organizer)
        try:
            barrier.wait(timeout=30)
            responses[i] = post(client, DRAFT, body, "one-key")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=retry, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert [r.status_code for r in responses] == [201] * clients
    assert [r.json() for r in responses] == [responses[0].json()] * clients
    assert Session.objects.count() == 1
    assert IdempotentRequest.objects.count() == 1
    assert AuditEntry.objects.filter(action="program.session.created").count() == 1
