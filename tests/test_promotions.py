"""Editors' picks on the search page (search/promotions.py): shown as the database holds them now, asked for only
when the query text has one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from methods.dataversions import current_tokens
from search.promotions import TOKEN_GROUP

pytestmark = pytest.mark.django_db


def picks_and_promotion_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    asked = [q["sql"] for q in ctx.captured_queries if "wagtailsearchpromotions" in q["sql"]]
    return [pick.page.title for pick in response.context["promotions"]], asked


def test_the_promotion_tables_have_a_data_version():
    assert current_tokens().get(TOKEN_GROUP) is not None


def test_a_search_without_picks_does_not_ask_for_them_once_the_process_knows_there_are_none(client):
    picks_and_promotion_queries(client, "/sok/?q=samverkan")
    picks, asked = picks_and_promotion_queries(client, "/sok/?q=samverkan")
    assert picks == [] and asked == []


def test_a_pick_added_later_is_shown_at_the_next_search_and_gone_when_removed(client, make_method):
    method = make_method(title="Utvald rutin")
    assert picks_and_promotion_queries(client, "/sok/?q=Samverkan")[0] == []
    pick = SearchPromotion.objects.create(query=Query.get("samverkan"), page=method, sort_order=0)
    assert picks_and_promotion_queries(client, "/sok/?q=Samverkan")[0] == ["Utvald rutin"]
    pick.delete()
    assert picks_and_promotion_queries(client, "/sok/?q=Samverkan")[0] == []


def test_picks_keep_the_editors_order(client, make_method):
    first, second = make_method(title="Först"), make_method(title="Sedan")
    query = Query.get("stöd")
    SearchPromotion.objects.create(query=query, page=second, sort_order=1)
    SearchPromotion.objects.create(query=query, page=first, sort_order=0)
    assert picks_and_promotion_queries(client, "/sok/?q=st%C3%B6d")[0] == ["Först", "Sedan"]


def test_a_pick_is_shown_on_the_first_page_only(client, make_method):
    SearchPromotion.objects.create(query=Query.get("samverkan"), page=make_method(title="Utvald"), sort_order=0)
    assert client.get("/sok/?q=samverkan").context["promotions"]
    assert client.get("/sok/?q=samverkan&page=2").context["promotions"] == []
