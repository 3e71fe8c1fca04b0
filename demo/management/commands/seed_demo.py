from django.core.management.base import BaseCommand

from demo import data as demo_data
from demo.seed import seed_demo


class Command(BaseCommand):
    help = "Create the demo municipality Lindenhoven. Running it again changes nothing."

    def handle(self, *args, **options):
        created = seed_demo()
        if options["verbosity"] < 1:
            return
        summary = ", ".join(f"{name}: {count}" for name, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"{demo_data.MUNICIPALITY} — nieuw: {summary}"))
