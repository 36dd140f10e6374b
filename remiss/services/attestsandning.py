"""Sending a tjänsteutlåtande for attest: one round per deltagare's chain, all at once.

A one-förvaltning document gets the one round it always had. A joint document
(`remiss.samverkan`) gets one round per förvaltning, sent together (a sändning: the main
round and its `delrundor`); each chain's first attestant is told at once, so the chains
proceed in parallel. The decisions are `remiss.services.attestering`'s, which re-exports
`attest_skicka`.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nameden.historik import save_tracked
from nameden.models import User
from remiss import attestlage, events, notifieringar, samverkan
from remiss.attestkedja import bygg_kedjor, ersattare_for
from remiss.models import Attestrunda, Tjansteutlatande
from remiss.services.las import las_arende
from remiss.services.overgang import apply_transition
from remiss.workflow import Action


def _kraver_alla_deltagare_i_huvudet(tu: Tjansteutlatande) -> None:
    """Every chain that attests must be named in what it attests. A förvaltning that joined
    after the document was created is in its header only once the handläggare has fetched
    (`tjansteutlatande_hamta_uppgifter`): until then its chain would attest a document that
    does not name it, so sending waits for the fetch."""
    i_huvudet = {tu.diarienummer} | {b.get("diarienummer", "") for b in tu.ovriga_beteckningar}
    saknas = [d for d in samverkan.deltagare(tu.remiss) if d.diarienummer not in i_huvudet]
    if saknas:
        raise ValidationError(
            "Dokumentets sidhuvud nämner inte "
            + ", ".join(f"{d.forvaltning} ({d.diarienummer})" for d in saknas)
            + ". Välj ”Hämta aktuella uppgifter” innan du skickar till attest."
        )


def mottagare_for_tur(tur: attestlage.Tur) -> list[User]:
    ids = {tur.attestant_id} | ersattare_for(tur.attestant_id)
    return list(User.objects.filter(pk__in=ids))


@transaction.atomic
def attest_skicka(
    *, user, tu: Tjansteutlatande, tidpunkt: dt.datetime | None = None
) -> Attestrunda:
    """Send the tjänsteutlåtande for attest along the chain its mall and the organisation give.

    `tidpunkt` is for importing historical cases (and the demo); it defaults to now.
    """
    tu = las_arende(tu)
    apply_transition(user=user, remiss=tu.remiss, action=Action.SKICKA_TILL_ATTEST)
    tomma = [
        a["rubrik"]
        for a in tu.avsnitt
        if a.get("obligatorisk", True) and not (a.get("text") or a.get("punkter"))
    ]
    if tomma:
        raise ValidationError(
            "Fyll i alla obligatoriska avsnitt innan du skickar till attest: "
            + ", ".join(tomma)
            + "."
        )
    _kraver_alla_deltagare_i_huvudet(tu)
    kedjor = bygg_kedjor(tu)
    tidpunkt = tidpunkt or timezone.now()
    huvud = None
    rundor = []
    for deltagare, kedja in kedjor:
        runda = Attestrunda(
            tjansteutlatande=tu,
            kedja=kedja,
            vantar_pa_id=kedja[0]["attestant_id"],  # the first step is open
            skickad_av=user,
            skickad_version=tu.version,
            skickad_at=tidpunkt,
            forvaltning=None if deltagare.registrerande else deltagare.forvaltning,
            huvudrunda=huvud,
            antal_kedjor=len(kedjor),
        )
        if huvud is None:
            save_tracked(runda, user=user, reason="Skickades till attest")
            huvud = runda
        else:
            save_tracked(
                runda, user=user, reason=f"Skickades till attest i {deltagare.forvaltning}s kedja"
            )
        rundor.append(runda)
    personer = {
        u.pk: u
        for u in User.objects.filter(pk__in=[s["attestant_id"] for r in rundor for s in r.kedja])
    }

    def namn(runda: Attestrunda) -> str:
        return " och ".join(str(personer[s["attestant_id"]]) for s in runda.kedja)

    if len(rundor) == 1:
        text = namn(huvud)
    else:
        text = "; ".join(
            f"{d.forvaltning}: {namn(r)}" for (d, _), r in zip(kedjor, rundor, strict=True)
        )
    events.record(tu.remiss, "attest_skickad", user=user, kedja=text)
    for runda in rundor:  # each chain's first attestant, in parallel
        notifieringar.skickad_for_attest(
            remiss=tu.remiss,
            mottagare=mottagare_for_tur(attestlage.nasta_tur(runda)),
            avsandare=user,
        )
    return huvud
