"""One search backend (and so one Elasticsearch client and connection pool) per process and alias,
and the public backend's last health check.

Wagtail's ``get_search_backend`` builds a new backend, and with it a new client, on every
call; searches here reuse one per alias. Both are forgotten when the
``WAGTAILSEARCH_BACKENDS`` setting changes (tests) or by ``forget()``.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.signals import setting_changed
from wagtail.search.backends import get_search_backend

from . import PUBLIC_BACKEND

logger = logging.getLogger(__name__)

_backends = {}
_health = {}
_lock = threading.Lock()


def backend(alias="default"):
    found = _backends.get(alias)
    if found is None:
        with _lock:
            found = _backends.get(alias)
            if found is None:
                found = _backends[alias] = get_search_backend(alias)
    return found


def public_alias():
    """The backend public search asks first: Elasticsearch where configured, else the database backend."""
    return PUBLIC_BACKEND if PUBLIC_BACKEND in settings.WAGTAILSEARCH_BACKENDS else "default"


def health(alias, model):
    """The backend's health for ``model`` (``IndexHealth``), checked at most every ``SEARCH_HEALTH_TTL`` seconds.

    Before each check, updates that wait to be written are sent, so an index heals after an
    outage without anyone running a command. Raises what the service raises.
    """
    now = time.monotonic()
    cached = _health.get((alias, model))
    if cached is not None and now - cached[0] < getattr(settings, "SEARCH_HEALTH_TTL", 60):
        return cached[1]
    found = backend(alias)
    found.heal()
    result = found.health(model)
    if not result.ok:
        logger.warning(
            "Search index of %s cannot answer; the database answers: %s (%s updates waiting)",
            alias,
            " ".join(result.problems),
            result.pending,
        )
    _health[(alias, model)] = (now, result)
    return result


def forget():
    """Forget the backends and health checks of this process (and which indexes exist)."""
    from .elasticsearch import forget_indexes

    with _lock:
        _backends.clear()
        _health.clear()
    forget_indexes()


def _on_setting_changed(setting, **kwargs):
    if setting in ("WAGTAILSEARCH_BACKENDS", "SEARCH_HEALTH_TTL"):
        forget()


setting_changed.connect(_on_setting_changed, dispatch_uid="search-backends-registry")
