"""Re-ranking of the backend's best matches with what BM25 alone misses.

The backend scores documents by term statistics. For the top of the list we add two
signals that matter to people looking for a method: the query's words standing in the
method's title, and words matching as themselves rather than only through a compound
part, synonym or typo correction. Only the best ``WINDOW`` matches are re-ranked, so
the cost is bounded whatever the size of the collection.
"""

import heapq
from functools import lru_cache

from methods.models import MethodPage

from .analysis import analyze_text

WINDOW = 100
TITLE_WEIGHT = 1.0
EXACT_WEIGHT = 0.5


@lru_cache(maxsize=20_000)
def title_terms(title):
    stems, parts = analyze_text(title)
    return frozenset(stems) | frozenset(parts)


def rerank(scores, word_variants):
    """(scores, window): the scores with the best ``WINDOW`` re-ranked above all others, and those methods."""
    if not scores or not word_variants:
        return scores, []
    top = heapq.nlargest(WINDOW, scores, key=scores.get)
    best = max(abs(scores[pk]) for pk in top) or 1.0
    rows = MethodPage.objects.filter(pk__in=top).values_list("pk", "title", "search_terms")
    reranked = dict(scores)
    floor = min(scores.values())
    n = len(word_variants)
    for pk, title, terms in rows:
        in_title_terms = title_terms(title)
        doc_terms = f" {terms} "  # space-separated index terms: a word is " term "
        in_title = sum(1 for v in word_variants if v.all_terms & in_title_terms)
        exact = sum(1 for v in word_variants if v.stem and f" {v.stem} " in doc_terms)
        bonus = TITLE_WEIGHT * in_title / n + EXACT_WEIGHT * exact / n
        # Keep the window above everything outside it, then order by base score plus bonus.
        reranked[pk] = abs(floor) + 2 * best + scores[pk] + bonus * best
    return reranked, top
