"""Re-ranking of the backend's best matches with what BM25 alone misses.

The backend scores documents by term statistics. For the top of the list we add two
signals that matter to people looking for a method: the query's words standing in the
method's title, and words matching as themselves rather than only through a compound
part, synonym or typo correction. Only the best ``WINDOW`` matches are re-ranked, so
the cost is bounded whatever the size of the collection.
"""

from methods.models import MethodPage

WINDOW = 100
TITLE_WEIGHT = 1.0
EXACT_WEIGHT = 0.5


def rerank(scores, word_variants, catalog):
    if not scores or not word_variants:
        return scores
    top = sorted(scores, key=scores.get, reverse=True)[:WINDOW]
    best = max(abs(scores[pk]) for pk in top) or 1.0
    rows = MethodPage.objects.filter(pk__in=[pk for pk in top if pk in catalog]).values_list("pk", "search_terms")
    reranked = dict(scores)
    floor = min(scores.values())
    for pk, terms in rows:
        title_terms = catalog.title_terms(pk)
        doc_terms = set(terms.split())
        in_title = sum(1 for v in word_variants if v.all_terms & title_terms)
        exact = sum(1 for v in word_variants if v.stem in doc_terms)
        n = len(word_variants)
        bonus = TITLE_WEIGHT * in_title / n + EXACT_WEIGHT * exact / n
        # Keep the window above everything outside it, then order by base score plus bonus.
        reranked[pk] = abs(floor) + 2 * best + scores[pk] + bonus * best
    return reranked
