"""The tag index (methods/postings.py): filters and counts as the tag tables say, rebuilt when they change."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from methods.models import MethodPage, Setting, TaggedSetting, TargetGroup
from methods.postings import from_bits, tag_index, to_bits

pytestmark = pytest.mark.django_db


def _pk(model, slug):
    return model.objects.get(slug=slug).pk


@pytest.mark.django_db(False)
@given(st.sets(st.integers(min_value=0, max_value=70_000)))
def test_bitsets_round_trip(pks):
    bits = to_bits(pks)
    assert from_bits(bits) == sorted(pks)
    assert bits.bit_count() == len(pks)


def test_filters_are_or_within_and_across_dimensions(make_method):
    a = make_method(settings=["anstalt"], target_groups=["vuxna"])
    b = make_method(settings=["frivard"], target_groups=["vuxna"])
    c = make_method(settings=["frivard"], target_groups=["avhoppare"])
    index = tag_index()
    mine = to_bits({a.pk, b.pk, c.pk})
    either = index.filtered(mine, {"setting": {_pk(Setting, "anstalt"), _pk(Setting, "frivard")}})
    both = index.filtered(mine, {"setting": {_pk(Setting, "frivard")}, "target_group": {_pk(TargetGroup, "vuxna")}})
    assert from_bits(either) == sorted([a.pk, b.pk, c.pk])
    assert from_bits(both) == [b.pk]


def test_counts_agree_with_the_database():
    index = tag_index()
    visible = to_bits(MethodPage.objects.visible().values_list("pk", flat=True))
    assert index.visible().bits == visible
    anstalt = index.filtered(visible, {"setting": {_pk(Setting, "anstalt")}})
    counts = index.counts("target_group", anstalt)
    for group in TargetGroup.objects.all():
        expected = MethodPage.objects.visible().filter(settings__slug="anstalt", target_groups=group).count()
        assert counts.get(group.pk, 0) == expected
    evidence = index.counts("evidence", visible)
    for level_pk, n in evidence.items():
        assert MethodPage.objects.visible().filter(evidence_level_id=level_pk).count() == n


def test_shared_tiers_count_the_terms_two_methods_share(make_method):
    page = make_method(settings=["anstalt", "frivard"], target_groups=["vuxna"])
    two = make_method(settings=["anstalt"], target_groups=["vuxna"])
    three = make_method(settings=["anstalt", "frivard"], target_groups=["vuxna"])
    index = tag_index()
    tiers = dict(index.shared_tiers(page.pk, ["setting", "target_group"]))
    expected = {}
    for other in MethodPage.objects.exclude(pk=page.pk):
        n = (
            other.settings.filter(slug__in=["anstalt", "frivard"]).count()
            + other.target_groups.filter(slug="vuxna").count()
        )
        if n:
            expected.setdefault(n, set()).add(other.pk)
    assert {n: set(from_bits(bits)) for n, bits in tiers.items()} == expected
    assert three.pk in from_bits(tiers[3]) and two.pk in from_bits(tiers[2])
    assert page.pk not in set().union(*(from_bits(bits) for bits in tiers.values()))


def test_a_change_to_the_tag_tables_from_anywhere_gives_a_new_index():
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    skola = Setting.objects.get(slug="skola")
    before = tag_index()
    assert page.pk not in before.methods_with("setting", {skola.pk})
    row = TaggedSetting.objects.filter(content_object=page).first()
    TaggedSetting.objects.filter(pk=row.pk).update(tag=skola)  # in place, as another process might
    after = tag_index()
    assert after is not before
    assert page.pk in after.methods_with("setting", {skola.pk})


def test_shared_tiers_reach_methods_sharing_many_terms(make_method):
    # Eight shared terms need four binary digits: every tier from 8 down must be found.
    settings, groups = ["anstalt", "hakte", "lvm-hem", "frivard"], ["lagforda", "atervandare", "personal", "anhoriga"]
    page = make_method(settings=settings, target_groups=groups)
    all_eight = make_method(settings=settings, target_groups=groups)
    six = make_method(settings=settings[:3], target_groups=groups[:3])
    tiers = dict(tag_index().shared_tiers(page.pk, ["setting", "target_group"]))
    assert max(tiers) == 8
    assert from_bits(tiers[8]) == [all_eight.pk] and from_bits(tiers[6]) == [six.pk]


@pytest.mark.django_db
def test_a_term_no_method_carries_yet_has_no_methods(client):
    term = Setting.objects.create(slug="ny-verksamhet", name="Ny verksamhet utan metoder")
    assert tag_index().bits_with("setting", [term.pk]) == 0
    assert tag_index().bits_with("setting", [term.pk, _pk(Setting, "anstalt")]) == tag_index().bits_with(
        "setting", [_pk(Setting, "anstalt")]
    )
    response = client.get("/sok/", {"q": "Ny verksamhet utan metoder"})  # the query names the new term
    assert response.status_code == 200


def test_visible_leaves_out_drafts_and_restricted_methods_together(make_method):
    from wagtail.models import PageViewRestriction

    shown, draft, restricted = make_method(), make_method(publish=False), make_method()
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    visible = tag_index().visible()
    assert shown.pk in visible
    assert draft.pk not in visible and restricted.pk not in visible
    assert visible.bits == to_bits(MethodPage.objects.visible().values_list("pk", flat=True))


def test_drafts_are_found_through_their_partial_index_not_a_scan_of_every_page():
    from django.db import connection
    from wagtail.models import Page

    assert "methods_page_not_live" in connection.introspection.get_constraints(connection.cursor(), "wagtailcore_page")
    if connection.vendor == "sqlite":
        pages = Page.objects.order_by()
        sql, params = pages.filter(~pages.live_q()).values_list("pk", flat=True).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "USING INDEX methods_page_not_live" in plan
