"""Create the demo site: home page, method list, methods from the bundled records, a collection."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from methods import demo_facts
from methods.editorial import ensure_editorial_setup
from methods.importing import import_file
from methods.models import (
    CollectionIndexPage,
    CollectionItem,
    CollectionPage,
    EvidenceLevel,
    HomePage,
    MethodIndexPage,
    MethodPage,
    MethodReference,
    Organisation,
    Outcome,
    OutcomeRating,
)

DEMO_FILE = Path(settings.BASE_DIR) / "methods" / "fixtures" / "methods.csv"

HOME_INTRO = (
    "Metodbanken samlar metoder för att förebygga våldsbejakande extremism och för att stödja människor som vill "
    "lämna extremistiska rörelser. Metoderna kommer från regeringsuppdragen till Statens institutionsstyrelse, "
    "Kriminalvården och Socialstyrelsen, från kommuner, CVE, MUCF och civilsamhället. Evidensnivåerna i "
    "demoinnehållet är illustrativa och inte bedömningar av metoderna."
)
COLLECTIONS = [
    (
        "Stöd till avhoppare",
        "stod-till-avhoppare",
        "Metoder för den som vill lämna en våldsbejakande extremistisk miljö: från första kontakt till ett nytt "
        "sammanhang.",
        [
            "exit-fryshuset",
            "konsultationsteam-avhoppare",
            "mentorskap-avhoppare",
            "exitsamtal-anstalt",
            "frigivningsforberedelser",
            "anhorigstod",
        ],
    ),
]
PROMOTIONS = [("exit", "exit-fryshuset", "Avhopparverksamheten EXIT vid Fryshuset.")]


class Command(BaseCommand):
    help = "Skapa demowebbplatsen med metoder (kan köras flera gånger)."

    @transaction.atomic
    def handle(self, **options):
        home = self._home()
        index = self._index(home)
        ensure_editorial_setup(index)
        report = import_file(DEMO_FILE.read_bytes(), DEMO_FILE.name, publish=True, update=True, parent=index)
        if report.errors:
            raise RuntimeError("; ".join(str(e) for e in report.errors))
        enriched = self._enrich()
        self._collections(home)
        self._promotions()
        self.stdout.write(
            f"Demo: {MethodPage.objects.live().count()} publicerade metoder "
            f"(nya {len(report.created)}, uppdaterade {len(report.updated)}, kompletterade {enriched})."
        )

    def _home(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(title="Metodbanken", slug="metodbanken", introduction=HOME_INTRO)
            root.add_child(instance=home)
            home.save_revision().publish()
        elif home.introduction != HOME_INTRO:  # the page tree made by the migration, without the demo's words
            home.introduction = HOME_INTRO
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Metodbanken"
            )
        elif site.root_page_id != home.pk:
            old_root = site.root_page
            site.root_page = home
            site.site_name = "Metodbanken"
            site.save()
            if type(old_root.specific) is Page and not old_root.get_children().exists():
                old_root.delete()
        return home

    def _index(self, home):
        return self._section(
            home,
            MethodIndexPage,
            "Metoder",
            "metoder",
            "Alla publicerade metoder i bokstavsordning. Använd sökningen för att filtrera.",
        )

    @staticmethod
    def _section(home, model, title, slug, introduction):
        """The child page of ``model`` under home, created and published if missing."""
        section = model.objects.child_of(home).first()
        if section is None:
            section = model(title=title, slug=slug, introduction=introduction)
            home.add_child(instance=section)
            section.save_revision().publish()
        return section

    def _enrich(self):
        """Add what the records' own text says beyond the import columns (``methods.demo_facts``).

        A level that needs a study gets the method's source document as its reference; ratings
        per outcome, use in SiS, Kriminalvården and social services, and owners only where the
        record states them. Review dates are not invented: the demo's methods are not reviewed.
        """
        outcomes = {o.slug: o for o in Outcome.objects.all()}
        levels = {level.slug: level for level in EvidenceLevel.objects.all()}
        owners = {o.slug: o for o in Organisation.objects.filter(slug__in=demo_facts.OWNERS.values())}
        count = 0
        pages = MethodPage.objects.select_related("evidence_level").prefetch_related("sources__document")
        for page in pages:
            changed = False
            source = page.sources.first()
            doc = source.document if source else None
            ratings = demo_facts.RATINGS.get(page.method_id, [])
            needs_study = page.evidence_level.requires_reference or any(
                levels[level].requires_reference for _o, level, _j in ratings
            )
            if needs_study and doc and not page.references.exists():
                reference = MethodReference(
                    title=doc.title,
                    url=doc.url,
                    year=doc.year,
                    publisher=doc.organisation.name if doc.organisation else "",
                )
                reference.outcomes = [outcomes[slug] for slug, _level, _j in ratings]
                page.references = [reference]
                changed = True
            if ratings and not page.outcome_ratings.exists():
                page.outcome_ratings = [
                    OutcomeRating(outcome=outcomes[slug], level=levels[level], justification=justification)
                    for slug, level, justification in ratings
                ]
                changed = True
            used = demo_facts.USED_IN.get(page.method_id)
            if used and not page.usage_source:
                for field in used[0]:
                    setattr(page, field, "ja")
                page.usage_source = doc.title if doc else ""
                changed = True
            owner = owners.get(demo_facts.OWNERS.get(page.method_id))
            if owner and page.method_owner_id is None:
                page.method_owner = owner
                changed = True
            if changed:
                page.save_revision().publish()
                count += 1
        return count

    def _collections(self, home):
        parent = self._section(
            home,
            CollectionIndexPage,
            "Samlingar",
            "samlingar",
            "Redaktionellt sammanställda urval av metoder. Varje samling kan laddas ner.",
        )
        for title, slug, intro, method_ids in COLLECTIONS:
            if CollectionPage.objects.filter(slug=slug).exists():
                continue
            collection = CollectionPage(title=title, slug=slug, introduction=intro)
            pages = {p.method_id: p for p in MethodPage.objects.filter(method_id__in=method_ids)}
            collection.items = [
                CollectionItem(method=pages[m], sort_order=i) for i, m in enumerate(method_ids) if m in pages
            ]
            parent.add_child(instance=collection)
            collection.save_revision().publish()

    def _promotions(self):
        for query_string, method_id, description in PROMOTIONS:
            page = MethodPage.objects.filter(method_id=method_id).first()
            if page is None:
                continue
            query = Query.get(query_string)
            SearchPromotion.objects.get_or_create(
                query=query, page=page, defaults={"description": description, "sort_order": 0}
            )
