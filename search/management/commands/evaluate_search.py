from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from methods.models import MethodPage
from search.backends import registry
from search.evaluation import evaluate, plain_wagtail_ranking, read_judgements, stemmed_bm25_ranking


class Command(BaseCommand):
    help = "Mät sökkvalitet (nDCG@10, recall@10) över bedömda sökfrågor, och jämför med Wagtails vanliga sökning."

    def add_arguments(self, parser):
        parser.add_argument("queries", help="TSV: query<TAB>id:grade id:grade ...")
        parser.add_argument("--verbose-queries", action="store_true")
        parser.add_argument("--half", choices=["tune", "test"], help="bara den halvan av frågorna")

    def handle(self, queries, verbose_queries, half=None, **options):
        path = Path(queries)
        if not path.exists():
            raise CommandError(f"Filen {path} finns inte.")
        judgements = read_judgements(path, half)
        alias = registry.public_alias()
        if alias != "default":  # measure Elasticsearch itself, not the database answering for it
            try:
                health = registry.health(alias, MethodPage)
            except Exception as exc:
                raise CommandError(f"{alias} svarar inte: {exc}") from exc
            if not health.ok:
                raise CommandError(f"{alias} kan inte svara: {' '.join(health.problems)} Kör update_index.")
        self.stdout.write(f"Sökmotor: {alias} (baslinjerna: databasen)")
        ours = evaluate(judgements)
        baseline = evaluate(judgements, plain_wagtail_ranking)
        stemmed = evaluate(judgements, stemmed_bm25_ranking)
        if verbose_queries:
            for (query, n, r, ranked), (_, bn, br, _b) in zip(ours.per_query, baseline.per_query, strict=True):
                self.stdout.write(
                    f"{query:28} nDCG {n:.3f} (baslinje {bn:.3f})  recall {r:.2f} ({br:.2f})  {ranked[:5]}"
                )
        self.stdout.write(f"Metodbanken:          nDCG@10 {ours.ndcg:.3f}  recall@10 {ours.recall:.3f}")
        self.stdout.write(f"Wagtail (baslinje):   nDCG@10 {baseline.ndcg:.3f}  recall@10 {baseline.recall:.3f}")
        self.stdout.write(f"BM25 på stammar:      nDCG@10 {stemmed.ndcg:.3f}  recall@10 {stemmed.recall:.3f}")
        self.stdout.write(f"Frågor: {len(judgements)}")
