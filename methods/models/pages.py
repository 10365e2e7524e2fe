"""Page types: the home page, the method index and the method page."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from methods.blocks import DescriptionBlock, description_to_text
from methods.citation import citation_text
from methods.dataversions import current_tokens
from methods.dimensions import CONTROLLED_DIMENSIONS
from methods.forms import MethodPageForm
from methods.history import rating_history
from methods.pagination import paginate
from methods.postings import TAGGED, tag_index
from methods.querysets import MethodPageQuerySet, swedish_sort_key
from methods.reviewdates import add_months
from methods.terms import all_terms, ordered_terms

from .evidence import COST_BANDS, DEFAULT_REVIEW_INTERVAL_MONTHS, YES_NO_PARTLY, answer_field
from .taxonomy import (
    EvidenceLevel,
    TaggedEnvironment,
    TaggedKeyword,
    TaggedMappedBy,
    TaggedPreventionLevel,
    TaggedSetting,
    TaggedTargetGroup,
)

METHOD_ID_VALIDATOR = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Använd bara små bokstäver a–z, siffror och bindestreck, till exempel ”mentorskap-avhoppare”."),
)
SUMMARY_MAX_LENGTH = 400

SLUG_ASCII = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _tag_groups(pairs):
    """``[(dimension, tags)]`` from ``(dimension, tags)`` pairs: tags by name, dimensions without tags left out."""
    groups = []
    for dimension, tags in pairs:
        tags = sorted(tags, key=lambda t: t.name.lower())
        if tags:
            groups.append((dimension, tags))
    return groups


class HomePage(Page):
    introduction = models.TextField(_("inledning"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["methods.MethodIndexPage", "methods.CollectionIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startsida")

    def route(self, request, path_components):
        """Pass through a section to a page below it without loading the section's own fields.

        Wagtail's ``route`` reads each level's specific page (two queries per level); routing
        only needs the tree columns, so a section on the way gets ``specific_deferred``.
        """
        if len(path_components) < 2:
            return super().route(request, path_components)
        try:
            section = self.get_children().get(slug=path_components[0])
        except Page.DoesNotExist as error:
            raise Http404 from error
        section._cached_parent_obj = self
        return section.specific_deferred.route(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = MethodPage.objects.visible()
        index = tag_index()
        visible_bits = index.visible().bits
        terms = all_terms(CONTROLLED_DIMENSIONS)
        counts = {dimension.key: index.counts(dimension.key, visible_bits) for dimension in CONTROLLED_DIMENSIONS}
        context["facet_entry_points"] = [
            (
                dimension,
                [
                    (term, counts[dimension.key].get(term.pk, 0))
                    for term in ordered_terms(dimension, terms[dimension.key])
                ],
            )
            for dimension in CONTROLLED_DIMENSIONS
        ]
        latest = visible.ordered("updated").values_list("pk", flat=True)[:6]
        context["latest_methods"] = MethodPage.objects.in_order(latest)
        context["method_index"] = MethodIndexPage.objects.live().public().first()
        return context


class MethodIndexPage(Page):
    introduction = models.TextField(_("inledning"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["methods.HomePage"]
    subpage_types = ["methods.MethodPage"]
    page_size = 50  # the demo's 44 methods on one page

    class Meta:
        verbose_name = _("metodlista")

    def route(self, request, path_components):
        """A method page in one query: its children are method pages (``subpage_types``)."""
        if len(path_components) != 1:
            return super().route(request, path_components)
        try:
            method = MethodPage.objects.child_of(self).get(slug=path_components[0])
        except MethodPage.DoesNotExist as error:
            raise Http404 from error
        method._cached_parent_obj = self
        return method.route(request, [])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        methods = MethodPage.objects.child_of(self).visible().ordered("title").values_list("pk", flat=True)
        context["page_obj"] = paginate(methods, request.GET, self.page_size)
        context["methods"] = MethodPage.objects.in_order(context["page_obj"].object_list)
        return context


class MethodPageManager(PageManager.from_queryset(MethodPageQuerySet)):
    pass


class MethodPage(Page):
    method_id = models.SlugField(
        _("metod-id"),
        max_length=100,
        unique=True,
        validators=[METHOD_ID_VALIDATOR],
        help_text=_("Stabil identitet som används vid import och export. Kan inte ändras när metoden har publicerats."),
    )
    summary = models.TextField(
        _("sammanfattning"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("En eller två meningar som visas i sökresultat och listor (högst 400 tecken)."),
    )
    description = StreamField(
        DescriptionBlock(),
        verbose_name=_("beskrivning"),
        blank=True,
        help_text=_("Vad metoden går ut på, hur den används och i vilka sammanhang."),
    )
    who_can_use = models.TextField(
        _("vem kan använda metoden"),
        blank=True,
        help_text=_("Yrkesgrupper och verksamheter som kan använda metoden, och eventuella krav på behörighet."),
    )
    training = models.TextField(
        _("utbildning som krävs"), blank=True, help_text=_("Utbildning, certifiering eller handledning som behövs.")
    )
    staff_time = models.TextField(
        _("personaltid"), blank=True, help_text=_("Ungefärlig tid per deltagare eller per vecka, och hur länge.")
    )
    costs = models.TextField(
        _("kostnader"), blank=True, help_text=_("Kostnader för licenser, material, utbildning och personal.")
    )
    evidence_level = models.ForeignKey(
        EvidenceLevel,
        verbose_name=_("evidensnivå"),
        on_delete=models.PROTECT,
        related_name="methods",
        help_text=_(
            "Metodens samlade nivå. Nivåer som säger vad studier visat (starkt eller visst stöd, lovande, "
            "ingen effekt, risk för skada) kräver minst en referens eller ett källdokument."
        ),
    )
    evidence_summary = models.TextField(
        _("sammanfattning av evidensen"),
        blank=True,
        help_text=_("Vad utvärderingarna visar, för vilka och med vilken kvalitet. Hänvisa till referenserna."),
    )
    contact = models.TextField(
        _("kontakt"), blank=True, help_text=_("Vem man kan vända sig till om metoden (funktion, inte privatperson).")
    )
    last_reviewed = models.DateField(
        _("evidensen senast granskad"),
        null=True,
        blank=True,
        help_text=_(
            "Datum då en granskare senast gick igenom underlaget och bedömningen. Sätts av granskaren, "
            "inte av att sidan sparas."
        ),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("granskningsintervall (månader)"),
        default=DEFAULT_REVIEW_INTERVAL_MONTHS,
        help_text=_("Så här lång tid efter senaste granskningen visas metoden i rapporten ”Behöver granskas”."),
    )
    description_updated = models.DateField(
        _("beskrivningen senast ändrad"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Sätts när en ändrad titel, sammanfattning eller beskrivning publiceras."),
    )
    swedish_material = answer_field(_("material på svenska"), YES_NO_PARTLY)
    training_in_sweden = answer_field(_("utbildning eller certifiering i Sverige"))
    training_provider = models.CharField(
        _("utbildningen ges av"), max_length=200, blank=True, help_text=_("Organisation, inte person.")
    )
    used_in_sis = answer_field(_("används eller prövad inom SiS"))
    used_in_kriminalvarden = answer_field(_("används eller prövad inom Kriminalvården"))
    used_in_social_services = answer_field(_("används eller prövad inom socialtjänsten"))
    usage_source = models.CharField(
        _("källa för användningen"),
        max_length=400,
        blank=True,
        help_text=_("Var uppgiften om användning kommer ifrån, till exempel en kartläggningsrapport."),
    )
    cost_band = models.PositiveSmallIntegerField(
        _("kostnadsnivå"),
        choices=COST_BANDS,
        null=True,
        blank=True,
        help_text=_("Relativ kostnad per deltagare, 1–5. Tomt = uppgift saknas."),
    )
    licence = models.CharField(
        _("licens"), max_length=200, blank=True, help_text=_("Till exempel ”Fri att använda” eller ”Licens krävs”.")
    )
    method_owner = models.ForeignKey(
        "methods.Organisation",
        verbose_name=_("metodägare"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_methods",
        help_text=_("Organisationen som äger eller förvaltar metoden (inga personuppgifter)."),
    )

    settings = ClusterTaggableManager(
        through=TaggedSetting, blank=True, verbose_name=_("verksamheter"), related_name="methods"
    )
    target_groups = ClusterTaggableManager(
        through=TaggedTargetGroup, blank=True, verbose_name=_("målgrupper"), related_name="methods"
    )
    mapped_by = ClusterTaggableManager(
        through=TaggedMappedBy, blank=True, verbose_name=_("kartlagd av"), related_name="methods"
    )
    prevention_levels = ClusterTaggableManager(
        through=TaggedPreventionLevel, blank=True, verbose_name=_("preventionsnivåer"), related_name="methods"
    )
    environments = ClusterTaggableManager(
        through=TaggedEnvironment, blank=True, verbose_name=_("extremistiska miljöer"), related_name="methods"
    )
    keywords = ClusterTaggableManager(
        through=TaggedKeyword, blank=True, verbose_name=_("nyckelord"), related_name="methods"
    )

    # Swedish analysed text (stems and compound parts) kept beside the page so that
    # every search backend indexes the same terms. Filled by the search app when a
    # method is saved (``search.signals``); the content model knows nothing of it.
    search_terms = models.TextField(editable=False, blank=True, default="")
    # Sort key for Swedish title order where the database has no Swedish collation (SQLite).
    title_sort = models.CharField(max_length=255, editable=False, blank=True, default="", db_index=True)

    objects = MethodPageManager()

    # The search app queues this model's index updates itself (search.signals), so that a batch
    # of saves (methods.batching, the import) queues one update per page rather than one per save.
    search_auto_update = False
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("search_terms"),
        index.AutocompleteField("summary"),
        index.FilterField("method_id"),
        index.FilterField("evidence_level"),
        # Facet dimensions and implementation facts, for a search backend that counts facets itself
        # (Elasticsearch aggregations); the database backends count them in SQL and ignore these.
        index.FilterField("settings"),
        index.FilterField("target_groups"),
        index.FilterField("mapped_by"),
        index.FilterField("prevention_levels"),
        index.FilterField("environments"),
        index.FilterField("keywords"),
        index.FilterField("swedish_material"),
        index.FilterField("training_in_sweden"),
        index.FilterField("used_in_sis"),
        index.FilterField("used_in_kriminalvarden"),
        index.FilterField("used_in_social_services"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
    ]
    implementation_panels = [
        FieldPanel("who_can_use"),
        FieldPanel("swedish_material", widget=forms.RadioSelect),
        FieldPanel("training_in_sweden", widget=forms.RadioSelect),
        FieldPanel("training_provider"),
        FieldPanel("training"),
        FieldPanel("used_in_sis", widget=forms.RadioSelect),
        FieldPanel("used_in_kriminalvarden", widget=forms.RadioSelect),
        FieldPanel("used_in_social_services", widget=forms.RadioSelect),
        FieldPanel("usage_source"),
        FieldPanel("staff_time"),
        FieldPanel("cost_band", widget=forms.RadioSelect),
        FieldPanel("costs"),
        FieldPanel("licence"),
        FieldPanel("method_owner"),
        FieldPanel("contact"),
    ]
    evidence_panels = [
        FieldPanel("evidence_level", widget=forms.RadioSelect),
        FieldPanel("evidence_summary"),
        InlinePanel("outcome_ratings", label=_("Bedömning per utfall"), heading=_("Bedömning per utfall")),
        FieldPanel("last_reviewed"),
        FieldPanel("review_interval_months"),
        InlinePanel("references", label=_("Referens"), heading=_("Referenser och studier")),
    ]
    taxonomy_panels = [
        FieldPanel("method_id"),
        FieldPanel("settings"),
        FieldPanel("target_groups"),
        FieldPanel("mapped_by"),
        FieldPanel("prevention_levels"),
        FieldPanel("environments"),
        FieldPanel("keywords"),
    ]
    source_panels = [
        InlinePanel("sources", label=_("Källdokument"), heading=_("Källdokument")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Beskrivning")),
            ObjectList(implementation_panels, heading=_("Genomförande")),
            ObjectList(evidence_panels, heading=_("Evidens")),
            ObjectList(taxonomy_panels, heading=_("Taxonomi")),
            ObjectList(source_panels, heading=_("Källor")),
            ObjectList(Page.promote_panels, heading=_("Publicering")),
            ObjectList(Page.settings_panels, heading=_("Inställningar")),
        ]
    )

    parent_page_types = ["methods.MethodIndexPage"]
    subpage_types = []
    base_form_class = MethodPageForm

    class Meta:
        verbose_name = _("metod")
        verbose_name_plural = _("metoder")

    def tag_groups(self):
        """(dimension, tags) for every dimension this method is tagged in, evidence level excepted.

        Read from the page's relations: in a preview they hold the draft's tags, in memory.
        """
        return _tag_groups((dimension, getattr(self, dimension.relation).all()) for dimension in TAGGED)

    def published_tag_groups(self):
        """``tag_groups()`` of the page as published, from the tag index and the vocabularies (no query)."""
        index, terms = tag_index(), all_terms(TAGGED)

        def carried(dimension):
            by_pk = {term.pk: term for term in terms[dimension.key].values()}
            return [by_pk[pk] for pk in index.by_method[dimension.key].get(self.pk, ()) if pk in by_pk]

        return _tag_groups((dimension, carried(dimension)) for dimension in TAGGED)

    def rated_outcomes(self, references=None):
        """``[(rating, studies)]``: each outcome rating with the references marked as measuring its outcome."""
        references = list(self.references.prefetch_related("outcomes")) if references is None else references
        # Sorted here, not by the database: a preview's ratings are in memory, not in a table.
        ratings = sorted(
            self.outcome_ratings.select_related("outcome", "level"),
            key=lambda rating: (rating.outcome.position, rating.sort_order or 0),
        )
        return [(rating, rating.studies(references)) for rating in ratings]

    def used_in(self):
        """``[(organisation label, "ja"/"nej"/"")]`` for the three institutions the mappings cover."""
        return [
            (_("SiS"), self.used_in_sis),
            (_("Kriminalvården"), self.used_in_kriminalvarden),
            (_("Socialtjänsten"), self.used_in_social_services),
        ]

    def description_text(self):
        return description_to_text(self.description)

    def clean(self):
        super().clean()
        errors = {}
        if self.slug and not (self.slug.isascii() and SLUG_ASCII.fullmatch(self.slug)):
            errors["slug"] = _(
                "Adressen får bara innehålla a–z, 0–9 och bindestreck: skriv å och ä som a, ö som o (”%(slug)s”)."
            ) % {"slug": self.slug}
        if self.pk and self.method_id:
            previous = MethodPage.objects.filter(pk=self.pk).values_list("method_id", "first_published_at").first()
            if previous and previous[1] is not None and previous[0] != self.method_id:
                errors["method_id"] = _("Metod-id kan inte ändras efter publicering (det var ”%(old)s”).") % {
                    "old": previous[0]
                }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.title_sort = swedish_sort_key(self.title)[:255]
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"title", "summary", "description"} & set(update_fields):
            self._note_description_change()
        return super().save(*args, **kwargs)

    def _note_description_change(self):
        """Date the description when a changed title, summary or description is written to the page row.

        Drafts never reach these columns (Wagtail keeps them in revisions), so this is the
        date a change went public, or the date of creation.
        """
        if self.pk:
            stored = MethodPage.objects.filter(pk=self.pk).values_list("title", "summary", "description").first()
            if stored is not None and (stored[0], stored[1], description_to_text(stored[2])) == (
                self.title,
                self.summary,
                description_to_text(self.description),
            ):
                return
        self.description_updated = timezone.localdate()

    def review_due_on(self):
        """The date the evidence should be reviewed again (``None``: never reviewed, due now)."""
        if self.last_reviewed is None:
            return None
        return add_months(self.last_reviewed, self.review_interval_months)

    def get_cache_key_components(self):
        """Wagtail's components, the live revision and every data version the database holds.

        The method page caches its article (``{% wagtailpagecache %}``) under this key, so any
        write, in any process, to the page, its tags, vocabularies, references, sources or the
        page tree gives it a new key. Who may see the page is still decided on every request.
        """
        return [*super().get_cache_key_components(), self.live_revision_id, *sorted(current_tokens().items())]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = MethodPage.objects.visible()
        # Related methods are decided per request (who may see them); the rest is evaluated only
        # when the article is rendered, not when it comes from the cache.
        context["related_methods"] = visible.related_to(self, limit=5)
        # A served page is the published one, whose tags the tag index holds; a preview's are in memory.
        preview = getattr(request, "is_preview", False)
        tag_groups = SimpleLazyObject(self.tag_groups if preview or not self.live else self.published_tag_groups)
        references = SimpleLazyObject(lambda: list(self.references.prefetch_related("outcomes")))
        sources = SimpleLazyObject(lambda: list(self.sources.select_related("document__organisation")))
        context.update(
            tag_groups=tag_groups,
            references=references,
            sources=sources,
            ratings=SimpleLazyObject(lambda: self.rated_outcomes(references)),
            rating_history=SimpleLazyObject(lambda: rating_history(self) if self.pk else []),
            citation=SimpleLazyObject(lambda: citation_text(self, request.build_absolute_uri(self.url))),
            glance=SimpleLazyObject(lambda: self._glance(tag_groups, sources)),
        )
        return context

    @staticmethod
    def _glance(tag_groups, sources):
        groups = dict((dimension.key, tags) for dimension, tags in tag_groups)
        organisations = [s.document.organisation for s in sources if s.document.organisation]
        return {
            "settings": groups.get("setting", []),
            "target_groups": groups.get("target_group", []),
            "organisation": organisations[0] if organisations else None,
        }


STUDY_DESIGNS = [
    ("systematisk-oversikt", _("Systematisk översikt")),
    ("randomiserad", _("Randomiserad kontrollerad studie")),
    ("kvasiexperimentell", _("Kvasiexperimentell studie")),
    ("fore-efter", _("Före–efter-studie utan kontrollgrupp")),
    ("kvalitativ", _("Kvalitativ studie")),
    ("processutvardering", _("Process- eller genomförandeutvärdering")),
    ("annan", _("Annan")),
]


class MethodReference(ClusterableModel, Orderable):
    page = ParentalKey(MethodPage, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(_("titel"), max_length=400)
    url = models.URLField(_("webbadress"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    publisher = models.CharField(_("utgivare"), max_length=200, blank=True)
    design = models.CharField(_("studiedesign"), max_length=30, choices=STUDY_DESIGNS, blank=True)
    country = models.CharField(_("land"), max_length=100, blank=True, help_text=_("Där studien gjordes."))
    participants = models.PositiveIntegerField(_("antal deltagare"), null=True, blank=True)
    outcomes = ParentalManyToManyField(
        "methods.Outcome",
        verbose_name=_("mäter utfall"),
        blank=True,
        related_name="references",
        help_text=_("De utfall studien mäter. En bedömning per utfall vilar på studierna som mäter det."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("year"),
        FieldPanel("publisher"),
        FieldPanel("design"),
        FieldPanel("country"),
        FieldPanel("participants"),
        FieldPanel("outcomes", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("referens")
        verbose_name_plural = _("referenser")


class MethodSource(Orderable):
    page = ParentalKey(MethodPage, on_delete=models.CASCADE, related_name="sources")
    document = models.ForeignKey(
        "methods.SourceDocument", verbose_name=_("källdokument"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("källdokument")
        verbose_name_plural = _("källdokument")


class CollectionIndexPage(Page):
    """The list of curated collections (``/samlingar/``)."""

    introduction = models.TextField(_("inledning"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["methods.HomePage"]
    subpage_types = ["methods.CollectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("samlingslista")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["collections"] = CollectionPage.objects.child_of(self).live().public().order_by("title")
        return context


class CollectionPage(RoutablePageMixin, Page):
    """A curated, ordered collection of methods with an introduction; ``export/`` downloads it."""

    introduction = models.TextField(_("inledning"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        InlinePanel("items", label=_("Metoder"), heading=_("Metoder i samlingen")),
    ]
    parent_page_types = ["methods.CollectionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("samling")
        verbose_name_plural = _("samlingar")

    def method_ids(self):
        """Ordered primary keys of the collection's methods that the public may see now."""
        ordered = list(self.items.order_by("sort_order", "pk").values_list("method_id", flat=True))
        visible = set(MethodPage.objects.visible().with_pks(ordered).values_list("pk", flat=True))
        return [pk for pk in ordered if pk in visible]

    def get_context(self, request, *args, **kwargs):
        from django.utils.http import urlencode

        from methods.exporting import DOWNLOADS

        context = super().get_context(request, *args, **kwargs)
        context["methods"] = MethodPage.objects.in_order(self.method_ids())
        context["downloads"] = [(label, urlencode(params)) for label, params in DOWNLOADS]
        return context

    @path("export/")
    def export(self, request):
        """Download the collection; Wagtail has already checked the page's privacy."""
        from methods.exporting import bad_request, export_meta, export_response, parse_options

        try:
            options = parse_options(request.GET)
        except ValueError as exc:
            return bad_request(str(exc))
        ids = self.method_ids()
        meta = export_meta({"collection": self.slug}, f"samling={self.slug}", len(ids))
        return export_response(options, ids, meta, f"metodbanken-samling-{self.slug}")


class CollectionItem(Orderable):
    collection = ParentalKey(CollectionPage, on_delete=models.CASCADE, related_name="items")
    method = models.ForeignKey(MethodPage, verbose_name=_("metod"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("method")]


__all__ = [
    "HomePage",
    "MethodIndexPage",
    "MethodPage",
    "MethodReference",
    "MethodSource",
    "CollectionIndexPage",
    "CollectionPage",
    "CollectionItem",
]
