"""``/data/``: the dated data releases researchers cite, each downloadable while all its methods are public."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from methods.models import DataRelease
from methods.postings import tag_index
from methods.releases import withheld_count


@require_safe
def data_releases(request):
    visible = tag_index().visible()  # asked of the database once for the whole list
    releases = [(release, withheld_count(release, visible)) for release in DataRelease.objects.all()]
    return render(request, "search/releases.html", {"releases": releases})


@require_safe
def data_release(request, version):
    release = DataRelease.objects.filter(version=version).first()
    if release is None:
        raise Http404(version)
    withheld = withheld_count(release)
    if withheld:
        return render(request, "search/release_withheld.html", {"release": release, "withheld": withheld}, status=410)
    response = FileResponse(release.file.open("rb"), as_attachment=True, filename=f"metodbanken-{release.version}.zip")
    response["X-Checksum-SHA256"] = release.sha256
    return response
