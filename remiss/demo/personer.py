"""The demo's people: one row per person, created (or brought up to date) the same way for
every förvaltning of the demo (`remiss.demo.seed`, `remiss.demo.samverkan`)."""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from nameden.models import User
from nameden.roles import Roll, group_name

DEMO_PASSWORD = "remiss-demo"  # printed in the README; demo data only


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    titel: str
    telefon: str
    roll: Roll | None
    avdelning: str


def skapa_personer(personer, avdelningar: dict) -> dict[str, User]:
    """username → user for `personer`, each in their avdelning (by name) with their role's
    group; the demo password only when the user is new (a changed password stays)."""
    people = {}
    for p in personer:
        user, created = User.objects.update_or_create(
            username=p.username,
            defaults={
                "first_name": p.first_name,
                "last_name": p.last_name,
                "titel": p.titel,
                "telefon": p.telefon,
                "email": f"{p.username}@example.org",
                "avdelning": avdelningar[p.avdelning],
                "is_staff": p.roll is None,
                "is_superuser": p.roll is None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if p.roll is not None:
            user.groups.add(Group.objects.get(name=group_name(p.roll)))
        people[p.username] = user
    return people


def satt_chef(unit, chef) -> None:
    """Make `chef` the chef of `unit` (an avdelning or a förvaltning), unless already."""
    if unit.chef_id != chef.pk:
        unit.chef = chef
        unit._change_reason = "Demodata"
        unit.save()
