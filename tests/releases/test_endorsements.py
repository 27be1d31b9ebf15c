"""Endorsements: sign, confirm by mail, one per address, rate limits, honeypot, the public list."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from ecoforum.core.models import AuditEntry
from ecoforum.releases import services
from ecoforum.releases.enums import ReleaseKind
from ecoforum.releases.models import Endorsement

from .factories_releases import EndorsementFactory, InitiativeFactory, ReleaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(edition):
    return InitiativeFactory(
        edition=edition, slug="two-mountains", title_zh_hans="践行两山理念倡议", title_en="Two Mountains Initiative"
    )


def page(release) -> str:
    return f"/{release.edition.slug}/releases/{release.slug}/"


def sign(client, release, *, address="203.0.113.7", **data):
    form = {
        "kind": "person",
        "name": "Ada Lovelace",
        "organization": "Analytical Society",
        "country": "GB",
        "email": "ada@example.org",
        "show_publicly": "on",
        "website": "",
        **data,
    }
    return client.post(page(release) + "endorse/", form, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


def link_in(message) -> str:
    return re.search(r"https?://\S+/endorse/\S+/", message.body).group(0)


def test_sign_stores_unconfirmed_and_mails_the_link(client, initiative, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://forum.example"

    with django_capture_on_commit_callbacks(execute=True):
        response = sign(client, initiative)

    assert response.status_code == 302
    assert response["Location"] == page(initiative) + "#endorse"
    endorsement = Endorsement.objects.get()
    assert endorsement.confirmed_at is None
    assert endorsement.email == "ada@example.org"
    assert endorsement.language == "en"
    assert endorsement.client_key == services.client_key("203.0.113.7")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert mail.outbox[0].subject == "Please confirm your signature: Two Mountains Initiative"
    assert link_in(mail.outbox[0]) == (
        f"https://forum.example/{initiative.edition.slug}/releases/two-mountains/endorse/{endorsement.token}/"
    )
    assert AuditEntry.objects.get(action="releases.endorsement.signed").data == {
        "release": "two-mountains",
        "kind": "person",
        "country": "GB",
    }


def test_sign_mail_in_the_pages_language_chinese_by_default(client, initiative, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            page(initiative) + "endorse/",
            {"kind": "person", "name": "张三", "email": "zhang@example.org", "show_publicly": "on"},
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.startswith("尊敬的张三")
    assert Endorsement.objects.get().language == "zh-hans"


def test_list_grows_only_on_confirmation(client, initiative):
    EndorsementFactory(release=initiative, name="先签者")
    sign(client, initiative)

    before = client.get(page(initiative), HTTP_ACCEPT_LANGUAGE="en")
    assert before.context["signatory_count"] == 1
    assert "Ada Lovelace" not in before.content.decode()

    endorsement = Endorsement.objects.get(email="ada@example.org")
    response = client.get(page(initiative) + f"endorse/{endorsement.token}/")
    assert response.status_code == 302

    after = client.get(page(initiative), HTTP_ACCEPT_LANGUAGE="en")
    assert after.context["signatory_count"] == 2
    assert [e.name for e in after.context["signatories"]] == ["先签者", "Ada Lovelace"]
    assert '<span class="signatory-count" data-count="2">2 signatories</span>' in after.content.decode()


def test_confirm_is_idempotent(client, initiative):
    endorsement = EndorsementFactory(release=initiative, confirmed_at=None)

    client.get(page(initiative) + f"endorse/{endorsement.token}/")
    endorsement.refresh_from_db()
    first = endorsement.confirmed_at
    client.get(page(initiative) + f"endorse/{endorsement.token}/")
    endorsement.refresh_from_db()

    assert first is not None
    assert endorsement.confirmed_at == first
    assert AuditEntry.objects.filter(action="releases.endorsement.confirmed").count() == 1


def test_confirm_unknown_token_is_404(client, initiative):
    assert client.get(page(initiative) + "endorse/not-a-token/").status_code == 404


def test_confirm_token_of_another_release_is_404(client, initiative, edition):
    other = InitiativeFactory(edition=edition)
    endorsement = EndorsementFactory(release=other, confirmed_at=None)

    assert client.get(page(initiative) + f"endorse/{endorsement.token}/").status_code == 404
    endorsement.refresh_from_db()
    assert endorsement.confirmed_at is None


def test_second_signature_with_same_address_is_refused_and_resent_once(client, initiative):
    sign(client, initiative, email="ada@example.org")
    mail.outbox.clear()
    services.cache.delete(f"releases:resend:{Endorsement.objects.get().pk}")

    again = sign(client, initiative, email="ADA@example.org", name="Someone else", address="198.51.100.1")
    third = sign(client, initiative, email="ada@example.org", address="198.51.100.2")

    assert again.status_code == 302
    assert third.status_code == 302
    assert Endorsement.objects.count() == 1
    assert Endorsement.objects.get().name == "Ada Lovelace"
    assert len(mail.outbox) == 1
    followed = client.get(page(initiative), HTTP_ACCEPT_LANGUAGE="en")
    assert "This address has already signed (check your mail to confirm)." in followed.content.decode()


def test_second_signature_resend_waits_for_the_window(client, initiative):
    sign(client, initiative)
    mail.outbox.clear()

    sign(client, initiative, address="198.51.100.1")

    assert mail.outbox == []


def test_second_signature_of_a_confirmed_address_sends_nothing(client, initiative):
    EndorsementFactory(release=initiative, email="ada@example.org")

    sign(client, initiative, email="ada@example.org")

    assert Endorsement.objects.count() == 1
    assert mail.outbox == []


def test_rate_limit_per_client_address(client, initiative, edition):
    other = InitiativeFactory(edition=edition)
    for n in range(5):
        assert sign(client, initiative if n % 2 else other, email=f"p{n}@example.org").status_code == 302

    response = sign(client, initiative, email="p6@example.org")

    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Too many signatures were sent from here in a short time." in response.content.decode()
    assert Endorsement.objects.filter(email="p6@example.org").count() == 0
    assert sign(client, initiative, email="p7@example.org", address="192.0.2.99").status_code == 302


def test_rate_limit_per_release(client, initiative, settings):
    settings.RELEASE_ENDORSE_RELEASE_LIMIT = 3
    for n in range(3):
        assert sign(client, initiative, email=f"p{n}@example.org", address=f"192.0.2.{n}").status_code == 302

    response = sign(client, initiative, email="late@example.org", address="192.0.2.50")

    assert response.status_code == 429
    assert Endorsement.objects.count() == 3


def test_honeypot_stores_nothing_and_sends_nothing(client, initiative):
    response = sign(client, initiative, website="http://spam.example")

    assert response.status_code == 302
    assert Endorsement.objects.count() == 0
    assert mail.outbox == []


def test_bad_email_is_422_with_message(client, initiative):
    response = sign(client, initiative, email="not-an-address")

    assert response.status_code == 422
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert Endorsement.objects.count() == 0


def test_bad_country_is_named(client, initiative):
    response = sign(client, initiative, country="1x")

    assert response.status_code == 422
    assert response.context["form"].errors["country"] == ["«1X» is not a two-letter country code."]


def test_report_takes_no_signature(client, edition):
    report = ReleaseFactory(edition=edition, kind=ReleaseKind.REPORT)

    response = sign(client, report)

    assert response.status_code == 422
    assert Endorsement.objects.count() == 0


def test_closed_initiative_takes_no_signature_and_shows_no_form(client, edition):
    closed = InitiativeFactory(edition=edition, endorsements_open=False)

    response = sign(client, closed)
    shown = client.get(page(closed), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert Endorsement.objects.count() == 0
    assert "Signing is closed." in shown.content.decode()
    assert 'name="email"' not in shown.content.decode()


def test_unpublished_initiative_endorse_is_404(client, edition):
    hidden = InitiativeFactory(edition=edition, is_published=False)

    assert sign(client, hidden).status_code == 404
    assert Endorsement.objects.count() == 0


def test_hidden_name_is_counted_but_not_listed(client, initiative):
    EndorsementFactory(release=initiative, name="匿名者", show_publicly=False)
    EndorsementFactory(release=initiative, name="公开者")

    response = client.get(page(initiative))

    assert response.context["signatory_count"] == 2
    assert [e.name for e in response.context["signatories"]] == ["公开者"]
    assert "匿名者" not in response.content.decode()


def test_emails_never_on_the_page(client, initiative):
    EndorsementFactory(release=initiative, email="secret@example.org")

    assert "secret@example.org" not in client.get(page(initiative)).content.decode()
