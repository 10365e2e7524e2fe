"""Language from the address: Swedish at every path, English under ``/en/``.

Each public address has one language, so a response never depends on a cookie or on the
browser's Accept-Language header, and shared caches may keep public pages (there is no
``Vary`` to add). Django's LocaleMiddleware would follow the browser's language for
addresses without a prefix; a Swedish public-sector site shows Swedish unless English
is asked for. The admin follows each user's own preference (Wagtail sets it).
"""

from django.conf import settings
from django.utils import translation


class SiteLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
