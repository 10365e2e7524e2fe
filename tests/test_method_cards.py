"""The method card tag (methods.templatetags.method_cards), with minimal objects and no database."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils.safestring import mark_safe


def _term(label, slug="x"):
    return SimpleNamespace(label=label, slug=slug)


def _method(**overrides):
    fields = {
        "url": "/metoder/a/",
        "title": "Samtal <b>om</b> extremism",
        "summary": "Kort & tydligt.",
        "evidence_level": _term("Lovande", "lovande"),
        "card_terms": {"setting": [_term("Anstalt"), _term("Frivård")], "target_group": []},
    }
    return SimpleNamespace(**{**fields, **overrides})


def _render(source, **context):
    return Template("{% load method_cards %}" + source).render(Context(context))


def test_card_escapes_the_methods_text_and_lists_its_terms():
    html = _render("{% method_card method level=2 %}", method=_method())
    assert (
        '<h2 class="method-card__title" lang="sv"><a href="/metoder/a/">Samtal &lt;b&gt;om&lt;/b&gt; extremism</a></h2>'
        in html
    )
    assert '<p class="method-card__summary" lang="sv">Kort &amp; tydligt.</p>' in html
    assert '<span class="evidence evidence--lovande">Lovande</span>' in html
    assert "<div><dt>Verksamhet</dt><dd>Anstalt, Frivård</dd></div>" in html
    assert "Målgrupp" not in html  # no terms: no empty row
    assert "method-card__reasons" not in html and "method-card__snippet" not in html


def test_card_shows_highlighted_search_text_and_reasons():
    html = _render(
        "{% method_card method title=title summary=summary snippet=snippet reasons=reasons %}",
        method=_method(card_terms={}),
        title=mark_safe("Samtal om <mark>extremism</mark>"),
        summary="<script>",
        snippet=mark_safe("… <mark>extremism</mark> …"),
        reasons=[(SimpleNamespace(label="Miljö"), _term("Vit makt-miljön"))],
    )
    assert "<h3 " in html and "Samtal om <mark>extremism</mark></a></h3>" in html  # level 3 by default
    assert '<p class="method-card__summary" lang="sv">&lt;script&gt;</p>' in html  # unsafe text is escaped
    assert (
        '<p class="method-card__reasons">Matchar: '
        '<span class="reason">Miljö <strong>Vit makt-miljön</strong></span></p>' in html
    )
    assert '<span lang="sv">… <mark>extremism</mark> …</span>' in html
    assert "Verksamhet" not in html
