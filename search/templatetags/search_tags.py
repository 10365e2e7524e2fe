from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def query_qs(query, **changes):
    """The query string of ``query`` with some parameters changed (None removes one)."""
    return urlencode(query.params(**changes))


@register.simple_tag
def toggle_qs(query, key, slug):
    return urlencode(query.toggled(key, slug))


@register.filter
def urlencode_pairs(pairs):
    return urlencode(pairs)
