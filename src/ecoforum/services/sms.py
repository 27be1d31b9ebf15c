"""Text messages (短信) to guests, through a pluggable backend, the way Django sends mail.

The backend is chosen by the setting ``ECOFORUM_SMS_BACKEND``, a dotted path to a class
with a ``send(to, text)`` method (:class:`SmsBackend`):

- ``ecoforum.services.sms.ConsoleBackend`` (the default) writes the message to stdout;
- ``ecoforum.services.sms.LocmemBackend`` keeps it in :data:`outbox` (tests);
- a provider (Aliyun SMS, Tencent Cloud SMS, Twilio …) is a subclass of :class:`SmsBackend`
  in its own module whose ``send`` calls the provider's API and raises :class:`SmsError`
  when the provider refuses; point ``ECOFORUM_SMS_BACKEND`` at it. Chinese providers send
  only approved templates: such a backend maps the text to its template there.

A backend raises on failure; :mod:`.notify` records the error and carries on.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "ecoforum.services.sms.ConsoleBackend"


class SmsError(Exception):
    """The provider did not take the message."""


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


#: Messages "sent" through :class:`LocmemBackend` (emptied by the tests).
outbox: list[SmsMessage] = []


class SmsBackend:
    """Sends one text message; raises :class:`SmsError` (or any exception) when it cannot."""

    def send(self, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(SmsBackend):
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()


class LocmemBackend(SmsBackend):
    def send(self, to: str, text: str) -> None:
        outbox.append(SmsMessage(to=to, text=text))


def get_backend() -> SmsBackend:
    path = getattr(settings, "ECOFORUM_SMS_BACKEND", "") or DEFAULT_BACKEND
    backend_class = import_string(path)
    return backend_class()


def send_sms(to: str, text: str) -> None:
    """Send ``text`` to the phone number ``to`` through the configured backend."""
    to = to.strip()
    if not to:
        raise SmsError("no phone number")
    get_backend().send(to, text)
