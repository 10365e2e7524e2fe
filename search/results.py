"""The query layer: a MethodQuery answered by the database and the search backend.

``MethodSearch(query)`` behaves like a small QuerySet over the methods the public may
see *now* (``MethodPage.objects.visible()``, evaluated per request): the text match runs
in the search backend with that QuerySet, filters and fixed orders run in SQL, and
facet counts are SQL aggregates over the same set. The search page, the exports, the
API and the evidence gap map all read their methods from here.
"""

from dataclasses import dataclass, field
from functools import cached_property

from methods.dimensions import DIMENSIONS, KEYWORD
from methods.models import MethodPage
from methods.pagination import paginate
from methods.querysets import swedish_sort_key
from methods.terms import all_terms, ordered_terms

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


class MethodSearch:
    def __init__(self, query, queryset=None):
        self.query = query
        self.visible = MethodPage.objects.visible() if queryset is None else queryset
        parsed = query.parsed
        self.text_match = engine.match(parsed, self.visible) if (parsed or parsed.excluded) else None

    @property
    def highlight_terms(self):
        return self.text_match.highlight if self.text_match else set()

    @property
    def scores(self):
        return self.text_match.scores if self.text_match else {}

    @cached_property
    def base(self):
        """The visible methods that match the text (all visible methods without a text)."""
        if self.text_match is None:
            return self.visible
        return self.visible.with_pks(self.text_match.scores)

    @cached_property
    def filtered(self):
        return self.base.tagged(self.query.filters)

    @cached_property
    def _ranked_ids(self):
        """Every matching primary key in the query's order, where the order needs the text scores."""
        scores = self.text_match.scores
        rows = self.filtered.order_by().values_list("pk", "evidence_level__rank", "title")
        if self.query.sort == "relevance":
            key = lambda row: (-scores.get(row[0], 0.0), row[1], swedish_sort_key(row[2]), row[0])  # noqa: E731
        elif self.query.sort == "evidence":
            key = lambda row: (row[1], -scores.get(row[0], 0.0), swedish_sort_key(row[2]), row[0])  # noqa: E731
        else:
            return None
        return [row[0] for row in sorted(rows, key=key)]

    def _needs_scores(self):
        return self.text_match is not None and self.query.sort in ("relevance", "evidence") and self._has_scores

    @property
    def _has_scores(self):
        return any(self.text_match.scores.values())

    def ordered_queryset(self):
        return self.filtered.ordered(self.query.sort)

    def count(self):
        if self._needs_scores():
            return len(self._ranked_ids)
        return self.filtered.count()

    def ids(self):
        """Every matching primary key, in result order (for exports and the gap map)."""
        if self._needs_scores():
            return list(self._ranked_ids)
        return list(self.ordered_queryset().values_list("pk", flat=True))

    def page(self, params, per_page, number=None):
        """A Django Page of primary keys (see ``methods.pagination`` for the rule on bad numbers)."""
        if self._needs_scores():
            return paginate(self._ranked_ids, params, per_page, number)
        return paginate(self.ordered_queryset().values_list("pk", flat=True), params, per_page, number)

    def facet_counts(self, dimensions=DIMENSIONS):
        return self.base.facet_counts(self.query.filters, dimensions)

    def facets(self):
        counts = self.facet_counts()
        # Keywords: only those that would give results (or are chosen) are offered, the most used first.
        keywords = set(counts[KEYWORD.key]) | set(self.query.selected(KEYWORD.key))
        terms = all_terms(DIMENSIONS, only={KEYWORD.key: keywords})
        facets = []
        for dimension in DIMENSIONS:
            selected = set(self.query.selected(dimension.key))
            dimension_counts = counts[dimension.key]
            if dimension is KEYWORD:
                values = [
                    FacetValue(t, dimension_counts.get(t.slug, 0), t.slug in selected)
                    for t in terms[dimension.key].values()
                ]
                values.sort(key=lambda v: (not v.selected, -v.count, swedish_sort_key(v.term.label)))
                values = values[:KEYWORD_FACET_SIZE] + [v for v in values[KEYWORD_FACET_SIZE:] if v.selected]
            else:
                values = [
                    FacetValue(t, dimension_counts.get(t.slug, 0), t.slug in selected)
                    for t in ordered_terms(dimension, terms[dimension.key])
                ]
            facets.append(Facet(dimension, values))
        return facets
