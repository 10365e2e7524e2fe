"""One pagination rule for every list: the page number is ASCII digits, and a page past the end is "not found".

A malformed number raises ``BadRequest`` (HTTP 400 with the message); a page that does
not exist raises ``PageNotFound`` (HTTP 404), on the search page, the method list and
the API alike.
"""

import re

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _

PAGE_NUMBER = re.compile(r"[0-9]{1,6}")


class PageNotFound(Http404):
    """A page number past the last page."""


def page_number(value):
    """The page number from a request parameter (``None`` or empty: 1); raises BadRequest."""
    value = (value or "1").strip()
    if not PAGE_NUMBER.fullmatch(value) or int(value) < 1:
        raise BadRequest(_("Sidnumret ”%(page)s” är inte ett positivt heltal.") % {"page": value[:20]})
    return int(value)


def paginate(object_list, params, per_page, number=None):
    """The requested page of ``object_list`` (a QuerySet or a list)."""
    number = page_number(params.get("page")) if number is None else number
    paginator = Paginator(object_list, per_page)
    if number > max(paginator.num_pages, 1):
        raise PageNotFound(
            _("Sidan %(page)s finns inte. Det finns %(pages)s sidor.") % {"page": number, "pages": paginator.num_pages}
        )
    return paginator.page(number)
