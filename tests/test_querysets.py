"""The method QuerySet (methods/querysets.py): visibility, orders, large primary-key lists, related methods."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from methods.models import MethodPage
from methods.postings import tag_index

pytestmark = pytest.mark.django_db


def test_visible_excludes_drafts_and_restricted_sections(make_method):
    draft = make_method(title="Utkast", publish=False)
    restricted = make_method(title="Begränsad")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    visible = set(MethodPage.objects.visible().values_list("pk", flat=True))
    assert draft.pk not in visible and restricted.pk not in visible
    assert MethodPage.objects.visible().count() == 44


def test_title_order_is_swedish(make_method):
    for title in ["Östra modellen", "Ärendegång", "Zonarbete", "Åtgärdsplan", "Aktiv ledning"]:
        make_method(title=title)
    titles = [
        t
        for t in MethodPage.objects.visible().ordered("title").values_list("title", flat=True)
        if t in {"Östra modellen", "Ärendegång", "Zonarbete", "Åtgärdsplan", "Aktiv ledning"}
    ]
    assert titles == ["Aktiv ledning", "Zonarbete", "Åtgärdsplan", "Ärendegång", "Östra modellen"]


def test_evidence_order_puts_strongest_first():
    ranks = list(MethodPage.objects.visible().ordered("evidence").values_list("evidence_level__rank", flat=True))
    assert ranks == sorted(ranks)


def test_with_pks_takes_lists_of_any_size():
    pks = list(MethodPage.objects.values_list("pk", flat=True))
    padded = pks + list(range(10**9, 10**9 + 40_000))  # more than SQLite's 32,766 parameters
    assert MethodPage.objects.with_pks(padded).count() == len(pks)


def test_related_methods_share_terms_and_are_visible(make_method):
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    twin = make_method(title="Tvilling", settings=[t.slug for t in page.settings.all()], publish=False)
    related = [p.pk for p in MethodPage.objects.visible().related_to(page)]  # five by default, as the method page shows
    assert len(related) == 5 and page.pk not in related and twin.pk not in related
    shared = {t.slug for t in page.settings.all()} | {t.slug for t in page.target_groups.all()}
    for pk in related:
        other = MethodPage.objects.get(pk=pk)
        assert shared & ({t.slug for t in other.settings.all()} | {t.slug for t in other.target_groups.all()})


def test_hidden_is_exactly_what_visible_leaves_out(make_method):
    draft = make_method(title="Utkast", publish=False)
    restricted = make_method(title="Begränsad")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="x")
    hidden = set(MethodPage.objects.hidden().values_list("pk", flat=True))
    assert hidden == {draft.pk, restricted.pk}
    visible = set(MethodPage.objects.visible().values_list("pk", flat=True))
    assert hidden | visible == set(MethodPage.objects.values_list("pk", flat=True)) and not hidden & visible


def test_related_methods_with_as_many_shared_terms_come_strongest_evidence_first_then_by_title(make_method):
    terms = {"settings": ["lvm-hem", "hakte", "frivard"], "target_groups": ["atervandare", "personal"]}
    page = make_method(title="Utgångspunkt", **terms)
    make_method(title="Beta", evidence="erfarenhetsbaserad", **terms)
    make_method(title="Alfa", evidence="erfarenhetsbaserad", **terms)
    make_method(title="Gamma", evidence="lovande", **terms)
    related = MethodPage.objects.visible().related_to(page, limit=3)
    assert [p.title for p in related] == ["Gamma", "Alfa", "Beta"]


def test_related_methods_alike_in_evidence_and_title_come_oldest_first(make_method):
    """The last tie-break is the primary key, so the list is the same on every request."""
    terms = {"settings": ["lvm-hem", "hakte", "frivard"], "target_groups": ["atervandare", "personal"]}
    page = make_method(title="Utgångspunkt", **terms)
    twins = [make_method(title="Samma namn", **terms).pk for _ in range(3)]
    assert [p.pk for p in MethodPage.objects.visible().related_to(page, limit=3)] == sorted(twins)


def test_within_one_evidence_level_and_one_publication_time_methods_come_in_swedish_title_order(make_method):
    titles = ["Ödesfrågor", "Ärlighet", "Bemötande"]
    pages = [make_method(title=t, evidence="starkt-stod") for t in titles]
    by_evidence = [
        t for t in MethodPage.objects.visible().ordered("evidence").values_list("title", flat=True) if t in titles
    ]
    assert by_evidence == ["Bemötande", "Ärlighet", "Ödesfrågor"]
    MethodPage.objects.filter(pk__in=[p.pk for p in pages]).update(last_published_at="2030-01-01T00:00:00Z")
    latest = list(MethodPage.objects.visible().ordered("updated").values_list("title", flat=True)[:3])
    assert latest == ["Bemötande", "Ärlighet", "Ödesfrågor"]


@pytest.mark.django_db
def test_methods_in_order_carry_their_settings_and_target_groups_sorted_by_label(make_method):
    page = make_method(title="Kortmetod", settings=["frivard", "anstalt"], target_groups=["lagforda"])
    (listed,) = MethodPage.objects.visible().in_order([page.pk])
    settings = [t.label for t in listed.card_terms["setting"]]
    assert settings == sorted(settings, key=str.lower) and len(settings) == 2
    assert {t.slug for t in listed.card_terms["setting"]} == {"frivard", "anstalt"}
    assert [t.slug for t in listed.card_terms["target_group"]] == ["lagforda"]


def test_a_missing_title_sorts_first():
    from methods.querysets import swedish_sort_key

    assert swedish_sort_key(None) == swedish_sort_key("") == ""
    assert swedish_sort_key("Åtgärd") > swedish_sort_key("Zon")


def shared_terms(page, other):
    mine = {("s", t.slug) for t in page.settings.all()} | {("t", t.slug) for t in page.target_groups.all()}
    theirs = {("s", t.slug) for t in other.settings.all()} | {("t", t.slug) for t in other.target_groups.all()}
    return len(mine & theirs)


def test_related_methods_sharing_more_terms_come_before_stronger_evidence(make_method):
    terms = {"settings": ["lvm-hem", "hakte", "frivard"], "target_groups": ["atervandare", "personal"]}
    page = make_method(title="Utgångspunkt", **terms)
    many = make_method(title="Öst", evidence="erfarenhetsbaserad", **terms)
    few = make_method(title="Alfa", evidence="starkt-stod", settings=["lvm-hem"])
    related = [p.pk for p in MethodPage.objects.visible().related_to(page, limit=60)]
    counts = [shared_terms(page, MethodPage.objects.get(pk=pk)) for pk in related]
    assert related[0] == many.pk and few.pk in related
    assert counts == sorted(counts, reverse=True)


def test_related_methods_look_further_when_the_best_candidates_are_hidden(make_method):
    terms = {"settings": ["lvm-hem", "hakte", "frivard"], "target_groups": ["atervandare", "personal"]}
    page = make_method(title="Utgångspunkt", **terms)
    drafts = [make_method(title=f"Utkast {n}", publish=False, **terms) for n in range(5)]
    four = make_method(title="Aaa", evidence="starkt-stod", settings=terms["settings"], target_groups=["personal"])
    related = [p.pk for p in MethodPage.objects.visible().related_to(page, limit=1)]
    assert related == [four.pk]
    assert not set(related) & {d.pk for d in drafts}


def test_related_methods_are_checked_in_one_query_when_the_best_tiers_are_small(make_method):
    """The best tiers together hold enough candidates: one query, not one per tier."""
    terms = {"settings": ["lvm-hem", "hakte", "frivard"], "target_groups": ["atervandare", "personal"]}
    page = make_method(title="Utgångspunkt", **terms)
    make_method(title="Alla fem", **terms)
    make_method(title="Fyra", settings=terms["settings"], target_groups=["personal"])
    make_method(title="Tre", settings=terms["settings"])
    visible = MethodPage.objects.visible()
    str(visible.query)  # the view restrictions are read when the QuerySet is built
    tag_index()  # and the tag index (shared terms) is built for the tags as they are now
    with CaptureQueriesContext(connection) as ctx:
        related = visible.related_to(page)
    assert len(related) == 5
    assert len([q for q in ctx.captured_queries if "methods_methodpage" in q["sql"]]) == 1


def test_related_methods_come_ready_for_a_list_with_their_card_terms(make_method):
    terms = {"settings": ["lvm-hem", "hakte"], "target_groups": ["personal"]}
    page = make_method(title="Utgångspunkt", **terms)
    other = make_method(title="Kort", **terms)
    (listed,) = MethodPage.objects.visible().related_to(page, limit=1)
    assert listed.pk == other.pk and listed.title == "Kort"
    assert {t.slug for t in listed.card_terms["setting"]} == {"lvm-hem", "hakte"}
    assert [t.slug for t in listed.card_terms["target_group"]] == ["personal"]


def test_related_methods_count_shared_vocabulary_terms_not_free_keywords(make_method):
    page = make_method(title="Utgångspunkt", settings=["lvm-hem", "hakte"])
    both_settings = make_method(title="Öst", settings=["lvm-hem", "hakte"])
    one_setting_and_keyword = make_method(title="Alfa", settings=["lvm-hem"])
    for method in (page, one_setting_and_keyword):
        method.keywords.add("gemensamt nyckelord")
        method.save()
    # Counted with the keyword, "Alfa" would share as many terms as "Öst" and come first by title.
    (first,) = MethodPage.objects.visible().related_to(page, limit=1)
    assert first.pk == both_settings.pk
