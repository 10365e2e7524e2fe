"""The same page in each of the site's languages (for the language switch and hreflang links)."""

from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """``[(language code, URL of this page in it, the same URL absolute)]`` for every language of the site."""
    request = context.get("request")
    if request is None:
        return []
    path = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        versions.append((code, url, request.build_absolute_uri(url)))
    return versions
