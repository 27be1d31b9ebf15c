"""Writing audit entries. Every service that changes state calls :func:`log_action`."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry

#: Keys whose values never reach the audit log.
REDACTED_KEYS = frozenset(
    {
        "password",
        "token",
        "secret",
        "id_number",
        "passport_number",
        "document_number",
        "date_of_birth",
        "nationality",
        "feed_token",
        "api_key",
    }
)
REDACTED = "***"


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return redact(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def redact(data: dict[str, Any]) -> dict[str, Any]:
    """A JSON-safe copy of ``data`` with secret values replaced."""
    return {
        str(key): REDACTED if str(key).lower() in REDACTED_KEYS else _jsonable(value) for key, value in data.items()
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields that changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def log_action(
    obj: models.Model,
    action: str,
    *,
    actor: Any = None,
    data: dict[str, Any] | None = None,
    edition_id: int | None = None,
) -> AuditEntry:
    """Record ``action`` (a dotted code such as ``program.session.moved``) on ``obj``."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if edition_id is None:
        edition_id = getattr(obj, "edition_id", None)
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        edition_id=edition_id,
        data=redact(data or {}),
    )
