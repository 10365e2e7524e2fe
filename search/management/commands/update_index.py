"""Wagtail's ``update_index``, going on past a backend that fails.

Every configured backend is rebuilt in turn; when one fails (Elasticsearch away), the
others are still rebuilt, the failure is reported and the command exits with an error.
A backend rebuilt in full has every recorded update in it, so those records are cleared.
"""

from django.core.management.base import CommandError
from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildCommand

from search.backends import registry
from search.backends.elasticsearch import ResilientElasticsearchBackend
from search.models import PendingIndexUpdate


class Command(RebuildCommand):
    help = "Bygg om sökindexen från databasen (alla sökmotorer, eller den som anges med --backend)."

    def handle(self, **options):
        self.failed = []
        super().handle(**options)
        registry.forget()  # health checks of the rebuilt indexes start afresh
        if self.failed:
            raise CommandError(
                "Sökindexet kunde inte byggas om för: "
                + "; ".join(f"{name} ({error})" for name, error in self.failed)
                + ". Övriga sökmotorer byggdes om."
            )

    def update_backend(self, backend_name, schema_only=False, **kwargs):
        started = list(PendingIndexUpdate.objects.values_list("pk", flat=True))  # written by this rebuild
        try:
            super().update_backend(backend_name, schema_only=schema_only, **kwargs)
        except Exception as exc:  # connection refused, time-out, cluster errors
            self.stderr.write(f"{backend_name}: ombyggnaden misslyckades: {exc}")
            self.failed.append((backend_name, exc))
            return
        backend = registry.backend(backend_name)
        if isinstance(backend, ResilientElasticsearchBackend) and not schema_only:
            PendingIndexUpdate.objects.filter(pk__in=started).delete()
