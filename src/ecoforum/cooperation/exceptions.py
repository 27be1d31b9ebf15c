"""The domain error of international cooperation: a refusal with a message naming the item."""

from __future__ import annotations


class CooperationError(Exception):
    """A change the rules of cooperation refuse; ``message`` says why, in the active language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class UnknownPartner(CooperationError):
    """No such partner for this user: missing, or of a forum they do not organize (the same answer)."""


class UnknownAgreement(CooperationError):
    """No such agreement for this user: missing, or of a forum they do not organize (the same answer)."""
