"""The evidence gap map: methods per pair of dimensions, with their spread over evidence levels."""

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
    matching = results.matching_bits
    index = results.index
    levels = ordered_terms(EVIDENCE, results.terms[EVIDENCE.key])
    col_terms = ordered_terms(cols, results.terms[cols.key])
    table, peak = [], 0
    for row_term in ordered_terms(rows, results.terms[rows.key]):
        in_row = matching & index.bits_with(rows.key, [row_term.pk])
        row_cells = []
        for col_term in col_terms:
            ids = in_row & index.bits_with(cols.key, [col_term.pk])
            spread = index.counts(EVIDENCE.key, ids)
            count = ids.bit_count()
            peak = max(peak, count)
            row_cells.append(
                {
                    "term": col_term,
                    "count": count,
                    "spread": [(level, spread[level.pk]) for level in levels if spread.get(level.pk)],
                    "params": query.params(**{rows.key: [row_term.slug], cols.key: [col_term.slug], "page": None}),
                }
            )
        table.append({"term": row_term, "cells": row_cells, "total": in_row.bit_count()})
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
