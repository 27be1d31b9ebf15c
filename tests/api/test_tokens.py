"""API tokens for machines: issued by a command, shown once, stored as a hash."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from ecoforum.api.models import ApiToken


def test_command_issues_a_token_that_acts_as_its_user(organizer, edition):
    out = io.StringIO()
    call_command("create_api_token", organizer.username, name="Conference app", stdout=out)
    token = out.getvalue().strip()
    row = ApiToken.objects.get()
    assert (row.user, row.name, row.hint, token.startswith("efg_")) == (organizer, "Conference app", token[:8], True)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.get("/api/editions/2023/program/draft/sessions")
    assert (response.status_code, response.json()) == (200, {"count": 0, "page": 1, "pages": 1, "items": []})


def test_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError) as err:
        call_command("create_api_token", "nobody", name="x", stdout=io.StringIO())
    assert str(err.value) == "No user 'nobody'."
    assert ApiToken.objects.count() == 0


def test_token_of_an_inactive_user_is_refused(organizer, edition, token):
    organizer.is_active = False
    organizer.save(update_fields=["is_active"])
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/editions/2023/program/draft/sessions")
    assert response.status_code == 401


def test_docs_page_sends_the_csrf_token_for_try_it_out(as_organizer, db):
    html = as_organizer.get("/api/docs").content.decode()
    assert 'data-api-csrf="true"' in html
