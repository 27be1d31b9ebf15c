"""Ids in addresses: digits that fit a database key, so an absurd id is a 404, never a 500."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

#: The largest primary key a BigAutoField holds.
MAX_RECORD_ID = 2**63 - 1

#: An id in an API body or query: a positive integer that fits the database.
RecordId = Annotated[int, Field(ge=1, le=MAX_RECORD_ID)]


class IdConverter:
    """``<id:pk>``: like ``<int:pk>``, but only values a database key can hold."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
