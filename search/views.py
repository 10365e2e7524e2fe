"""Search page and autocomplete."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import SearchPromotion

from methods.catalog import get_catalog
from methods.dimensions import DIMENSIONS
from methods.exporting import FORMATS
from methods.models import MethodPage

from .analysis import fold, words
from .highlight import snippet
from .query import MAX_QUERY_LENGTH, SORTS, MethodQuery, QueryError, clean_text
from .results import run

PAGE_SIZE = 20
AUTOCOMPLETE_SIZE = 8


@require_GET
def search(request):
    catalog = get_catalog()
    context = {"sorts": SORTS, "dimensions": DIMENSIONS, "max_query_length": MAX_QUERY_LENGTH}
    try:
        query = MethodQuery.from_params(request.GET, catalog)
    except QueryError as exc:
        context.update(error=str(exc), query=MethodQuery(text=clean_text(request.GET.get("q", "")[:MAX_QUERY_LENGTH])))
        return render(request, "search/search.html", context, status=400)

    outcome = run(query, catalog)
    paginator = Paginator(outcome.ids, PAGE_SIZE)
    notice = ""
    if query.page > max(paginator.num_pages, 1):
        notice = _("Sidan %(page)s finns inte. Sökningen har %(pages)s sidor.") % {
            "page": query.page,
            "pages": paginator.num_pages,
        }
        page_obj = None
        methods = []
    else:
        page_obj = paginator.page(query.page) if outcome.ids else None
        methods = MethodPage.objects.in_order(page_obj.object_list) if page_obj else []
    terms = outcome.highlight_terms
    results = [
        {
            "method": method,
            # The summary with its matches marked, and where the description matched, a snippet of it.
            "summary": snippet(method.summary, terms, max_words=400) or method.summary,
            "snippet": snippet(method.description_text(), terms) if terms else "",
        }
        for method in methods
    ]
    context.update(
        query=query,
        outcome=outcome,
        results=results,
        page_obj=page_obj,
        notice=notice,
        facets=outcome.facets(),
        promotions=_promotions(query, catalog),
        total=len(outcome),
        export_formats=[(f.key, f.label) for f in FORMATS.values()],
    )
    return render(request, "search/search.html", context)


def _promotions(query, catalog):
    """Editors' picks for this query text, limited to methods the public may see.

    Looked up read-only: Wagtail's ``Query.get`` would create a row for every text anyone
    searches for, a write on every GET.
    """
    if not query.text or query.page != 1:
        return []
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query.text), page__isnull=False)
        .select_related("page")
        .order_by("sort_order")
    )
    return [pick for pick in picks if pick.page_id in catalog.ids]


@require_GET
def autocomplete(request):
    text = clean_text(request.GET.get("q", ""))[:100]
    tokens = [fold(w) for w in words(text)]
    if not tokens:
        return JsonResponse({"query": text, "suggestions": []})
    catalog = get_catalog()
    suggestions = []
    for pk in catalog.titles_matching(tokens, AUTOCOMPLETE_SIZE):
        entry = catalog.entries[pk]
        suggestions.append({"type": "method", "label": entry.title, "url": entry.url_path})
    for dimension in DIMENSIONS:
        for term in catalog.ordered_terms(dimension.key):
            if catalog.postings[dimension.key].get(term.slug) and _prefix_match(tokens, term.label):
                suggestions.append(
                    {
                        "type": dimension.key,
                        "label": f"{term.label} ({dimension.label})",
                        "url": f"/sok/?{dimension.key}={term.slug}",
                    }
                )
    return JsonResponse({"query": text, "suggestions": suggestions[:AUTOCOMPLETE_SIZE]})


def _prefix_match(tokens, label):
    label_words = [fold(w) for w in words(label)]
    *complete, last = tokens
    return all(any(w.startswith(t) for w in label_words) for t in complete) and any(
        w.startswith(last) for w in label_words
    )
