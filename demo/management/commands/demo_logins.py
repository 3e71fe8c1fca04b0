from django.core.management.base import BaseCommand

from demo import data as demo_data
from pmo.roles import Role


class Command(BaseCommand):
    help = "Print where the site runs and every demo user, grouped by role."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        write = self.stdout.write
        write("")
        write(self.style.SUCCESS(f"{demo_data.MUNICIPALITY} draait op {url}"))
        write(f"Log in met een van deze gebruikers; het wachtwoord is {demo_data.DEMO_PASSWORD}")
        # Bateneigenaren hold no role: they only see and measure their own baten.
        for role, label in [*Role.choices, ("", "Bateneigenaar (zonder rol)")]:
            users = [u for u in demo_data.USERS if u[3] == role]
            if not users:
                continue
            write("")
            write(f"  {label}")
            for username, first, last, _role, unit in users:
                where = f"  ({unit})" if unit else ""
                write(f"    {username:<15} {first} {last}{where}")
        write("")
        base = url.rstrip("/")
        write(f"REST API: {base}/api/v1/docs")
        write(f"  een token maakt u onder API-tokens: {base}/mijn/api-tokens/")
        write("Stoppen: Ctrl+C")
        write("")
