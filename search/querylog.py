"""Counting searches that find nothing or little, for editors, without writing on the request path.

``record(text, total)`` adds to a per-process tally in memory; a background thread
writes the tally to ``SearchQueryStat`` every ``FLUSH_SECONDS`` (and at exit), one small
transaction that adds to the day's counts, and removes counts older than a year. Only
the normalised query text and the day are kept: no address, no user, no time of day.
"""

import atexit
import logging
import threading
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

FEW_RESULTS = 3  # at most this many results counts as "few"
MAX_QUERY_LENGTH = 200
MAX_PENDING = 5_000  # distinct (day, query) pairs kept in memory between flushes

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_pending = Counter()
_thread = None
_stop = threading.Event()


def normalise(text):
    return " ".join((text or "").lower().split())[:MAX_QUERY_LENGTH]


def record(text, total):
    """Note a search for ``text`` that gave ``total`` results, if that is none or few."""
    query = normalise(text)
    if not query or total > FEW_RESULTS:
        return
    key = (timezone.localdate(), query, total == 0)
    with _lock:
        if key in _pending or len(_pending) < MAX_PENDING:
            _pending[key] += 1
    _ensure_thread()


def flush():
    """Write the tally to the database (one transaction); returns the number of counts written."""
    from .models import SearchQueryStat

    with _lock:
        pending = dict(_pending)
        _pending.clear()
    if not pending:
        return 0
    try:
        with transaction.atomic():
            for (day, query, zero), n in pending.items():
                updated = SearchQueryStat.objects.filter(day=day, query=query, zero_results=zero).update(
                    count=F("count") + n
                )
                if not updated:
                    SearchQueryStat.objects.create(day=day, query=query, zero_results=zero, count=n)
            cutoff = timezone.localdate() - timezone.timedelta(days=SearchQueryStat.RETENTION_DAYS)
            SearchQueryStat.objects.filter(day__lt=cutoff).delete()
    except DatabaseError:
        logger.exception("Search statistics could not be written; they are kept for the next try")
        with _lock:
            for key, n in pending.items():
                _pending[key] += n
        return 0
    return sum(pending.values())


def _run():
    interval = getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", 60)
    while not _stop.wait(interval):
        try:
            flush()
        finally:
            connection.close()  # this thread's own connection


def _ensure_thread():
    global _thread
    if _thread is not None or not getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", 60):
        return
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_run, name="search-query-log", daemon=True)
            _thread.start()
            atexit.register(_flush_at_exit)


def _flush_at_exit():
    _stop.set()
    try:
        flush()
    except Exception:  # the process is ending: never let a failed write stop it
        logger.exception("Search statistics could not be written at exit")
