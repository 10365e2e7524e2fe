"""Searches with no or few results are counted (search/querylog.py) and shown to editors in a report."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search import querylog
from search.models import SearchQueryStat

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_tally():
    """No counts in memory or in the database yet."""
    querylog.flush()
    SearchQueryStat.objects.all().delete()


def _editor(client):
    user = get_user_model().objects.create_user("redaktor-sok", password="x")
    user.groups.add(Group.objects.get(name="Redaktörer"))
    client.force_login(user)
    return user


def test_searches_without_results_are_counted_per_day_and_text_only(client, empty_tally):
    for _ in range(3):
        client.get("/sok/", {"q": "Gängkriminalitet  "})
    client.get("/sok/", {"q": "xqzxqz"})
    client.get("/sok/", {"q": "avhoppare"})  # many results: not counted
    client.get("/sok/", {"q": "xqzxqz", "setting": "anstalt"})  # a filter, not the words, may be why
    client.get("/sok/", {"q": "xqzxqz", "page": "2"})  # the same search, paged: counted once
    assert querylog.flush() >= 4
    rows = {(r.query, r.zero_results): r.count for r in SearchQueryStat.objects.all()}
    assert rows[("xqzxqz", True)] == 1
    assert sum(n for (q, _z), n in rows.items() if q.startswith("gängkriminalitet")) == 3
    assert not any(q == "avhoppare" for q, _z in rows)
    stat = SearchQueryStat.objects.first()
    assert stat.day == timezone.localdate()
    assert {f.name for f in SearchQueryStat._meta.fields} == {"id", "day", "query", "zero_results", "count"}


def test_a_search_request_writes_nothing_to_the_database(client, empty_tally):
    with CaptureQueriesContext(connection) as queries:
        client.get("/sok/", {"q": "xqzxqz"})
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert SearchQueryStat.objects.count() == 0


def test_counts_add_up_across_flushes_and_old_counts_are_removed(empty_tally):
    querylog.record("ordet", 0)
    querylog.flush()
    querylog.record("ordet", 0)
    querylog.record("ordet", 2)
    querylog.flush()
    assert SearchQueryStat.objects.get(query="ordet", zero_results=True).count == 2
    assert SearchQueryStat.objects.get(query="ordet", zero_results=False).count == 1
    old = timezone.localdate() - datetime.timedelta(days=SearchQueryStat.RETENTION_DAYS + 1)
    SearchQueryStat.objects.create(day=old, query="gammalt", zero_results=True, count=5)
    querylog.record("nytt", 0)
    querylog.flush()
    assert not SearchQueryStat.objects.filter(query="gammalt").exists()


def test_the_report_lists_the_most_frequent_gaps_first_for_editors(client, empty_tally):
    today = timezone.localdate()
    SearchQueryStat.objects.create(day=today, query="gäng", zero_results=True, count=7)
    SearchQueryStat.objects.create(day=today - datetime.timedelta(days=1), query="gäng", zero_results=True, count=2)
    SearchQueryStat.objects.create(day=today, query="säpo", zero_results=False, count=4)
    SearchQueryStat.objects.create(day=today - datetime.timedelta(days=60), query="förr", zero_results=True, count=50)
    assert client.get("/admin/reports/sokningar-utan-traffar/").status_code == 302  # anonymous: to login
    _editor(client)
    html = client.get("/admin/reports/sokningar-utan-traffar/").content.decode()
    assert "Sökningar utan träffar" in html
    assert html.index("gäng") < html.index("säpo")
    assert ">9<" in html.replace(" ", "").replace("\n", "")
    assert "förr" not in html  # older than the default 30 days
    year = client.get("/admin/reports/sokningar-utan-traffar/", {"period": "365"}).content.decode()
    assert "förr" in year
    export = client.get("/admin/reports/sokningar-utan-traffar/", {"export": "csv"})
    assert export.status_code == 200 and "gäng" in b"".join(export.streaming_content).decode()
