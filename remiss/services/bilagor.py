"""Bilagor: checked, hashed, numbered files attached to the tjänsteutlåtande."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from nameden.historik import delete_tracked, save_tracked
from remiss import events, filtyper, policy
from remiss.models import Bilaga, Tjansteutlatande
from remiss.services.attestering import innan_andring
from remiss.services.las import las_arende
from remiss.validering import dokumentrader
from remiss.workflow import Action


def _storlek_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    return f"{max(1, round(n / 1024))} kB"


def validera_fil(fil) -> tuple[str, str]:
    """Check size and content; return (filtyp, sha256) or raise ValidationError on 'fil'."""
    if fil is None or fil.size == 0:
        raise ValidationError({"fil": "Välj en fil att ladda upp. Filen får inte vara tom."})
    if fil.size > settings.BILAGA_MAX_BYTES:
        raise ValidationError(
            {
                "fil": f"Filen är för stor. Största tillåtna storlek är "
                f"{_storlek_text(settings.BILAGA_MAX_BYTES)}."
            }
        )
    fil.seek(0)
    head = fil.read(1024)
    filtyp = filtyper.detect(head, fil)
    if filtyp is None:
        raise ValidationError(
            {
                "fil": f"Filen måste vara {filtyper.TILLATNA_TEXT}. "
                "Typen avgörs av filens innehåll, inte av dess namn."
            }
        )
    digest = hashlib.sha256()
    fil.seek(0)
    for chunk in fil.chunks():
        digest.update(chunk)
    fil.seek(0)
    return filtyp, digest.hexdigest()


@transaction.atomic
def bilaga_ladda_upp(
    *, user, tu: Tjansteutlatande, fil, titel: str, bekraftat: bool = False
) -> Bilaga:
    tu = las_arende(tu)
    policy.require(user, Action.REDIGERA, tu.remiss)
    titel = dokumentrader(titel=titel or "")["titel"]
    if not titel:
        raise ValidationError({"titel": "Skriv bilagans titel som den ska stå i dokumentet."})
    filtyp, sha256 = validera_fil(fil)
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    nummer = (tu.bilagor.aggregate(m=Max("ordning"))["m"] or 0) + 1
    bilaga = Bilaga(
        tjansteutlatande=tu,
        ordning=nummer,
        titel=titel,
        original_filnamn=(getattr(fil, "name", "") or "")[-255:],
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
