"""The method card: one method in a list (search results, the method list, related methods, collections).

Rendered in Python rather than by an included template of a dozen nodes, since a search page shows
twenty cards (with the facet checkboxes, also built in Python, a search page's rendering went from
about 10 to about 8 ms at 10,000 methods).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _meta(label, terms):
    if not terms:
        return ""
    return format_html("<div><dt>{}</dt><dd>{}</dd></div>", label, ", ".join(term.label for term in terms))


@register.simple_tag
def method_card(method, level=3, title=None, summary=None, snippet=None, reasons=None):
    """The card of ``method`` under a heading of ``level``; ``title``, ``summary`` and ``snippet``
    are highlighted text from a search (safe HTML), ``reasons`` its ``(dimension, term)`` matches."""
    card_terms = getattr(method, "card_terms", {})
    parts = [
        format_html(
            '<article class="method-card">\n  <h{0} class="method-card__title" lang="sv"><a href="{1}">{2}</a></h{0}>\n'
            '  <p class="method-card__summary" lang="sv">{3}</p>\n',
            int(level),
            method.url,
            title or method.title,
            summary or method.summary,
        )
    ]
    if reasons:
        parts.append(
            format_html(
                '  <p class="method-card__reasons">{} {}</p>\n',
                gettext("Matchar:"),
                mark_safe(
                    ", ".join(
                        format_html('<span class="reason">{} <strong>{}</strong></span>', dimension.label, term.label)
                        for dimension, term in reasons
                    )
                ),
            )
        )
    if snippet:
        parts.append(
            format_html(
                '  <p class="method-card__snippet"><span class="visually-hidden">{} </span>'
                '<span lang="sv">{}</span></p>\n',
                gettext("Träff:"),
                snippet,
            )
        )
    level_term = method.evidence_level
    parts.append(
        format_html(
            '  <dl class="method-card__meta">\n'
            '    <div><dt>{}</dt><dd><span class="evidence evidence--{}">{}</span></dd></div>\n'
            "    {}{}\n  </dl>\n</article>",
            gettext("Evidensnivå"),
            level_term.slug,
            level_term.label,
            _meta(gettext("Verksamhet"), card_terms.get("setting")),
            _meta(gettext("Målgrupp"), card_terms.get("target_group")),
        )
    )
    return mark_safe("".join(parts))
