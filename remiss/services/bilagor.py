"""Bilagor: checked, hashed, numbered files attached to the tjänsteutlåtande."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from nameden import filkontroll
from nameden.historik import delete_tracked, save_tracked
from remiss import events, granser, policy
from remiss.models import Bilaga, Tjansteutlatande
from remiss.services.attestering import innan_andring
from remiss.services.las import las_arende
from remiss.validering import dokumentrader
from remiss.workflow import Action


def _filnamn(fil) -> str:
    """The name the user's computer gave the file, without any directory part: it is shown
    and offered on download, never used to store the file (storage names are generated)."""
    namn = (getattr(fil, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return namn.replace("\x00", "")[-255:]


def validera_fil(fil) -> tuple[str, str]:
    """Check size, content and viruses (`nameden.filkontroll`, the one check for every
    upload); return (filtyp, sha256) or raise ValidationError on 'fil'."""
    try:
        granskad = filkontroll.kontrollera(fil, max_bytes=settings.BILAGA_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({"fil": exc.messages}) from exc
    return granskad.filtyp, granskad.sha256


@transaction.atomic
def bilaga_ladda_upp(
    *, user, tu: Tjansteutlatande, fil, titel: str, bekraftat: bool = False
) -> Bilaga:
    tu = las_arende(tu)
    policy.require(user, Action.REDIGERA, tu.remiss)
    titel = dokumentrader(titel=titel or "")["titel"]
    if not titel:
        raise ValidationError({"titel": "Skriv bilagans titel som den ska stå i dokumentet."})
    granser.kontrollera_ny_bilaga(tu.bilagor.count())  # bounded work: remiss.granser
    filtyp, sha256 = validera_fil(fil)
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    nummer = (tu.bilagor.aggregate(m=Max("ordning"))["m"] or 0) + 1
    bilaga = Bilaga(
        tjansteutlatande=tu,
        ordning=nummer,
        titel=titel,
        original_filnamn=_filnamn(fil),
        filtyp=filtyp,
        storlek=fil.size,
        sha256=sha256,
        uppladdad_av=user,
    )
    # The file is written to storage before the row; if the transaction then fails the file
    # is an orphan, never a row without its file.
    bilaga.fil.save(f"bilaga.{filtyp}", fil, save=False)
    save_tracked(bilaga, user=user, reason=f"Bilaga {nummer} laddades upp")
    events.record(tu.remiss, "bilaga_tillagd", user=user, nummer=nummer, titel=titel)
    return bilaga


@transaction.atomic
def bilaga_ta_bort(*, user, bilaga: Bilaga, bekraftat: bool = False) -> None:
    """Remove a bilaga from the draft and renumber the rest.

    The stored file is kept: the history still points at it, and a draft's earlier versions
    must stay readable.
    """
    tu = las_arende(bilaga.tjansteutlatande)
    policy.require(user, Action.REDIGERA, tu.remiss)
    bilaga = tu.bilagor.get(pk=bilaga.pk)
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    nummer, titel = bilaga.ordning, bilaga.titel
    delete_tracked(bilaga, user=user, reason=f"Bilaga {nummer} togs bort")
    for later in tu.bilagor.filter(ordning__gt=nummer).order_by("ordning"):
        later.ordning -= 1
        save_tracked(later, user=user, reason=f"Bilagan numrerades om till {later.ordning}")
    events.record(tu.remiss, "bilaga_borttagen", user=user, nummer=nummer, titel=titel)
