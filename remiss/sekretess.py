"""The case's handlingar as kinds of secret handling (`nameden.sekretess`): the bilaga and
the tjänsteutlåtande. Found by nameden's autodiscovery (an app's `sekretess` module).

Who reads a secret handling of a case, and who marks or lifts it, are the two tables below:
the case's handläggare, the chefs (who attest) and the registrator of the förvaltning that
registered it, and everyone named in an attest chain of its tjänsteutlåtande (they must read
what they attest). Marking is the handläggare's or a chef's.

A secret tjänsteutlåtande hides the case's document pages (404 through
`remiss.selectors.tjansteutlatande_for`) and masks the case's subject in lists and search
for everyone else (`remiss.selectors.sekretess`); a secret bilaga is masked in the bilagor
list and its file answers 404.
"""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

from nameden.models import Sekretessmarkering
from nameden.sekretess import (
    Diariekalla,
    Relation,
    Slag,
    far_lasa,
    galler_for,
    galler_for_manga,
    maskerad_titel,
    registrera,
    registrera_diarium,
)
from nameden.sekretess_punkt import registrera_kalla
from remiss import policy, roles
from remiss.events import TEXTER
from remiss.models import Attestering, Attestrunda, Bilaga, Handelse, Remiss, Tjansteutlatande

R = Relation

#: Who reads a secret bilaga or tjänsteutlåtande.
LASA = (R.HANDLAGGARE, R.CHEF, R.REGISTRATOR, R.ATTESTKEDJA)
#: Who marks one secret, or lifts the marking.
MARKERA = (R.HANDLAGGARE, R.CHEF)


def _tu(handling) -> Tjansteutlatande:
    return handling.tjansteutlatande if isinstance(handling, Bilaga) else handling


def _handlaggare(user, handling) -> bool:
    return _tu(handling).remiss.handlaggare_id == user.pk


def _i_forvaltningen(user, handling) -> bool:
    return (
        user.forvaltning_id is not None
        and user.forvaltning_id == _tu(handling).remiss.forvaltning_id
    )


# The roles through the permissions they hold (`remiss.roles.GRANTS`): the chefs attest, the
# registrator registers. `has_perm` reads the permissions the policy has loaded already, so
# a list asks no extra query.


def ar_chef(user) -> bool:
    return user.has_perm(roles.ATTESTERA)


def ar_registrator(user) -> bool:
    return user.has_perm(roles.REGISTRERA)


def _chef(user, handling) -> bool:
    return _i_forvaltningen(user, handling) and ar_chef(user)


def _registrator(user, handling) -> bool:
    return _i_forvaltningen(user, handling) and ar_registrator(user)


def _attestkedja(user, handling) -> bool:
    return Remiss.objects.filter(pk=_tu(handling).remiss_id).filter(attestkedja_q(user)).exists()


def attestkedja_q(user) -> Q:
    """Remisser whose document `user` stands in an attest
    chain of: the step waits for them, they decided a step, or they are a chef of a
    förvaltning whose own chain the document has (a joint document). A Q, so lists mask in
    SQL exactly as a page decides."""
    ref = OuterRef("tjansteutlatande__pk")
    villkor = Q(Exists(Attestrunda.objects.filter(tjansteutlatande_id=ref, vantar_pa_id=user.pk)))
    villkor |= Q(
        Exists(Attestering.objects.filter(runda__tjansteutlatande_id=ref, attestant_id=user.pk))
    )
    if user.forvaltning_id is not None and ar_chef(user):
        villkor |= Q(
            Exists(
                Attestrunda.objects.filter(
                    tjansteutlatande_id=ref, forvaltning_id=user.forvaltning_id
                )
            )
        )
    return villkor


def atkomst_q(user) -> Q:
    """`LASA` as a filter on Remiss: the remisser whose secret handlingar `user` may read."""
    villkor = Q(handlaggare_id=user.pk)
    if user.forvaltning_id is not None and (ar_chef(user) or ar_registrator(user)):
        villkor |= Q(forvaltning_id=user.forvaltning_id)
    return villkor | attestkedja_q(user)


RELATIONER = {
    R.HANDLAGGARE: _handlaggare,
    R.CHEF: _chef,
    R.REGISTRATOR: _registrator,
    R.ATTESTKEDJA: _attestkedja,
}


def _hamta_bilaga(user, pk: int) -> Bilaga:
    return get_object_or_404(
        Bilaga.objects.select_related("tjansteutlatande__remiss").filter(
            tjansteutlatande__remiss__in=policy.visible_remisser(user)
        ),
        pk=pk,
    )


def _hamta_tu(user, pk: int) -> Tjansteutlatande:
    return get_object_or_404(
        Tjansteutlatande.objects.select_related("remiss").filter(
            remiss__in=policy.visible_remisser(user)
        ),
        pk=pk,
    )


