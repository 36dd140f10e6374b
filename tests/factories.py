"""factory-boy factories. Persons are named for their role, like Zulip's test personas."""

import datetime as dt

import factory
from django.contrib.auth.models import Group

from nameden.models import Avdelning, Forvaltning, Kommun, Namnd, Sammantrade, User, standardkommun
from nameden.roles import Roll, group_name
from remiss.models import Dokumentmall, MallAvsnitt


class KommunFactory(factory.django.DjangoModelFactory):
    """A kommun of its own. Förvaltningar made without one go to the installation's first
    kommun (`standardkommun`), as in production: pass `kommun=KommunFactory()` for a
    second."""

    class Meta:
        model = Kommun
        django_get_or_create = ("slug",)

    namn = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")


class ForvaltningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forvaltning
        django_get_or_create = ("kommun", "kortnamn")

    kommun = factory.LazyFunction(lambda: Kommun.objects.get(pk=standardkommun()))
    namn = factory.Sequence(lambda n: f"Förvaltning {n}")
    kortnamn = factory.Sequence(lambda n: f"F{n}")


class AvdelningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Avdelning

    forvaltning = factory.SubFactory(ForvaltningFactory)
    namn = factory.Sequence(lambda n: f"Avdelning {n}")


class NamndFactory(factory.django.DjangoModelFactory):
    """A nämnd; its kommun is its förvaltning's (`Namnd.kommun` follows it on save)."""

    class Meta:
        model = Namnd

    namn = factory.Sequence(lambda n: f"Nämnd {n}")
    forvaltning = factory.SubFactory(ForvaltningFactory)


class SammantradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sammantrade

    namnd = factory.SubFactory(NamndFactory)
    datum = dt.date(2024, 4, 23)


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass `roll=Roll.X` (or several via `roller=[...]`) to put them in role groups."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = "Efternamn"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    titel = "Utredare"
    telefon = "08-508 000 00"
    avdelning = factory.SubFactory(AvdelningFactory)
    password = factory.django.Password("losenord-123")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        roll = kwargs.pop("roll", None)
        roller = list(kwargs.pop("roller", ()))
        if roll is not None:
            roller.append(roll)
        obj = super()._create(model_class, *args, **kwargs)
        for r in roller:
            obj.groups.add(Group.objects.get(name=group_name(r)))
        return obj


def stockholm_mall() -> Dokumentmall:
    """The mall shipped by migration 0002."""
    return Dokumentmall.objects.get(namn="Stockholms stad – tjänsteutlåtande")


class DokumentmallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dokumentmall

    namn = factory.Sequence(lambda n: f"Mall {n}")
    dokumenttyp = "Tjänsteutlåtande"


class MallAvsnittFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MallAvsnitt

    mall = factory.SubFactory(DokumentmallFactory)
    ordning = factory.Sequence(lambda n: n + 1)
    nyckel = factory.Sequence(lambda n: f"avsnitt-{n}")
    rubrik = factory.Sequence(lambda n: f"Avsnitt {n}")


__all__ = [
    "AvdelningFactory",
    "DokumentmallFactory",
    "ForvaltningFactory",
    "KommunFactory",
    "MallAvsnittFactory",
    "NamndFactory",
    "Roll",
    "SammantradeFactory",
    "UserFactory",
    "stockholm_mall",
]
