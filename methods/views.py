"""Admin views: the "Behöver granskas" report and the spreadsheet import (upload, preview, confirm)."""

import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import PageReportView

from .importing import BATCH_SIZE, ImportError_, import_file
from .models import DataRelease, ImportJob, MethodPage
from .records import FileFormatError
from .reviewdates import subtract_months
from .tasks import make_data_release, run_import
from .templatefiles import template_csv, template_xlsx

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def review_due_queryset(today=None):
    """Methods never reviewed, or last reviewed longer ago than their review interval (in months)."""
    today = today or timezone.localdate()
    due = Q(last_reviewed__isnull=True)
    for months in MethodPage.objects.values_list("review_interval_months", flat=True).distinct():
        due |= Q(review_interval_months=months, last_reviewed__lt=subtract_months(today, months))
    return MethodPage.objects.filter(due)


class ReviewDueReportView(PageReportView):
    page_title = _("Behöver granskas")
    header_icon = "date"
    index_url_name = "methods_review_due"
    index_results_url_name = "methods_review_due_results"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    default_ordering = "last_reviewed"
    list_export = ["method_id", "title", "last_reviewed", "review_interval_months", "evidence_level", "status_string"]
    export_headings = {
        "method_id": _("Metod-id"),
        "title": _("Titel"),
        "last_reviewed": _("Senast granskad"),
        "review_interval_months": _("Intervall (månader)"),
        "evidence_level": _("Evidensnivå"),
        "status_string": _("Status"),
    }
    columns = [
        TitleColumn("title", label=_("Titel"), url_name="wagtailadmin_pages:edit", sort_key="title"),
        Column("method_id", label=_("Metod-id"), sort_key="method_id"),
        DateColumn("last_reviewed", label=_("Senast granskad"), sort_key="last_reviewed"),
        Column("review_interval_months", label=_("Intervall (månader)"), sort_key="review_interval_months"),
        Column("evidence_level", label=_("Evidensnivå")),
        Column("status_string", label=_("Status")),
    ]

    def get_filename(self):
        return f"behover-granskas-{timezone.localdate().isoformat()}"

    def get_queryset(self):
        pages = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        self.queryset = review_due_queryset().filter(pk__in=pages.values("pk")).select_related("evidence_level")
        return super().get_queryset()

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        expression = F(ordering.lstrip("-"))
        if ordering.startswith("-"):
            return queryset.order_by(expression.desc(nulls_last=True), "title")
        return queryset.order_by(expression.asc(nulls_first=True), "title")


# --- import -------------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("CSV (UTF-8, komma eller semikolon, som Excel sparar ”CSV UTF-8”) eller XLSX i importformatet."),
    )
    update = forms.BooleanField(
        label=_("Uppdatera befintliga metoder"),
        required=False,
        help_text=_("Metoder med samma id får en ny revision. Annars lämnas de orörda."),
    )
    publish = forms.BooleanField(
        label=_("Publicera direkt"),
        required=False,
        help_text=_("Endast för granskare. Annars sparas nya och ändrade metoder som utkast för granskning."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Spara giltiga rader även om andra rader har fel"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen är större än 10 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen måste vara .csv eller .xlsx."))
        return upload


UPLOAD_MAX_AGE_SECONDS = 24 * 3600


def _upload_dir():
    """Where previewed uploads wait for confirmation; uploads older than a day (abandoned) are deleted."""
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    expired = time.time() - UPLOAD_MAX_AGE_SECONDS
    for old in path.iterdir():
        if old.is_file() and old.stat().st_mtime < expired:
            old.unlink(missing_ok=True)
    return path


def _can_publish(user):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().user_has_permission(user, "publish")


