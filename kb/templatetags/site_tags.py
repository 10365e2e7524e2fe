"""Site-wide template helpers: the same page in each language (switch, hreflang) and the page title."""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """``[(language code, URL of this page in it, the same URL absolute)]`` for every language of the site."""
    request = context.get("request")
    if request is None:
        return []
    path = request.get_full_path()
    try:
        request.get_host()
        absolute = request.build_absolute_uri
    except DisallowedHost:
        # The 400 page answering a Host header the site does not serve: no absolute URLs from that host.
        absolute = str
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        versions.append((code, url, absolute(url)))
    return versions


@register.filter
def site_title(title):
    """ "<page> – Metodbanken", or just "Metodbanken" when the page is called that (the home page)."""
    title = " ".join(str(title).split())
    if not title or title == "Metodbanken":
        return "Metodbanken"
    return f"{title} – Metodbanken"
