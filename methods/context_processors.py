"""Links every public template needs: the site's home page and its method and collection lists."""

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .models import CollectionIndexPage, MethodIndexPage


def _sections(request):
    site = Site.find_for_request(request)
    if site is None:
        return {}
    types = ContentType.objects.get_for_models(MethodIndexPage, CollectionIndexPage)
    keys = {types[MethodIndexPage].pk: "method_index", types[CollectionIndexPage].pk: "collection_index"}
    children = site.root_page.get_children().live().filter(content_type__in=keys).order_by("path")
    found = {"home_page": site.root_page}
    for page in children:  # plain Page objects: enough for {% pageurl %}
        found.setdefault(keys[page.content_type_id], page)
    return found


def site_sections(request):
    """``site_sections.home_page``, ``.method_index``, ``.collection_index`` (looked up on first use, one query)."""
    return {"site_sections": SimpleLazyObject(lambda: _sections(request))}
