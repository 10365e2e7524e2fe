import sys

from django.core.management.base import BaseCommand, CommandError

from methods.dimensions import DIMENSIONS
from methods.exporting import FORMATS, export_meta, write_export
from search.forms import ExportForm
from search.results import MethodSearch


class Command(BaseCommand):
    help = "Exportera metoder (samma filter som söksidan) som csv, xlsx, json, ris eller zip."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=list(FORMATS))
        parser.add_argument("--output", "-o", help="Fil att skriva till (standard: standard ut)")
        parser.add_argument("--q", default="", help="Sökfråga, som q på söksidan")
        parser.add_argument("--sort", default="")
        parser.add_argument("--sep", default="comma", choices=["comma", "semicolon"])
        parser.add_argument("--bom", action="store_true", help="Skriv UTF-8 BOM först i CSV (för Excel)")
        for dimension in DIMENSIONS:
            parser.add_argument(f"--{dimension.key.replace('_', '-')}", dest=dimension.key, action="append", default=[])

    def handle(self, **options):
        params = {"q": options["q"], "sort": options["sort"]}
        params.update({d.key: options[d.key] for d in DIMENSIONS})
        params.update(format=options["format"], sep=options["sep"], bom="1" if options["bom"] else "0")
        form = ExportForm(params)
        if not form.is_valid():
            raise CommandError(form.error_message())
        export_options = form.cleaned_data["options"]
        query = form.query()
        ids = MethodSearch(query).ids()
        meta = export_meta(query.as_dict(), query.describe(), len(ids))
        if options["output"]:
            with open(options["output"], "wb") as stream:
                write_export(export_options, ids, stream, meta)
            self.stderr.write(f"{len(ids)} metoder skrivna till {options['output']}.")
        else:
            write_export(export_options, ids, sys.stdout.buffer, meta)
