"""Rate limits that hold across server processes: per client address and URL, counted in the shared cache.

The cache is Django's database cache (``CACHES`` in settings), so every worker counts in
the same place. Each limit is a number of requests in a fixed window; past it the client
gets HTTP 429 with ``Retry-After`` and a message in Swedish (JSON for the API, text for
downloads, a page otherwise). Admin logins are limited separately by django-axes.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# URL name -> (requests, window in seconds)
DEFAULT_LIMITS = {
    "wagtailcore_authenticate_with_password": (10, 600),  # guesses at a password-protected page
    "search:export": (30, 60),
    "search:api_methods": (120, 60),
    "search:api_method": (240, 60),
}


def client_address(request):
    """The client's address; behind ``THROTTLE_TRUSTED_PROXIES`` proxies, taken from X-Forwarded-For."""
    proxies = getattr(settings, "THROTTLE_TRUSTED_PROXIES", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class ThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        enabled = getattr(settings, "THROTTLE_ENABLED", True)
        self.limits = {**DEFAULT_LIMITS, **getattr(settings, "THROTTLE_LIMITS", {})} if enabled else {}

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match else None
        if name not in self.limits:
            return None
        allowed, window = self.limits[name]
        window_start = int(time.time() // window)
        key = f"throttle:{name}:{client_address(request)}:{window_start}"
        cache = caches["throttle"]
        try:
            cache.add(key, 0, timeout=window + 5)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr: this request opens the next window
                cache.set(key, 1, timeout=window + 5)
                count = 1
        except DatabaseError:  # the counter could not be written (a long import holds SQLite): let it through
            logger.warning("Rate limit counter unavailable for %s", name, exc_info=True)
            return None
        if count <= allowed:
            return None
        retry_after = (window_start + 1) * window - int(time.time())
        return too_many_requests(request, name, max(retry_after, 1))


def too_many_requests(request, name, retry_after):
    message = _("För många förfrågningar från din adress. Vänta %(seconds)s sekunder och försök igen.") % {
        "seconds": retry_after
    }
    if name.startswith("search:api"):
        response = JsonResponse({"error": message}, status=429, json_dumps_params={"ensure_ascii": False})
    elif name == "search:export":
        response = HttpResponse(message + "\n", status=429, content_type="text/plain; charset=utf-8")
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
