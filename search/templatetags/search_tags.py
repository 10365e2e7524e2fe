from django import template
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def query_qs(query, **changes):
    """The query string of ``query`` with some parameters changed (None removes one)."""
    return urlencode(query.params(**changes))


@register.simple_tag
def without_qs(query, key, slug):
    return urlencode(query.without(key, slug))


@register.filter
def urlencode_pairs(pairs):
    return urlencode(pairs)


@register.simple_tag
def facet_options(facet, more=False):
    """The checkboxes of one facet as list items (``more``: the values behind "Visa fler"): one tag instead of a
    dozen template nodes per value (a search page shows about 60 values)."""
    key = facet.dimension.key
    methods = gettext("metoder")
    values, start = (facet.more, len(facet.values) + 1) if more else (facet.values, 1)
    if not values:
        return format_html('<li class="muted">{}</li>', gettext("Inga värden"))
    return format_html_join(
        "\n",
        '<li><input type="checkbox" id="f-{0}-{1}" name="{0}" value="{2}"{3} data-autosubmit>'
        '<label for="f-{0}-{1}"{4}>{5} <span class="count">({6}<span class="visually-hidden"> {7}</span>)'
        "</span></label></li>",
        (
            (
                key,
                n,
                value.term.slug,
                value.state,
                ' class="muted"' if value.state == " disabled" else "",
                value.term.label,
                value.count,
                methods,
            )
            for n, value in enumerate(values, start=start)
        ),
    )
