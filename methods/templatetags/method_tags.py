from django import template

from methods.catalog import get_catalog

register = template.Library()


def _catalog(context):
    """One catalog snapshot per request, however many cards the page lists."""
    request = context.get("request")
    if request is None:
        return get_catalog()
    if not hasattr(request, "_methods_catalog"):
        request._methods_catalog = get_catalog()
    return request._methods_catalog


@register.simple_tag(takes_context=True)
def method_terms(context, method, dimension_key):
    """The terms a listed method carries in one dimension, from the catalog snapshot (no query per card)."""
    catalog = _catalog(context)
    entry = catalog.entries.get(method.pk)
    if entry is None:
        return []
    terms = catalog.terms[dimension_key]
    return sorted((terms[slug] for slug in entry.tags.get(dimension_key, ()) if slug in terms), key=lambda t: t.label)
