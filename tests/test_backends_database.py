"""The scoring backend subclasses (search/backends/database.py) against the stock modelsearch backends.

These fail when modelsearch changes underneath the subclasses: the scores must rank the
same methods in the same order as the stock backend's own ``annotate_score``, within the
QuerySet given to ``backend.search``.
"""

import importlib.metadata

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Not, Or, PlainText

from methods.models import MethodPage
from search.backends.database import ScoredResultsMixin

pytestmark = pytest.mark.django_db

# Single-term queries: there the stock rank expression is plain BM25 (with the title boost). For
# compound queries the subclass scores the whole FTS5 match expression with one BM25, where
# the stock expression multiplies or averages a BM25 per sub-query; only the set must agree.
SINGLE_TERMS = [PlainText("avhop"), PlainText("ungdom"), PlainText("radikalis")]
COMPOUND = [Or([PlainText("radikalis"), PlainText("ungdom")]), And([PlainText("skol"), Not(PlainText("demokrati"))])]


def test_modelsearch_is_the_pinned_version():
    assert importlib.metadata.version("modelsearch") == "1.3.2"


def test_default_backend_gives_scores_for_whole_result_sets():
    results = get_search_backend().search(PlainText("avhopp"), MethodPage.objects.visible())
    assert isinstance(results, ScoredResultsMixin)


def _stock_scores(backend, query, queryset):
    return {
        page.pk: page._score
        for page in backend.search(query, queryset, order_by_relevance=True).annotate_score("_score")
    }


@pytest.mark.parametrize("query", COMPOUND, ids=repr)
def test_compound_queries_match_the_same_methods_as_the_stock_backend(query):
    backend = get_search_backend()
    queryset = MethodPage.objects.visible()
    ours = backend.search(query, queryset.order_by()).scores()
    assert ours
    assert set(ours) == set(_stock_scores(backend, query, queryset))


@pytest.mark.parametrize("query", SINGLE_TERMS, ids=repr)
def test_scores_rank_like_the_stock_backend(query):
    backend = get_search_backend()
    queryset = MethodPage.objects.visible()
    ours = backend.search(query, queryset.order_by()).scores()
    stock = _stock_scores(backend, query, queryset)
    assert ours, "the query should match demo methods"
    assert set(ours) == set(stock)
    if connection.vendor == "sqlite":  # the stock SQLite score is BM25: lower is better; ours is turned round
        stock = {pk: -score for pk, score in stock.items()}
    for a in ours:
        for b in ours:
            if stock[a] > stock[b] + 1e-9:
                assert ours[a] > ours[b] - 1e-9, (a, b)


def test_scores_stay_within_the_queryset(make_method):
    hidden = make_method(title="Avhopparstöd i hemlighet", summary="Avhoppare får stöd.", publish=False)
    backend = get_search_backend()
    assert hidden.pk not in backend.search(PlainText("avhop"), MethodPage.objects.visible()).scores()
    assert hidden.pk in backend.search(PlainText("avhop"), MethodPage.objects.all()).scores()
