"""Search page and autocomplete."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from methods.dimensions import CONTROLLED_DIMENSIONS, DIMENSIONS
from methods.exporting import DOWNLOADS
from methods.models import MethodPage
from methods.pagination import PageNotFound
from methods.terms import all_terms, ordered_terms

from . import engine, querylog
from .analysis import fold, words
from .forms import SearchForm
from .highlight import snippet
from .promotions import picks_for
from .query import MAX_QUERY_LENGTH, SORTS, MethodQuery, clean_text
from .results import MethodSearch
from .suggestions import did_you_mean, entry_points

PAGE_SIZE = 20
AUTOCOMPLETE_SIZE = 8


@require_safe
def search(request):
    context = {"sorts": SORTS, "dimensions": DIMENSIONS, "max_query_length": MAX_QUERY_LENGTH}
    form = SearchForm(request.GET)
    if not form.is_valid():
        context.update(error=form.error_message(), query=MethodQuery(text=form.partial_text()))
        return render(request, "search/search.html", context, status=400)
    query = form.query()
    results = MethodSearch(query)
    context.update(
        selected_count=sum(len(values) for values in query.filters.values()),
        renamed_notice=form.renamed_notice(),
        query=query,
        facets=results.facets(),
        total=results.count(),
        promotions=_promotions(query, results.visible_methods),
        downloads=[(label, urlencode(query.params(page=None) + list(params.items()))) for label, params in DOWNLOADS],
    )
    try:
        page_obj = results.page(request.GET, PAGE_SIZE, number=query.page)
    except PageNotFound as exc:
        context.update(notice=str(exc), results=[], page_obj=None)
        return render(request, "search/search.html", context, status=404)
    if query.text and not query.filters and query.page == 1:
        querylog.record(query.text, context["total"])  # counted in memory, written in batches
    if not context["total"]:
        context.update(_no_results_help(query, results))
    terms = results.highlight_terms
    context.update(
        page_obj=page_obj,
        results=[
            {
                "method": method,
                # Title and summary with their matches marked, where the description matched a snippet of it,
                # and the vocabulary terms the query named that the method carries.
                "title": snippet(method.title, terms, max_words=100) or method.title,
                "summary": snippet(method.summary, terms, max_words=400) or method.summary,
                "snippet": snippet(method.description_text(), terms) if terms else "",
                "reasons": results.reasons(method.pk),
            }
            for method in MethodPage.objects.in_order(page_obj.object_list, index=results.index)
        ],
    )
    return render(request, "search/search.html", context)


def _no_results_help(query, results):
    """ "Menade du ...?" and ways to browse instead, for a search that found nothing."""
    help_context = {
        "entry_points": entry_points(results.index, results.visible_methods.bits, results.terms),
        "downloads": [],
    }
    if query.text:
        titles = results.visible.values_list("title", flat=True)
        suggestion = did_you_mean(query.text, results.terms, titles.iterator(chunk_size=2000))
        if suggestion:
            help_context["suggestion"] = suggestion
            help_context["suggestion_qs"] = urlencode(query.params(q=suggestion, page=None))
    return help_context


def _promotions(query, visible):
    """Editors' picks on the first page of a text search (``search.promotions``)."""
    if not query.text or query.page != 1:
        return []
    return picks_for(query.text, visible)


@require_safe
def autocomplete(request):
    text = clean_text(request.GET.get("q", ""))[:100]
    tokens = [fold(w) for w in words(text)]
    if not tokens:
        return JsonResponse({"query": text, "suggestions": []})
    visible = MethodPage.objects.visible()
    suggestions = [
        {"type": "method", "label": page.title, "url": page.url}
        for page in engine.autocomplete_titles(" ".join(tokens), visible, AUTOCOMPLETE_SIZE)
    ]
    search_url = reverse("search:search")
    terms = all_terms(CONTROLLED_DIMENSIONS)
    for dimension in CONTROLLED_DIMENSIONS:
        for term in ordered_terms(dimension, terms[dimension.key]):
            if len(suggestions) >= AUTOCOMPLETE_SIZE:
                break
            if _prefix_match(tokens, term.label) and _has_visible_method(dimension, term, visible):
                suggestions.append(
                    {
                        "type": dimension.key,
                        "label": f"{term.label} ({dimension.label})",
                        "url": f"{search_url}?{urlencode({dimension.key: term.slug})}",
                    }
                )
    return JsonResponse({"query": text, "suggestions": suggestions[:AUTOCOMPLETE_SIZE]})


def _has_visible_method(dimension, term, visible):
    if dimension.multiple:
        return visible.filter(**{f"{dimension.relation}__pk": term.pk}).exists()
    return visible.filter(evidence_level_id=term.pk).exists()


def _prefix_match(tokens, label):
    label_words = [fold(w) for w in words(label)]
    *complete, last = tokens
    return all(any(w.startswith(t) for w in label_words) for t in complete) and any(
        w.startswith(last) for w in label_words
    )
