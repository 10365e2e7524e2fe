"""Background work: large imports run in a task worker (django-tasks), with progress in ``ImportJob``."""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from .importing import ImportError_, import_file
from .models import ImportJob
from .records import FileFormatError
from .releases import make_release


@task()
def run_import(job_id):
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.QUEUED:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.RUNNING)
    user = get_user_model().objects.filter(pk=job.created_by_id, is_active=True).first()

    def progress(done, total):
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    result, status = {}, ImportJob.DONE
    try:
        if user is None:
            raise ImportError_("Användaren som startade importen finns inte längre eller är inaktiv.")
        report = import_file(bytes(job.data), job.filename, user=user, progress=progress, **job.options)
    except (FileFormatError, ImportError_) as exc:
        status, result = ImportJob.FAILED, {"message": str(exc)}
    else:
        result = {
            "created": report.created,
            "updated": report.updated,
            "unchanged": len(report.unchanged),
            "submitted": report.submitted,
            "errors": [str(error) for error in report.errors[:500]],
        }
    # The uploaded file is not kept once the job has run.
    ImportJob.objects.filter(pk=job.pk).update(status=status, result=result, data=b"", finished_at=timezone.now())


@task()
def make_data_release(note, user_id):
    """Write a data release in the worker (a large site's package takes a while)."""
    make_release(note=note, user=get_user_model().objects.filter(pk=user_id).first())
