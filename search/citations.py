"""``/citera/<id>/?format=ris|bibtex``: one published method as a reference-manager record."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from methods.citation import bibtex, key, ris
from methods.exporting import bad_request
from methods.models import MethodPage

FORMATS = {
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": (bibtex, "application/x-bibtex; charset=utf-8", "bib"),
}


@require_safe
def citation(request, method_id):
    page = MethodPage.objects.visible().filter(method_id=method_id).select_related("evidence_level").first()
    if page is None:
        raise Http404(_("Ingen publicerad metod har id ”%(id)s”.") % {"id": method_id[:100]})
    fmt = request.GET.get("format", "ris")
    if fmt not in FORMATS:
        return bad_request(_("Okänt format ”%(format)s”. Välj ris eller bibtex.") % {"format": fmt[:20]})
    write, content_type, extension = FORMATS[fmt]
    response = HttpResponse(write(page, request.build_absolute_uri(page.url)), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{key(page)}.{extension}")
    return response
