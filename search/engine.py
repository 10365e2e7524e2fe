"""Full-text matching through Wagtail's search backends, in Swedish.

The user's words are analysed with ``search.analysis`` (stems, compound parts,
synonyms, one-typo corrections) and sent as Wagtail query objects to the configured
backend, which matches them against each method's analysed ``search_terms``. When the
default backend (Elasticsearch) fails, the database backend answers and the fault is
logged: users see results, never an error page.
"""

import logging

from django.db import connection
from modelsearch.query import MatchAll
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Not, Or, Phrase, PlainText

from methods.models import MethodPage

from .analysis import TermVariants, analyze_query_word, stem
from .ranking import rerank

logger = logging.getLogger(__name__)


def _word_query(word, typo_index):
    variants = analyze_query_word(word, typo_index)
    alternatives = [PlainText(term) for term in sorted({variants.stem, *variants.alternatives}) if term]
    if len(variants.parts) > 1:
        alternatives.append(And([PlainText(part) for part in variants.parts]))
    return alternatives[0] if len(alternatives) == 1 else Or(alternatives), variants


def build_query(parsed, typo_index=None):
    """(Wagtail query, analysed words) for a parsed query text.

    Free words are alternatives (a method matching more of them ranks higher); every
    quoted phrase is required; excluded words and phrases must not match.
    """
    words, phrases, analysed = [], [], []
    for word in parsed.words:
        query, variants = _word_query(word, typo_index)
        words.append(query)
        analysed.append(variants)
    for phrase in parsed.phrases:
        stems = [stem(w) for w in phrase]
        phrases.append(Phrase(" ".join(stems)) if len(stems) > 1 else PlainText(stems[0]))
        analysed.extend(TermVariants(word=w, stem=s) for w, s in zip(phrase, stems, strict=True))
    required = ([words[0] if len(words) == 1 else Or(words)] if words else []) + phrases
    if not required:
        return None, analysed
    negatives = []
    for excluded in parsed.excluded:
        if isinstance(excluded, list):
            negatives.append(Phrase(" ".join(stem(w) for w in excluded)))
        else:
            negatives.append(PlainText(stem(excluded)))
    parts = required + [Not(n) for n in negatives]
    return (parts[0] if len(parts) == 1 else And(parts)), analysed


def _run(backend, query):
    """{primary key: score} for every match, without building a model instance per match."""
    results = backend.search(query, MethodPage.objects.all(), order_by_relevance=True).annotate_score("_score")
    if type(results).__name__ == "SQLiteSearchResults":  # (its module only imports where FTS5 is in use)
        scores = _sqlite_scores(results.query_compiler)
        if scores is not None:
            return scores
    if hasattr(results, "get_queryset"):  # database backends: the same SQL, as (pk, score) rows
        return {pk: float(score or 0) for pk, score in results.get_queryset().values_list("pk", "_score")}
    return {page.pk: float(getattr(page, "_score", 0) or 0) for page in results}  # Elasticsearch


def _sqlite_scores(compiler):
    """Scores from Wagtail's FTS5 index, evaluated with one full-text match.

    Wagtail's SQLite backend attaches each score through a correlated subquery, and
    SQLite plans the join of the FTS table with the index entries inside out (one
    full-text match per index entry). Here the match built by the backend's own query
    compiler runs once, materialised, and is then joined to the index entries: the same
    BM25 score (bm25 * (title_norm + 1), which is what Wagtail's expression evaluates
    to), orders of magnitude faster on large collections.
    """
    from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry, SQLiteFTSIndexEntry

    normalized = normalize(compiler.query)
    if isinstance(normalized, (Not, MatchAll)):
        return None
    search_query = compiler.build_search_query(normalized, config=None)
    match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
    fts = SQLiteFTSIndexEntry.objects.filter(match).annotate(score=BM25()).values_list("index_entry_id", "score")
    fts_sql, fts_params = fts.query.sql_with_params()
    content_types = list(get_descendants_content_types_pks(MethodPage))
    entries = IndexEntry._meta.db_table
    placeholders = ", ".join(["%s"] * len(content_types))
    sql = (
        f"WITH matches(entry_id, score) AS MATERIALIZED ({fts_sql}) "
        f"SELECT e.object_id, matches.score * (e.title_norm + 1.0) FROM matches "
        f"JOIN {entries} e ON e.id = matches.entry_id WHERE e.content_type_id IN ({placeholders})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*fts_params, *content_types])
        return {int(object_id): float(score) for object_id, score in cursor.fetchall()}


def match(parsed, catalog=None):
    """({primary key: score}, highlight terms) for the methods matching the text.

    Words are combined with OR: a method matching more of them, in its title or as
    themselves, ranks higher (see ``search.ranking``).
    """
    from methods.catalog import get_catalog

    catalog = catalog or get_catalog()
    query, analysed = build_query(parsed, catalog.typo_index)
    highlight = set().union(*(v.all_terms for v in analysed)) if analysed else set()
    if query is None:
        return {}, highlight
    return rerank(search_with_fallback(query), analysed, catalog), highlight


def search_with_fallback(query):
    backend = get_search_backend("default")
    try:
        return _normalise_scores(backend, _run(backend, query))
    except Exception:
        from django.conf import settings

        if "database" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.exception("Search backend failed; answering from the database backend instead")
        fallback = get_search_backend("database")
        return _normalise_scores(fallback, _run(fallback, query))


def _normalise_scores(backend, scores):
    """Higher is better on every backend (SQLite's BM25 is negative: lower is better)."""
    if type(backend).__name__.startswith("SQLite"):
        return {pk: -score for pk, score in scores.items()}
    return scores
