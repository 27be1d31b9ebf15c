"""Mail and text messages after a change: in the guest's language, recorded, sent after commit,
never breaking the change when the outside world fails, never carrying identity data."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from ecoforum.services import notify, sms
from ecoforum.services import registration as service
from ecoforum.services.models import Notification, Registration

from .factories import GuestCategoryFactory, RegistrationFormFactory
from .registration_helpers import applicant, passport_applicant

pytestmark = pytest.mark.django_db


class BrokenSms(sms.SmsBackend):
    """A provider that refuses everything (the outside world, not our code)."""

    def send(self, to: str, text: str) -> None:
        raise sms.SmsError("quota exceeded")


@pytest.fixture(autouse=True)
def _empty_outboxes(settings):
    settings.ECOFORUM_SMS_BACKEND = "ecoforum.services.sms.LocmemBackend"
    settings.SITE_URL = "https://forum.example.cn"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def media_form(edition):
    category = GuestCategoryFactory(
        edition=edition, code="media", name_zh_hans="媒体", name_en="Media", needs_approval=True, capacity=1
    )
    return RegistrationFormFactory(edition=edition, category=category, slug="media")


def _link(registration: Registration) -> str:
    path = reverse("services:guest", kwargs={"edition": registration.edition.slug, "token": registration.token})
    return f"https://forum.example.cn{path}"


def test_received_mail_in_english_names_edition_reference_status_and_link(
    media_form, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = service.register(media_form, passport_applicant(name_en="Marie DUPONT", language="en"))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [registration.email]
    assert message.subject == (
        f"Eco Forum Global Guiyang 2023: We have received your registration ({registration.reference})"
    )
    assert "Dear Marie DUPONT," in message.body
    assert f"Reference: {registration.reference}" in message.body
    assert "Status: Awaiting approval" in message.body
    assert "Category: Media" in message.body
    assert _link(registration) in message.body
    html, content_type = message.alternatives[0]
    assert content_type == "text/html"
    assert f'href="{_link(registration)}"' in html
    assert sms.outbox == []  # "received" is not worth a text message
    note = Notification.objects.get()
    assert (note.channel, note.kind, note.recipient, note.error) == ("mail", "received", registration.email, "")
    assert note.sent_at is not None
    assert note.subject == message.subject


def test_mail_in_chinese_uses_the_chinese_names(media_form, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = service.register(media_form, applicant(name_zh="王芳", language="zh-hans"))

    message = mail.outbox[0]
    assert message.subject.startswith("2023年生态文明贵阳国际论坛")
    assert "王芳" in message.body
    assert "媒体" in message.body
    assert registration.reference in message.subject


def test_waiting_list_mail_gives_the_position(media_form, django_capture_on_commit_callbacks):
    service.register(media_form, applicant())
    with django_capture_on_commit_callbacks(execute=True):
        waiting = service.register(media_form, applicant(language="en"))

    assert mail.outbox[-1].subject.endswith(f"You are on the waiting list ({waiting.reference})")
    assert "Your place on the waiting list: 1" in mail.outbox[-1].body


def test_approval_goes_by_mail_and_text_message_in_the_guests_language(
    media_form, organizer, django_capture_on_commit_callbacks
):
    registration = service.register(media_form, applicant(language="en", phone="+86 139 1234 5678"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        service.approve(registration, actor=organizer)

    assert [m.subject for m in mail.outbox] == [
        f"Eco Forum Global Guiyang 2023: Your registration is approved ({registration.reference})"
    ]
    assert sms.outbox == [
        sms.SmsMessage(
            to="+86 139 1234 5678",
            text=f"【Eco Forum Global Guiyang 2023】Your registration is approved. "
            f"Reference {registration.reference}. {_link(registration)}",
        )
    ]
    assert sorted(Notification.objects.filter(kind="approved").values_list("channel", "recipient")) == [
        ("mail", registration.email),
        ("sms", "+86 139 1234 5678"),
    ]


def test_no_text_message_without_a_phone(media_form, organizer, django_capture_on_commit_callbacks):
    registration = service.register(media_form, applicant(phone=""))

    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(registration)

    assert sms.outbox == []
    assert list(Notification.objects.values_list("channel", "kind")) == [("mail", "cancelled")]


def test_failing_mail_is_recorded_and_the_registration_stays(
    media_form, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        registration = service.register(media_form, applicant())

    assert Registration.objects.filter(pk=registration.pk).exists()
    note = Notification.objects.get()
    assert note.sent_at is None
    assert note.error == "SMTPServerDisconnected: Connection unexpectedly closed"


def test_failing_sms_provider_is_recorded_and_the_mail_still_goes(
    media_form, organizer, settings, django_capture_on_commit_callbacks
):
    settings.ECOFORUM_SMS_BACKEND = "tests.services.test_notify.BrokenSms"
    registration = service.register(media_form, applicant())

    with django_capture_on_commit_callbacks(execute=True):
        service.approve(registration, actor=organizer)

    by_channel = {n.channel: n for n in Notification.objects.filter(kind="approved")}
    assert by_channel["sms"].error == "SmsError: quota exceeded"
    assert by_channel["sms"].sent_at is None
    assert by_channel["mail"].sent_at is not None
    assert len(mail.outbox) == 1


def test_promotion_and_substitution_are_told(media_form, organizer, django_capture_on_commit_callbacks):
    first = service.register(media_form, applicant())
    second = service.register(media_form, applicant(language="en"))

    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(first)
    with django_capture_on_commit_callbacks(execute=True):
        replacement = service.substitute(second, applicant(), actor=organizer)

    kinds = sorted(Notification.objects.filter(channel="sms").values_list("registration_id", "kind"))
    assert kinds == sorted([(first.pk, "cancelled"), (second.pk, "promoted"), (second.pk, "substituted")])
    assert Notification.objects.filter(registration=replacement, channel="mail", kind="received").count() == 1
    substituted = next(m for m in mail.outbox if "passed to another person" in m.subject)
    assert "Your badge no longer admits you" in substituted.body


def test_identity_data_never_goes_into_a_message(media_form, organizer, django_capture_on_commit_callbacks):
    person = passport_applicant(document_number="E55667788", phone="+33 6 00 00 00 00")
    with django_capture_on_commit_callbacks(execute=True):
        registration = service.register(media_form, person)
        service.approve(registration, actor=organizer)

    everything = " ".join(
        [m.subject + m.body + m.alternatives[0][0] for m in mail.outbox] + [s.text for s in sms.outbox]
    )
    assert "E55667788" not in everything
    assert "1985" not in everything


def test_console_backend_is_the_default(settings, capsys):
    settings.ECOFORUM_SMS_BACKEND = ""

    sms.send_sms("+86 139 0000 0000", "你好")

    assert capsys.readouterr().out.startswith("SMS to +86 139 0000 0000:\n你好\n")


def test_a_missing_registration_sends_nothing():
    assert notify.registration_notice(987654, "approved") == []
    assert mail.outbox == []
