"""Full-text matching through Wagtail's public search API, in Swedish.

The user's words are analysed with ``search.analysis`` (stems, compound parts,
synonyms, one-typo corrections) and sent as Wagtail query objects to the configured
backend with ``backend.search(query, queryset)``; the scores are then cut to the methods
the database says the public may see now (``match``). When the public backend
(Elasticsearch) fails or its index cannot answer, the database backend answers and the
fault is logged: users see results, never an error page.
"""

import logging
import threading
from dataclasses import dataclass, field

from wagtail.search.query import And, Not, Or, Phrase, PlainText

from methods.dataversions import current_tokens
from methods.models import MethodPage
from methods.postings import Visible

from .analysis import TermVariants, TypoIndex, analyze_query_word, stem
from .backends import registry
from .breaker import breaker
from .matchcache import matches
from .ranking import rerank

logger = logging.getLogger(__name__)

HEAD_WEIGHT = 0.3  # share of a compound's head's own score added (see _add_compound_heads)
MAX_HEADS = 2


@dataclass
class TextMatch:
    scores: dict  # primary key -> score (higher is better)
    highlight: set = field(default_factory=set)  # index terms to mark in snippets
    best: list = field(default_factory=list)  # the re-ranked methods, scored above every other match


def _word_query(word, typo_index):
    variants = analyze_query_word(word, typo_index)
    alternatives = [PlainText(term) for term in sorted({variants.stem, *variants.alternatives}) if term]
    if len(variants.parts) > 1:
        alternatives.append(And([PlainText(part) for part in variants.parts]))
    return alternatives[0] if len(alternatives) == 1 else Or(alternatives), variants


def build_query(parsed, typo_index=None, known=frozenset()):
    """(Wagtail query, analysed words) for a parsed query text.

    Free words are alternatives (a method matching more of them ranks higher); every
    quoted phrase is required; excluded words and phrases must not match. Words whose
    stems are in ``known`` (they name a vocabulary term) get no typo corrections.
    """
    words, phrases, analysed = [], [], []
    for word in parsed.words:
        query, variants = _word_query(word, None if stem(word) in known else typo_index)
        words.append(query)
        analysed.append(variants)
    for phrase in parsed.phrases:
        stems = [stem(w) for w in phrase]
        phrases.append(Phrase(" ".join(stems)) if len(stems) > 1 else PlainText(stems[0]))
        analysed.extend(TermVariants(word=w, stem=s) for w, s in zip(phrase, stems, strict=True))
    required = ([words[0] if len(words) == 1 else Or(words)] if words else []) + phrases
    if not required:
        return None, analysed
    parts = required + [Not(n) for n in exclusions(parsed)]
    return (parts[0] if len(parts) == 1 else And(parts)), analysed


def exclusions(parsed):
    """Wagtail queries for the excluded words and phrases."""
    return [
        Phrase(" ".join(stem(w) for w in item)) if isinstance(item, list) else PlainText(stem(item))
        for item in parsed.excluded
    ]


def excluded(parsed):
    """Primary keys of every method matching one of the query's exclusions."""
    found = set()
    for negative in exclusions(parsed):
        found |= set(search_with_fallback(negative, MethodPage.objects.all()))
    return found


def match(parsed, within, known=frozenset()):
    """The methods among ``within`` (primary keys the public may see now) matching the text, with scores
    and the terms to highlight.

    The backend searches every method and the scores are then cut to ``within`` before
    re-ranking (one full-text match, no visibility join in it). A text of exclusions only
    matches everything in ``within`` but what they match.
    """
    everything = MethodPage.objects.all()
    if not parsed and parsed.excluded:
        unwanted = excluded(parsed)
        return TextMatch({pk: 0.0 for pk in within if pk not in unwanted})
    query, analysed = build_query(parsed, typo_index(), known)
    highlight = set().union(*(v.all_terms for v in analysed)) if analysed else set()
    if query is None:
        return TextMatch({}, highlight)
    scores = search_with_fallback(query, everything)
    if not parsed.phrases and not parsed.excluded:  # a head alone satisfies no phrase or exclusion
        # A word that names a vocabulary term is not widened to its head ("högerextremism" is not "extremism").
        _add_compound_heads(scores, [v for v in analysed if v.stem not in known], everything)
    if isinstance(within, Visible):
        within.cut(scores)
    else:
        scores = {pk: score for pk, score in scores.items() if pk in within}
    scores, best = rerank(scores, analysed)
    return TextMatch(scores, highlight, best)


