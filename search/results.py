"""Run a MethodQuery against the catalog: matching, filtering, facet counts and ordering.

Filters are OR within one dimension and AND across dimensions. The count shown for a
facet value is the number of methods the user would get by adding that value: the
current text query and every other dimension's filters apply, this dimension's own
filters do not.
"""

from dataclasses import dataclass, field

from methods.catalog import get_catalog, swedish_sort_key
from methods.dimensions import DIMENSIONS, KEYWORD

from . import engine

KEYWORD_FACET_SIZE = 15


@dataclass
class FacetValue:
    term: object
    count: int
    selected: bool


@dataclass
class Facet:
    dimension: object
    values: list = field(default_factory=list)


@dataclass
class SearchOutcome:
    query: object
    catalog: object
    ids: list  # every matching primary key, in result order
    scores: dict
    highlight_terms: set
    text_matches: frozenset | None  # None: no text query

    def __len__(self):
        return len(self.ids)

    def facets(self):
        return facet_counts(self.query, self.catalog, self.text_matches)


def _filtered(catalog, base, query, skip=None):
    ids = base
    for key, slugs in query.filters.items():
        if key == skip:
            continue
        postings = catalog.postings[key]
        union = set()
        for slug in slugs:
            union |= postings.get(slug, set())
        ids = ids & union
    return ids


def run(query, catalog=None):
    """All methods matching ``query``, ordered as the search page lists them."""
    catalog = catalog or get_catalog()
    parsed = query.parsed
    scores, highlight = {}, set()
    text_matches = None
    if parsed:  # the backend applies exclusions along with the words
        scores, highlight = engine.match(parsed, catalog)
        text_matches = frozenset(scores) & catalog.ids
    elif parsed.excluded:  # only exclusions: everything but what they match
        text_matches = catalog.ids - _excluded(parsed, catalog)
    base = catalog.ids if text_matches is None else text_matches
    ids = _filtered(catalog, base, query)
    ordered = _ordered(query, catalog, ids, scores)
    return SearchOutcome(query, catalog, ordered, scores, highlight, text_matches)


def _excluded(parsed, catalog):
    """Methods matching any excluded word or phrase (for queries that only exclude)."""
    from .query import ParsedText

    excluded = set()
    for item in parsed.excluded:
        words = item if isinstance(item, list) else [item]
        matches, _ = engine.match(ParsedText(phrases=[words]) if len(words) > 1 else ParsedText(words=words), catalog)
        excluded |= set(matches)
    return excluded


def _ordered(query, catalog, ids, scores):
    """``ids`` in the query's order. Fixed orders are precomputed per catalog snapshot."""
    if query.sort == "relevance" or (query.sort == "evidence" and scores):
        entries = catalog.entries
        position = catalog.positions("evidence") if scores else {}
        if query.sort == "relevance":
            return sorted(ids, key=lambda pk: (-scores.get(pk, 0.0), position.get(pk, 0)))
        return sorted(ids, key=lambda pk: (entries[pk].evidence_rank, -scores.get(pk, 0.0), position.get(pk, 0)))
    order = catalog.ordered(query.sort if query.sort in ("evidence", "updated") else "title")
    if len(ids) == len(catalog.ids):
        return list(order)
    return [pk for pk in order if pk in ids]


def facet_counts(query, catalog, text_matches=None):
    base = catalog.ids if text_matches is None else text_matches
    facets = []
    for dimension in DIMENSIONS:
        ids = _filtered(catalog, base, query, skip=dimension.key)
        postings = catalog.postings[dimension.key]
        selected = set(query.selected(dimension.key))
        values = []
        everything = len(ids) == len(catalog.ids)
        for term in catalog.ordered_terms(dimension.key):
            posting = postings.get(term.slug, set())
            count = len(posting) if everything else (len(posting & ids) if ids else 0)
            values.append(FacetValue(term, count, term.slug in selected))
        if dimension is KEYWORD:
            values = [v for v in values if v.count or v.selected]
            values.sort(key=lambda v: (not v.selected, -v.count, swedish_sort_key(v.term.label)))
            values = values[:KEYWORD_FACET_SIZE] + [v for v in values[KEYWORD_FACET_SIZE:] if v.selected]
        facets.append(Facet(dimension, values))
    return facets
