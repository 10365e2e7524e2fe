from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from methods.importing import ImportError_, import_file
from methods.records import FileFormatError


class Command(BaseCommand):
    help = "Importera metoder från en CSV- eller XLSX-fil i importformatet."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8, komma eller semikolon) eller XLSX")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validera och visa vad som skulle ändras, spara inget."
        )
        parser.add_argument("--publish", action="store_true", help="Publicera nya och ändrade metoder direkt.")
        parser.add_argument("--update", action="store_true", help="Uppdatera befintliga metoder (matchas på id).")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Spara de giltiga raderna även om andra rader har fel."
        )
        parser.add_argument(
            "--user",
            help="Importera som den här användaren (dess behörigheter och arbetsflöde gäller, revisionerna bär "
            "namnet). Utan --user: systemidentiteten metodbanken-system.",
        )

    def handle(self, file, dry_run, publish, update, skip_invalid, user=None, **options):
        path = Path(file)
        acting = None
        if user:
            acting = get_user_model().objects.filter(username=user, is_active=True).first()
            if acting is None:
                raise CommandError(f"Det finns ingen aktiv användare ”{user}”.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan inte läsa {path}: {exc.strerror}") from exc
        try:
            report = import_file(
                data,
                path.name,
                user=acting,
                publish=publish,
                update=update,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
            )
        except (FileFormatError, ImportError_) as exc:
            raise CommandError(str(exc)) from exc

        for notice in report.notices:
            self.stdout.write(f"{path.name}: {notice}")
        for error in report.errors:
            self.stderr.write(f"{path.name}: {error}")
        if report.errors and not skip_invalid:
            raise CommandError(
                f"{len(report.errors)} fel i {len({e.row for e in report.errors})} rader. Ingenting har sparats. "
                "Rätta filen, eller kör med --skip-invalid för att spara de giltiga raderna."
            )
        prefix = "Torrkörning: skulle ha " if dry_run else ""
        self.stdout.write(
            f"{prefix}skapat {len(report.created)}, uppdaterat {len(report.updated)}, "
            f"oförändrade {len(report.unchanged)}, skickade till granskning {len(report.submitted)}, "
            f"felaktiga rader {len({e.row for e in report.errors})}."
        )
