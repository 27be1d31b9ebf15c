"""Row locks for scarce things, the same way in every app.

Lock the row that owns the capacity (``select_for_update``), in sorted key
order when there are several, with a bounded wait: a lock that cannot be had
in time is "busy, try again" (:class:`Busy`), never a 500.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import OperationalError, connection, models
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)

LOCK_TIMEOUT_MS = 5000


class Busy(Exception):
    """Someone else is changing the same thing right now; the request may be retried."""

    message = _("Someone else is changing this right now. Please try again in a moment.")

    def __str__(self) -> str:
        return str(self.message)


def _set_lock_timeout() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS)}")


def lock_one(model: type[M], pk: Any) -> M:
    """Lock and return one row; must run inside a transaction.

    Generic code reaches the manager through ``_default_manager`` (Django's own
    advice, and what a ``type[M]`` is known to have); for the models locked
    here that is ``objects``.
    """
    _set_lock_timeout()
    try:
        return model._default_manager.select_for_update(no_key=True).get(pk=pk)
    except OperationalError as exc:
        raise Busy() from exc


def lock_many(model: type[M], pks: Iterable[Any]) -> list[M]:
    """Lock several rows in sorted key order (no deadlocks between two lockers)."""
    _set_lock_timeout()
    try:
        return list(
            model._default_manager.select_for_update(no_key=True).filter(pk__in=sorted(set(pks))).order_by("pk")
        )
    except OperationalError as exc:
        raise Busy() from exc
