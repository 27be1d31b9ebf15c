"""Public pages read from a PostgreSQL read replica; everything else from the primary.

``DATABASE_REPLICA_URL`` adds the ``replica`` database (a streaming replica of the primary). A read goes
there only while :func:`replica_reads` is on: :class:`ecoforum.core.middleware.ReplicaReadsMiddleware`
turns it on for a GET or HEAD request of an anonymous visitor to a public page. Even then the primary
answers

- every write (the replica is read-only);
- every read inside a transaction (``transaction.atomic``): what a service reads before it writes must
  be the current row, locked where needed;
- every read after the request has written anything: the rest of that request sees its own write;
- sessions and login failures, which may have been written a moment ago by the visitor's last request.

Without a replica the router says nothing and Django does what it always does.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

DEFAULT = "default"
REPLICA = "replica"
#: Apps whose rows are always read from the primary: a session or a login failure written a moment ago.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes"})
#: After the replica could not be reached, this process reads from the primary for so many seconds.
REPLICA_RETRY_SECONDS = 30.0


@dataclass
class ReplicaReads:
    """The state of one request that may read from the replica: ``wrote`` once it has written anything."""

    wrote: bool = False


_reads: ContextVar[ReplicaReads | None] = ContextVar("ecoforum_replica_reads", default=None)
_replica_down_until = 0.0


def replica_configured() -> bool:
    """Whether a read replica is configured (``DATABASE_REPLICA_URL``)."""
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[ReplicaReads]:
    """Reads inside may come from the replica, until the first write (the request of an anonymous
    visitor to a public page)."""
    state = ReplicaReads()
    token = _reads.set(state)
    try:
        yield state
    finally:
        _reads.reset(token)


def replica_usable() -> bool:
    """The replica answers. When it does not, this process reads from the primary for
    :data:`REPLICA_RETRY_SECONDS` and says so once in the log; pages are served all the same."""
    # One process's own memory of an outage: no other process needs it.
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as exc:
        _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        logger.warning(
            "The read replica cannot be reached (%s); public pages read from the primary for %d seconds.",
            exc,
            REPLICA_RETRY_SECONDS,
        )
        return False
    return True


def forget_replica_outage() -> None:
    """Try the replica again on the next request (after an outage, and between tests)."""
    global _replica_down_until
    _replica_down_until = 0.0


class ReplicaRouter:
    """``DATABASE_ROUTERS``: reads under :func:`replica_reads` from the replica, the rest from the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not replica_configured():
            return None
        state = _reads.get()
        if (
            state is not None
            and not state.wrote
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[DEFAULT].in_atomic_block
        ):
            return REPLICA
        return DEFAULT

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        state = _reads.get()
        if state is not None:
            state.wrote = True
        return DEFAULT if replica_configured() else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True if replica_configured() else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        # Migrations run on the primary and reach the replica by replication.
        return False if db == REPLICA else None
