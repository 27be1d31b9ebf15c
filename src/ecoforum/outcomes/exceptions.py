"""Domain errors of the outcomes: a message for the person, the form field it concerns.

The API maps them (``api/api.py``): :class:`NotAllowed` 403, :class:`UnknownOutcome` 404,
:class:`AlreadyFollowed` 409, any other :class:`OutcomeError` 422.
"""

from __future__ import annotations


class OutcomeError(Exception):
    """A change the rules refuse; nothing was changed."""

    def __init__(self, message, *, field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotAllowed(OutcomeError):
    """The actor may not change this outcome (not its responsible unit, not an organizer)."""


class UnknownOutcome(OutcomeError):
    """No such outcome (or stage) in this edition, or not the actor's to see."""


class AlreadyFollowed(OutcomeError):
    """The signing (or its project) is already followed as an outcome."""


class InvalidStage(OutcomeError):
    """A stage date or amount the rules refuse (a date before the signing, a negative amount …)."""


class InvalidEvidence(OutcomeError):
    """A file of the wrong type or too large, or a link that is not http(s)."""
