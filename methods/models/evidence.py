"""The evidence model beyond the headline level: outcomes, ratings per outcome and implementation facts.

A method can be rated separately for each outcome it aims at (CrimeSolutions' practice):
an ``OutcomeRating`` holds the outcome, its level on the same scale as the headline level,
the reviewer's justification, and rests on the method's references that are marked as
measuring that outcome. Implementation facts answer "can we run it here": Swedish
material, training in Sweden, use in SiS, Kriminalvården and social services, relative
cost (``COST_BANDS``, published on the evidence levels page) and the method owner.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .taxonomy import VocabularyTerm

YES, NO, PARTLY = "ja", "nej", "delvis"
YES_NO = [(YES, _("Ja")), (NO, _("Nej"))]
YES_NO_PARTLY = [(YES, _("Ja")), (PARTLY, _("Delvis")), (NO, _("Nej"))]
# Relative cost per participant, in the manner of the EIF Guidebook's 1-5 rating with money bands.
COST_BANDS = [
    (1, _("1 – under 1 000 kr per deltagare")),
    (2, _("2 – 1 000–4 999 kr per deltagare")),
    (3, _("3 – 5 000–19 999 kr per deltagare")),
    (4, _("4 – 20 000–49 999 kr per deltagare")),
    (5, _("5 – 50 000 kr eller mer per deltagare")),
]
DEFAULT_REVIEW_INTERVAL_MONTHS = 24


def answer_field(verbose_name, choices=YES_NO):
    """A yes/no (or yes/partly/no) fact about a method; empty means that nothing is known."""
    return models.CharField(
        verbose_name, max_length=10, choices=choices, blank=True, help_text=_("Tomt = uppgift saknas.")
    )


class Outcome(VocabularyTerm):
    """What a method is rated on (a controlled vocabulary with fixed slugs), in ``position`` order."""

    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    panels = VocabularyTerm.panels + [FieldPanel("position")]

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")


class OutcomeRating(Orderable):
    """How well a method's effect on one outcome is supported, and why."""

    page = ParentalKey("methods.MethodPage", on_delete=models.CASCADE, related_name="outcome_ratings")
    outcome = models.ForeignKey(Outcome, verbose_name=_("utfall"), on_delete=models.PROTECT, related_name="ratings")
    level = models.ForeignKey(
        "methods.EvidenceLevel", verbose_name=_("evidensnivå"), on_delete=models.PROTECT, related_name="ratings"
    )
    justification = models.TextField(
        _("motivering"),
        blank=True,
        help_text=_("Kort: vad studierna visar för just detta utfall och varför nivån blev denna."),
    )

    panels = [FieldPanel("outcome"), FieldPanel("level"), FieldPanel("justification")]

    class Meta(Orderable.Meta):
        verbose_name = _("bedömning per utfall")
        verbose_name_plural = _("bedömningar per utfall")
        constraints = [models.UniqueConstraint(fields=["page", "outcome"], name="one_rating_per_outcome")]

    def studies(self, references=None):
        """The method's references (or the ``references`` given, already read) marked as measuring this outcome."""
        references = self.page.references.all() if references is None else references
        return [r for r in references if any(o.pk == self.outcome_id for o in r.outcomes.all())]
