"""What the Uppgifter page (the document's head) posts, for the view tests."""

import datetime as dt

from remiss.forms_tjansteutlatande import ANTAL_UNDERTECKNARE, HuvudForm
from remiss.models import Tjansteutlatande


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
