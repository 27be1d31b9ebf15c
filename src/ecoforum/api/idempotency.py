"""Retried writes are answered, not repeated: the ``Idempotency-Key`` header.

An endpoint opts in by declaring the header as a parameter named
``idempotency_key`` (so the OpenAPI document shows it). The decorator that
:mod:`ecoforum.api.api` puts on every operation then runs such an endpoint inside
one transaction together with the record of its response:

- a new key: the endpoint runs; its response is stored with the key, in the same
  transaction, so the key exists exactly when the write happened;
- a key already answered, same request: the stored response, nothing runs;
- a key already answered, another request (other path or body): 422;
- a request that failed (conflict, busy, invalid) stores nothing: a retry runs again.

Two requests racing with one key are serialized by the unique constraint: the
second waits for the first and then replays its response.

Endpoints that opt in call the "part of a larger transaction" variant of their
service inside ``transaction.atomic()`` (``services.add_session``, not
``create_session``), so they nest inside this transaction. The model is pretix's
``api/middleware.py`` and Zulip's idempotency design.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.responses import Status
from pydantic import BaseModel

from .models import IdempotentRequest

PARAMETER = "idempotency_key"
HEADER = "Idempotency-Key"


class KeyReused(Exception):
    message = _("This Idempotency-Key was already used for a different request.")


def fingerprint(request: HttpRequest) -> str:
    """The request as a retry must repeat it: method, path and the body's JSON (key order ignored)."""
    try:
        body: Any = json.loads(request.body or b"null")
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = request.body
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(canonical)
    return digest.hexdigest()


def _jsonable(result: Any) -> tuple[int, Any]:
    status, value = (result.status_code, result.value) if isinstance(result, Status) else (200, result)
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True)
    return status, value


def replay_retries(func: Callable) -> Callable:
    """Operation decorator: idempotency for the endpoints that declare ``idempotency_key``."""
    if PARAMETER not in inspect.signature(func).parameters:
        return func

    @functools.wraps(func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key = kwargs.get(PARAMETER)
        user = getattr(request, "auth", None)
        if not key or user is None or not getattr(user, "is_authenticated", False):
            return func(request, *args, **kwargs)
        request_print = fingerprint(request)
        with transaction.atomic(durable=True):
            try:
                with transaction.atomic():
                    record = IdempotentRequest.objects.create(
                        user=user, key=key, fingerprint=request_print, status=0, response={}
                    )
            except IntegrityError:
                earlier = IdempotentRequest.objects.get(user=user, key=key)
                if earlier.fingerprint != request_print:
                    raise KeyReused() from None
                return Status(earlier.status, earlier.response)
            result = func(request, *args, **kwargs)
            status, body = _jsonable(result)
            if status >= 400:
                transaction.set_rollback(True)
                return result
            record.status = status
            record.response = body
            record.save(update_fields=["status", "response"])
        return result

    return wrapper
