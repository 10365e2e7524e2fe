"""A method's ``search_terms``, filled from search/ before every save that writes it (search.signals)."""

import pytest

from methods.models import MethodPage, Setting
from search.analysis import analyze_method

pytestmark = pytest.mark.django_db


def stored_terms(page):
    return MethodPage.objects.values_list("search_terms", flat=True).get(pk=page.pk).split()


def test_every_save_of_changed_texts_stores_their_analysis(make_method):
    page = make_method(title="Samtalsmetod")
    before = stored_terms(page)
    page.title = "Zygotprogrammet"
    page.save()
    assert "zygotprogram" in stored_terms(page)
    assert stored_terms(page) != before
    assert stored_terms(page) == analyze_method(MethodPage.objects.get(pk=page.pk)).split()
    page.settings.set([Setting.objects.get(slug="frivard")])  # a tag's name is part of the analysed text
    page.save()
    assert stored_terms(page) == analyze_method(MethodPage.objects.get(pk=page.pk)).split()


def test_a_save_of_other_fields_leaves_the_analysis_alone(make_method):
    page = make_method(title="Samtalsmetod")
    before = stored_terms(page)
    page.title = "Zygotprogrammet"
    page.save(update_fields=["draft_title"])  # as Wagtail's save_revision does: the page row's text is not written
    assert stored_terms(page) == before


def test_an_unchanged_page_saved_again_keeps_its_terms_even_if_the_field_was_overwritten(make_method):
    page = make_method(title="Samtalsmetod")
    expected = stored_terms(page)
    page.search_terms = "något annat"
    page.save()
    assert stored_terms(page) == expected
