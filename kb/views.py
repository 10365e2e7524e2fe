"""Error answers for the whole site."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe


def bad_request(request, exception):
    """HTTP 400 with the reason (``BadRequest("...")`` raised anywhere) for a person to read."""
    message = str(exception) if exception is not None and str(exception) else ""
    return render(request, "400.html", {"message": message}, status=400)


@require_safe
def switch_language(request):
    """Choose the site's language (``?language=sv|en&next=/path/``), kept in Django's language cookie.

    A plain GET form, so that public pages need no CSRF token and set no cookie for
    visitors who never switch language.
    """
    language = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response
