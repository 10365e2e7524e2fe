"""Facet counts in SQL against the tag index, on the same database and the same matches.

    .venv/bin/python bench/facet_counts.py [--size 10000]

Issue 9 asked for facet counts from SQL on the database backends. This measures what that
costs: for the search page's queries, the matching visible methods are found as the search
page finds them (``search.results.MethodSearch``), then every dimension's counts are taken
(a) as SQL ``GROUP BY`` queries over the tag tables restricted to those methods (the ids
passed as one JSON or array parameter, as ``MethodPage.objects.with_pks`` does, without
joining the page table), and (b) as bitset intersections over the tag index
(``methods.postings``), which the search page uses.
Both must give the same numbers (the script stops if they differ). Results go to
bench/results/facet-counts-N.json; ``bench/benchmark.py --report`` puts them in
docs/performance.md.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
QUERIES = ["avhoppare stöd", "radikaliserade ungdomar", "misbruk", "ungdomshemmen", ""]
REPEAT = 7


def median_ms(run):
    run()
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    db = RESULTS / f"bench-{args.size}.sqlite3"
    if not db.exists():
        sys.exit(f"{db} is missing: build it with bench/benchmark.py --sizes {args.size}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.db.models.expressions import RawSQL

    from methods.dimensions import DIMENSIONS, EVIDENCE
    from methods.models import MethodPage
    from methods.postings import TAGGED, from_bits
    from search.forms import SearchForm
    from search.results import MethodSearch

    def id_list(pks):
        """The ids as one parameter, as ``MethodPage.objects.with_pks`` passes them."""
        if connection.vendor == "postgresql":
            return RawSQL("SELECT unnest(%s::bigint[])", [pks])
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(pks)])

    def sql_counts(pks):
        matching = MethodPage.objects.filter(pk__in=id_list(pks))
        counts = {}
        for dimension in TAGGED:
            rows = (
                dimension.through.objects.filter(content_object_id__in=id_list(pks))
                .values("tag_id")
                .annotate(n=Count("*"))
                .values_list("tag_id", "n")
            )
            counts[dimension.key] = dict(rows)
        counts[EVIDENCE.key] = dict(
            matching.order_by().values("evidence_level_id").annotate(n=Count("*")).values_list("evidence_level_id", "n")
        )
        return counts

    def index_counts(search):
        bits = search.matching_bits
        return {d.key: search.index.counts(d.key, bits) for d in DIMENSIONS if d.multiple or d.key == EVIDENCE.key}

    rows = []
    for text in QUERIES:
        form = SearchForm({"q": text} if text else {})
        assert form.is_valid(), form.errors
        search = MethodSearch(form.query())
        pks = from_bits(search.matching_bits)
        by_sql, by_index = sql_counts(pks), index_counts(search)
        if by_sql != by_index:
            sys.exit(f"counts differ for {text!r}")
        rows.append(
            {
                "query": text,
                "matches": len(pks),
                "sql_ms": round(median_ms(lambda pks=pks: sql_counts(pks)), 2),
                "index_ms": round(median_ms(lambda search=search: index_counts(search)), 3),
            }
        )
        print(rows[-1], flush=True)
    out = RESULTS / f"facet-counts-{args.size}.json"
    out.write_text(json.dumps({"size": args.size, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
