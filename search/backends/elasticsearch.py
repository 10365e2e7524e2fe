"""Wagtail's Elasticsearch 9 backend, subclassed at its extension points for Metodbanken.

- ``SwedishMapping`` (``mapping_class``): ``search_terms`` is indexed with the
  ``metodbanken_terms`` analyzer (the terms are already analysed in Python) and kept out of
  the catch-all field, where the default Swedish analyzer would stem them again;
  autocomplete folds accents on the query side as on the index side.
- ``SwedishQueryCompiler`` (``query_compiler_class``): a search without ``fields`` of a
  model that has ``search_terms`` searches that field only, compiled once, so an
  exclusion excludes (a query compiled per field and joined with ``dis_max`` lets a
  method through on the field without the excluded word).
- ``ScoredElasticsearchResults`` (``results_class``): ``scores()`` reads ``{pk: score}`` of every
  match in one request, without loading rows from the database or scrolling; the hits
  carry only their primary key.
- ``ResilientElasticsearchBackend``: the circuit breaker and recorded, retried index
  updates; an index is created with its mapping before the first document is written to
  it (so a save before ``update_index`` cannot leave a dynamically mapped index behind);
  ``health()`` says whether the index can answer for the database.
"""

import logging
import threading
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from elasticsearch import NotFoundError
from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
    Elasticsearch9SearchResults,
)
from modelsearch.index import SearchField, get_indexed_models

from ..breaker import breaker
from . import ANALYSED_FIELD, MAX_MATCHES
from .database import ScoredResultsMixin

logger = logging.getLogger(__name__)
RETRY_BATCH = 50
TERMS_ANALYZER = "metodbanken_terms"
AUTOCOMPLETE_SEARCH_ANALYZER = "autocomplete_search"

# Index names this process has seen exist (created with their mapping where they did not).
_ready_indexes = set()
_ready_lock = threading.Lock()


def forget_indexes():
    """Forget which indexes exist (tests, and after an index is deleted)."""
    with _ready_lock:
        _ready_indexes.clear()


def has_analysed_field(model):
    return any(f.field_name == ANALYSED_FIELD for f in model.get_searchable_search_fields())


class SwedishMapping(Elasticsearch9Mapping):
    edgengram_analyzer_config = {"analyzer": "edgengram_analyzer", "search_analyzer": AUTOCOMPLETE_SEARCH_ANALYZER}

    def get_field_mapping(self, field):
        key, mapping = super().get_field_mapping(field)
        if isinstance(field, SearchField) and field.field_name == ANALYSED_FIELD:
            mapping["analyzer"] = TERMS_ANALYZER
            mapping.pop("include_in_all", None)
        return key, mapping

    def analysed_column(self):
        fields = [f for f in self.model.get_searchable_search_fields() if f.field_name == ANALYSED_FIELD]
        return self.get_field_column_name(fields[0]) if fields else None


class SwedishQueryCompiler(Elasticsearch9SearchQueryCompiler):
    mapping_class = SwedishMapping

    def __init__(self, queryset, query, fields=None, **kwargs):
        if fields is None and has_analysed_field(queryset.model):
            fields = [ANALYSED_FIELD]
        super().__init__(queryset, query, fields=fields, **kwargs)