def _add_compound_heads(scores, analysed, queryset):
    """A compound query word also finds texts about its head, the last part, at a fraction of their score.

    In Swedish the last part names what a compound is ("riskbedömning" is a bedömning,
    "påverkansprogram" a program), so a method about the head is partly relevant:
    "terroristbrott" finds methods on "terrorismrelaterade brott" below those that say
    "terroristbrott". At most ``MAX_HEADS`` heads per query (one full-text match each).
    """
    heads = []
    for variants in analysed:
        if len(variants.parts) > 1 and variants.parts[-1] not in heads and len(variants.parts[-1]) >= 4:
            heads.append(variants.parts[-1])
    for head in heads[:MAX_HEADS]:
        for pk, score in search_with_fallback(PlainText(head), queryset).items():
            scores[pk] = scores.get(pk, 0.0) + HEAD_WEIGHT * score


def _scores(backend, query, queryset):
    def run():
        return backend.search(query, queryset.order_by(), order_by_relevance=True).scores()

    # The database backend's answers for a whole model are kept per process (``search.matchcache``).
    if backend is registry.backend("default") and not queryset.query.where:
        return matches.scores((queryset.model._meta.label, repr(query)), run)
    return run()


_UNANSWERED = object()
AUTOCOMPLETE_BATCH = 2  # candidates read per batch, as a multiple of the suggestions wanted
AUTOCOMPLETE_MAX_BATCHES = 3  # then the prefix match runs again within the visible methods (bounded work)


def on_public_engine(run, model=MethodPage, default=None):
    """``run(backend)`` on the external search engine (Elasticsearch), or ``default`` when none is configured,
    its circuit breaker is open, its index cannot answer for ``model`` or it fails (logged)."""
    alias = registry.public_alias()
    if alias == "default":
        return default
    circuit = breaker()
    if not circuit.allows():
        return default
    try:
        if not registry.health(alias, model).ok:
            return default
        result = run(registry.backend(alias))
    except Exception:
        circuit.failure()
        logger.exception("Search backend failed; answering from the database backend instead")
        return default
    circuit.success()
    return result


def with_fallback(run, model=MethodPage):
    """``run(backend)`` on the public backend, or on the database backend when the public one
    (Elasticsearch) fails, its circuit breaker is open or its index cannot answer for ``model``
    (``ResilientElasticsearchBackend.health``). Failures are logged; users see results, never an error page."""
    result = on_public_engine(run, model, default=_UNANSWERED)
    if result is _UNANSWERED:
        return run(registry.backend("default"))
    return result


def search_with_fallback(query, queryset):
    return with_fallback(lambda backend: _scores(backend, query, queryset))


# --- one-typo corrections -------------------------------------------------------------------

_typo_lock = threading.Lock()
_typo_cache = {}


def typo_index():
    """The indexed terms of every method, for one-typo corrections.

    Cached per process under the token the database changes on every write to the
    method table (``methods.dataversions``). Drafts and restricted methods are included:
    a correction only adds an alternative word to the query, and the matches are always
    restricted to what the public may see, so it can neither show nor count them.
    """
    token = current_tokens().get("methods")
    index = _typo_cache.get(token)
    if index is None:
        with _typo_lock:
            terms = set()
            rows = MethodPage.objects.order_by().values_list("search_terms", flat=True)
            for text in rows.iterator(chunk_size=2000):
                terms.update(text.split())
            index = TypoIndex(terms)
            _typo_cache.clear()
            _typo_cache[token] = index
    return index


def autocomplete_titles(text, queryset, limit):
    """Methods of ``queryset`` (those the public may see now) whose title words start with the typed words
    (backend autocomplete), best first.

    On the database backend the prefix match runs over every method and its scores are kept per process
    like a search's (``search.matchcache``); the best are then read from ``queryset``, a few more at a time
    while some of them are not in it, so what the public may see is still decided by the database.
    """
    queryset = queryset.order_by().defer("search_terms")

    def ranked(scores):
        return sorted(scores, key=lambda pk: (-scores[pk], pk))

    def run(backend):
        if backend is registry.backend("default"):
            everything = MethodPage.objects.order_by()
            scores = matches.scores(
                ("autocomplete", everything.model._meta.label, text),
                lambda: backend.autocomplete(text, everything, operator="and").scores(),
            )
            found, candidates = [], ranked(scores)
            size = AUTOCOMPLETE_BATCH * limit
            for start in range(0, min(len(candidates), AUTOCOMPLETE_MAX_BATCHES * size), size):
                batch = candidates[start : start + size]
                by_pk = {page.pk: page for page in queryset.filter(pk__in=batch)}
                found.extend(by_pk[pk] for pk in batch if pk in by_pk)
                if len(found) >= limit:
                    return found[:limit]
            if len(candidates) <= AUTOCOMPLETE_MAX_BATCHES * size:
                return found
            # Most of the best matches are hidden (a large restricted section): one match within the visible ones.
        # One prefix match for every hit (as for search), then the best few pages.
        scores = backend.autocomplete(text, queryset, operator="and").scores()
        best = ranked(scores)[:limit]
        by_pk = {page.pk: page for page in queryset.filter(pk__in=best)}
        return [by_pk[pk] for pk in best if pk in by_pk]

    return with_fallback(run)
