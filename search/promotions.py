"""Editors' picks (Wagtail's search promotions) for a query, limited to what the public may see now.

Most searches have no pick. Which query texts have one is kept per process under a data
version the database changes on every write to the promotion tables (``methods.dataversions``,
group ``promotions``), so a search without picks asks the database nothing more. Which
picked methods may be shown is decided on every request (``visible``).
"""

import threading

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from methods.dataversions import current_tokens

TOKEN_GROUP = "promotions"
TABLES = ["wagtailsearchpromotions_searchpromotion", "wagtailsearchpromotions_query"]

_lock = threading.Lock()
_promoted = {"token": None, "texts": frozenset()}


def _promoted_texts():
    """The normalised query texts that have at least one pick, or None when the database keeps no version."""
    token = current_tokens().get(TOKEN_GROUP)
    if token is None:
        return None
    with _lock:
        if _promoted["token"] != token:
            texts = SearchPromotion.objects.values_list("query__query_string", flat=True).distinct()
            _promoted.update(token=token, texts=frozenset(texts))
        return _promoted["texts"]


def picks_for(text, visible):
    """The picks for query ``text`` in editors' order, among the methods in ``visible`` (the request's
    ``methods.postings.Visible``).

    Looked up read-only: Wagtail's ``Query.get`` would create a row for every text anyone
    searches for, a write on every GET.
    """
    normalised = normalise_query_string(text)
    promoted = _promoted_texts()
    if promoted is not None and normalised not in promoted:
        return []
    picks = SearchPromotion.objects.filter(query__query_string=normalised).select_related("page").order_by("sort_order")
    return [pick for pick in picks if pick.page_id in visible]
