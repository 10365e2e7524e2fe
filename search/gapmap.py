"""The evidence gap map: methods per pair of dimensions, with their spread over evidence levels.

One axis may be the outcome a method is rated on (``?rows=outcome``): each cell then
shows how many of the listed methods are rated on that outcome, the strongest of those
ratings and the number of studies behind them, so the gaps in the evidence itself show.
"""

from collections import Counter

from django.shortcuts import render
from django.views.decorators.http import require_safe

from methods.dimensions import EVIDENCE, SETTING, TARGET_GROUP
from methods.models import MethodReference, Outcome, OutcomeRating
from methods.terms import ordered_terms

from .forms import GAP_MAP_AXES, OUTCOME_AXIS, GapMapForm
from .results import MethodSearch


@require_safe
def gap_map(request):
    context = {"axes": GAP_MAP_AXES}
    form = GapMapForm(request.GET)
    if not form.is_valid():
        context.update(error=form.error_message(), rows=SETTING, cols=TARGET_GROUP)
        return render(request, "search/gap_map.html", context, status=400)
    rows, cols = form.cleaned_data["rows"], form.cleaned_data["cols"]
    query = form.query()
    results = MethodSearch(query)
    if OUTCOME_AXIS in (rows, cols):
        context.update(_outcome_map(results, rows, cols), rows=rows, cols=cols, query=query, total=results.count())
        return render(request, "search/gap_map.html", context)
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


def _outcome_map(results, rows, cols):
    """The table when one axis is the outcome: rated methods, strongest rating and studies per cell."""
    other = cols if rows is OUTCOME_AXIS else rows
    matching, index = results.matching_bits, results.index
    levels = {term.pk: term for term in results.terms[EVIDENCE.key].values()}
    rated = {}  # outcome pk -> [(page pk, level term)] among the listed methods
    for page_pk, outcome_pk, level_pk in OutcomeRating.objects.values_list("page_id", "outcome_id", "level_id"):
        if matching >> page_pk & 1:
            rated.setdefault(outcome_pk, []).append((page_pk, levels[level_pk]))
    studies = Counter(MethodReference.outcomes.through.objects.values_list("methodreference__page_id", "outcome_id"))
    outcomes = list(Outcome.objects.order_by("position", "name"))
    terms = ordered_terms(other, results.terms[other.key])
    term_bits = {term.pk: index.bits_with(other.key, [term.pk]) for term in terms}

    def cell(outcome, term):
        pages = [(pk, level) for pk, level in rated.get(outcome.pk, []) if term_bits[term.pk] >> pk & 1]
        strongest = min((level for _pk, level in pages), key=lambda level: level.rank, default=None)
        return {
            "count": len(pages),
            "strongest": strongest,
            "studies": sum(studies[(pk, outcome.pk)] for pk, _level in pages),
            "outcome_cell": True,
        }

    if rows is OUTCOME_AXIS:
        col_terms = terms
        table = [{"term": o, "total": len(rated.get(o.pk, [])), "cells": [cell(o, t) for t in terms]} for o in outcomes]
    else:
        col_terms = outcomes
        table = [
            {"term": t, "total": (matching & term_bits[t.pk]).bit_count(), "cells": [cell(o, t) for o in outcomes]}
            for t in terms
        ]
    peak = max((c["count"] for row in table for c in row["cells"]), default=0)
    for row in table:
        for c in row["cells"]:
            c["heat"] = 0 if not c["count"] else 1 + min(2, (3 * c["count"] - 1) // max(peak, 1))
    levels = ordered_terms(EVIDENCE, results.terms[EVIDENCE.key])
    return {"col_terms": col_terms, "table": table, "levels": levels, "outcome_map": True}
