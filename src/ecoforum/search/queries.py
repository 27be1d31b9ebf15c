"""The search: match, rank, count per kind, page and highlight (one way on every database).

:func:`search` matches the documents of the edition (and the documents across
editions), has the database count them per kind and
rank one page — documents whose title holds every query word first, then text score
× boost — and reads that page's documents: three queries whatever the size (plus one
that indexes releases whose public time has come).

Highlighting escapes the text first and then wraps every occurrence of a query word
(a Chinese run as typed, an English word and its plural) in ``<mark>``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ecoforum.forums.models import Edition

from .backends import backend
from .indexing import KINDS, index_due_releases
from .models import SearchDocument
from .terms import Query, is_cjk, normalize, parse_query

PAGE_SIZE = 20
#: Characters of text shown around the first match.
SNIPPET_BEFORE = 30
SNIPPET_LENGTH = 160
#: Queries of fewer characters than this (after trimming) are not run; one Chinese character is enough.
MIN_LATIN_LENGTH = 2


EMPTY = SafeString("")


@dataclass
class Result:
    document: SearchDocument
    score: float
    title_hit: bool
    title: SafeString = EMPTY
    snippet: SafeString = EMPTY
    snippet_text: str = ""
    marks: list[tuple[int, int]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.document.kind

    @property
    def label(self) -> object:
        spec = KINDS.get(self.document.kind)
        return spec.label if spec else self.document.kind


@dataclass
class Results:
    query: Query
    kind: str
    counts: dict[str, int]
    total: int
    page: int
    pages: int
    items: list[Result]
    too_short: bool = False

    @property
    def count(self) -> int:
        return self.counts.get(self.kind, 0) if self.kind else self.total


def is_too_short(query: Query) -> bool:
    if not query:
        return True
    return all(not is_cjk(w) and len(w) < MIN_LATIN_LENGTH for w in query.words)


def search(
    text: str,
    *,
    edition: Edition | None,
    kind: str = "",
    page: int = 1,
    language: str = "zh-hans",
    page_size: int = PAGE_SIZE,
) -> Results:
    """One page of what ``text`` finds in ``edition`` (and across editions), ``kind`` or all kinds."""
    query = parse_query(text)
    kind = kind if kind in KINDS else ""
    empty = Results(query=query, kind=kind, counts=dict.fromkeys(KINDS, 0), total=0, page=1, pages=1, items=[])
    if is_too_short(query):
        empty.too_short = bool(query.text)
        return empty
    index_due_releases()
    engine = backend()
    edition_id = edition.pk if edition else None
    counts = dict.fromkeys(KINDS, 0)
    counts.update(engine.counts(query, edition_id))
    total = sum(counts.values())
    chosen = counts.get(kind, 0) if kind else total
    pages = max(1, math.ceil(chosen / page_size))
    page = min(max(1, page), pages)
    hits = engine.page(query, edition_id, kind=kind, limit=page_size, offset=(page - 1) * page_size) if chosen else []
    documents = SearchDocument.objects.in_bulk([hit.id for hit in hits])
    items = []
    for hit in hits:
        document = documents.get(hit.id)
        if document is None:  # removed between the two reads
            continue
        result = Result(document=document, score=round(hit.score, 6), title_hit=hit.title_hit)
        decorate(result, query, language)
        items.append(result)
    return Results(query=query, kind=kind, counts=counts, total=total, page=page, pages=pages, items=items)


# --- highlighting -----------------------------------------------------------


def _patterns(query: Query) -> list[re.Pattern[str]]:
    patterns = []
    for word in query.words:
        if is_cjk(word):
            patterns.append(re.compile(re.escape(word)))
        else:  # the word and its longer forms: forest → forest, forests
            patterns.append(re.compile(rf"(?<![0-9a-z]){re.escape(word)}[0-9a-z]*", re.IGNORECASE))
    return patterns


def spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where the query's words occur in ``text``: sorted, merged ``(start, end)`` offsets."""
    folded = normalize(text) if len(normalize(text)) == len(text) else text.lower()
    found = sorted((m.start(), m.end()) for p in _patterns(query) for m in p.finditer(folded) if m.end() > m.start())
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, marks: list[tuple[int, int]]) -> SafeString:
    """``text`` HTML-escaped, with each span wrapped in ``<mark>``."""
    out: list[str] = []
    at = 0
    for start, end in marks:
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def snippet(text: str, query: Query) -> tuple[str, list[tuple[int, int]]]:
    """A piece of ``text`` around its first match, and the match offsets inside it."""
    text = " ".join(text.split())
    found = spans(text, query)
    start = 0
    if found and len(text) > SNIPPET_LENGTH:
        start = max(0, min(found[0][0] - SNIPPET_BEFORE, len(text) - SNIPPET_LENGTH))
        space = text.find(" ", start, found[0][0])
        if start > 0 and space != -1:  # English: start at a word
            start = space + 1
    end = min(len(text), start + SNIPPET_LENGTH)
    piece = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = [(s + shift, min(e, end) + shift) for s, e in found if s >= start and s < end]
    return f"{prefix}{piece}{suffix}", inside


def decorate(result: Result, query: Query, language: str) -> None:
    """Title and snippet in ``language`` (the other as fallback), highlighted."""
    doc = result.document
    zh = language.startswith("zh")
    title = (doc.title_zh or doc.title_en) if zh else (doc.title_en or doc.title_zh)
    other_title = doc.title_en if zh else doc.title_zh
    if not spans(title, query) and spans(other_title, query):
        title = f"{title} · {other_title}" if title != other_title else title
    result.title = mark(title, spans(title, query))
    texts = [doc.text_zh, doc.text_en] if zh else [doc.text_en, doc.text_zh]
    chosen = next((t for t in texts if t and spans(t, query)), next((t for t in texts if t), ""))
    result.snippet_text, result.marks = snippet(chosen, query)
    result.snippet = mark(result.snippet_text, result.marks)
