"""Index updates that the search service did not take, kept for a retry (``check_search_index --repair``)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    ADD = "add"
    DELETE = "delete"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=[(ADD, "add"), (DELETE, "delete")])
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_pending_update")]
        verbose_name = _("väntande indexuppdatering")
        verbose_name_plural = _("väntande indexuppdateringar")

    def __str__(self):
        return f"{self.action} {self.content_type.model} {self.object_id}"


class SearchQueryStat(models.Model):
    """How often a query text gave no result, or few, on one day: counts only, nothing about who searched.

    Written in batches by ``search.querylog`` (never on the request path) and kept
    ``RETENTION_DAYS`` days, for the admin report "Sökningar utan träffar".
    """

    RETENTION_DAYS = 365

    day = models.DateField(_("dag"))
    query = models.CharField(_("sökfråga"), max_length=200)
    zero_results = models.BooleanField(_("inga träffar"), help_text=_("Annars få träffar (1–3)."))
    count = models.PositiveIntegerField(_("antal sökningar"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "query", "zero_results"], name="one_search_stat_per_day")]
        indexes = [models.Index(fields=["day"])]
        verbose_name = _("sökstatistik")
        verbose_name_plural = _("sökstatistik")

    def __str__(self):
        return f"{self.day} {self.query} ({self.count})"
