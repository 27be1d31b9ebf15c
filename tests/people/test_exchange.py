"""The exchange platform: listing with consent, the directory, contact requests and their answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ecoforum.core.models import AuditEntry
from ecoforum.people import exchange
from ecoforum.people.exchange import ExchangeError
from ecoforum.people.models import ContactRequest, DirectoryEntry

from ..factories import EditionFactory, OrganizationFactory
from ..services.factories import RegistrationFactory
from .factories_thinktank import ContactRequestFactory, DirectoryEntryFactory, ParticipantFactory, take_part

pytestmark = pytest.mark.django_db


def _listed(edition, **kwargs):
    entry = DirectoryEntryFactory(edition=edition, **kwargs)
    take_part(entry.person, edition)
    return entry


def _url(edition, name="directory", **kwargs):
    return reverse(f"directory:{name}", kwargs={"edition": edition.slug, **kwargs})


# --- who may be listed ---------------------------------------------------------------


def test_a_registered_participant_is_listed_and_audited(edition):
    person = ParticipantFactory()
    RegistrationFactory(edition=edition, person=person, status="pending")
    entry = exchange.list_in_directory(person, edition, actor=person.user, headline_en="Carbon markets")
    assert (entry.person, entry.headline_en, entry.headline_zh_hans) == (person, "Carbon markets", "Carbon markets")
    assert AuditEntry.objects.get(action="people.directory.listed").object_id == str(entry.pk)


def test_an_invited_participant_who_accepted_may_be_listed(edition):
    person = ParticipantFactory()
    take_part(person, edition)
    assert exchange.list_in_directory(person, edition, actor=None).person == person


def test_someone_not_taking_part_is_refused(edition, english):
    person = ParticipantFactory(name_en="Zhao Lei")
    RegistrationFactory(edition=edition, person=person, status="cancelled")
    with pytest.raises(ExchangeError) as exc:
        exchange.list_in_directory(person, edition, actor=None)
    assert str(exc.value.message) == f"Zhao Lei is not registered for {edition}; only its participants can be listed."
    assert DirectoryEntry.objects.count() == 0


def test_listing_again_changes_the_entry(edition):
    entry = _listed(edition)
    exchange.list_in_directory(entry.person, edition, actor=None, looking_for_en="Investors")
    assert DirectoryEntry.objects.get().looking_for_en == "Investors"


def test_leaving_deletes_the_entry_and_withdraws_waiting_requests(edition):
    a, b, c = _listed(edition), _listed(edition), _listed(edition)
    waiting = ContactRequestFactory(edition=edition, sender=b.person, recipient=a.person)
    accepted = ContactRequestFactory(edition=edition, sender=a.person, recipient=c.person, status="accepted")
    assert exchange.leave_directory(a.person, edition, actor=None) == 1
    assert not DirectoryEntry.objects.filter(person=a.person).exists()
    waiting.refresh_from_db()
    accepted.refresh_from_db()
    assert (waiting.status, accepted.status) == ("withdrawn", "accepted")


# --- the directory ------------------------------------------------------------------


def test_directory_filters_by_country_and_text(edition):
    cn = _listed(edition, person__country="CN", headline_en="Karst restoration")
    la = _listed(edition, person__country="LA", person__organization=OrganizationFactory(name_en="Mekong Institute"))
    _listed(EditionFactory(year=2030))
    assert list(exchange.directory(edition, country="la")) == [la]
    assert list(exchange.directory(edition, text="karst")) == [cn]
    assert list(exchange.directory(edition, text="Mekong")) == [la]
    assert set(exchange.directory(edition)) == {cn, la}


def test_directory_page_never_shows_email_or_phone(client, edition):
    me = _listed(edition)
    other = _listed(edition, person__email="secret@example.org", person__name_en="Somchai")
    RegistrationFactory(edition=edition, person=other.person, phone="+856 20 5555 1234", email="reg@example.org")
    client.force_login(me.person.user)
    response = client.get(_url(edition), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Somchai" in html
    assert "secret@example.org" not in html
    assert "reg@example.org" not in html
    assert "5555" not in html


def test_directory_page_shows_the_page_language(client, edition):
    me = _listed(edition, headline_zh_hans="生态修复", headline_en="Ecological restoration")
    client.force_login(me.person.user)
    assert "生态修复" in client.get(_url(edition)).content.decode()
    html = client.get(_url(edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ecological restoration" in html
    assert "Directory of participants" in html


def test_directory_needs_a_login(client, edition):
    response = client.get(_url(edition))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("size", [1, 3])
def test_directory_page_queries_do_not_grow(client, edition, django_assert_max_num_queries, size):
    me = _listed(edition)
    for _ in range(size):
        other = _listed(edition)
        ContactRequestFactory(edition=edition, sender=me.person, recipient=other.person)
    client.force_login(me.person.user)
    with django_assert_max_num_queries(13):  # 12, and the menu's "My outcomes" check
        response = client.get(_url(edition))
    assert len(response.context["rows"]) == size + 1


def test_directory_is_paginated(client, edition):
    me = _listed(edition)
    DirectoryEntryFactory.create_batch(exchange.ENTRIES_PER_PAGE, edition=edition)
    client.force_login(me.person.user)
    response = client.get(_url(edition) + "?page=2")
    assert response.context["page"].number == 2
    assert len(response.context["rows"]) == 1


# --- listing through the page -------------------------------------------------------------


def test_listing_page_needs_consent(client, edition):
    person = ParticipantFactory()
    take_part(person, edition)
    client.force_login(person.user)
    response = client.post(_url(edition, "entry"), {"headline_en": "x"})
    assert response.status_code == 400
    assert DirectoryEntry.objects.count() == 0
    response = client.post(_url(edition, "entry"), {"headline_en": "x", "consent": "on"})
    assert response.status_code == 302
    assert DirectoryEntry.objects.get().person == person


def test_listing_page_for_someone_not_taking_part_changes_nothing(client, edition):
    person = ParticipantFactory()
    client.force_login(person.user)
    response = client.post(_url(edition, "entry"), {"headline_en": "x", "consent": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert f"Only participants of {edition.name_en} can be listed" in response.content.decode()
    assert DirectoryEntry.objects.count() == 0


def test_leave_through_the_page(client, edition):
    me = _listed(edition)
    client.force_login(me.person.user)
    assert client.post(_url(edition, "leave")).status_code == 302
    assert DirectoryEntry.objects.count() == 0


# --- contact requests: services --------------------------------------------------------


def test_send_a_request_and_accept_it(edition):
    a, b = _listed(edition), _listed(edition)
    request = exchange.send_contact_request(b.person, a, actor=b.person.user, message="Let us talk")
    assert (request.sender, request.recipient, request.status) == (b.person, a.person, "pending")
    exchange.answer_contact_request(request, actor=a.person.user, accept=True)
    request.refresh_from_db()
    assert request.status == "accepted"
    assert [e.action for e in AuditEntry.objects.order_by("pk")][-2:] == [
        "people.contact.sent",
        "people.contact.answered",
    ]


def test_request_to_oneself_is_refused(edition, english):
    a = _listed(edition)
    with pytest.raises(ExchangeError) as exc:
        exchange.send_contact_request(a.person, a, actor=None)
    assert str(exc.value.message) == "You cannot send a contact request to yourself."
    assert ContactRequest.objects.count() == 0


def test_sender_must_be_listed(edition):
    a = _listed(edition)
    stranger = ParticipantFactory()
    with pytest.raises(ExchangeError):
        exchange.send_contact_request(stranger, a, actor=None)
    assert ContactRequest.objects.count() == 0


def test_second_live_request_to_the_same_person_is_refused_with_the_name(edition, english):
    a, b = _listed(edition, person__name_en="Anna"), _listed(edition)
    exchange.send_contact_request(b.person, a, actor=None)
    with pytest.raises(ExchangeError) as exc:
        exchange.send_contact_request(b.person, a, actor=None)
    assert str(exc.value.message) == "You have already sent Anna a contact request."
    assert ContactRequest.objects.count() == 1


def test_request_back_while_one_waits_is_refused(edition):
    a, b = _listed(edition), _listed(edition)
    exchange.send_contact_request(b.person, a, actor=None)
    with pytest.raises(ExchangeError):
        exchange.send_contact_request(a.person, b, actor=None)
    assert ContactRequest.objects.count() == 1


def test_after_a_decline_a_new_request_may_be_sent(edition):
    a, b = _listed(edition), _listed(edition)
    first = exchange.send_contact_request(b.person, a, actor=None)
    exchange.answer_contact_request(first, actor=None, accept=False)
    second = exchange.send_contact_request(b.person, a, actor=None)
    assert second.status == "pending"


def test_sending_is_rate_limited(edition, english):
    me = _listed(edition)
    others = [_listed(edition) for _ in range(exchange.MAX_REQUESTS_PER_DAY + 1)]
    for other in others[:-1]:
        exchange.send_contact_request(me.person, other, actor=None)
    with pytest.raises(ExchangeError) as exc:
        exchange.send_contact_request(me.person, others[-1], actor=None)
    assert str(exc.value.message) == (
        "You have sent 20 contact requests in the last 24 hours; please wait before sending more."
    )
    assert ContactRequest.objects.count() == exchange.MAX_REQUESTS_PER_DAY
    # A day later the allowance is back.
    later = timezone.now() + dt.timedelta(days=1, minutes=1)
    assert exchange.send_contact_request(me.person, others[-1], actor=None, now=later).status == "pending"


def test_answering_twice_is_refused(edition):
    request = ContactRequestFactory(edition=edition, status="declined")
    with pytest.raises(ExchangeError):
        exchange.answer_contact_request(request, actor=None, accept=True)
    request.refresh_from_db()
    assert request.status == "declined"


def test_details_only_after_acceptance(edition):
    a = _listed(edition, person__email="a@example.org")
    b = _listed(edition, person__email="")
    RegistrationFactory(edition=edition, person=b.person, email="b-reg@example.org", phone="+86 138 1234 5678")
    request = exchange.send_contact_request(a.person, b, actor=None)
    assert [(c.email, c.phone) for c in exchange.my_contacts(a.person, edition)] == [("", "")]
    exchange.answer_contact_request(request, actor=None, accept=True)
    assert [(c.email, c.phone) for c in exchange.my_contacts(a.person, edition)] == [
        ("b-reg@example.org", "+86 138 1234 5678")
    ]
    assert [(c.email, c.phone) for c in exchange.my_contacts(b.person, edition)] == [("a@example.org", "")]


@pytest.mark.parametrize("size", [1, 3])
def test_contacts_queries_do_not_grow(client, edition, django_assert_max_num_queries, size):
    me = _listed(edition)
    for _ in range(size):
        other = _listed(edition)
        RegistrationFactory(edition=edition, person=other.person)
        ContactRequestFactory(edition=edition, sender=other.person, recipient=me.person, status="accepted")
    client.force_login(me.person.user)
    with django_assert_max_num_queries(12):  # 11, and the menu's "My outcomes" check
        response = client.get(_url(edition, "contacts"))
    assert len(response.context["contacts"]) == size


# --- contact requests: pages and object-level permissions --------------------------------


def test_send_accept_and_see_the_email_through_the_pages(client, edition):
    a = _listed(edition, person__email="anna@example.org")
    b = _listed(edition)
    client.force_login(b.person.user)
    response = client.post(_url(edition, "contact", pk=a.pk), {"message": "Hello"})
    assert response.status_code == 302
    request = ContactRequest.objects.get()
    assert "anna@example.org" not in client.get(_url(edition, "contacts")).content.decode()

    client.force_login(a.person.user)
    assert client.post(_url(edition, "answer", pk=request.pk), {"answer": "accept"}).status_code == 302

    client.force_login(b.person.user)
    assert "anna@example.org" in client.get(_url(edition, "contacts")).content.decode()


def test_refused_request_shows_the_message_and_saves_nothing(client, edition):
    a = _listed(edition)
    client.force_login(a.person.user)
    response = client.post(_url(edition, "contact", pk=a.pk), {"message": "me"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "You cannot send a contact request to yourself." in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_contact_to_an_unknown_entry_is_404(client, edition):
    a = _listed(edition)
    other_edition_entry = _listed(EditionFactory(year=2031))
    client.force_login(a.person.user)
    assert client.post(_url(edition, "contact", pk=999999)).status_code == 404
    assert client.post(_url(edition, "contact", pk=other_edition_entry.pk)).status_code == 404
    assert ContactRequest.objects.count() == 0


def test_a_third_person_never_sees_the_details_nor_answers(client, edition):
    a = _listed(edition, person__email="anna@example.org")
    b = _listed(edition, person__email="bo@example.org")
    third = _listed(edition)
    request = ContactRequestFactory(edition=edition, sender=b.person, recipient=a.person)
    client.force_login(third.person.user)
    assert client.post(_url(edition, "answer", pk=request.pk), {"answer": "accept"}).status_code == 404
    assert client.post(_url(edition, "withdraw", pk=request.pk)).status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"
    exchange.answer_contact_request(request, actor=None, accept=True)
    html = client.get(_url(edition, "contacts")).content.decode() + client.get(_url(edition)).content.decode()
    assert "anna@example.org" not in html
    assert "bo@example.org" not in html


def test_the_sender_cannot_accept_their_own_request(client, edition):
    a, b = _listed(edition), _listed(edition)
    request = ContactRequestFactory(edition=edition, sender=b.person, recipient=a.person)
    client.force_login(b.person.user)
    assert client.post(_url(edition, "answer", pk=request.pk), {"answer": "accept"}).status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_the_sender_withdraws_a_waiting_request(client, edition):
    a, b = _listed(edition), _listed(edition)
    request = ContactRequestFactory(edition=edition, sender=b.person, recipient=a.person)
    client.force_login(b.person.user)
    assert client.post(_url(edition, "withdraw", pk=request.pk)).status_code == 302
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_directory_is_closed_to_accounts_that_do_not_take_part(client, edition):
    _listed(edition, person__name_en="Somchai")
    outsider = ParticipantFactory()
    client.force_login(outsider.user)
    response = client.get(_url(edition), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "Somchai" not in response.content.decode()


def test_a_participant_not_yet_listed_sees_the_directory(client, edition):
    _listed(edition, person__name_en="Somchai")
    person = ParticipantFactory()
    take_part(person, edition)
    client.force_login(person.user)
    response = client.get(_url(edition), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Somchai" in response.content.decode()
    assert "Request contact" not in response.content.decode()


def test_the_organizers_see_the_directory(client, edition, organizer):
    _listed(edition, person__name_en="Somchai")
    client.force_login(organizer)
    assert "Somchai" in client.get(_url(edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
