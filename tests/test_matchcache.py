"""Full-text scores kept per process under the search index's data version (search.matchcache)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from methods.models import MethodPage
from search.matchcache import MatchCache, matches

pytestmark = pytest.mark.django_db

QUERY = "/sok/?q=radikaliserade+ungdomar"


@pytest.fixture(autouse=True)
def empty_cache():
    matches.clear()
    yield
    matches.clear()


def full_text_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries if "indexentry" in q["sql"].lower()]


def test_a_repeated_search_is_answered_without_a_full_text_query(client):
    first, searched = full_text_queries(client, QUERY)
    assert searched
    again, searched_again = full_text_queries(client, QUERY)
    assert searched_again == []
    assert again.context["total"] == first.context["total"] > 0


def test_an_index_update_gives_new_answers(client, make_method):
    client.get("/sok/?q=zygotmetoden")
    assert client.get("/sok/?q=zygotmetoden").context["total"] == 0
    make_method(title="Zygotmetoden för samtal")  # published and indexed: the index table changes
    response, searched = full_text_queries(client, "/sok/?q=zygotmetoden")
    assert searched
    assert response.context["total"] == 1


def test_a_cached_answer_is_still_cut_to_what_the_public_may_see(client):
    response = client.get(QUERY)
    page = MethodPage.objects.get(pk=response.context["results"][0]["method"].pk)
    # A view restriction changes no index entry: the answer comes from the cache, the cut from the database.
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    again, searched = full_text_queries(client, QUERY)
    assert searched == []
    assert page.pk not in {r["method"].pk for r in again.context["results"]}
    assert again.context["total"] == response.context["total"] - 1
    assert page.title not in again.content.decode()


def test_answers_beyond_the_byte_limit_push_out_the_least_recently_used(settings):
    settings.SEARCH_MATCH_CACHE_BYTES = 2 * 2 * 16  # room for two answers of two (key, score) pairs
    cache = MatchCache()
    calls = []

    def answer(n):
        def compute():
            calls.append(n)
            return {pk: float(pk) for pk in range(n * 10, n * 10 + 2)}

        return compute

    assert cache.scores("a", answer(1)) == {10: 10.0, 11: 11.0}
    cache.scores("b", answer(2))
    cache.scores("a", answer(1))  # a is now the most recently used
    cache.scores("c", answer(3))  # b goes
    cache.scores("a", answer(1))
    cache.scores("b", answer(2))
    assert calls == [1, 2, 3, 2]
    assert len(cache) == 2


def test_an_answer_is_a_fresh_dict_each_time():
    cache = MatchCache()
    first = cache.scores("a", lambda: {1: 2.0})
    first[1] = 99.0
    assert cache.scores("a", lambda: {}) == {1: 2.0}


def test_a_limit_of_zero_turns_the_cache_off(settings):
    settings.SEARCH_MATCH_CACHE_BYTES = 0
    cache = MatchCache()
    calls = []
    for _ in range(2):
        cache.scores("a", lambda: calls.append(1) or {1: 1.0})
    assert len(calls) == 2 and len(cache) == 0


def suggested(client, text):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/sok/autocomplete/", {"q": text})
    assert response.status_code == 200
    labels = [s["label"] for s in response.json()["suggestions"] if s["type"] == "method"]
    return labels, [q["sql"] for q in ctx.captured_queries if "indexentry" in q["sql"].lower()]


def test_a_repeated_autocomplete_is_cut_to_what_the_public_may_see_without_a_new_prefix_match(client, make_method):
    first = make_method(title="Zygotsamtal i skolan")
    make_method(title="Zygotsamtal i anstalt")
    labels, searched = suggested(client, "zygo")
    assert sorted(labels) == ["Zygotsamtal i anstalt", "Zygotsamtal i skolan"]
    assert searched
    PageViewRestriction.objects.create(page=first, restriction_type=PageViewRestriction.LOGIN)
    labels, searched = suggested(client, "zygo")
    assert labels == ["Zygotsamtal i anstalt"]
    assert searched == []


def test_autocomplete_reads_further_when_the_best_matches_are_hidden(client, make_method, settings):
    from search import engine
    from search.views import AUTOCOMPLETE_SIZE

    hidden = engine.AUTOCOMPLETE_BATCH * AUTOCOMPLETE_SIZE + 1  # more than the first batch
    for n in range(hidden):
        make_method(title=f"Zygot zygot zygot {n}", publish=False, method_id=f"zygot-utkast-{n}")
    make_method(title="Zygotmetoden för samtal med unga", method_id="zygot-publicerad")
    labels, _searched = suggested(client, "zygot")
    assert labels == ["Zygotmetoden för samtal med unga"]


def test_autocomplete_work_stays_bounded_when_most_matches_are_hidden(client, make_method, monkeypatch):
    from search import engine
    from search.views import AUTOCOMPLETE_SIZE

    monkeypatch.setattr(engine, "AUTOCOMPLETE_MAX_BATCHES", 1)
    for n in range(2 * engine.AUTOCOMPLETE_BATCH * AUTOCOMPLETE_SIZE + 1):  # more than two batches of drafts
        make_method(title=f"Zygot zygot zygot {n}", publish=False, method_id=f"zygot-utkast-{n}")
    make_method(title="Zygotmetoden för samtal med unga", method_id="zygot-publicerad")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/sok/autocomplete/", {"q": "zygot"})
    labels = [s["label"] for s in response.json()["suggestions"] if s["type"] == "method"]
    assert labels == ["Zygotmetoden för samtal med unga"]
    page_reads = [q for q in ctx.captured_queries if '"methods_methodpage"."page_ptr_id" IN (' in q["sql"]]
    assert len(page_reads) <= 2  # one batch, then the best few of the match within the visible methods
