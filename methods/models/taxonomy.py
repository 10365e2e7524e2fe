"""Tag models for the controlled vocabularies.

Every dimension has its own taggit tag model and its own tagged-item model, so the
vocabularies never mix. ``free_tagging = False`` makes Wagtail's tag widget accept
only existing terms: editors pick, administrators manage the lists as snippets.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel

from methods.labels import active_label
from methods.text import normalise_alt_labels


class VocabularyTerm(TagBase):
    """A term of a controlled vocabulary: Swedish label (``name``), English label, description."""

    free_tagging = False

    name_en = models.CharField(_("engelsk etikett"), max_length=100, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    alt_labels = models.TextField(
        _("alternativa etiketter"),
        blank=True,
        help_text=_(
            "En per rad: ord, förkortningar och engelska ord som personalen använder för termen "
            "(till exempel LVU och ungdomshem för Särskilt ungdomshem). En sökning med något av dem hittar "
            "metoderna med termen."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("alt_labels"),
    ]

    class Meta:
        abstract = True
        ordering = ["name"]

    def clean(self):
        super().clean()
        self.alt_labels = normalise_alt_labels(self.alt_labels)

    @property
    def label(self):
        return active_label(self.name, self.name_en)


class Setting(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("verksamhet")
        verbose_name_plural = _("verksamheter")


class TargetGroup(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("målgrupp")
        verbose_name_plural = _("målgrupper")


class MappedBy(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("kartlagd av")
        verbose_name_plural = _("kartlagd av")


class PreventionLevel(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("preventionsnivå")
        verbose_name_plural = _("preventionsnivåer")


class Environment(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("extremistisk miljö")
        verbose_name_plural = _("extremistiska miljöer")


class EvidenceLevel(VocabularyTerm):
    """Evidence level: one per method, ordered by ``rank`` (1 = strongest)."""

    rank = models.PositiveSmallIntegerField(_("rangordning"), unique=True, help_text=_("1 = starkast evidens."))
    requires_reference = models.BooleanField(
        _("kräver referens"),
        default=False,
        help_text=_(
            "Nivån säger vad studier visat, så en metod eller ett utfall med nivån måste ha minst en referens."
        ),
    )

    panels = VocabularyTerm.panels + [FieldPanel("rank"), FieldPanel("requires_reference")]

    class Meta:
        ordering = ["rank"]
        verbose_name = _("evidensnivå")
        verbose_name_plural = _("evidensnivåer")


class Keyword(TagBase):
    """Free keywords (ordinary tags that editors may create)."""

    class Meta:
        ordering = ["name"]
        verbose_name = _("nyckelord")
        verbose_name_plural = _("nyckelord")

    @property
    def label(self):
        return self.name


class _TaggedMethod(TaggedItemBase):
    class Meta:
        abstract = True


class TaggedSetting(_TaggedMethod):
    content_object = ParentalKey("methods.MethodPage", on_delete=models.CASCADE, related_name="tagged_settings")
    tag = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="tagged_methods")


class TaggedTargetGroup(_TaggedMethod):
    content_object = ParentalKey("methods.MethodPage", on_delete=models.CASCADE, related_name="tagged_target_groups")
    tag = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="tagged_methods")


class TaggedMappedBy(_TaggedMethod):
    content_object = ParentalKey("methods.MethodPage", on_delete=models.CASCADE, related_name="tagged_mapped_by")
    tag = models.ForeignKey(MappedBy, on_delete=models.CASCADE, related_name="tagged_methods")


class TaggedPreventionLevel(_TaggedMethod):
    content_object = ParentalKey(
        "methods.MethodPage", on_delete=models.CASCADE, related_name="tagged_prevention_levels"
    )
    tag = models.ForeignKey(PreventionLevel, on_delete=models.CASCADE, related_name="tagged_methods")


class TaggedEnvironment(_TaggedMethod):
    content_object = ParentalKey("methods.MethodPage", on_delete=models.CASCADE, related_name="tagged_environments")
    tag = models.ForeignKey(Environment, on_delete=models.CASCADE, related_name="tagged_methods")


class TaggedKeyword(_TaggedMethod):
    content_object = ParentalKey("methods.MethodPage", on_delete=models.CASCADE, related_name="tagged_keywords")
    tag = models.ForeignKey(Keyword, on_delete=models.CASCADE, related_name="tagged_methods")
