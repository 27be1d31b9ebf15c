"""Failed logins are limited per user name and address (django-axes, kept in the database), on the
site's login page and the admin's. (Argon2 for new passwords in production: test_deploy.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from ..factories import UserFactory

PASSWORD = "correct horse battery staple"
LOCKED_EN = "Too many failed logins with this user name from your address. Try again in 15 minutes."

pytestmark = pytest.mark.django_db


def fail(client, url, username, times, address="203.0.113.7"):
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong"}, REMOTE_ADDR=address)


def non_field_errors(response) -> list[str]:
    return list(response.context["form"].non_field_errors())


def test_four_failures_still_let_the_right_password_in(client):
    user = UserFactory(username="li-ming")
    fail(client, reverse("login"), "li-ming", 4)

    response = client.post(reverse("login"), {"username": "li-ming", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")

    assert (response.status_code, response["Location"], client.session["_auth_user_id"]) == (
        302,
        "/",
        str(user.pk),
    )
    # A success clears the failures of that user name and address.
    assert AccessAttempt.objects.count() == 0


def test_fifth_failure_locks_the_login_page_with_a_clear_message(client):
    UserFactory(username="li-ming")
    fail(client, reverse("login"), "li-ming", 4)

    response = client.post(
        reverse("login"),
        {"username": "li-ming", "password": "wrong"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert (response.status_code, response["Retry-After"], non_field_errors(response)) == (429, "900", [LOCKED_EN])
    assert response.templates[0].name == "registration/login.html"


def test_locked_out_user_name_and_address_are_refused_even_with_the_right_password(client):
    UserFactory(username="li-ming")
    fail(client, reverse("login"), "li-ming", 5)

    response = client.post(
        reverse("login"),
        {"username": "li-ming", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert (response.status_code, non_field_errors(response)) == (429, [LOCKED_EN])
    assert "_auth_user_id" not in client.session


def test_lockout_message_is_in_the_readers_language(client):
    UserFactory(username="li-ming")
    fail(client, reverse("login"), "li-ming", 5)

    response = client.post(
        reverse("login"),
        {"username": "li-ming", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    from django.utils import translation

    with translation.override("zh-hans"):
        from ecoforum.core.middleware import lockout_message

        expected = lockout_message()
    assert (response.status_code, non_field_errors(response)) == (429, [expected])


def test_the_right_password_from_another_address_still_works(client):
    user = UserFactory(username="li-ming")
    fail(client, reverse("login"), "li-ming", 5, address="203.0.113.7")

    response = client.post(reverse("login"), {"username": "li-ming", "password": PASSWORD}, REMOTE_ADDR="198.51.100.20")

    assert (response.status_code, client.session["_auth_user_id"]) == (302, str(user.pk))


def test_another_user_name_from_the_locked_address_still_works(client):
    UserFactory(username="li-ming")
    other = UserFactory(username="wang-fang")
    fail(client, reverse("login"), "li-ming", 5)

    response = client.post(reverse("login"), {"username": "wang-fang", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")

    assert (response.status_code, client.session["_auth_user_id"]) == (302, str(other.pk))


def test_lock_lifts_after_the_cool_off(client):
    user = UserFactory(username="li-ming")
    fail(client, reverse("login"), "li-ming", 5)
    # The failures happened 15 minutes and a second ago.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=15, seconds=1))

    response = client.post(reverse("login"), {"username": "li-ming", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")

    assert (response.status_code, client.session["_auth_user_id"]) == (302, str(user.pk))


def test_lock_holds_until_the_cool_off_ends(client):
    UserFactory(username="li-ming")
    fail(client, reverse("login"), "li-ming", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=14, seconds=50))

    response = client.post(reverse("login"), {"username": "li-ming", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")

    assert (response.status_code, "_auth_user_id" in client.session) == (429, False)


def test_failures_older_than_the_window_do_not_count(client):
    user = UserFactory(username="li-ming")
    fail(client, reverse("login"), "li-ming", 4)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    fail(client, reverse("login"), "li-ming", 1)

    response = client.post(reverse("login"), {"username": "li-ming", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")

    assert (response.status_code, client.session["_auth_user_id"]) == (302, str(user.pk))


def test_admin_login_is_limited_too(client):
    UserFactory(username="organizer", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    fail(client, url, "organizer", 5)

    response = client.post(
        url, {"username": "organizer", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert (response.status_code, non_field_errors(response)) == (429, [LOCKED_EN])
    assert response.templates[0].name == "admin/login.html"
    assert "_auth_user_id" not in client.session


def test_failures_through_the_admin_and_the_site_add_up(client):
    UserFactory(username="organizer", is_staff=True)
    fail(client, reverse("admin:login"), "organizer", 3)
    fail(client, reverse("login"), "organizer", 2)

    response = client.post(reverse("login"), {"username": "organizer", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429


def test_limit_counts_the_client_behind_a_trusted_proxy_not_the_proxy(client, settings):
    settings.ECOFORUM_TRUSTED_PROXIES = ["10.0.0.2"]
    user = UserFactory(username="li-ming")
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": "li-ming", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    locked = client.post(
        reverse("login"),
        {"username": "li-ming", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    other = client.post(
        reverse("login"),
        {"username": "li-ming", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )

    assert (locked.status_code, other.status_code, client.session["_auth_user_id"]) == (429, 302, str(user.pk))
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


def test_spoofed_forwarded_for_does_not_escape_the_limit(client, settings):
    settings.ECOFORUM_TRUSTED_PROXIES = ["10.0.0.2"]
    UserFactory(username="li-ming")
    for number in range(5):
        client.post(
            reverse("login"),
            {"username": "li-ming", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )

    response = client.post(
        reverse("login"),
        {"username": "li-ming", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )

    assert (response.status_code, list(AccessAttempt.objects.values_list("ip_address", flat=True))) == (
        429,
        ["203.0.113.7"],
    )
