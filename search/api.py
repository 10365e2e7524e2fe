"""Read-only JSON API over the same query object as the search page (see docs/api.md)."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from methods.catalog import get_catalog
from methods.exporting import iter_records, typed, vocabularies

from .query import MethodQuery, QueryError
from .results import run

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def error(message, status=400):
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _page_size(params):
    value = (params.get("page_size") or str(DEFAULT_PAGE_SIZE)).strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
        raise QueryError(f"page_size måste vara ett heltal mellan 1 och {MAX_PAGE_SIZE}.")
    return int(value)


@require_GET
def method_list(request):
    catalog = get_catalog()
    try:
        query = MethodQuery.from_params(request.GET, catalog)
        page_size = _page_size(request.GET)
    except QueryError as exc:
        return error(str(exc))
    outcome = run(query, catalog)
    paginator = Paginator(outcome.ids, page_size)
    if query.page > max(paginator.num_pages, 1):
        return error(f"Sidan {query.page} finns inte; svaret har {paginator.num_pages} sidor.", status=404)
    ids = list(paginator.page(query.page).object_list) if outcome.ids else []

    def link(page):
        if page is None:
            return None
        params = query.params(page=page) + ([("page_size", page_size)] if page_size != DEFAULT_PAGE_SIZE else [])
        return request.build_absolute_uri(request.path) + "?" + urlencode(params)

    data = {
        "count": len(outcome.ids),
        "page": query.page,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "next": link(query.page + 1 if query.page < paginator.num_pages else None),
        "previous": link(query.page - 1 if query.page > 1 else None),
        "query": query.as_dict(),
        "results": [typed(row) for row in iter_records(ids)],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def method_detail(request, method_id):
    catalog = get_catalog()
    pk = catalog.by_method_id.get(method_id)
    if pk is None:
        return error(f"Ingen publicerad metod har id ”{method_id[:100]}”.", status=404)
    row = next(iter_records([pk]))
    return JsonResponse(typed(row), json_dumps_params={"ensure_ascii": False})


@require_GET
def vocabulary_list(request):
    return JsonResponse(vocabularies(), json_dumps_params={"ensure_ascii": False})
