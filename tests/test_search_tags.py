"""The search page's template tags (search/templatetags/search_tags.py), with minimal objects and no database."""

from types import SimpleNamespace

from search.results import Facet, FacetValue
from search.templatetags.search_tags import facet_options


def _value(label, slug, count, selected=False):
    return FacetValue(term=SimpleNamespace(label=label, slug=slug), count=count, selected=selected)


def test_facet_checkboxes_escape_labels_and_say_what_a_click_gives():
    facet = Facet(
        dimension=SimpleNamespace(key="setting"),
        values=[_value("Anstalt <KV>", "anstalt", 3, selected=True), _value("Häkte & frivård", "hakte", 0)],
        more=[_value("Skola", "skola", 7)],
    )
    html = str(facet_options(facet))
    assert html.split("\n") == [
        '<li><input type="checkbox" id="f-setting-1" name="setting" value="anstalt" checked data-autosubmit>'
        '<label for="f-setting-1">Anstalt &lt;KV&gt; <span class="count">(3<span class="visually-hidden"> metoder'
        "</span>)</span></label></li>",
        '<li><input type="checkbox" id="f-setting-2" name="setting" value="hakte" disabled data-autosubmit>'
        '<label for="f-setting-2" class="muted">Häkte &amp; frivård <span class="count">(0<span '
        'class="visually-hidden"> metoder</span>)</span></label></li>',
    ]
    more = str(facet_options(facet, more=True))
    assert more.startswith('<li><input type="checkbox" id="f-setting-3" name="setting" value="skola" data-autosubmit>')


def test_a_facet_without_values_says_so():
    facet = Facet(dimension=SimpleNamespace(key="keyword"), values=[], more=[])
    assert str(facet_options(facet)) == '<li class="muted">Inga värden</li>'
