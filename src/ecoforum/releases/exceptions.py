"""Domain errors of the releases: a message for the person, the form field it concerns."""

from __future__ import annotations


class ReleaseError(Exception):
    """A change the rules refuse; nothing was changed."""

    def __init__(self, message, *, field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotAllowed(ReleaseError):
    """The actor may not manage this edition's releases."""


class DuplicateVersion(ReleaseError):
    """The release already has a version with this number."""


class AlreadySigned(ReleaseError):
    """The address has signed this release already (confirmed or not)."""


class TooManyAttempts(ReleaseError):
    """Too many signatures from one client address, or for one release, in a short time."""
