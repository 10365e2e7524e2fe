"""Re-ranking of the best matches by title and exact words, and its per-process bonuses (search.ranking)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from search.analysis import analyze_query_word
from search.ranking import EXACT_WEIGHT, TITLE_WEIGHT, BonusCache, bonus, bonuses, rerank


def variants(*words):
    return [analyze_query_word(word) for word in words]


def bonus_reads(ctx):
    return [q["sql"] for q in ctx.captured_queries if '"search_terms"' in q["sql"] and " IN (" in q["sql"]]


def test_bonus_counts_query_words_in_the_title_and_words_standing_as_themselves():
    query = variants("zygot", "samtal")
    assert bonus("Zygotmetoden", "zygot samtal", query) == pytest.approx(TITLE_WEIGHT * 0 / 2 + EXACT_WEIGHT * 2 / 2)
    assert bonus("Samtal om zygot", "", query) == pytest.approx(TITLE_WEIGHT * 2 / 2)
    assert bonus("Annat", "annat", query) == 0


@pytest.mark.django_db
def test_the_title_lifts_a_method_within_the_window(make_method):
    in_text = make_method(title="Annan metod", summary="Zygot zygot zygot.")
    in_title = make_method(title="Zygot i samtal")
    bonuses.clear()
    scores, window = rerank({in_text.pk: 3.0, in_title.pk: 2.0}, variants("zygot"))
    assert set(window) == {in_text.pk, in_title.pk}
    assert scores[in_title.pk] > scores[in_text.pk]


@pytest.mark.django_db
def test_a_repeated_query_reads_no_titles_and_a_renamed_title_counts_at_once(make_method):
    method = make_method(title="Annan metod", summary="Zygot.")
    cache = BonusCache()
    with CaptureQueriesContext(connection) as ctx:
        assert cache.bonuses([method.pk], variants("zygot")) == {method.pk: pytest.approx(EXACT_WEIGHT)}
    assert len(bonus_reads(ctx)) == 1
    with CaptureQueriesContext(connection) as ctx:
        assert cache.bonuses([method.pk], variants("zygot")) == {method.pk: pytest.approx(EXACT_WEIGHT)}
    assert bonus_reads(ctx) == []
    # A direct update, as another process could make it: the page tree's data version changes.
    Page.objects.filter(pk=method.pk).update(title="Samtal om zygot")
    with CaptureQueriesContext(connection) as ctx:
        assert cache.bonuses([method.pk], variants("zygot")) == {method.pk: pytest.approx(TITLE_WEIGHT + EXACT_WEIGHT)}
    assert len(bonus_reads(ctx)) == 1


@pytest.mark.django_db
def test_only_the_methods_not_kept_are_read(make_method):
    first, second = make_method(title="Zygot ett"), make_method(title="Zygot två")
    cache = BonusCache()
    cache.bonuses([first.pk], variants("zygot"))
    with CaptureQueriesContext(connection) as ctx:
        assert set(cache.bonuses([first.pk, second.pk], variants("zygot"))) == {first.pk, second.pk}
    (read,) = bonus_reads(ctx)
    assert str(second.pk) in read and f"{first.pk}," not in read and f"({first.pk})" not in read


@pytest.mark.django_db
def test_the_least_recently_used_query_goes_first(make_method):
    method = make_method(title="Zygot")
    cache = BonusCache(size=2)
    for word in ("zygot", "samtal", "zygot", "metod"):  # "samtal" is the least recently used at the end
        cache.bonuses([method.pk], variants(word))
    assert len(cache) == 2
    with CaptureQueriesContext(connection) as ctx:
        cache.bonuses([method.pk], variants("zygot"))
        cache.bonuses([method.pk], variants("samtal"))
    assert len(bonus_reads(ctx)) == 1
