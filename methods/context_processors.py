"""Links every public template needs: the site's home page and its method and collection lists."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Site

from .models import CollectionIndexPage, MethodIndexPage


def site_sections(request):
    def sections():
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

    cache = {}

    def lookup(key):
        if not cache:
            cache.update(sections() or {"_": None})
        return cache.get(key)

    # Lazy: only pages whose template links to a section pay for the lookup (one query).
    return {"site_sections": _Lazy(lookup)}


class _Lazy:
    def __init__(self, lookup):
        self._lookup = lookup

    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        return self._lookup(key)

    def __getitem__(self, key):
        return self._lookup(key)
