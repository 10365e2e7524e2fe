"""Links every public template needs: the site's home page and its method and collection lists."""

import threading

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .dataversions import current_tokens
from .models import CollectionIndexPage, MethodIndexPage

# The sections of each site, kept per process under the page tree's data version: any write to a page, in any
# process, gives them a new key. They are links, not methods, and hold nothing a visitor may not see.
_lock = threading.Lock()
_by_version = {}


def _find_sections(site):
    types = ContentType.objects.get_for_models(MethodIndexPage, CollectionIndexPage)
    keys = {types[MethodIndexPage].pk: "method_index", types[CollectionIndexPage].pk: "collection_index"}
    children = site.root_page.get_children().live().filter(content_type__in=keys).order_by("path")
    found = {}
    for page in children:  # plain Page objects: enough for {% pageurl %}
        found.setdefault(keys[page.content_type_id], page)
    return found


def _sections(request):
    site = Site.find_for_request(request)
    if site is None:
        return {}
    token = current_tokens().get("pages")
    key = (site.pk, site.root_page_id, token)
    found = _by_version.get(key) if token is not None else None
    if found is None:
        found = _find_sections(site)
        if token is not None:
            with _lock:
                if len(_by_version) > 16 or any(old[2] != token for old in _by_version):
                    _by_version.clear()
                _by_version[key] = found
    return {"home_page": site.root_page, **found}


def site_sections(request):
    """``site_sections.home_page``, ``.method_index``, ``.collection_index`` (looked up on first use)."""
    return {"site_sections": SimpleLazyObject(lambda: _sections(request))}
