"""Generate realistic method pages for load tests and benchmarks (``--count N``).

Text is assembled from the sentences of the bundled method records, titles from Swedish
method names, and tags follow skewed distributions like those of the real mappings.
Pages are created without per-page search indexing; the whole set is then indexed in
bulk and the indexing time is reported.
"""

import csv
import random
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from methods.blocks import text_to_description
from methods.dimensions import DIMENSIONS, EVIDENCE
from methods.models import EvidenceLevel, Keyword, MethodIndexPage, MethodPage

FIXTURE = Path(settings.BASE_DIR) / "methods" / "fixtures" / "methods.csv"
KINDS = [
    "Samtalsstöd",
    "Mentorskap",
    "Gruppbehandling",
    "Föräldrastöd",
    "Riskbedömning",
    "Utbildning",
    "Samverkan",
    "Motivationsarbete",
    "Skolinsats",
    "Avhopparstöd",
    "Nätverksmöte",
    "Uppsökande arbete",
    "Dialoggrupp",
    "Kartläggning",
    "Handledning",
    "Återintegrering",
    "Familjebehandling",
    "Stödtelefon",
    "Lägesbild",
]
FOR_WHOM = [
    "för unga i riskzon",
    "för avhoppare",
    "för anhöriga",
    "för personal",
    "för återvändare",
    "för lagförda",
    "för unga vuxna",
    "för elever",
    "för familjer",
    "för klienter i frivården",
]
WHERE = [
    "på särskilda ungdomshem",
    "i anstalt",
    "i häkte",
    "inom socialtjänsten",
    "i skolan",
    "i kommunen",
    "i civilsamhället",
    "på LVM-hem",
    "i frivården",
    "i samverkan med polisen",
]
EVIDENCE_WEIGHTS = {
    "starkt-stod": 3,
    "visst-stod": 8,
    "lovande": 22,
    "erfarenhetsbaserad": 40,
    "otillrackligt-underlag": 22,
    "ingen-effekt": 3,
    "risk-for-skada": 2,
    "ej-bedomd": 5,
}


def _sentences():
    with FIXTURE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sentences = []
    for row in rows:
        for text in (row["summary"], row["description"]):
            sentences += [s.strip() + "." for s in text.split(".") if len(s.strip()) > 20]
    keywords = sorted({k.strip() for row in rows for k in row["keywords"].split(";") if k.strip()})
    return sentences, keywords


def _skewed(rng, values, k):
    weights = [1 / (i + 1) for i in range(len(values))]
    chosen = set()
    while len(chosen) < k:
        chosen.add(rng.choices(values, weights)[0])
    return list(chosen)


class Command(BaseCommand):
    help = "Skapa N genererade metoder för last- och prestandatester."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, count, seed, batch, **options):
        rng = random.Random(seed)
        sentences, keyword_names = _sentences()
        index = MethodIndexPage.objects.first()
        if index is None:
            self.stderr.write("Kör load_demo först (det behövs en metodlista).")
            return
        evidence = {e.slug: e for e in EvidenceLevel.objects.all()}
        terms = {d.key: list(d.model.objects.order_by("pk")) for d in DIMENSIONS if d.controlled and d.multiple}
        keywords = [Keyword.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in keyword_names]
        start_number = MethodPage.objects.filter(method_id__startswith="gen-").count()
        # Index once at the end, in bulk (update_index), rather than page by page while creating.
        no_auto_update = {
            name: {**params, "AUTO_UPDATE": False} for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
        }
        created = []
        started = time.perf_counter()
        with override_settings(WAGTAILSEARCH_BACKENDS=no_auto_update):
            for offset in range(0, count, batch):
                with transaction.atomic():
                    for n in range(start_number + offset, start_number + min(offset + batch, count)):
                        created.append(self._create(index, n, rng, sentences, evidence, terms, keywords).pk)
                self.stderr.write(f"  {min(offset + batch, count)}/{count}")
        create_seconds = time.perf_counter() - started
        started = time.perf_counter()
        try:
            call_command("update_index", verbosity=0)
        except CommandError as exc:  # an external search service away: the database backend is rebuilt
            self.stderr.write(f"{exc} Sökningen svarar från databasen tills check_search_index --repair har körts.")
        index_seconds = time.perf_counter() - started
        self.stdout.write(
            f"generated={len(created)} create_seconds={create_seconds:.1f} index_seconds={index_seconds:.1f}"
        )

    def _create(self, index, n, rng, sentences, evidence, terms, keywords):
        title = f"{rng.choice(KINDS)} {rng.choice(FOR_WHOM)} {rng.choice(WHERE)} ({n})"
        page = MethodPage(
            title=title,
            slug=f"gen-{n}",
            method_id=f"gen-{n}",
            summary=" ".join(rng.sample(sentences, 2))[:400],
            description=text_to_description("\n\n".join(" ".join(rng.sample(sentences, 3)) for _ in range(2))),
            evidence_level=evidence[rng.choices(list(EVIDENCE_WEIGHTS), list(EVIDENCE_WEIGHTS.values()))[0]],
            live=True,
        )
        for dimension in DIMENSIONS:
            if dimension is EVIDENCE or not dimension.multiple:
                continue
            manager = getattr(page, dimension.relation)
            if dimension.controlled:
                values = terms[dimension.key]
                manager.set(_skewed(rng, values, rng.randint(1, min(3, len(values)))))
            else:
                manager.set(rng.sample(keywords, rng.randint(2, 4)))
        index.add_child(instance=page)
        return page
