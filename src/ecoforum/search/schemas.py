"""What the search API returns. Texts in both languages are ``{"zh-hans": …, "en": …}``."""

from __future__ import annotations

from ninja import Field, Schema

from ecoforum.investment.schemas import Text


class SearchHit(Schema):
    kind: str = Field(description="session, expert, release, project, exhibitor or case")
    title: Text
    url: str = Field(description="The page's address on this site.")
    snippet: str = Field(description="Plain text around the first match, in the request's language (or the other).")
    highlights: list[list[int]] = Field(
        description="Where the query's words are in `snippet`: [start, end) offsets in characters."
    )
    snippet_html: str = Field(description="The same snippet HTML-escaped, each match wrapped in <mark>.")
    score: float = Field(description="Higher is better; results come ranked, title matches first.")


class SearchPage(Schema):
    q: str
    kind: str = Field(description="The kind asked for, or empty for all.")
    count: int = Field(description="How many results of the kind asked for (all kinds if none), on all pages.")
    counts: dict[str, int] = Field(description="How many results of each kind.")
    page: int
    pages: int
    items: list[SearchHit]
