"""Report drift between the database and the search index, and retry recorded index updates (``--repair``)."""

from django.core.management.base import BaseCommand, CommandError
from modelsearch.index import get_indexed_models
from modelsearch.query import MATCH_ALL
from wagtail.search.backends import get_search_backend

from search.backends.elasticsearch import ResilientElasticsearchBackend, retry_pending
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = "Jämför sökindexet med databasen och försök igen med indexuppdateringar som inte gick fram."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Skicka väntande uppdateringar till indexet nu.")

    def handle(self, repair, **options):
        backend = get_search_backend("default")
        if repair and isinstance(backend, ResilientElasticsearchBackend):
            done, failed = retry_pending(backend)
            self.stdout.write(f"Väntande uppdateringar: {done} skickade, {failed} misslyckades.")
        pending = PendingIndexUpdate.objects.count()
        drift = []
        try:
            for model in get_indexed_models():
                if model._meta.abstract or model._meta.proxy:
                    continue
                in_database = model.get_indexed_objects().count()
                in_index = backend.search(MATCH_ALL, model).count()
                if in_index != in_database:
                    drift.append(f"{model._meta.label}: databasen {in_database}, indexet {in_index}")
        except Exception as exc:
            raise CommandError(f"Sökindexet kunde inte läsas: {exc}. Väntande uppdateringar: {pending}.") from exc
        for line in drift:
            self.stdout.write(line)
        self.stdout.write(f"Väntande uppdateringar: {pending}.")
        if drift or pending:
            raise CommandError(
                "Sökindexet stämmer inte med databasen. Kör check_search_index --repair, eller update_index."
            )
        self.stdout.write("Sökindexet stämmer med databasen.")