registrera(
    Slag(
        nyckel="bilaga",
        namn="bilaga",
        modell=Bilaga,
        lasa=LASA,
        markera=MARKERA,
        relationer=RELATIONER,
        hamta=_hamta_bilaga,
        forvaltning_id=lambda b: b.tjansteutlatande.remiss.forvaltning_id,
        beskrivning=lambda b: f"Bilaga {b.ordning} till {b.tjansteutlatande.remiss.diarienummer}",
        tillbaka_url=lambda b: reverse(
            "remiss:bilagor", kwargs={"pk": b.tjansteutlatande.remiss_id}
        ),
    )
)
registrera(
    Slag(
        nyckel="tjansteutlatande",
        namn="tjänsteutlåtande",
        modell=Tjansteutlatande,
        lasa=LASA,
        markera=MARKERA,
        relationer=RELATIONER,
        hamta=_hamta_tu,
        forvaltning_id=lambda tu: tu.remiss.forvaltning_id,
        beskrivning=lambda tu: f"Tjänsteutlåtande i {tu.remiss.diarienummer}",
        tillbaka_url=lambda tu: reverse("remiss:tu", kwargs={"pk": tu.remiss_id}),
    )
)


def _diarium_rader(kommun):
    from remiss.selectors.sekretess import diarium_rader

    return diarium_rader(kommun)


def _diarium_rad(remiss) -> dict:
    from remiss.selectors.sekretess import diarium_rad

    return diarium_rad(remiss)


registrera_diarium(Diariekalla(rader=_diarium_rader, rad=_diarium_rad))


# --- The case's timeline -------------------------------------------------------------------

#: Timeline entries that quote a bilaga's title ("Bilaga 2 lades till: …").
BILAGA_HANDELSER = frozenset({"bilaga_tillagd", "bilaga_borttagen"})
#: Entries that quote the tjänsteutlåtande's own text: its "Ärendets beredning" sentences.
INNEHALL_HANDELSER = frozenset(
    {"beredningssteg_tillagt", "beredningssteg_andrat", "beredningssteg_borttaget"}
)
#: Entries whose comment is about the document's text (an attestant's reason for a return).
KOMMENTAR_OM_TEXTEN = frozenset({"attest_returnerad", "attest_aterkallad"})


def maskera_tidslinje(user, remiss: Remiss, handelser) -> list[Handelse]:
    """The timeline entries `handelser` (one page) as `user` may read them.

    For a reader outside `LASA`: while the tjänsteutlåtande is secret, every entry that
    quotes it (bilaga titles, beredning sentences, an attestant's comment on the text) shows
    the masked form; while only a bilaga is secret, the entries naming that bilaga show its
    number and the masked title, as the bilagor list does. The instances are changed for the
    page only, never saved. At most three queries, however long the page.
    """
    handelser = list(handelser)
    try:
        tu = remiss.tjansteutlatande  # the case page has already read it: no second query
    except Tjansteutlatande.DoesNotExist:
        tu = None
    if tu is None or not handelser:
        return handelser
    tu_markering = galler_for(tu)
    bilagor = {b.pk: b for b in Bilaga.objects.filter(tjansteutlatande=tu)}
    bilaga_markeringar = {
        bilagor[pk].titel: m for pk, m in galler_for_manga(Bilaga, bilagor).items()
    }
    markering = tu_markering or next(iter(bilaga_markeringar.values()), None)
    tu.remiss = remiss
    if markering is None or far_lasa(user, tu, markering):
        return handelser
    for handelse in handelser:
        if handelse.typ in BILAGA_HANDELSER:
            huvud, _, titel = handelse.text.partition(": ")
            titel = titel.removesuffix(".")
            doljande = tu_markering or bilaga_markeringar.get(titel)
            if doljande is not None:
                handelse.text = f"{huvud}: {maskerad_titel(doljande)}."
        elif tu_markering is not None and handelse.typ in INNEHALL_HANDELSER:
            handelse.text = TEXTER[handelse.typ].format(steg=f"{maskerad_titel(tu_markering)}.")
        if tu_markering is not None and handelse.typ in KOMMENTAR_OM_TEXTEN:
            handelse.kommentar = ""
    return handelser


# --- The nämnd's list ---------------------------------------------------------------------


#: `remiss.namndkoppling.NAMN`, which cannot be imported here (it imports the services, and
#: they import this module): a test checks the two agree.
KALLA = "remiss"


def _hemliga_arenden(arenden) -> dict[int, Sekretessmarkering]:
    """{ärende pk: the marking in force on its remiss's tjänsteutlåtande}, for the ärenden
    anmälda from remisser (`nameden.sekretess_punkt.KALLOR`). Two queries."""
    from remiss import namndkoppling

    remiss_for = {}
    for arende in arenden:
        try:
            remiss_for[arende.pk] = namndkoppling.tolka_referens(arende.referens)[0]
        except ValueError:
            continue
    tu_for = dict(
        Tjansteutlatande.objects.filter(remiss_id__in=set(remiss_for.values())).values_list(
            "remiss_id", "pk"
        )
    )
    markeringar = galler_for_manga(Tjansteutlatande, tu_for.values())
    return {
        arende_pk: markeringar[tu_for[remiss_pk]]
        for arende_pk, remiss_pk in remiss_for.items()
        if tu_for.get(remiss_pk) in markeringar
    }


registrera_kalla(KALLA, _hemliga_arenden)
