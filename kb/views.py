"""Site-wide views: error answers, old language links, the icon and the accessibility statement."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe


def bad_request(request, exception):
    """HTTP 400 with the reason (``BadRequest("...")`` raised anywhere) for a person to read."""
    # Only our own ``BadRequest`` messages are written for people; Django's SuspiciousOperation
    # texts (a refused Host header, too many fields) are English hints for developers.
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"message": message}, status=400)


@require_safe
def switch_language(request):
    """``/sprak/?language=sv|en&next=/path/``: a redirect to the same page in that language (no cookie)."""
    language = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    if language in dict(settings.LANGUAGES):
        target = translate_url(target, language)
    return HttpResponseRedirect(target)


@require_safe
def favicon(request):
    """``/favicon.ico``: the site's icon (an SVG among the static files)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_safe
def accessibility(request):
    """The accessibility statement (tillgänglighetsredogörelse), in DIGG's structure, with the site's contact."""
    from .models import AccessibilityContact

    return render(request, "accessibility.html", {"contact": AccessibilityContact.for_request(request)})
