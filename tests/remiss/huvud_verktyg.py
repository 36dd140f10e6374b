"""The Uppgifter page (the document's head) as the tests fill it in: what the page posts, for
the view tests, and the same save through the service."""

import datetime as dt

from nameden.models import User
from remiss.forms_tjansteutlatande import ANTAL_UNDERTECKNARE, HuvudForm
from remiss.models import Tjansteutlatande
from remiss.services.tjansteutlatande import tjansteutlatande_spara_huvud


def huvud_post(tu: Tjansteutlatande, **andrat) -> dict:
    """Every field as the page shows it for `tu` (as a browser sends the form), then `andrat`."""
    tu = Tjansteutlatande.objects.get(pk=tu.pk)
    initial = HuvudForm.initial_for(tu)
    data = {f"undertecknare_{i}": "" for i in range(1, ANTAL_UNDERTECKNARE + 1)}
    for key, value in initial.items():
        if value is None:
            value = ""
        elif isinstance(value, dt.date):
            value = value.isoformat()
        data[key] = value
    data.update(andrat)
    return data


def huvud_spara(tu: Tjansteutlatande, user, *, bekraftat=False, **andrat) -> Tjansteutlatande:
    """Save the head as the page would: everything as the document has it now (its rubrik,
    underrubrik, sammanträde and undertecknare), then `andrat`."""
    tu = Tjansteutlatande.objects.get(pk=tu.pk)
    data = {
        "rubrik": tu.rubrik,
        "underrubrik": tu.underrubrik,
        "sammantrade": tu.sammantrade,
        "undertecknare": [User.objects.get(pk=u["user_id"]) for u in tu.undertecknare],
        **andrat,
    }
    return tjansteutlatande_spara_huvud(
        user=user, tu=tu, bas_version=tu.version, bekraftat=bekraftat, **data
    )