class SwedishAutocompleteQueryCompiler(Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = SwedishMapping


class ScoredElasticsearchResults(ScoredResultsMixin, Elasticsearch9SearchResults):
    def _index_name(self):
        return self.backend.get_index_for_model(self.query_compiler.queryset.model).name

    def scores(self):
        """``{primary key: score}`` of every match (at most ``MAX_MATCHES``), in one request."""
        response = self._backend_do_search(
            {"query": self.query_compiler.get_query()},
            index=self._index_name(),
            _source=False,
            stored_fields="pk",
            size=MAX_MATCHES,
            track_total_hits=False,
        )
        return {int(hit["fields"]["pk"][0]): float(hit["_score"] or 0) for hit in response["hits"]["hits"]}


@dataclass
class IndexHealth:
    problems: list = field(default_factory=list)  # what keeps the index from answering, in words
    in_index: int | None = None
    in_database: int | None = None
    pending: int = 0  # recorded updates not yet written

    @property
    def ok(self):
        return not self.problems and not self.pending


class ResilientElasticsearchBackend(Elasticsearch9SearchBackend):
    mapping_class = SwedishMapping
    query_compiler_class = SwedishQueryCompiler
    autocomplete_query_compiler_class = SwedishAutocompleteQueryCompiler
    results_class = ScoredElasticsearchResults

    def add(self, obj):
        self._write("add", obj, super().add)

    def delete(self, obj):
        self._write("delete", obj, super().delete)

    def _write(self, action, obj, write):
        from ..models import PendingIndexUpdate

        circuit = breaker()
        if not circuit.allows():
            record_pending(action, obj, "circuit open")
            return
        try:
            if action == "add":
                self.ensure_index(type(obj))
            write(obj)
        except Exception as exc:  # connection refused, time-out, cluster errors
            circuit.failure()
            logger.warning("Search index %s of %r failed; recorded for retry", action, obj, exc_info=True)
            record_pending(action, obj, repr(exc)[:1000])
            return
        circuit.success()
        PendingIndexUpdate.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).delete()
        self.heal()

    def ensure_index(self, model):
        """Create the model's index with its settings and mappings if it does not exist yet.

        Elasticsearch would otherwise create it on the first document with a dynamic
        mapping (no analyzers, no catch-all field): searches would then find nothing
        without failing. The new index holds only what is written to it; ``health()``
        reports it as incomplete until ``update_index`` fills it.
        """
        index = self.get_index_for_model(model)
        if index.name in _ready_indexes:
            return
        # Not ``index.exists()``: modelsearch 1.3 calls the client with a positional argument there, which
        # the Elasticsearch 8 and 9 clients refuse (TypeError); tests/test_elasticsearch_requests.py shows it.
        if not self.es.indices.exists(index=index.name):
            index.put()
            for indexed in get_indexed_models():
                if self.get_index_for_model(indexed).name == index.name:
                    index.add_model(indexed)
            logger.warning("Search index %s did not exist; created it with its mapping", index.name)
        with _ready_lock:
            _ready_indexes.add(index.name)

    def filter_column(self, model, name):
        """The document field of ``model``'s ``FilterField(name)``."""
        fields = [f for f in model.get_filterable_search_fields() if f.field_name == name]
        if not fields:
            raise KeyError(f"{model._meta.label} has no FilterField {name!r}")
        return self.mapping_class(model).get_field_column_name(fields[0])

    def aggregate(self, model, filters, aggregations):
        """``aggregations`` over the documents of ``model`` that pass every filter, in one request of size 0."""
        content_type = {"match": {"_django_content_type": self.mapping_class(model).get_content_type()}}
        response = self.es.search(
            index=self.get_index_for_model(model).name,
            query={"bool": {"filter": [content_type, *filters]}},
            aggs=aggregations,
            size=0,
            track_total_hits=False,
        )
        return response["aggregations"]

    def heal(self):
        """Send updates that wait to be written (a batch); returns (sent, failed)."""
        return retry_pending(self, limit=RETRY_BATCH)

    def health(self, model):
        """Whether the index can answer for ``model``: it exists with the expected mapping, no update
        waits to be written, and it holds as many documents of the model as the database."""
        from ..models import PendingIndexUpdate

        health = IndexHealth(in_database=model.get_indexed_objects().count())
        health.pending = PendingIndexUpdate.objects.count()
        index = self.get_index_for_model(model)
        mapping = self.mapping_class(model)
        try:
            found = self.es.indices.get_mapping(index=index.name).body
        except NotFoundError:
            health.problems.append(_("Indexet %(index)s finns inte.") % {"index": index.name})
            return health
        properties = {}
        for body in found.values():
            properties.update(body.get("mappings", {}).get("properties", {}))
        column = mapping.analysed_column()
        expected = {"pk", "_django_content_type", "_all_text", "_edgengrams"} | ({column} if column else set())
        missing = sorted(expected - set(properties))
        if missing:
            health.problems.append(
                _("Indexet %(index)s saknar fälten %(fields)s.") % {"index": index.name, "fields": ", ".join(missing)}
            )
        elif column and properties[column].get("analyzer") != TERMS_ANALYZER:
            health.problems.append(
                _("Fältet %(field)s i %(index)s analyseras inte med %(analyzer)s.")
                % {"field": column, "index": index.name, "analyzer": TERMS_ANALYZER}
            )
        content_type = {"match": {"_django_content_type": mapping.get_content_type()}}
        health.in_index = self.es.count(index=index.name, query=content_type)["count"]
        if health.in_index != health.in_database:
            health.problems.append(
                _("%(model)s: %(index)s dokument i indexet, %(database)s i databasen.")
                % {"model": model._meta.label, "index": health.in_index, "database": health.in_database}
            )
        return health


def record_pending(action, obj, error):
    from ..models import PendingIndexUpdate

    pending, created = PendingIndexUpdate.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        defaults={"action": action, "last_error": error},
    )
    if not created:
        pending.action = action
        pending.attempts += 1
        pending.last_error = error
        pending.save(update_fields=["action", "attempts", "last_error", "updated_at"])


def retry_pending(backend, limit=None):
    """Send recorded updates to ``backend``; returns (done, failed). Stops at the first failure."""
    from ..models import PendingIndexUpdate

    done = failed = 0
    queryset = PendingIndexUpdate.objects.select_related("content_type").order_by("updated_at")
    for pending in queryset[:limit] if limit else queryset:
        model = pending.content_type.model_class()
        if model is None:
            pending.delete()
            continue
        obj = model._default_manager.filter(pk=pending.object_id).first()
        try:
            if pending.action == PendingIndexUpdate.ADD and obj is not None:
                backend.ensure_index(model)
                Elasticsearch9SearchBackend.add(backend, obj)
            else:  # deleted, or gone since: remove it from the index
                Elasticsearch9SearchBackend.delete(backend, obj or model(pk=pending.object_id))
        except Exception as exc:
            pending.attempts += 1
            pending.last_error = repr(exc)[:1000]
            pending.save(update_fields=["attempts", "last_error", "updated_at"])
            failed += 1
            break
        pending.delete()
        done += 1
    return done, failed


SearchBackend = ResilientElasticsearchBackend
