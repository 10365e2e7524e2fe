"""Relevance over the judged queries (tests/data/queries-public.tsv) on the demo corpus.

The demo content is the 44 method records of methods/fixtures/methods.csv, the same
records the judgements refer to. Figures are written to the terminal and kept in
docs/search-quality.md.
"""

from pathlib import Path

import pytest
from django.db import connection

from search.evaluation import evaluate, plain_wagtail_ranking, read_judgements

pytestmark = pytest.mark.django_db

QUERIES = Path(__file__).parent / "data" / "queries-public.tsv"


def test_judged_queries_reach_the_target_and_beat_plain_wagtail(capsys):
    judgements = read_judgements(QUERIES)
    assert len(judgements) == 20
    ours = evaluate(judgements)
    baseline = evaluate(judgements, plain_wagtail_ranking)
    with capsys.disabled():
        print(
            f"\n[{connection.vendor}] Metodbanken nDCG@10={ours.ndcg:.3f} recall@10={ours.recall:.3f}; "
            f"plain Wagtail nDCG@10={baseline.ndcg:.3f} recall@10={baseline.recall:.3f}"
        )
    assert ours.ndcg >= 0.85
    assert ours.ndcg > baseline.ndcg + 0.1
    assert ours.recall > baseline.recall


def test_ndcg_and_recall_formulas():
    from search.evaluation import ndcg, recall

    grades = {"a": 2, "b": 1}
    assert ndcg(["a", "b"], grades) == pytest.approx(1.0)
    assert ndcg(["b", "a"], grades) < 1.0
    assert ndcg(["x", "y"], grades) == 0.0
    assert recall(["a", "x"], grades) == 0.5
