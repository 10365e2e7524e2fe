"""Facet counts from the search engine's own aggregations (Elasticsearch), for ``MethodSearch``.

The rule is ``MethodSearch.facet_counts``'s (values combine with OR within a dimension and
with AND across dimensions; a count says what ticking the value lists), computed by the
cluster in one request of size 0 with a filter aggregation per dimension. The set the
counts are taken over is decided by the database for this request, never by the index:
the visible methods matching the text (their keys are sent), or, without a text, every
method but those ``MethodPage.objects.hidden()`` lists now.

The methods' tags and facts are in each document as ``FilterField`` values
(``MethodPage.search_fields``).
"""

from methods.dimensions import DIMENSIONS, KEYWORD
from methods.facts import BY_SLUG as FACT_BY_SLUG
from methods.facts import FACTS
from methods.facts import KEY as FACTS_KEY
from methods.models import MethodPage

KEYWORD_BUCKETS = 400  # keywords counted per dimension bucket list (the facet shows the 200 most frequent)
CONTROLLED_BUCKETS = 1000  # more than any controlled vocabulary holds


def _terms(column, values):
    return {"terms": {column: sorted(str(v) for v in values)}}


def _bucket_counts(aggregation):
    return {int(bucket["key"]): bucket["doc_count"] for bucket in aggregation["values"]["buckets"]}


class FacetAggregation:
    """The request for one ``MethodSearch`` and its answer, as ``{dimension key: {term pk: count}}``."""

    def __init__(self, backend, search, dimensions=DIMENSIONS):
        self.backend = backend
        self.search = search
        self.dimensions = dimensions
        column = backend.filter_column
        self.columns = {d.key: column(MethodPage, d.relation) for d in DIMENSIONS}
        self.fact_columns = {fact.slug: column(MethodPage, fact.field) for fact in FACTS}

    def _base(self):
        if self.search.text_match is not None:  # already cut to the visible methods
            return [_terms("pk", self.search.text_match.scores)]
        return [{"bool": {"must_not": [_terms("pk", self.search.visible_methods.hidden)]}}]

    def _filters(self, skip=None, skip_fact=None):
        filters = [
            _terms(self.columns[key], pks)
            for key, pks in self.search.ticked_terms.items()
            if key != skip and key in self.columns
        ]
        for slug in self.search.query.selected(FACTS_KEY):
            fact = FACT_BY_SLUG.get(slug)
            if fact is not None and slug != skip_fact:
                filters.append(_terms(self.fact_columns[slug], fact.values))
        return filters

    def _values(self, dimension, include=None):
        size = KEYWORD_BUCKETS if dimension is KEYWORD else CONTROLLED_BUCKETS
        terms = {"field": self.columns[dimension.key], "size": size}
        if include is not None:
            terms = {**terms, "include": sorted(str(v) for v in include), "size": len(include)}
        return {"values": {"terms": terms}}

    def body(self):
        """(filters, aggregations) of the request."""
        ticked = self.search.ticked_terms
        aggregations = {"listed": {"filter": {"bool": {"filter": self._filters()}}}}
        for dimension in self.dimensions:
            key = dimension.key
            others = {"bool": {"filter": self._filters(skip=key)}}
            aggregations[key] = {"filter": others, "aggs": self._values(dimension)}
            if ticked.get(key):
                # What each unticked value would add to the results already listed.
                unticked = [_terms(self.columns[key], ticked[key])]
                brings = {"bool": {"filter": self._filters(skip=key), "must_not": unticked}}
                aggregations[f"{key}.brings"] = {"filter": brings, "aggs": self._values(dimension)}
                if dimension is KEYWORD:  # ticked keywords counted even outside the most frequent
                    aggregations[f"{key}.ticked"] = {"filter": others, "aggs": self._values(dimension, ticked[key])}
        for fact in FACTS:
            with_fact = self._filters(skip_fact=fact.slug) + [_terms(self.fact_columns[fact.slug], fact.values)]
            aggregations[f"fakta.{fact.slug}"] = {"filter": {"bool": {"filter": with_fact}}}
        return self._base(), aggregations

    def counts(self):
        """``({dimension key: {term pk: count}}, {fact slug: count})`` from one request."""
        base, aggregations = self.body()
        answer = self.backend.aggregate(MethodPage, base, aggregations)
        listed = answer["listed"]["doc_count"]
        ticked = self.search.ticked_terms
        counts = {}
        for dimension in self.dimensions:
            key = dimension.key
            tally = _bucket_counts(answer[key])
            if f"{key}.ticked" in answer:
                tally.update(_bucket_counts(answer[f"{key}.ticked"]))
            if ticked.get(key):
                brings = _bucket_counts(answer[f"{key}.brings"])
                for term_pk in tally:
                    if term_pk not in ticked[key]:
                        tally[term_pk] = listed + brings[term_pk] if brings.get(term_pk) else 0
            counts[key] = tally
        facts = {fact.slug: answer[f"fakta.{fact.slug}"]["doc_count"] for fact in FACTS}
        return counts, facts
