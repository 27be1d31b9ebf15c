"""A file that waits between an import's preview and its confirmation.

An organizer uploads a file, sees what it would change, and confirms. Between the two
requests the file waits in the default storage under a random name; the organizer's
session remembers where, for which scope (an edition's id), under what name and with
which SHA-256, so that the confirmation applies exactly the file that was previewed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


@dataclass(frozen=True)
class Staged:
    name: str
    sha256: str
    path: str

    def read(self) -> bytes:
        with default_storage.open(self.path, "rb") as stored:
            return stored.read()


class StagedUpload:
    """The upload waiting under ``key`` in ``session`` for ``scope``: at most one per key."""

    def __init__(self, session: Any, key: str, scope: int):
        self.session = session
        self.key = key
        self.scope = scope

    def stage(self, data: bytes, name: str) -> Staged:
        """Keep ``data`` for the confirmation, replacing what waited before."""
        self.forget()
        path = default_storage.save(f"imports/{secrets.token_hex(16)}.bin", ContentFile(data))
        staged = Staged(name=name[:200], sha256=hashlib.sha256(data).hexdigest(), path=path)
        self.session[self.key] = {"scope": self.scope, "path": path, "name": staged.name, "sha256": staged.sha256}
        return staged

    def pending(self, sha256: str | None = None) -> Staged | None:
        """What waits for this scope (and has this digest, when given), if the file is still there."""
        entry = self.session.get(self.key)
        if not entry or entry.get("scope") != self.scope or not default_storage.exists(entry["path"]):
            return None
        if sha256 is not None and sha256 != entry["sha256"]:
            return None
        return Staged(name=entry["name"], sha256=entry["sha256"], path=entry["path"])

    def forget(self) -> None:
        entry = self.session.pop(self.key, None)
        if entry and default_storage.exists(entry["path"]):
            default_storage.delete(entry["path"])
