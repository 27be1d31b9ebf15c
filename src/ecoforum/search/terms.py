"""The index terms of a text, and of a query, read the same way in both languages.

Latin letters and digits make words, lower-cased (and full-width forms folded by NFKC);
a simple English plural is folded to its singular (``forests`` → ``forest``,
``policies`` → ``policy``). Every run of Chinese characters gives its single
characters **and** its overlapping bigrams: ``石漠化治理`` → 石 漠 化 治 理 石漠 漠化 化治
治理. A query of two or more Chinese characters asks for all its bigrams, a single
character for that character, so any Chinese word inside a longer text is found
without a dictionary (docs/decisions/0015-search.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

#: CJK unified ideographs (with extension A and the compatibility block).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(rf"[{CJK}]+|[0-9a-z]+")
CJK_RUN = re.compile(rf"[{CJK}]+")

#: A query longer than this is cut: nobody types more, and each term costs the database a lookup.
MAX_QUERY_LENGTH = 100


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def fold(word: str) -> str:
    """A simple English plural to its singular; other words unchanged."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) and not word.isdigit():
        return word[:-1]
    return word


def _tokens(text: str) -> Iterator[str]:
    yield from TOKEN.findall(normalize(text))


def is_cjk(token: str) -> bool:
    return bool(CJK_RUN.fullmatch(token))


def index_terms(*texts: str) -> list[str]:
    """Every term of the texts, in order, with repeats (the rank counts them)."""
    terms: list[str] = []
    for text in texts:
        for token in _tokens(text):
            if is_cjk(token):
                terms.extend(token)
                terms.extend(token[i : i + 2] for i in range(len(token) - 1))
            else:
                terms.append(fold(token))
    return terms


@dataclass(frozen=True)
class Query:
    """A parsed query: the terms every document must hold, and the words to mark in what is shown."""

    text: str
    terms: tuple[str, ...]
    words: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(text: str) -> Query:
    """``石漠化 forests`` → terms 石漠 漠化 forest (all required), words 石漠化 forest."""
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    terms: list[str] = []
    words: list[str] = []
    for token in _tokens(text):
        if is_cjk(token):
            found = [token] if len(token) == 1 else [token[i : i + 2] for i in range(len(token) - 1)]
        else:
            found = [fold(token)]
        words.append(token if is_cjk(token) else fold(token))
        terms.extend(t for t in found if t not in terms)
    return Query(text=text, terms=tuple(terms), words=tuple(dict.fromkeys(words)))
