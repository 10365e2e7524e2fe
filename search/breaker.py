"""A circuit breaker for the external search service (Elasticsearch).

After ``SEARCH_BREAKER_THRESHOLD`` failures or time-outs in a row, a process stops
asking the service for ``SEARCH_BREAKER_COOLDOWN`` seconds: searches answer from the
database backend at once, and index updates are recorded for a later retry
(``search.models.PendingIndexUpdate``) instead of waiting for a time-out each. After
the cool-down one request tries again; a success closes the breaker.
"""

import threading
import time

from django.conf import settings


class CircuitBreaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at = None
        self._lock = threading.Lock()

    @property
    def is_open(self):
        return self.opened_at is not None and time.monotonic() - self.opened_at < self.cooldown

    def allows(self):
        return not self.is_open

    def success(self):
        with self._lock:
            self.failures = 0
            self.opened_at = None

    def failure(self):
        with self._lock:
            self.failures += 1
            if self.failures >= self.threshold:
                self.opened_at = time.monotonic()


_breakers = {}
_lock = threading.Lock()


def breaker(name="elasticsearch"):
    with _lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(
                getattr(settings, "SEARCH_BREAKER_THRESHOLD", 3), getattr(settings, "SEARCH_BREAKER_COOLDOWN", 30)
            )
        return _breakers[name]


def reset():
    """Forget every breaker's state (tests, and after the service is repaired)."""
    with _lock:
        _breakers.clear()
