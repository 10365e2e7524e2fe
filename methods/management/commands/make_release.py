"""Make a data release: an immutable, dated data package of every public method (listed at /data/)."""

from django.core.management.base import BaseCommand

from methods.releases import make_release


class Command(BaseCommand):
    help = "Skapa en dataversion: ett daterat datapaket med alla publicerade metoder (visas på /data/)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--note", default="", help="Anteckning som visas vid versionen, till exempel vad som ändrats."
        )

    def handle(self, *args, note, **options):
        release = make_release(note=note)
        self.stdout.write(
            f"Dataversion {release.version}: {release.method_count} metoder, {release.size} byte, "
            f"SHA-256 {release.sha256}."
        )
