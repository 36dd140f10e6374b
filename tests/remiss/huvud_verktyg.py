"""The Uppgifter page (the document's head) as the tests fill it in: what the page posts, for
the view tests, and the same save through the service; and a mall's header and layout set
up as data, a document made from it, rendered."""

import datetime as dt

from nameden.historik import save_tracked
from nameden.models import User
from nameden.pdf import RenderedPdf
from remiss import selectors
from remiss.forms_tjansteutlatande import ANTAL_UNDERTECKNARE, HuvudForm
from remiss.models import Dokumentmall, MallHuvudfalt, Tjansteutlatande
from remiss.pdf import tjansteutlatande_pdf
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from remiss.services.tjansteutlatande_huvud import tjansteutlatande_spara_huvud
from tests.factories import DokumentmallFactory, MallAvsnittFactory


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


# --- A mall's header and layout, as an administrator sets them up (data only) -------------


def mall_med_huvud(rader=(), *, avsnitt=(), **falt) -> Dokumentmall:
    """A mall made as data only: its header rows (dicts of `MallHuvudfalt` fields, in order),
    its sections (dicts of `MallAvsnitt` fields, in order) and mall fields `falt`."""
    mall = DokumentmallFactory(**falt)
    for ordning, rad in enumerate(rader, start=1):
        MallHuvudfalt.objects.create(mall=mall, ordning=ordning, **rad)
    for ordning, del_ in enumerate(avsnitt, start=1):
        MallAvsnittFactory(mall=mall, ordning=ordning, **del_)
    return mall


def dokument_fran_mall(mall, *, remiss, user) -> Tjansteutlatande:
    """Start the beredning of `remiss` with `mall`, as the handläggare does."""
    remiss_paborja_beredning(user=user, remiss=remiss, mall=mall)
    return selectors.tjansteutlatande_for(user, remiss.pk)


def skriv(tu, user, **texter) -> Tjansteutlatande:
    """Write sections, nyckel → text (a list for beslutspunkter), as the editor saves them."""
    for nyckel, text in texter.items():
        varde = {"punkter": text} if isinstance(text, list) else {"text": text}
        tu = tjansteutlatande_spara_avsnitt(
            user=user, tu=tu, nyckel=nyckel, bas_version=tu.version, **varde
        )
    return tu


def rendera(tu, user) -> RenderedPdf:
    """The document's PDF as it reads now, loaded as the pages load it."""
    return tjansteutlatande_pdf(selectors.tjansteutlatande_for(user, tu.remiss_id))


def andra_dokumentet(tu, user, **falt) -> Tjansteutlatande:
    """Write header data the way a joint document's creation does (test setup only: the
    values are the document's own copy, `remiss.dokumenthuvud`)."""
    tu = Tjansteutlatande.objects.get(pk=tu.pk)
    for namn, varde in falt.items():
        setattr(tu, namn, varde)
    save_tracked(tu, user=user, reason="Testdata")
    return tu
