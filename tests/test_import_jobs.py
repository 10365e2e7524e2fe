"""Large imports run as background jobs: written in batches, progress and report on the job's page, file dropped."""

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from methods import importing, views
from methods.models import ImportJob, MethodPage

pytestmark = pytest.mark.django_db
METHODS_CSV = Path(__file__).parent.parent / "methods" / "fixtures" / "methods.csv"


def renamed_corpus():
    rows = list(csv.reader(io.StringIO(METHODS_CSV.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([f"{row[0]}-kopia", *row[1:]])
    upload = io.BytesIO(out.getvalue().encode("utf-8"))
    upload.name = "stor-fil.csv"
    return upload


def test_a_large_file_is_imported_by_a_job_in_batches(client, monkeypatch):
    monkeypatch.setattr(views, "BATCH_SIZE", 10)  # "large" for this test: more than 10 rows
    monkeypatch.setattr(importing, "BATCH_SIZE", 10)
    monkeypatch.setattr(importing, "SQLITE_BATCH_PAUSE", 0)
    reviewer = User.objects.create_user("granskare", "g@example.se", "lösenord-för-test-123")
    reviewer.groups.add(Group.objects.get(name="Granskare"))
    client.force_login(reviewer)
    before = MethodPage.objects.count()
    preview = client.post("/admin/metoder/import/", {"file": renamed_corpus(), "publish": "on"})
    response = client.post("/admin/metoder/import/", {"confirm": "1", "token": preview.context["token"]})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/admin/metoder/import/{job.pk}/")
    # The test settings run tasks at once; with a worker (make run) the page shows progress meanwhile.
    assert job.status == ImportJob.DONE
    assert (job.done, job.total) == (44, 44)
    assert len(job.result["created"]) == 44 and job.result["errors"] == []
    assert bytes(job.data) == b""  # the upload is not kept
    assert MethodPage.objects.count() == before + 44
    assert MethodPage.objects.filter(method_id="exit-fryshuset-kopia", live=True).exists()
    page = client.get(response["Location"]).content.decode()
    assert "klar" in page and "44 nya metoder" in page


def test_someone_elses_job_is_not_shown(client):
    owner = User.objects.create_user("agare", "a@example.se", "lösenord-för-test-123")
    other = User.objects.create_user("annan", "b@example.se", "lösenord-för-test-123", is_staff=True)
    other.groups.add(Group.objects.get(name="Redaktörer"))
    job = ImportJob.objects.create(created_by=owner, filename="x.csv")
    client.force_login(other)
    assert client.get(f"/admin/metoder/import/{job.pk}/").status_code in (302, 403)
