"""Organisations and source documents: snippets that method pages link to."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Organisation(index.Indexed, models.Model):
    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    url = models.URLField(_("webbplats"), blank=True)
    description = models.TextField(_("beskrivning"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("url"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self):
        return self.name


class SourceDocument(index.Indexed, models.Model):
    """A government assignment, mapping report or other document a method is drawn from."""

    title = models.CharField(_("titel"), max_length=400)
    url = models.URLField(_("webbadress"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("year"), FieldPanel("organisation")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("källdokument")
        verbose_name_plural = _("källdokument")
        constraints = [
            models.UniqueConstraint(fields=["title", "url", "year"], name="unique_source_document"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title
