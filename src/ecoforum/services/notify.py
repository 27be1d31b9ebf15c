"""Mail and text messages to guests (placeholder until the notification area lands)."""

from __future__ import annotations


def registration_notice(registration_id: int, kind: str) -> None:
    return None
