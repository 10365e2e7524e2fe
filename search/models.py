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
