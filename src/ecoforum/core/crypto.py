"""Identity data encrypted at rest: passport and ID card numbers, dates of birth.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from the
``cryptography`` library) before they reach the database, and decrypted when a
row is read. The keys come from the environment, ``ECOFORUM_DATA_KEYS``: a
comma-separated list of Fernet keys; the first encrypts, all decrypt, so a key
is rotated by putting the new one first and running ``ecoforum rotate_data_keys``.
A developer's machine and the tests derive a key from ``SECRET_KEY`` instead;
production (``ECOFORUM_PRODUCTION=1``) refuses to start without the variable.

Encrypted values cannot be searched or compared in SQL. Where a rule needs to
compare them (one registration per passport), a keyed hash of the normalized
value is stored beside them: :func:`blind_index`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

ENV = "ECOFORUM_DATA_KEYS"


def _derived_key(purpose: str) -> bytes:
    digest = hashlib.sha256(f"ecoforum.{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


def data_keys() -> list[bytes]:
    raw = [item.strip() for item in os.environ.get(ENV, "").split(",") if item.strip()]
    if raw:
        return [item.encode() for item in raw]
    if os.environ.get("ECOFORUM_PRODUCTION") in {"1", "true", "yes", "on"} and not settings.TESTING:
        raise ImproperlyConfigured(f"{ENV} must be set in production (Fernet keys, comma-separated)")
    return [_derived_key("data-key")]


@functools.cache
def _fernet(keys: tuple[bytes, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"{ENV} holds a key that is not a Fernet key: {error}") from error


def fernet() -> MultiFernet:
    return _fernet(tuple(data_keys()))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(f"A value cannot be decrypted with the keys in {ENV}") from error


def rotate(token: str) -> str:
    """The value re-encrypted with the first key."""
    return fernet().rotate(token.encode()).decode()


def blind_index(value: str, purpose: str) -> str:
    """A keyed hash of a normalized value, to compare encrypted values (empty for an empty value)."""
    normalized = "".join(value.split()).upper()
    if not normalized:
        return ""
    key = base64.urlsafe_b64decode(_derived_key(f"index.{purpose}"))
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


def redact(value: str, keep: int = 2) -> str:
    """What an export or a log may show of a secret: its last characters."""
    if not value:
        return ""
    return "•" * max(len(value) - keep, 4) + value[-keep:] if len(value) > keep else "•" * 4


class EncryptedTextField(models.TextField):
    """A text stored encrypted. Empty stays empty (so ``blank=True`` forms behave)."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            return None  # an encrypted value cannot be searched
        return super().get_lookup(lookup_name)
