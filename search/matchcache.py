"""Full-text scores of recent queries on the database backend, per process, keyed by the index's data version.

A text search scores every indexed method (drafts and restricted ones included: the
scores are cut to what the public may see on every request, after this cache). What
the database backend answers for a query depends only on the index, so the answer is
kept under the token the database gives the index table on every write
(``methods.dataversions``, group ``index``): an index update in any process gives every
process a new token, and the old answers are dropped at the next read.

Answers are held as two compact arrays, and the cache keeps at most
``SEARCH_MATCH_CACHE_BYTES`` of them (least recently used first out; 0 turns it off).
"""

import threading
from array import array
from collections import OrderedDict

from django.conf import settings

from methods.dataversions import current_tokens

TOKEN_GROUP = "index"


def _size(pks, scores):
    return pks.itemsize * len(pks) + scores.itemsize * len(scores)


class MatchCache:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = OrderedDict()  # key -> (primary keys, scores)
        self._token = None
        self._bytes = 0

    def scores(self, key, compute):
        """``{primary key: score}`` for ``key`` (a fresh dict the caller may change), from ``compute()`` on a miss."""
        limit = settings.SEARCH_MATCH_CACHE_BYTES
        if limit <= 0:
            return compute()
        token = current_tokens().get(TOKEN_GROUP)
        if token is None:  # no version row (a flushed database): nothing can be kept safely
            return compute()
        with self._lock:
            if token != self._token:
                self._drop_all()
                self._token = token
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return dict(zip(*found, strict=True))
        result = compute()
        pks, scores = array("q", result), array("d", result.values())
        size = _size(pks, scores)
        if size > limit:
            return result
        with self._lock:
            if token == self._token and key not in self._entries:
                self._entries[key] = (pks, scores)
                self._bytes += size
                while self._bytes > limit:
                    _key, oldest = self._entries.popitem(last=False)
                    self._bytes -= _size(*oldest)
        return result

    def clear(self):
        with self._lock:
            self._drop_all()

    def _drop_all(self):
        self._entries.clear()
        self._bytes = 0

    def __len__(self):
        return len(self._entries)


matches = MatchCache()
