"""Re-ranking of the backend's best matches with what BM25 alone misses.

The backend scores documents by term statistics. For the top of the list we add two
signals that matter to people looking for a method: the query's words standing in the
method's title, and words matching as themselves rather than only through a compound
part, synonym or typo correction. Only the best ``WINDOW`` matches are re-ranked, so
the cost is bounded whatever the size of the collection.

What a method's title and index terms add for a query (its bonus) depends on nothing
else, so it is kept per process for recent queries under the data versions of the page
tree, the method table and the index (``methods.dataversions``): any write to a title or
to indexed text, in any process, gives new keys. Which methods are in the window is
decided on every request from the scores cut to what the public may see now.
"""

import heapq
import threading
from collections import OrderedDict
from functools import lru_cache

from methods.dataversions import current_tokens
from methods.models import MethodPage

from .analysis import analyze_text

WINDOW = 100
TITLE_WEIGHT = 1.0
EXACT_WEIGHT = 0.5
BONUS_QUERIES = 500  # queries whose bonuses are kept per process (each at most a few hundred numbers)
TOKEN_GROUPS = ("pages", "methods", "index")  # titles, index terms, and the index itself


@lru_cache(maxsize=20_000)
def title_terms(title):
    stems, parts = analyze_text(title)
    return frozenset(stems) | frozenset(parts)


def bonus(title, terms, word_variants):
    """What a method's title and index terms (space-separated) add for a query: the share of its words in
    the title (``TITLE_WEIGHT``) and the share standing as themselves among the terms (``EXACT_WEIGHT``)."""
    in_title_terms = title_terms(title)
    doc_terms = f" {terms} "  # space-separated index terms: a word is " term "
    n = len(word_variants)
    in_title = sum(1 for v in word_variants if v.all_terms & in_title_terms)
    exact = sum(1 for v in word_variants if v.stem and f" {v.stem} " in doc_terms)
    return TITLE_WEIGHT * in_title / n + EXACT_WEIGHT * exact / n


class BonusCache:
    """``{primary key: bonus}`` of recent queries, per process, under the data versions of ``TOKEN_GROUPS``."""

    def __init__(self, size=BONUS_QUERIES):
        self._lock = threading.Lock()
        self._entries = OrderedDict()  # (query, versions) -> {pk: bonus}
        self._size = size

    def bonuses(self, pks, word_variants):
        """The bonus of each of ``pks`` for the query, reading from the database only those not kept."""
        tokens = current_tokens()
        versions = tuple(tokens.get(group) for group in TOKEN_GROUPS)
        key = None
        if None not in versions:  # a flushed database has no versions: nothing can be kept safely
            query = tuple((v.stem, tuple(sorted(v.all_terms))) for v in word_variants)
            key = (query, versions)
        with self._lock:
            kept = self._entries.get(key, {}) if key else {}
            if kept:
                self._entries.move_to_end(key)
            missing = [pk for pk in pks if pk not in kept]
        if not missing:
            return kept
        rows = MethodPage.objects.filter(pk__in=missing).values_list("pk", "title", "search_terms")
        found = {pk: bonus(title, terms, word_variants) for pk, title, terms in rows}
        if key is None:
            return found
        with self._lock:
            if any(old[1] != versions for old in self._entries):
                self._entries.clear()  # written since: every older answer is stale
            entry = self._entries.setdefault(key, {})
            entry.update(found)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
            return dict(entry)

    def clear(self):
        with self._lock:
            self._entries.clear()

    def __len__(self):
        return len(self._entries)


bonuses = BonusCache()


def rerank(scores, word_variants):
    """(scores, window): the scores with the best ``WINDOW`` re-ranked above all others, and those methods."""
    if not scores or not word_variants:
        return scores, []
    top = heapq.nlargest(WINDOW, scores, key=scores.get)
    best = max(abs(scores[pk]) for pk in top) or 1.0
    found = bonuses.bonuses(top, word_variants)
    reranked = dict(scores)
    floor = min(scores.values())
    for pk in top:
        if pk in found:  # a method deleted since its score was read has none
            # Keep the window above everything outside it, then order by base score plus bonus.
            reranked[pk] = abs(floor) + 2 * best + scores[pk] + found[pk] * best
    return reranked, top
