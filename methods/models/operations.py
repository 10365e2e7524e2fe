"""Models that run the site rather than describe methods: data-version tokens and background import jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A token the database changes whenever a table group changes (set by triggers, migration 0008).

    ``tags``: any row of a method's tag tables; ``methods``: any row of the method table.
    In-process indexes of those tables are keyed by these tokens and read them on every use.
    """

    name = models.CharField(max_length=30, primary_key=True)
    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("dataversion")

    def __str__(self):
        return f"{self.name}: {self.token}"


class ImportJob(models.Model):
    """A large import running in the background (``methods.tasks.run_import``), with its progress and report.

    The uploaded file is kept in the row only until the job has run.
    """

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUS_CHOICES = [
        (QUEUED, _("i kö")),
        (RUNNING, _("pågår")),
        (DONE, _("klar")),
        (FAILED, _("misslyckades")),
    ]

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    data = models.BinaryField(editable=False, default=b"")
    options = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("importjobb")
        verbose_name_plural = _("importjobb")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"


class DataRelease(models.Model):
    """A dated, immutable data package of every method public when it was made, for researchers to cite.

    The file and its checksum never change. A release is withheld (not altered) from the
    moment any method in it is no longer public, so a release never shows what the site
    itself would not.
    """

    version = models.CharField(_("version"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("anteckning"), blank=True)
    file = models.FileField(_("fil"), upload_to="releases/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("storlek (byte)"))
    method_count = models.PositiveIntegerField(_("antal metoder"))
    method_ids = models.JSONField(default=list, editable=False)  # page ids, to check that all are still public

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dataversion för forskare")
        verbose_name_plural = _("dataversioner för forskare")

    def __str__(self):
        return self.version
