"""The query layer: a MethodQuery answered by the database and the search backend.

``MethodSearch(query)`` behaves like a small QuerySet over the methods the public may
see *now*. Per request the database says which methods are hidden
(``MethodPage.objects.hidden()``, the complement of ``visible()``) and the search
backend gives the text matches among the others; filters and facet counts are then
bitset operations on those keys and the tag index (``methods.postings``, which holds
tags, never visibility), and pages of results in a fixed order come from SQL. The search page,
the exports, the API and the evidence gap map all read their methods from here.
"""

import heapq
import math
from dataclasses import dataclass, field
from functools import cached_property

from methods.dimensions import DIMENSIONS, EVIDENCE, KEYWORD
from methods.facts import FACTS
from methods.facts import GROUP as FACT_GROUP
from methods.facts import KEY as FACTS_KEY
from methods.models import MethodPage
from methods.pagination import paginate
from methods.postings import from_bits, tag_index, to_bits
from methods.querysets import swedish_sort_key
from methods.terms import all_terms, ordered_terms

from . import concepts, engine
from .aggregations import FacetAggregation
from .query import parse_text

KEYWORD_FACET_SIZE = 15  # keywords shown at once; the rest behind "Visa fler"
KEYWORD_FACET_MAX = 200  # keywords listed at most
# A method tagged with a term the query names gets this share of the best text score added (scaled by
# the term's specificity), and up to LABEL_WEIGHT times more where its text uses the term's own label.
CONCEPT_WEIGHT = 1.0
LABEL_WEIGHT = 1.0
MAX_CONCEPTS = 3  # terms per query whose methods are added and boosted
BROAD_SHARE = 0.25  # a term on more than this share of the visible methods is broad
BROAD_WEIGHT = 0.25  # what a broad term counts for beside matching text


@dataclass
class FacetValue:
    term: object
    count: int
    selected: bool

    @property
    def state(self):
        """The checkbox's state as an HTML attribute: ticked, or disabled when ticking it would give nothing."""
        if self.selected:
            return " checked"
        return "" if self.count else " disabled"


@dataclass
class Facet:
    dimension: object
    values: list = field(default_factory=list)
    more: list = field(default_factory=list)  # further values, behind "Visa fler"