def import_view(request):
    if not request.user.has_perm("methods.add_methodpage"):
        raise PermissionDenied
    can_publish = _can_publish(request.user)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, can_publish)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    token = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        options = {k: form.cleaned_data[k] for k in ("update", "skip_invalid")}
        options["publish"] = form.cleaned_data["publish"] and can_publish
        try:
            report = import_file(data, form.cleaned_data["file"].name, user=request.user, dry_run=True, **options)
        except (FileFormatError, ImportError_) as exc:
            form.add_error("file", str(exc))
        else:
            token = uuid.uuid4().hex
            (_upload_dir() / token).write_bytes(data)
            request.session["methods_import"] = {
                "token": token,
                "name": form.cleaned_data["file"].name,
                "rows": report.total + len({e.row for e in report.errors}),
                **options,
            }
    jobs = ImportJob.objects.filter(created_by=request.user).defer("data")[:5]
    return render(
        request,
        "methods/admin/import.html",
        {"form": form, "report": report, "token": token, "can_publish": can_publish, "jobs": jobs},
    )


def import_job_view(request, pk):
    """A background import's progress and report (its page refreshes itself while it runs)."""
    job = ImportJob.objects.defer("data").filter(pk=pk).first()
    if job is None or (job.created_by_id != request.user.pk and not request.user.is_superuser):
        raise PermissionDenied
    return render(request, "methods/admin/import_job.html", {"job": job})


def _confirm(request, can_publish):
    pending = request.session.pop("methods_import", None)
    if not pending or pending["token"] != request.POST.get("token"):
        messages.error(request, _("Förhandsgranskningen har gått ut. Ladda upp filen igen."))
        return redirect("methods_import")
    path = _upload_dir() / pending["token"]
    try:
        data = path.read_bytes()
    finally:
        path.unlink(missing_ok=True)
    options = {
        "update": pending["update"],
        "skip_invalid": pending["skip_invalid"],
        "publish": pending["publish"] and can_publish,
    }
    if pending.get("rows", 0) > BATCH_SIZE:  # a large file: imported by the task worker, progress on its page
        job = ImportJob.objects.create(
            created_by=request.user, filename=pending["name"], data=data, options=options, total=pending["rows"]
        )
        run_import.enqueue(job.pk)
        return redirect("methods_import_job", job.pk)
    try:
        report = import_file(data, pending["name"], user=request.user, **options)
    except (FileFormatError, ImportError_) as exc:
        messages.error(request, str(exc))
        return redirect("methods_import")
    if report.errors and not pending["skip_invalid"]:
        messages.error(request, _("Filen har fel. Ingenting har sparats."))
    else:
        messages.success(
            request,
            _("Import klar: %(c)s nya, %(u)s uppdaterade, %(n)s oförändrade, %(s)s skickade till granskning.")
            % {
                "c": len(report.created),
                "u": len(report.updated),
                "n": len(report.unchanged),
                "s": len(report.submitted),
            },
        )
    return redirect("methods_import")


class ReleaseForm(forms.Form):
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visas vid versionen på /data/, till exempel vad som har ändrats sedan förra versionen."),
    )


def releases_view(request):
    """Data releases: the list, and a form that makes a new one in the background."""
    if not request.user.has_perm("methods.add_datarelease"):
        raise PermissionDenied
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        make_data_release.enqueue(form.cleaned_data["note"], request.user.pk)
        messages.success(request, _("Dataversionen skapas. Den visas här och på /data/ när paketet är klart."))
        return redirect("methods_releases")
    return render(
        request,
        "methods/admin/releases.html",
        {"form": form, "releases": DataRelease.objects.select_related("created_by")[:50]},
    )


def import_template_view(request, fmt):
    """The import template (columns, an example row; the XLSX also has the codebook of allowed values)."""
    if not request.user.has_perm("methods.add_methodpage"):
        raise PermissionDenied
    if fmt not in ("csv", "xlsx"):
        raise Http404(fmt)
    if fmt == "xlsx":
        body, content_type = template_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = template_csv(), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"metodbanken-importmall.{fmt}")
    return response
