"""Wagtail's database search backends, extended with one method: ``scores()`` for a whole result set.

The search page needs a score for every match (to rank, re-rank and count facets). The
stock results classes give scores only on model instances, and on SQLite attach each
score through a correlated subquery that SQLite plans inside out: one full-text match
per index entry, which costs seconds at 50,000 methods. These subclasses are named in
``WAGTAILSEARCH_BACKENDS`` (``search.backends.database``) and change nothing else:

- ``FastSQLiteSearchBackend`` runs the full-text match built by the backend's own query
  compiler once, materialised, joins it to the index entries and restricts it to the
  searched QuerySet (through a narrow covering index, migration search/0002): the same
  BM25 score, ``bm25 * (title_norm + 1)``, which is what the
  stock rank expression evaluates to for a single match expression.
- ``ScoringPostgresSearchBackend`` reads ``(pk, score)`` rows from the stock QuerySet
  instead of building a page instance per match.

``modelsearch`` is pinned in pyproject.toml; ``tests/search/test_backends_database.py``
compares these scores with the stock backend's and fails if the package changes shape.
"""

from django.db import connection
from modelsearch.backends import database as stock_database_backends
from modelsearch.backends.database import SearchBackend as stock_backend_for_connection
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend, PostgresSearchResults
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

SCORE_FIELD = "_score"
MATCH_INDEX = "search_indexentry_match"  # created by migration search/0002


class ScoredResultsMixin:
    """Results that can give ``{primary key: score}`` for every match; higher is better."""

    def scores(self):
        queryset = self.annotate_score(SCORE_FIELD).get_queryset()
        return {pk: float(score or 0) for pk, score in queryset.order_by().values_list("pk", SCORE_FIELD)}


class ScoringPostgresSearchResults(ScoredResultsMixin, PostgresSearchResults):
    pass


class ScoringPostgresSearchBackend(PostgresSearchBackend):
    results_class = ScoringPostgresSearchResults


def _sqlite_classes():
    # Imported only where SQLite with FTS5 is in use: the module creates FTS models.
    from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        IndexEntry,
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchResults,
    )

    class FastSQLiteSearchResults(ScoredResultsMixin, SQLiteSearchResults):
        def scores(self):
            compiler = self.query_compiler
            normalized = normalize(compiler.query)
            if isinstance(normalized, (Not, MatchAll)):
                return {pk: -score for pk, score in super().scores().items()}
            search_query = compiler.build_search_query(normalized, config=None)
            match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
            fts = (
                SQLiteFTSIndexEntry.objects.filter(match).annotate(score=BM25()).values_list("index_entry_id", "score")
            )
            fts_sql, fts_params = fts.query.sql_with_params()
            content_types = list(get_descendants_content_types_pks(compiler.queryset.model))
            placeholders = ", ".join(["%s"] * len(content_types))
            # SQLite's BM25 is negative, lower is better: turned round so that higher is better.
            # The covering index (migration search/0002) spares reading the entries' text.
            sql = (
                f"WITH matches(entry_id, score) AS MATERIALIZED ({fts_sql}) "
                f"SELECT CAST(e.object_id AS INTEGER), -matches.score * (e.title_norm + 1.0) FROM matches "
                f"JOIN {IndexEntry._meta.db_table} e INDEXED BY {MATCH_INDEX} ON e.id = matches.entry_id "
                f"WHERE e.content_type_id IN ({placeholders})"
            )
            params = [*fts_params, *content_types]
            if compiler.queryset.query.where:  # restricted to the searched QuerySet
                within_sql, within_params = compiler.queryset.order_by().values("pk").query.sql_with_params()
                sql += f" AND e.object_id IN ({within_sql})"
                params += within_params
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return dict(cursor.fetchall())

    class FastSQLiteSearchBackend(SQLiteSearchBackend):
        results_class = FastSQLiteSearchResults

    return FastSQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 (Wagtail looks up this name)
    """The stock choice of database backend for the connection, with scoring results."""
    if connection.vendor == "postgresql":
        return ScoringPostgresSearchBackend(params)
    backend = stock_backend_for_connection(params)
    if connection.vendor == "sqlite" and stock_database_backends.USE_SQLITE_FTS:
        return _sqlite_classes()(params)
    return backend
