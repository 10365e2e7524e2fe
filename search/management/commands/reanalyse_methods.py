"""Recompute every method's ``search_terms`` with the current analyser, then rebuild the search index.

Run it after a change to the Swedish analysis (``search/analysis.py``, its word lists or
``search/data/sv_lexicon.txt``): saved methods keep the terms they were indexed with
until then.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from methods.models import MethodPage
from search.analysis import analyze_method

BATCH = 500


class Command(BaseCommand):
    help = "Analysera om alla metoders söktermer (efter en ändring av den svenska analysen) och bygg om sökindexet."

    def add_arguments(self, parser):
        parser.add_argument("--no-index", action="store_true", help="bygg inte om sökindexet efteråt")

    def handle(self, no_index=False, **options):
        pks = list(MethodPage.objects.order_by("pk").values_list("pk", flat=True))
        changed = 0
        for start in range(0, len(pks), BATCH):
            batch = MethodPage.objects.filter(pk__in=pks[start : start + BATCH]).prefetch_related(
                "keywords", "settings", "target_groups", "environments", "mapped_by"
            )
            updates = []
            for page in batch:
                terms = analyze_method(page)
                if terms != page.search_terms:
                    page.search_terms = terms
                    updates.append(page)
            with transaction.atomic():
                MethodPage.objects.bulk_update(updates, ["search_terms"])
            changed += len(updates)
        self.stdout.write(f"{changed} av {len(pks)} metoder fick nya söktermer.")
        if changed and not no_index:
            try:
                call_command("update_index", verbosity=0)
            except CommandError as exc:  # an external search service away: the database backend is rebuilt
                self.stderr.write(f"{exc} Sökningen svarar från databasen tills check_search_index --repair har körts.")
            else:
                self.stdout.write("Sökindexet är ombyggt.")
