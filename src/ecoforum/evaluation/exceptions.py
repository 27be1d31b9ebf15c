"""Domain errors of the evaluation: a message for the person, the form field it concerns.

The API maps them (``api/api.py``): :class:`NotAllowed` 403, :class:`AlreadyAnswered` 409,
any other :class:`EvaluationError` 422.
"""

from __future__ import annotations


class EvaluationError(Exception):
    """A change the rules refuse; nothing was changed."""

    def __init__(self, message, *, field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotAllowed(EvaluationError):
    """The actor may not manage this edition's evaluation, or may not answer this survey."""


class SurveyClosed(EvaluationError):
    """The survey is not open now (before its opening, after its closing, or not published)."""


class AlreadyAnswered(EvaluationError):
    """This person has answered the survey already."""


class InvalidAnswer(EvaluationError):
    """An answer the question does not take (out of range, an unknown choice, a required answer missing)."""
