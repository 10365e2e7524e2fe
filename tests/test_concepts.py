"""Taxonomy concepts in queries (search/concepts.py): labels and alternative labels name terms."""

import pytest

from methods.models import Environment, MethodPage, Setting
from methods.terms import all_terms
from search.concepts import find
from search.query import parse_text

pytestmark = pytest.mark.django_db


def _named(text):
    return {(c.dimension.key, c.term.slug) for c in find(parse_text(text), all_terms())}


def test_alternative_labels_name_their_terms():
    assert ("environment", "vit-makt") in _named("högerextremism")
    assert ("setting", "sarskilt-ungdomshem") in _named("LVU")
    assert ("setting", "anstalt") in _named("fängelse")
    assert ("target_group", "unga-under-18") in _named("flickor")


def test_inflections_and_labels_without_their_parenthesis_match():
    assert ("setting", "sarskilt-ungdomshem") in _named("ungdomshemmen")
    assert ("setting", "frivard") in _named("frivård")
    assert ("environment", "autonoma") in _named("den autonoma miljön")


def test_a_longer_label_wins_over_a_shorter_one_inside_it():
    named = _named("unga vuxna")
    assert ("target_group", "unga-vuxna-18-21") in named
    assert ("target_group", "unga-under-18") not in named


def test_ordinary_words_name_nothing():
    assert _named("motiverande samtal") == set()


def test_editors_alternative_labels_take_effect_at_once(client):
    Setting.objects.filter(slug="hakte").update(alt_labels="arresten\nhäktet")
    assert ("setting", "hakte") in _named("arresten")
    html = client.get("/sok/", {"q": "arresten"}).content.decode()
    assert "Matchar:" in html and "Häkte (Kriminalvården)" in html


def test_alternative_labels_are_cleaned_when_saved_in_the_admin_form():
    term = Environment.objects.get(slug="autonoma")
    term.alt_labels = "  vänsterextremism ; AFA\n\nafa\nvänsterextremism  "
    term.full_clean()
    assert term.alt_labels == "vänsterextremism\nAFA"


def test_a_query_naming_a_term_lists_its_methods_first_and_says_why(client):
    response = client.get("/sok/", {"q": "högerextremism"})
    tagged = set(MethodPage.objects.live().public().filter(environments__slug="vit-makt").values_list("pk", flat=True))
    assert tagged
    results = [r["method"].pk for r in response.context["results"]]
    assert set(results[: len(tagged)]) == tagged
    assert all(r["reasons"] for r in response.context["results"][: len(tagged)])
    assert 'Matchar: <span class="reason">Extremistisk miljö <strong>Vit makt-miljön</strong>' in (
        response.content.decode()
    )


def test_exclusions_also_remove_methods_found_through_a_term(client):
    both = client.get("/sok/", {"q": "högerextremism"}).context["results"]
    without = client.get("/sok/", {"q": "högerextremism -exit"}).context["results"]
    assert len(without) < len(both)
    assert all("exit" not in r["method"].title.lower() for r in without)


def test_hidden_methods_are_never_found_through_a_term(client, make_method):
    make_method(title="Dold metod om nazism", publish=False, settings=["anstalt"])
    html = client.get("/sok/", {"q": "fängelse"}).content.decode()
    assert "Dold metod" not in html
