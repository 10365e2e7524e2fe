"""Read-only JSON API over the same forms and query layer as the search page (see docs/api.md)."""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from methods.citation import citation_text
from methods.exporting import iter_records, typed, vocabularies
from methods.history import rating_history
from methods.models import MethodPage
from methods.pagination import PageNotFound

from .forms import ApiForm
from .results import MethodSearch


def json_response(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def json_error(message, status=400):
    """The API's one error shape: ``{"error": message}``."""
    return json_response({"error": message}, status=status)


@require_safe
def method_list(request):
    form = ApiForm(request.GET)
    if not form.is_valid():
        return json_error(form.error_message())
    query = form.query()
    page_size = form.cleaned_data["page_size"]
    results = MethodSearch(query)
    try:
        page = results.page(request.GET, page_size, number=query.page)
    except PageNotFound as exc:
        return json_error(str(exc), status=404)

    def link(number):
        extra = [("page_size", page_size)] if page_size != ApiForm.DEFAULT_PAGE_SIZE else []
        return (
            request.build_absolute_uri(reverse("search:api_methods"))
            + "?"
            + urlencode(query.params(page=number) + extra)
        )

    return json_response(
        {
            "count": page.paginator.count,
            "page": page.number,
            "page_size": page_size,
            "num_pages": page.paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "query": query.as_dict(),
            "results": [typed(row) for row in iter_records(list(page.object_list))],
        }
    )


@require_safe
def method_detail(request, method_id):
    page = MethodPage.objects.visible().filter(method_id=method_id).select_related("evidence_level").first()
    if page is None:
        return json_error(_("Ingen publicerad metod har id ”%(id)s”.") % {"id": method_id[:100]}, status=404)
    data = typed(next(iter_records([page.pk])))
    data["rating_history"] = [change.as_dict() for change in rating_history(page)]
    data["citation"] = citation_text(page, data["url"])
    return json_response(data)


@require_safe
def vocabulary_list(request):
    return json_response(vocabularies())