class MethodSearch:
    def __init__(self, query):
        self.query = query
        parsed = query.parsed
        self.concepts = concepts.find(parsed, self.terms) if parsed else []
        known = frozenset(word for concept in self.concepts for word in concept.words)
        self.text_match = engine.match(parsed, self.visible_methods, known) if (parsed or parsed.excluded) else None
        if self.concepts:
            self._add_concept_matches(parsed)

    def _add_concept_matches(self, parsed):
        """Methods tagged with a term the query names match too, and rank higher.

        Each term adds up to ``CONCEPT_WEIGHT`` of the best text score, scaled by how
        specific the term is (its inverse document frequency among the visible methods, as
        BM25 weighs a word): "Vit makt-miljön" on 4 of 44 methods counts for much, "Unga
        under 18 år" on half of them for little. A method matching by its tags alone gets
        just that.
        """
        visible = self.visible_methods.bits
        total = max(visible.bit_count(), 2)
        unwanted = engine.excluded(parsed) if parsed.excluded else ()
        scores = self.text_match.scores
        best = max(scores.values(), default=0.0) or 1.0
        named_only = not scores  # no method's text has the query's words: only the tags can rank
        for concept in self.concepts[:MAX_CONCEPTS]:
            tagged = self.index.bits_with(concept.dimension.key, [concept.term.pk]) & visible
            carriers = tagged.bit_count()
            if not carriers:
                continue
            boost = CONCEPT_WEIGHT * best * max(math.log(total / carriers) / math.log(total), 0.05)
            # When the query's words are in no method's text ("returnees", "LVU"), the tagged methods whose
            # text uses the term's own label rank first.
            tagged_pks = from_bits(tagged)
            in_words = self._label_scores(concept, tagged_pks) if named_only else {}
            top = max(in_words.values(), default=0.0) or 1.0
            # A broad term ("Unga under 18 år" for "ungdomar", on a large share of the methods) says little that
            # the matching text does not: when the text found methods, it counts for a fraction.
            if not named_only and carriers > BROAD_SHARE * total:
                boost *= BROAD_WEIGHT
            # A method found through a term alone gets the lift as its score.
            get = scores.get
            if in_words:
                for pk in tagged_pks:
                    if pk not in unwanted:
                        scores[pk] = get(pk, 0.0) + boost * (1 + LABEL_WEIGHT * in_words.get(pk, 0.0) / top)
            else:  # the same lift for every tagged method (the common case: one pass, no per-method arithmetic)
                for pk in tagged_pks:
                    if pk not in unwanted:
                        scores[pk] = get(pk, 0.0) + boost
        self.text_match.best = []  # boosted methods may now stand above the re-ranked window

    def _label_scores(self, concept, pks):
        """Text scores of the term's own label (without its parenthesis) among ``pks``."""
        label = concept.term.name.split("(", 1)[0]
        if concept.words == concepts.label_words(label):
            return {}  # the query used the label itself: its text scores are already in
        parsed = parse_text(label)
        if not parsed:
            return {}
        return engine.match(parsed, set(pks)).scores

    def reasons(self, pk):
        """The vocabulary terms the query named that method ``pk`` carries: ``[(dimension, term)]``."""
        found = []
        for concept in self.concepts:
            key = concept.dimension.key
            if key == EVIDENCE.key:
                carries = self.rows.get(pk, (None,))[0] == concept.term.pk
            else:
                carries = concept.term.pk in self.index.by_method[key].get(pk, ())
            if carries:
                found.append((concept.dimension, concept.term))
        return found

    @property
    def highlight_terms(self):
        return self.text_match.highlight if self.text_match else set()

    # --- what the database says for this request -----------------------------------------------

    @cached_property
    def visible(self):
        """``MethodPage.objects.visible()``, for lists in a fixed order (built on first use: it reads the
        view restrictions)."""
        return MethodPage.objects.visible()

    @cached_property
    def visible_methods(self):
        """The methods the public may see now (``methods.postings.Visible``: ``in``, iteration, ``bits``)."""
        return self.index.visible()

    @property
    def rows(self):
        """``{pk: (evidence level pk, title sort key)}`` of every method, visible or not: read it for matches only."""
        return self.index.methods

    @cached_property
    def terms(self):
        """Controlled terms, and the chosen keywords, by dimension and slug."""
        return all_terms(DIMENSIONS, only={KEYWORD.key: self.query.selected(KEYWORD.key)})

    @cached_property
    def index(self):
        return tag_index()

    @property
    def ticked_terms(self):
        """``{dimension key: term pks}`` of the query's filters (implementation facts aside)."""
        return self._filter_pks

    @cached_property
    def _filter_pks(self):
        """``{dimension key: term pks}`` of the query's filters."""
        return {
            key: {self.terms[key][slug].pk for slug in slugs if slug in self.terms[key]}
            for key, slugs in self.query.filters.items()
            if key != FACTS_KEY
        }

    def _facts_bits(self, bits, skip=None):
        """``bits`` narrowed to the methods that have every ticked fact (but ``skip``)."""
        for slug in self.query.selected(FACTS_KEY):
            if slug != skip:
                bits &= self.index.by_fact[slug]
        return bits

    # --- sets -------------------------------------------------------------------------------------

    @cached_property
    def base_bits(self):
        """Bitset of the visible methods matching the text (all visible methods without a text)."""
        if self.text_match is None:
            return self.visible_methods.bits
        return to_bits(self.text_match.scores)  # already cut to the visible methods

    def _filtered(self, skip=None):
        return self._facts_bits(self.index.filtered(self.base_bits, self._filter_pks, skip=skip))

    @cached_property
    def matching_bits(self):
        """Bitset of every method the query lists."""
        return self._filtered()

    @cached_property
    def matching(self):
        """Primary keys of every method the query lists."""
        if self.text_match is not None and not self.query.filters:
            return set(self.text_match.scores)
        return set(from_bits(self.matching_bits))

    # --- order and pages ------------------------------------------------------------------------

    def _by_scores(self):
        return self.text_match is not None and self.query.sort in ("relevance", "evidence") and self._has_scores

    @property
    def _has_scores(self):
        return any(self.text_match.scores.values())

    def _sort_key(self):
        scores = self.text_match.scores
        rank = {term.pk: term.rank for term in self.terms[EVIDENCE.key].values()}
        rows = self.rows
        if self.query.sort == "relevance":

            def key(pk):
                return (-scores.get(pk, 0.0), rank.get(rows[pk][0], 99), rows[pk][1], pk)

        else:

            def key(pk):
                return (rank.get(rows[pk][0], 99), -scores.get(pk, 0.0), rows[pk][1], pk)

        return key

    @cached_property
    def _ranked_ids(self):
        """Every matching primary key ordered with the text scores (relevance or evidence, then score)."""
        return sorted(self.matching, key=self._sort_key())

    def _top(self, n):
        """The first ``n`` of ``_ranked_ids`` without ordering the rest (relevance: by a score threshold)."""
        if self.query.sort != "relevance" or n >= self.count():
            return self._ranked_ids[:n]
        # The re-ranked window scores above every other match: when it holds n matching methods, they are the top n.
        best = [pk for pk in self.text_match.best if pk in self.matching]
        if len(best) >= n:
            return sorted(best, key=self._sort_key())[:n]
        scores = self.text_match.scores
        threshold = heapq.nlargest(n, (scores[pk] for pk in self.matching))[-1]
        candidates = [pk for pk in self.matching if scores[pk] >= threshold]  # ties at the threshold included
        return sorted(candidates, key=self._sort_key())[:n]

    def _ordered_queryset(self):
        """The matching methods in a fixed order, in SQL."""
        if self.text_match is None and not self.query.filters:
            return self.visible.ordered(self.query.sort)
        return self.visible.with_pks(self.matching).ordered(self.query.sort)

    def count(self):
        return self.matching_bits.bit_count()

    def ids(self):
        """Every matching primary key, in result order (for exports)."""
        if self._by_scores():
            return list(self._ranked_ids)
        return list(self._ordered_queryset().values_list("pk", flat=True))

    def page(self, params, per_page, number=None):
        """A Django Page of primary keys (see ``methods.pagination`` for the rule on bad numbers)."""
        if self._by_scores():
            return paginate(_Counted(lambda key: self._top(key.stop)[key], self.count()), params, per_page, number)
        pks = self._ordered_queryset().values_list("pk", flat=True)
        return paginate(_Counted(lambda key: list(pks[key]), self.count()), params, per_page, number)

    # --- facets -----------------------------------------------------------------------------------

    @cached_property
    def _aggregated(self):
        """``(dimension counts, fact counts)`` from the search engine's own aggregations (Elasticsearch), or None
        where the tag index counts them (the database backends, or the engine cannot answer)."""
        return engine.on_public_engine(lambda backend: FacetAggregation(backend, self).counts())

    def facet_counts(self, dimensions=DIMENSIONS):
        """``{dimension key: {term pk: count}}``: how many results ticking each value gives.

        Values within a dimension combine with OR, dimensions with AND. In a dimension with
        no ticked value, a value's count is the results that carry it; in one with ticked
        values, an unticked value's count is the results after adding it (those already
        listed plus the new ones it brings: 0 if it brings none), and a ticked value's
        count is the listed results that carry it.
        """
        if self._aggregated is not None:
            return {dimension.key: self._aggregated[0][dimension.key] for dimension in dimensions}
        counts = {}
        for dimension in dimensions:
            others = self._filtered(skip=dimension.key)
            tally = self.index.counts(dimension.key, others)
            ticked = self._filter_pks.get(dimension.key)
            if ticked:
                listed = self.matching_bits
                for term_pk in tally:
                    if term_pk not in ticked:
                        brings = others & self.index.bits_with(dimension.key, [term_pk]) & ~listed
                        tally[term_pk] = (listed.bit_count() + brings.bit_count()) if brings else 0
            counts[dimension.key] = tally
        return counts

    def facets(self):
        counts = self.facet_counts()
        keyword_counts = counts[KEYWORD.key]
        top_keywords = sorted(keyword_counts, key=keyword_counts.get, reverse=True)[:KEYWORD_FACET_MAX]
        keywords = all_terms(
            (KEYWORD,), only={KEYWORD.key: self.query.selected(KEYWORD.key)}, only_pks={KEYWORD.key: top_keywords}
        )
        facets = []
        for dimension in DIMENSIONS:
            selected = set(self.query.selected(dimension.key))
            dimension_counts = counts[dimension.key]
            if dimension is KEYWORD:
                values = [
                    FacetValue(t, dimension_counts.get(t.pk, 0), t.slug in selected)
                    for t in keywords[dimension.key].values()
                ]
                values.sort(key=lambda v: (not v.selected, -v.count, swedish_sort_key(v.term.label)))
                # The most frequent first; the others (with results) behind "Visa fler".
                more = [v for v in values[KEYWORD_FACET_SIZE:] if v.count or v.selected]
                facets.append(Facet(dimension, values[:KEYWORD_FACET_SIZE], more))
                continue
            values = [
                FacetValue(t, dimension_counts.get(t.pk, 0), t.slug in selected)
                for t in ordered_terms(dimension, self.terms[dimension.key])
            ]
            facets.append(Facet(dimension, values))
        facets.append(self._facts_facet())
        return facets

    def _facts_facet(self):
        """The implementation facts as checkboxes: each count is what ticking it lists (facts combine with AND)."""
        selected = set(self.query.selected(FACTS_KEY))
        values = []
        for fact in FACTS:
            if self._aggregated is not None:
                count = self._aggregated[1][fact.slug]
            else:
                count = (self.matching_bits & self.index.by_fact[fact.slug]).bit_count()
            values.append(FacetValue(fact, count, fact.slug in selected))
        return Facet(FACT_GROUP, values)


class _Counted:
    """Primary keys for Paginator whose number is already known: ``take(slice)`` gives the page's keys.

    Saves a COUNT query, and for ranked results lets a page order only the best (page × size).
    """

    def __init__(self, take, count):
        self.take = take
        self._count = count

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        return self.take(key)
