"""Language choice: Swedish unless the visitor picked English with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language header; a Swedish
public-sector site should instead default to Swedish for everyone and switch only on
request (the choice is kept in Django's language cookie).
"""

from django.conf import settings
from django.utils import translation


class SiteLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            return self.get_response(request)  # the admin follows each user's own preference
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
