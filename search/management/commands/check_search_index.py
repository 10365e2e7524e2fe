"""Report drift between the database and the search index; ``--repair`` sends waiting updates and rebuilds an
Elasticsearch index that still cannot answer for the database."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from modelsearch.index import get_indexed_models
from modelsearch.query import MATCH_ALL

from search.backends import registry
from search.backends.elasticsearch import ResilientElasticsearchBackend, retry_pending
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = "Jämför sökindexet med databasen och försök igen med indexuppdateringar som inte gick fram."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Skicka väntande uppdateringar till indexet nu, och bygg om ett index som ändå inte stämmer.",
        )

    def handle(self, repair, **options):
        alias = registry.public_alias()
        backend = registry.backend(alias)
        try:
            if repair and isinstance(backend, ResilientElasticsearchBackend):
                done, failed = retry_pending(backend)
                self.stdout.write(f"Väntande uppdateringar: {done} skickade, {failed} misslyckades.")
                if self._problems(backend):
                    self.stdout.write(f"Indexet stämmer inte: bygger om {alias}.")
                    call_command("update_index", backend_name=alias, verbosity=0)
            problems = self._problems(backend)
        except CommandError:
            raise
        except Exception as exc:
            pending = PendingIndexUpdate.objects.count()
            raise CommandError(f"Sökindexet kunde inte läsas: {exc}. Väntande uppdateringar: {pending}.") from exc
        for line in problems:
            self.stdout.write(line)
        self.stdout.write(f"Väntande uppdateringar: {PendingIndexUpdate.objects.count()}.")
        if problems:
            raise CommandError(
                "Sökindexet stämmer inte med databasen. Kör check_search_index --repair, eller update_index."
            )
        self.stdout.write("Sökindexet stämmer med databasen.")

    def _problems(self, backend):
        problems = []
        models = [m for m in get_indexed_models() if not m._meta.abstract and not m._meta.proxy]
        for model in models:
            if any(other is not model and issubclass(other, model) for other in models):
                # A document carries its model's content types and its ancestors' (every page is a
                # wagtailcore.Page): the models without indexed subclasses are counted exactly.
                continue
            if isinstance(backend, ResilientElasticsearchBackend):
                problems += backend.health(model).problems
                continue
            in_database = model.get_indexed_objects().count()
            in_index = backend.search(MATCH_ALL, model).count()
            if in_index != in_database:
                problems.append(f"{model._meta.label}: databasen {in_database}, indexet {in_index}")
        return problems
