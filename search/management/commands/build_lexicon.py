from django.core.management.base import BaseCommand, CommandError

from search import lexicon


class Command(BaseCommand):
    help = "Bygg ordlistan för sammansättningar (search/data/sv_lexicon.txt) ur wordfreq."

    def handle(self, **options):
        try:
            n = lexicon.write()
        except ImportError as exc:
            raise CommandError("wordfreq behövs för att bygga ordlistan: pip install wordfreq") from exc
        self.stdout.write(f"{lexicon.PATH}: {n} ordstammar")
