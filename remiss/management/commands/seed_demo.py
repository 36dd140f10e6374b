from django.core.management.base import BaseCommand

from remiss.demo.seed import DEMO_PASSWORD, PERSONER, seed_demo


class Command(BaseCommand):
    help = "Skapar demodata: Socialförvaltningen, en användare per roll och ärendet KS 2024/112."

    def handle(self, *args, **options) -> None:
        remiss = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demodata klar: {remiss}"))
        self.stdout.write(f"Användare (lösenord ”{DEMO_PASSWORD}”):")
        for person in PERSONER:
            roll = person.roll.label if person.roll else "administratör"
            self.stdout.write(f"  {person.username:<20} {roll}")
