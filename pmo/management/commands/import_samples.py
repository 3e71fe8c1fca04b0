"""Write the sample template of every importable list to a directory (docs/import by
default): one .xlsx per list, its header the column labels and its rows the importer's
sample."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import override

from pmo.imports.samples import sample_name, sample_workbook, with_samples


class Command(BaseCommand):
    help = "Schrijf het voorbeeldbestand van elke importeerbare lijst (.xlsx) naar een map."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            default=str(Path(settings.BASE_DIR) / "docs" / "import"),
            help="De map voor de bestanden (standaard docs/import).",
        )
        parser.add_argument(
            "--language", default="nl", help="De taal van de kolomnamen (standaard nl)."
        )

    def handle(self, *args, directory: str, language: str, **options):
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        with override(language):
            for importer in with_samples():
                path = target / sample_name(importer)
                path.write_bytes(sample_workbook(importer))
                self.stdout.write(f"{path}")
