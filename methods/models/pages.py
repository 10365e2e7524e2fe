"""Page types: the home page, the method index and the method page."""

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from methods.blocks import DescriptionBlock, description_to_text
from methods.forms import MethodPageForm

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


class HomePage(Page):
    introduction = models.TextField(_("inledning"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["methods.MethodIndexPage", "methods.CollectionIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startsida")

    def get_context(self, request, *args, **kwargs):
        from methods.catalog import get_catalog

        context = super().get_context(request, *args, **kwargs)
        catalog = get_catalog()
        context["catalog"] = catalog
        context["facet_entry_points"] = catalog.entry_points()
        latest_ids = catalog.latest_ids(6)
        context["latest_methods"] = MethodPage.objects.in_order(latest_ids)
        context["method_index"] = MethodIndexPage.objects.live().first()
        return context


class MethodIndexPage(Page):
    introduction = models.TextField(_("inledning"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["methods.HomePage"]
    subpage_types = ["methods.MethodPage"]
    page_size = 20

    class Meta:
        verbose_name = _("metodlista")

    def get_context(self, request, *args, **kwargs):
        from methods.catalog import get_catalog

        context = super().get_context(request, *args, **kwargs)
        # The catalog decides what is public and live, and orders titles the Swedish way (å ä ö after z).
        children = set(MethodPage.objects.child_of(self).values_list("pk", flat=True))
        ids = [pk for pk in get_catalog().ordered("title") if pk in children]
        paginator = Paginator(ids, self.page_size)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except (PageNotAnInteger, EmptyPage):
            page = paginator.page(1)
        context["page_obj"] = page
        context["methods"] = MethodPage.objects.in_order(list(page.object_list))
        return context


class MethodPageManager(PageManager):
    def in_order(self, ids):
        """Methods with these primary keys, in that order (list items take their tags from the catalog)."""
        ids = list(ids)
        by_pk = {
            page.pk: page for page in self.filter(pk__in=ids).defer("search_terms").select_related("evidence_level")
        }
        return [by_pk[pk] for pk in ids if pk in by_pk]


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
        help_text=_("Välj exakt en nivå. Starkare nivåer än ”Erfarenhetsbaserad” kräver minst en referens."),
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
        _("senast granskad"),
        null=True,
        blank=True,
        help_text=_("När innehållet senast granskades i sak. Metoder äldre än 12 månader visas i ”Behöver granskas”."),
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
    # every search backend indexes the same terms. Filled in save().
    search_terms = models.TextField(editable=False, blank=True, default="")

    objects = MethodPageManager()

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("search_terms"),
        index.AutocompleteField("summary"),
        index.FilterField("method_id"),
        index.FilterField("evidence_level"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
    ]
    implementation_panels = [
        FieldPanel("who_can_use"),
        FieldPanel("training"),
        FieldPanel("staff_time"),
        FieldPanel("costs"),
        FieldPanel("contact"),
    ]
    evidence_panels = [
        FieldPanel("evidence_level"),
        FieldPanel("evidence_summary"),
        FieldPanel("last_reviewed"),
        InlinePanel("references", label=_("Referenser"), heading=_("Referenser")),
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
        """(dimension, tags) for every dimension this method is tagged in, evidence level excepted."""
        from methods.dimensions import DIMENSIONS

        groups = []
        for dimension in DIMENSIONS:
            if not dimension.multiple:
                continue
            tags = sorted(getattr(self, dimension.relation).all(), key=lambda t: t.name.lower())
            if tags:
                groups.append((dimension, tags))
        return groups

    def description_text(self):
        return description_to_text(self.description)

    def clean(self):
        super().clean()
        errors = {}
        if self.pk and self.method_id:
            previous = MethodPage.objects.filter(pk=self.pk).values_list("method_id", "first_published_at").first()
            if previous and previous[1] is not None and previous[0] != self.method_id:
                errors["method_id"] = _("Metod-id kan inte ändras efter publicering (det var ”%(old)s”).") % {
                    "old": previous[0]
                }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from search.analysis import analyze_method

        self.search_terms = analyze_method(self)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from methods.catalog import get_catalog

        context = super().get_context(request, *args, **kwargs)
        related_ids = get_catalog().related_ids(self.pk, limit=5)
        context["related_methods"] = MethodPage.objects.in_order(related_ids)
        context["tag_groups"] = self.tag_groups()
        context["references"] = list(self.references.all())
        context["sources"] = list(self.sources.select_related("document__organisation"))
        return context


class MethodReference(Orderable):
    page = ParentalKey(MethodPage, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(_("titel"), max_length=400)
    url = models.URLField(_("webbadress"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    publisher = models.CharField(_("utgivare"), max_length=200, blank=True)

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("year"), FieldPanel("publisher")]

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
        """Ordered primary keys of the collection's methods that the public may see."""
        from methods.catalog import get_catalog

        visible = get_catalog().ids
        ordered = self.items.order_by("sort_order", "pk").values_list("method_id", flat=True)
        return [pk for pk in ordered if pk in visible]

    def get_context(self, request, *args, **kwargs):
        from methods.exporting import FORMATS

        context = super().get_context(request, *args, **kwargs)
        context["methods"] = MethodPage.objects.in_order(self.method_ids())
        context["export_formats"] = [(f.key, f.label) for f in FORMATS.values()]
        return context

    @path("export/")
    def export(self, request):
        """Download the collection; Wagtail has already checked the page's privacy."""
        from methods.exporting import export_meta, parse_options
        from search.exports import bad_request, export_response

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
