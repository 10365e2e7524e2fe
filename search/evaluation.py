"""Relevance evaluation over judged queries: nDCG@10 and recall@10.

A judged query file is tab-separated with a header: ``query<TAB>relevant`` where
relevant is a space-separated list of ``method-id:grade`` (2 = highly, 1 = partly).
"""

import math
from dataclasses import dataclass

from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from methods.models import MethodPage

from .analysis import stem, stopwords, words
from .forms import SearchForm
from .results import MethodSearch

CUTOFF = 10


def read_judgements(path, half=None):
    """``[(query, {method id: grade})]`` of a judged query file.

    Optional further columns: ``half`` ("tune" or "test": the tuning half and the held-out
    half) and ``kind``; with ``half`` given, only that half is read.
    """
    judgements = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        if not line.strip():
            continue
        query, relevant, *extra = line.split("\t")
        if half is not None and (extra[0] if extra else "") != half:
            continue
        grades = {}
        for item in relevant.split():
            method_id, grade = item.rsplit(":", 1)
            grades[method_id] = int(grade)
        judgements.append((query, grades))
    return judgements


def ndcg(ranked, grades, k=CUTOFF):
    dcg = sum((2 ** grades.get(m, 0) - 1) / math.log2(i + 2) for i, m in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked, grades, k=CUTOFF):
    relevant = {m for m, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def metodbanken_ranking(query_text):
    form = SearchForm({"q": query_text})
    if not form.is_valid():
        raise ValueError(form.error_message())
    ids = MethodSearch(form.query()).ids()[:CUTOFF]
    method_ids = dict(MethodPage.objects.filter(pk__in=ids).values_list("pk", "method_id"))
    return [method_ids[pk] for pk in ids]


def plain_wagtail_ranking(query_text):
    """The baseline: Wagtail's own search over the page title and raw text, no Swedish handling."""
    backend = get_search_backend("default")
    results = backend.search(
        query_text, MethodPage.objects.live().public(), fields=None, order_by_relevance=True, operator="or"
    )
    return [page.method_id for page in results[:CUTOFF]]


def stemmed_bm25_ranking(query_text):
    """A second baseline: plain BM25 over the same Swedish stems, the query's stems OR-ed (no synonyms, compound
    parts, typo corrections, thesaurus or re-ranking)."""
    stems = [stem(w) for w in words(query_text) if w not in stopwords()] or [stem(w) for w in words(query_text)]
    if not stems:
        return []
    query = Or([PlainText(s) for s in stems]) if len(stems) > 1 else PlainText(stems[0])
    backend = get_search_backend("default")
    results = backend.search(query, MethodPage.objects.live().public(), order_by_relevance=True)
    return [page.method_id for page in results[:CUTOFF]]


@dataclass
class Evaluation:
    ndcg: float
    recall: float
    per_query: list


def evaluate(judgements, ranking=metodbanken_ranking):
    per_query = []
    for query, grades in judgements:
        ranked = ranking(query)
        per_query.append((query, ndcg(ranked, grades), recall(ranked, grades), ranked))
    n = len(per_query) or 1
    return Evaluation(
        sum(q[1] for q in per_query) / n,
        sum(q[2] for q in per_query) / n,
        per_query,
    )
