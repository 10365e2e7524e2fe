"""Wagtail's Elasticsearch 9 backend with a circuit breaker and recorded, retried index updates.

``add`` and ``delete`` (called by Wagtail when a page is saved or deleted) ask the breaker
first: while it is open, or when the service fails, the update is recorded as a
``PendingIndexUpdate`` instead of being lost, and the save goes on. After a successful
write the oldest pending updates are retried, so the index heals itself when the
service is back; ``manage.py check_search_index`` reports and repairs drift.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

from ..breaker import breaker

logger = logging.getLogger(__name__)
RETRY_BATCH = 50


class ResilientElasticsearchBackend(Elasticsearch9SearchBackend):
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
        retry_pending(self, limit=RETRY_BATCH)


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
