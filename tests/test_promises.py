"""Promises to users that earlier tests did not hold to account (issue 15's survivors), each failing when broken."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from methods.models import MethodPage
from methods.querysets import swedish_sort_key
from search.analysis import compound_parts, stem

pytestmark = pytest.mark.django_db


def _ids(response):
    return [r["method"].method_id for r in response.context["results"]]


def test_an_editors_pick_of_a_method_the_public_may_not_see_is_not_shown(client, make_method):
    secret = make_method(title="Intern rutin", method_id="intern-rutin")
    SearchPromotion.objects.create(query=Query.get("intern rutin"), page=secret, sort_order=0, description="Tips")
    assert "Redaktionens tips" in client.get("/sok/", {"q": "intern rutin"}).content.decode()
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/sok/", {"q": "intern rutin"}).content.decode()
    assert "Redaktionens tips" not in html and "Intern rutin" not in html


def test_the_gap_map_counts_only_what_the_search_would_list(client):
    for params in ({"q": "radikalisering"}, {"q": "samtal", "setting": "anstalt"}):
        gap = client.get("/evidenskarta/", {**params, "rows": "setting", "cols": "target_group"})
        search = client.get("/sok/", params)
        assert gap.context["total"] == search.context["total"] > 0
        assert gap.context["total"] < MethodPage.objects.live().public().count()


def test_sort_by_evidence_holds_with_a_text_query(client):
    ids = _ids(client.get("/sok/", {"q": "samtal", "sort": "evidence"}))
    ranks = [MethodPage.objects.get(method_id=i).evidence_level.rank for i in ids]
    assert len(ranks) > 3 and ranks == sorted(ranks)


def test_the_method_list_is_in_swedish_title_order(client):
    methods = client.get("/metoder/").context["methods"]
    titles = [m.title for m in methods]
    assert titles == sorted(titles, key=swedish_sort_key) and len(titles) == 44


def test_a_synonym_alone_finds_methods(client):
    """ "samarbete" is a synonym of "samverkan": methods that say only "samverkan" are found too."""
    found = _ids(client.get("/sok/", {"q": "samarbete"}))
    texts = {
        i: (lambda p: (p.title + p.summary + p.description_text()).lower())(MethodPage.objects.get(method_id=i))
        for i in found
    }
    only_synonym = [i for i, text in texts.items() if "samarbet" not in text and "samverka" in text]
    assert only_synonym


def test_a_compound_no_method_uses_finds_the_methods_that_say_its_parts(client):
    """No method says "familjestöd"; those about both "familj" and "stöd" are found through its parts."""
    assert compound_parts("familjestöd") == [stem("familj"), stem("stöd")]
    found = _ids(client.get("/sok/", {"q": "familjestöd"}))
    assert found
    for method_id in found[:3]:
        page = MethodPage.objects.get(method_id=method_id)
        assert "familjestöd" not in (page.title + page.summary + page.description_text()).lower()


def test_a_method_is_due_for_review_when_its_review_interval_has_passed():
    import datetime

    from methods.views import review_due_queryset

    page = MethodPage.objects.get(method_id="exit-fryshuset")
    assert page.review_interval_months == 24  # the default cycle
    today = datetime.date(2026, 11, 25)
    MethodPage.objects.filter(pk=page.pk).update(last_reviewed=datetime.date(2024, 11, 25))
    assert not review_due_queryset(today).filter(pk=page.pk).exists()  # exactly 24 months: not yet
    MethodPage.objects.filter(pk=page.pk).update(last_reviewed=datetime.date(2024, 11, 24))
    assert review_due_queryset(today).filter(pk=page.pk).exists()
    # A method with a shorter cycle of its own is due sooner.
    MethodPage.objects.filter(pk=page.pk).update(last_reviewed=datetime.date(2025, 11, 24), review_interval_months=12)
    assert review_due_queryset(today).filter(pk=page.pk).exists()
    MethodPage.objects.filter(pk=page.pk).update(review_interval_months=13)
    assert not review_due_queryset(today).filter(pk=page.pk).exists()


@pytest.mark.parametrize(
    "name, size, message",
    [
        ("metoder.txt", 100, "Filen måste vara .csv eller .xlsx."),
        ("metoder.csv", 10 * 1024 * 1024 + 1, "större än 10 MB"),
    ],
)
def test_the_import_page_refuses_other_files_and_files_over_ten_megabytes(client, name, size, message):
    import io

    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("granskare-upload", "g@example.se", "lösenord-för-test-123")
    user.groups.add(Group.objects.get(name="Granskare"))
    client.force_login(user)
    upload = io.BytesIO(b"id,title\n" + b"x" * max(size - 9, 0))
    upload.name = name
    before = MethodPage.objects.count()
    response = client.post("/admin/metoder/import/", {"file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert MethodPage.objects.count() == before
