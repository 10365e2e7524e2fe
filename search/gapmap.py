"""The evidence gap map: methods per pair of dimensions, with their spread over evidence levels."""

from collections import Counter

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from methods.catalog import get_catalog
from methods.dimensions import BY_KEY, ENVIRONMENT, EVIDENCE, MAPPED_BY, PREVENTION_LEVEL, SETTING, TARGET_GROUP

from .query import MethodQuery, QueryError
from .results import run

AXES = (SETTING, TARGET_GROUP, MAPPED_BY, PREVENTION_LEVEL, ENVIRONMENT)


def _axis(params, name, default):
    key = params.get(name) or default.key
    if key not in {d.key for d in AXES}:
        raise QueryError(
            _("Okänd dimension ”%(key)s” för %(name)s. Välj en av: %(choices)s.")
            % {"key": key[:30], "name": name, "choices": ", ".join(d.key for d in AXES)}
        )
    return BY_KEY[key]


@require_GET
def gap_map(request):
    catalog = get_catalog()
    context = {"axes": AXES}
    try:
        rows = _axis(request.GET, "rows", SETTING)
        cols = _axis(request.GET, "cols", TARGET_GROUP)
        if rows is cols:
            raise QueryError(_("Välj två olika dimensioner för rader och kolumner."))
        query = MethodQuery.from_params(request.GET, catalog)
    except QueryError as exc:
        context.update(error=str(exc), rows=SETTING, cols=TARGET_GROUP)
        return render(request, "search/gap_map.html", context, status=400)

    matching = set(run(query, catalog).ids)
    levels = catalog.ordered_terms(EVIDENCE.key)
    row_terms = catalog.ordered_terms(rows.key)
    col_terms = catalog.ordered_terms(cols.key)
    table, peak = [], 0
    for row_term in row_terms:
        in_row = matching & catalog.postings[rows.key].get(row_term.slug, set())
        cells = []
        for col_term in col_terms:
            ids = in_row & catalog.postings[cols.key].get(col_term.slug, set())
            spread = Counter(catalog.entries[pk].evidence for pk in ids)
            peak = max(peak, len(ids))
            cells.append(
                {
                    "term": col_term,
                    "count": len(ids),
                    "spread": [(level, spread[level.slug]) for level in levels if spread[level.slug]],
                    "params": _cell_params(query, rows, row_term, cols, col_term),
                }
            )
        table.append({"term": row_term, "cells": cells, "total": len(in_row)})
    for row in table:
        for cell in row["cells"]:
            cell["heat"] = 0 if not cell["count"] else 1 + min(2, (3 * cell["count"] - 1) // max(peak, 1))
    context.update(
        rows=rows, cols=cols, col_terms=col_terms, table=table, query=query, total=len(matching), levels=levels
    )
    return render(request, "search/gap_map.html", context)


def _cell_params(query, rows, row_term, cols, col_term):
    return query.params(**{rows.key: [row_term.slug], cols.key: [col_term.slug], "page": None})
