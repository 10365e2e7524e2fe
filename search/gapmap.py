"""The evidence gap map: methods per pair of dimensions, with their spread over evidence levels."""

from collections import Counter

from django.shortcuts import render
from django.views.decorators.http import require_safe

from methods.dimensions import AXES, EVIDENCE, SETTING, TARGET_GROUP
from methods.terms import ordered_terms

from .forms import GapMapForm
from .results import MethodSearch


@require_safe
def gap_map(request):
    context = {"axes": AXES}
    form = GapMapForm(request.GET)
    if not form.is_valid():
        context.update(error=form.error_message(), rows=SETTING, cols=TARGET_GROUP)
        return render(request, "search/gap_map.html", context, status=400)
    rows, cols = form.cleaned_data["rows"], form.cleaned_data["cols"]
    query = form.query()
    results = MethodSearch(query)
    # One row per matching (method, row term, column term, evidence level), counted in SQL.
    cells = Counter()
    row_totals = Counter()
    matching = results.filtered.order_by()
    row_through, col_through = rows.through, cols.through
    pairs = (
        row_through.objects.filter(content_object_id__in=matching.values("pk"))
        .order_by()
        .values_list("content_object_id", "tag__slug")
    )
    row_tags = {}
    for pk, slug in pairs:
        row_tags.setdefault(pk, []).append(slug)
        row_totals[slug] += 1
    col_pairs = (
        col_through.objects.filter(content_object_id__in=matching.values("pk"))
        .order_by()
        .values_list("content_object_id", "tag__slug", "content_object__evidence_level__slug")
    )
    for pk, col_slug, level in col_pairs:
        for row_slug in row_tags.get(pk, ()):
            cells[row_slug, col_slug, level] += 1
    levels = ordered_terms(EVIDENCE)
    col_terms = ordered_terms(cols)
    table, peak = [], 0
    for row_term in ordered_terms(rows):
        row_cells = []
        for col_term in col_terms:
            spread = [(level, cells[row_term.slug, col_term.slug, level.slug]) for level in levels]
            count = sum(n for _level, n in spread)
            peak = max(peak, count)
            row_cells.append(
                {
                    "term": col_term,
                    "count": count,
                    "spread": [(level, n) for level, n in spread if n],
                    "params": query.params(**{rows.key: [row_term.slug], cols.key: [col_term.slug], "page": None}),
                }
            )
        table.append({"term": row_term, "cells": row_cells, "total": row_totals[row_term.slug]})
    for row in table:
        for cell in row["cells"]:
            cell["heat"] = 0 if not cell["count"] else 1 + min(2, (3 * cell["count"] - 1) // max(peak, 1))
    context.update(
        rows=rows,
        cols=cols,
        col_terms=col_terms,
        table=table,
        query=query,
        total=results.count(),
        levels=levels,
    )
    return render(request, "search/gap_map.html", context)
