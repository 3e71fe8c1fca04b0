from django.core.management.base import BaseCommand

from demo import data as demo_data
from pmo.roles import Role


class Command(BaseCommand):
    help = "Print where the site runs and how to log in as each demo role."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{demo_data.MUNICIPALITY} draait op {url}"))
        self.stdout.write(f"Wachtwoord voor alle demo-gebruikers: {demo_data.DEMO_PASSWORD}")
        labels = dict(Role.choices)
        for username, first, last, role, _unit in demo_data.USERS:
            if username in ("raad", "analist", "beheerder", "projectleider"):
                self.stdout.write(f"  {username:<14} {labels[role]:<14} {first} {last}")
        self.stdout.write("")
