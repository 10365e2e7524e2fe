from html import escape

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
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
    """The checkboxes of one facet as list items (``more``: the values behind "Visa fler").

    Built as one string with ``html.escape`` (what Django's ``escape`` does underneath): a search
    page shows up to about 170 values, and one ``format_html`` per value was a third of its rendering.
    """
    key = escape(facet.dimension.key)
    values, start = (facet.more, len(facet.values) + 1) if more else (facet.values, 1)
    if not values:
        return format_html('<li class="muted">{}</li>', gettext("Inga värden"))
    methods = escape(gettext("metoder"))
    muted = {" disabled": ' class="muted"'}
    return mark_safe(
        "\n".join(
            f'<li><input type="checkbox" id="f-{key}-{n}" name="{key}" value="{escape(value.term.slug)}"{value.state}'
            f' data-autosubmit><label for="f-{key}-{n}"{muted.get(value.state, "")}>'
            f'{escape(str(value.term.label))} <span class="count">({int(value.count)}<span class="visually-hidden">'
            f" {methods}</span>)</span></label></li>"
            for n, value in enumerate(values, start=start)
        )
    )
