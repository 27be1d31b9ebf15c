"""Full-text matching over ``SearchDocument.terms``, one backend per database (picked by ``connection.vendor``).

Each backend counts the matches of a parsed query per kind, and reads one ranked page
of them as light :class:`Hit` rows (id, kind, score, whether the title holds every
query word); the SQL around the match is shared, so the ranking is the same everywhere.
User input never reaches SQL as text: each term goes in as a parameter.

- PostgreSQL: ``terms_vector @@ to_tsquery('simple', 'a' & 'b')``, where ``terms_vector`` is
  the stored ``to_tsvector('simple', terms)`` of migration 0002 with its GIN index; score
  ``ts_rank``.
- SQLite: FTS5 ``MATCH '"a" "b"'`` (every quoted term required); score ``-bm25()``.
- SQLite without FTS5: ``terms LIKE`` per term (space-delimited, so whole terms only);
  score the number of terms (no frequencies).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.utils import DatabaseError

from .models import SearchDocument
from .terms import Query

TABLE = SearchDocument._meta.db_table


@dataclass(frozen=True)
class Hit:
    id: int
    kind: str
    score: float
    title_hit: bool


def _scope(edition_id: int | None) -> tuple[str, list]:
    if edition_id is None:
        return "d.edition_id IS NULL", []
    return "(d.edition_id = %s OR d.edition_id IS NULL)", [edition_id]


def _title_hit(query: Query) -> tuple[str, list]:
    """1 when the title (either language) holds every query word as typed, else 0.

    Query words are ``[0-9a-z]+`` or Chinese characters only (``terms.parse_query``): no LIKE wildcard in them.
    """
    likes = " AND ".join("(LOWER(d.title_zh) || ' ' || LOWER(d.title_en)) LIKE %s" for _ in query.words)
    return f"CASE WHEN {likes} THEN 1 ELSE 0 END", [f"%{word}%" for word in query.words]


class Backend:
    """The shared SQL around each database's match: counts per kind, and one ranked page."""

    name = ""

    def _match(self, query: Query) -> tuple[str, str, list]:
        """``FROM … WHERE <match>`` (documents aliased ``d``), the text score expression, their parameters."""
        raise NotImplementedError

    def counts(self, query: Query, edition_id: int | None) -> dict[str, int]:
        source, _score, params = self._match(query)
        scope, scope_params = _scope(edition_id)
        sql = f"SELECT d.kind, COUNT(*) {source} AND {scope} GROUP BY d.kind"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *scope_params])
            return {kind: int(count) for kind, count in cursor.fetchall()}

    def page(self, query: Query, edition_id: int | None, *, kind: str, limit: int, offset: int) -> list[Hit]:
        """Ranked: title matches first, then text score × boost, then id."""
        source, score, params = self._match(query)
        scope, scope_params = _scope(edition_id)
        title, title_params = _title_hit(query)
        only = " AND d.kind = %s" if kind else ""
        sql = (
            f"SELECT d.id, d.kind, ({score}) * d.boost AS rank, {title} AS title_hit "
            f"{source} AND {scope}{only} ORDER BY title_hit DESC, rank DESC, d.id LIMIT %s OFFSET %s"
        )
        # Parameters in the order of their placeholders: title test, match, scope, kind (scores take none).
        all_params = [*title_params, *params, *scope_params, *([kind] if kind else [])]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*all_params, limit, offset])
            return [Hit(int(r[0]), r[1], float(r[2] or 0.0), bool(r[3])) for r in cursor.fetchall()]

    def match(self, query: Query, edition_id: int | None) -> set[int]:
        """The ids of every matching document (for the benchmark and the tests)."""
        source, _score, params = self._match(query)
        scope, scope_params = _scope(edition_id)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT d.id {source} AND {scope}", [*params, *scope_params])
            return {int(r[0]) for r in cursor.fetchall()}


class PostgresBackend(Backend):
    name = "postgresql"

    def _match(self, query: Query) -> tuple[str, str, list]:
        tsquery = " & ".join(f"'{term}'" for term in query.terms)  # terms are [0-9a-z]+ or CJK: nothing to escape
        return (
            f"FROM {TABLE} d, to_tsquery('simple', %s) AS q(query) WHERE d.terms_vector @@ q.query",
            "ts_rank(d.terms_vector, q.query)",
            [tsquery],
        )


class SqliteBackend(Backend):
    name = "sqlite-fts5"

    def _match(self, query: Query) -> tuple[str, str, list]:
        expression = " ".join(f'"{term}"' for term in query.terms)  # FTS5: quoted strings, ANDed
        return (
            f"FROM search_fts JOIN {TABLE} d ON d.id = search_fts.rowid WHERE search_fts MATCH %s",
            "-bm25(search_fts)",
            [expression],
        )


class LikeBackend(Backend):
    """For a SQLite without FTS5: a scan, correct but slow on large indexes; score = 1."""

    name = "sqlite-like"

    def _match(self, query: Query) -> tuple[str, str, list]:
        likes = " AND ".join("(' ' || d.terms || ' ') LIKE %s" for _ in query.terms)
        return f"FROM {TABLE} d WHERE {likes}", "1.0", [f"% {term} %" for term in query.terms]


_sqlite_has_fts: dict[str, bool] = {}


def _has_fts() -> bool:
    key = str(connection.settings_dict.get("NAME"))
    if key not in _sqlite_has_fts:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM search_fts LIMIT 0")
            _sqlite_has_fts[key] = True
        except DatabaseError:
            _sqlite_has_fts[key] = False
    return _sqlite_has_fts[key]


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite" and _has_fts():
        return SqliteBackend()
    return LikeBackend()
