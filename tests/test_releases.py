"""Data releases: immutable, dated packages with checksums at /data/, withheld (never altered) when a method leaves."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from methods.models import DataRelease, MethodPage
from methods.releases import make_release

from .test_editorial import user_in

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_release_holds_every_public_method_with_checksums_that_match(client):
    release = make_release(note="Första versionen")
    assert release.method_count == MethodPage.objects.visible().count() == 44
    data = body(client.get(f"/data/{release.version}/"))
    assert hashlib.sha256(data).hexdigest() == release.sha256 and len(data) == release.size
    archive = zipfile.ZipFile(io.BytesIO(data))
    package = json.loads(archive.read("datapackage.json"))
    methods_csv = archive.read("methods.csv")
    resource = package["resources"][0]
    assert resource["hash"] == "sha256:" + hashlib.sha256(methods_csv).hexdigest()
    assert resource["bytes"] == len(methods_csv)
    assert package["version"] == release.version and package["name"] == "metodbanken-release"
    assert f'version: "{release.version}"' in archive.read("CITATION.cff").decode()
    rows = list(csv.DictReader(io.StringIO(methods_csv.decode("utf-8"))))
    assert len(rows) == 44 and {r["id"] for r in rows} == set(
        MethodPage.objects.visible().values_list("method_id", flat=True)
    )


def test_the_listing_shows_version_count_and_checksum_and_versions_are_numbered_per_day(client):
    first, second = make_release(), make_release(note="Rättade stavfel")
    assert second.version == first.version + ".2"
    html = client.get("/data/").content.decode()
    assert first.sha256 in html and second.sha256 in html and "Rättade stavfel" in html
    assert f'href="/data/{first.version}/"' in html
    assert client.get("/data/1999-01-01/").status_code == 404


@pytest.mark.parametrize("change", ["unpublish", "restrict"])
def test_a_release_is_withheld_not_altered_when_one_of_its_methods_is_no_longer_public(client, change):
    release = make_release()
    before = hashlib.sha256(release.file.open("rb").read()).hexdigest()
    page = MethodPage.objects.get(method_id="hii")
    if change == "unpublish":
        page.unpublish()
    else:
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = client.get(f"/data/{release.version}/")
    assert response.status_code == 410
    assert "1 metod i versionen är inte längre publicerad" in response.content.decode()
    assert "Inte tillgänglig: 1 metod" in client.get("/data/").content.decode()
    release.refresh_from_db()
    assert hashlib.sha256(release.file.open("rb").read()).hexdigest() == before == release.sha256


def test_reviewers_make_releases_in_the_admin_and_editors_cannot(client):
    client.force_login(user_in("Redaktörer", "redaktor"))
    refused = client.post("/admin/metoder/dataversioner/", {"note": "x"})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's answer to PermissionDenied
    assert not DataRelease.objects.exists()
    client.force_login(user_in("Granskare", "granskare"))
    response = client.post("/admin/metoder/dataversioner/", {"note": "Från admin"})
    assert response.status_code == 302
    assert DataRelease.objects.get().note == "Från admin"


def test_the_command_makes_a_release_and_says_its_checksum():
    out = io.StringIO()
    call_command("make_release", "--note", "Kommandorad", stdout=out)
    release = DataRelease.objects.get()
    assert release.sha256 in out.getvalue() and release.note == "Kommandorad"
