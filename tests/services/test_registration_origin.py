"""Where a guest travels from (for the carbon footprint): the public form and the registration API ask for it."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from ecoforum.api.models import ApiToken
from ecoforum.services.enums import Attendance
from ecoforum.services.models import Registration

from ..factories import UserFactory
from .factories import GuestCategoryFactory, RegistrationFormFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guests_form(edition):
    category = GuestCategoryFactory(edition=edition, code="guests", name_en="Guests", needs_approval=False)
    return RegistrationFormFactory(edition=edition, category=category, slug="guests", asks_identity=False)


@pytest.fixture
def online_form(edition):
    category = GuestCategoryFactory(edition=edition, code="online", attendance=Attendance.ONLINE)
    return RegistrationFormFactory(edition=edition, category=category, slug="online", asks_identity=False)


def page(edition, form) -> str:
    return reverse("services:register", kwargs={"edition": edition.slug, "form_slug": form.slug})


def form_data(**changes) -> dict:
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "name_zh": "王芳",
        "name_en": "WANG Fang",
        "email": "wang.fang@example.cn",
        "country": "CN",
        "language": "zh-hans",
        "diet": "",
        "allergies": "",
    }
    data.update(changes)
    return data


def test_form_asks_on_site_guests_where_they_travel_from(client, edition, guests_form):
    response = client.get(page(edition, guests_form), HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="origin_city" placeholder="Such as 北京, Chengdu or Paris" maxlength="100"' in html
    assert 'name="origin_country" placeholder="CN" maxlength="2"' in html
    assert "<legend>Travel</legend>" in html


def test_form_does_not_ask_online_guests(client, edition, online_form):
    response = client.get(page(edition, online_form), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert 'name="origin_city"' not in response.content.decode()


def test_registering_on_the_form_keeps_the_origin(client, edition, guests_form):
    response = client.post(
        page(edition, guests_form), form_data(origin_city="  Chengdu  ", origin_country="cn"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.origin_city, registration.origin_country) == ("Chengdu", "CN")


def test_registering_with_a_bad_country_code_is_refused(client, edition, guests_form):
    response = client.post(
        page(edition, guests_form), form_data(origin_city="Chengdu", origin_country="C1"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "origin_country": ["Enter a two-letter country code, such as CN, FR or US."]
    }
    assert Registration.objects.count() == 0


def test_registering_through_the_api_keeps_the_origin(edition, guests_form):
    _row, token = ApiToken.issue(UserFactory(), name="Partner system")
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"name_zh": "李雷", "email": "li.lei@example.cn", "origin_city": "巴黎", "origin_country": "FR"}

    response = client.post(
        f"/api/editions/{edition.slug}/forms/{guests_form.slug}/registrations",
        json.dumps(body),
        content_type="application/json",
    )

    assert response.status_code == 201
    registration = Registration.objects.get(reference=response.json()["reference"])
    assert (registration.origin_city, registration.origin_country) == ("巴黎", "FR")


def test_registering_through_the_api_with_a_bad_country_is_422(edition, guests_form):
    _row, token = ApiToken.issue(UserFactory(), name="Partner system")
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"name_zh": "李雷", "email": "li.lei@example.cn", "origin_country": "France"}

    response = client.post(
        f"/api/editions/{edition.slug}/forms/{guests_form.slug}/registrations",
        json.dumps(body),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["errors"]] == ["origin_country"]
    assert Registration.objects.count() == 0
