"""Download views: the search page's collection in every format."""

from django.utils.text import slugify
from django.views.decorators.http import require_safe

from methods.exporting import bad_request, export_meta, export_response

from .forms import ExportForm
from .results import MethodSearch


def query_stem(query):
    parts = ["metodbanken"]
    if query.text:
        parts.append(slugify(query.text)[:40])
    for values in query.filters.values():
        parts.extend(values)
    return "-".join(p for p in parts if p)[:120]


@require_safe
def search_export(request):
    """``/sok/export/?format=...&<the search page's parameters>``: exactly what the search lists, all pages."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return bad_request(form.error_message())
    query = form.query()
    ids = MethodSearch(query).ids()
    meta = export_meta(query.as_dict(), query.describe(), len(ids))
    return export_response(form.cleaned_data["options"], ids, meta, query_stem(query))
