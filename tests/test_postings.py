"""The tag index (methods/postings.py): filters and counts as the tag tables say, rebuilt when they change."""

import pytest

from methods.models import MethodPage, Setting, TaggedSetting, TargetGroup
from methods.postings import tag_index

pytestmark = pytest.mark.django_db


def _pk(model, slug):
    return model.objects.get(slug=slug).pk


def _evidence(pk):
    return MethodPage.objects.values_list("evidence_level_id", flat=True).get(pk=pk)


def test_filters_are_or_within_and_across_dimensions(make_method):
    a = make_method(settings=["anstalt"], target_groups=["vuxna"])
    b = make_method(settings=["frivard"], target_groups=["vuxna"])
    c = make_method(settings=["frivard"], target_groups=["avhoppare"])
    index = tag_index()
    mine = {a.pk, b.pk, c.pk}
    either = index.filtered(mine, {"setting": {_pk(Setting, "anstalt"), _pk(Setting, "frivard")}}, _evidence)
    both = index.filtered(
        mine, {"setting": {_pk(Setting, "frivard")}, "target_group": {_pk(TargetGroup, "vuxna")}}, _evidence
    )
    assert either == mine
    assert both == {b.pk}


def test_counts_agree_with_the_database():
    index = tag_index()
    visible = set(MethodPage.objects.visible().values_list("pk", flat=True))
    anstalt = index.filtered(visible, {"setting": {_pk(Setting, "anstalt")}}, _evidence)
    counts = index.counts("target_group", anstalt)
    for group in TargetGroup.objects.all():
        expected = MethodPage.objects.visible().filter(settings__slug="anstalt", target_groups=group).count()
        assert counts.get(group.pk, 0) == expected


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
