from django.core.management.base import BaseCommand

from remiss.demo.namnd import LEDAMOTER
from remiss.demo.seed import DEMO_PASSWORD, PERSONER, seed_demo


class Command(BaseCommand):
    help = (
        "Skapar demodata: Socialförvaltningen, en användare per roll, Socialnämndens ledamöter, "
        "ärendet KS 2024/112 hela vägen till expedierat svar och ett kommande sammanträde."
    )

    def handle(self, *args, **options) -> None:
        remiss = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demodata klar: {remiss}"))
        self.stdout.write(f"Användare (lösenord ”{DEMO_PASSWORD}”):")
        for person in PERSONER:
            roll = person.roll.label if person.roll else "administratör"
            self.stdout.write(f"  {person.username:<20} {roll}")
        for ledamot in LEDAMOTER:
            if ledamot.username:
                roll = f"förtroendevald, {ledamot.roll.label.lower()} i Socialnämnden"
                self.stdout.write(f"  {ledamot.username:<20} {roll}")
