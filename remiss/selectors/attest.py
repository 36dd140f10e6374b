"""The attestant's inbox and what changed since they last read a document."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from remiss import attestlage, policy
from remiss.diff import diff_versions
from remiss.dokumenthuvud import huvud_text
from remiss.models import (
    Attestrunda,
    Remiss,
    Tjansteutlatande,
)
from remiss.selectors.sekretess import maskera_instanser

#: A pk no remiss has: the URLs are reversed once with it and it is replaced per row.
_PLATS = 987654321


@dataclass(frozen=True)
class InkorgRad:
    runda: Attestrunda
    remiss: Remiss
    tur: attestlage.Tur
    som_ersattare: bool
    lasning: attestlage.Lasning
    #: The attest page and the history page of the remiss, reversed once per page (a list
    #: renders up to 50 rows; `{% url %}` per row was a good part of its cost).
    attest_url: str = ""
    historik_url: str = ""

    @property
    def sedd_version(self) -> int | None:
        return self.lasning.sedd_version

    @property
    def aktuell_version(self) -> int:
        return self.lasning.aktuell_version

    @property
    def andrad_sedan_sedd(self) -> bool:
        return self.lasning.andrad

    @property
    def jamfor_fran(self) -> int | None:
        return self.lasning.jamfor_fran

    @property
    def jamfor_till(self) -> int | None:
        return self.lasning.jamfor_till


def vantar_pa_attest(user) -> QuerySet[Attestrunda]:
    """Rounds waiting for `user` (or for someone they deputise for) among the remisser they
    may see, oldest first: the rule is `attestlage.vantande_rundor`, filtered in SQL, so a
    page of it costs the same however many rounds the förvaltning has pending."""
    qs = attestlage.vantande_rundor(user).filter(
        tjansteutlatande__remiss__in=policy.visible_remisser(user)
    )
    return attestlage.med_beslut(
        qs.select_related("tjansteutlatande__remiss__handlaggare").order_by("skickad_at", "id")
    )


def inkorg_rader(user, rundor) -> list[InkorgRad]:
    """The inbox rows for `rundor` (one page of `vantar_pa_attest`): whose turn, as deputy or
    not, and what changed since `user` last read each document. Fixed number of queries."""
    rundor = list(rundor)
    lasningar = attestlage.lasningar(user, [r.tjansteutlatande for r in rundor])
    # A secret document's subject is masked here as in every list (remiss.selectors.sekretess).
    maskera_instanser(user, [r.tjansteutlatande.remiss for r in rundor])
    attest_url = reverse("remiss:attest", kwargs={"pk": _PLATS})
    historik_url = reverse("remiss:historik", kwargs={"pk": _PLATS})
    rader = []
    for runda in rundor:
        tur = attestlage.nasta_tur(runda)
        tu = runda.tjansteutlatande
        pk = str(tu.remiss.pk)
        rader.append(
            InkorgRad(
                runda=runda,
                remiss=tu.remiss,
                tur=tur,
                som_ersattare=tur.attestant_id != user.pk,
                lasning=lasningar[tu.pk],
                attest_url=attest_url.replace(str(_PLATS), pk),
                historik_url=historik_url.replace(str(_PLATS), pk),
            )
        )
    return rader


def att_attestera(user, *, limit: int | None = None) -> list[InkorgRad]:
    """The first `limit` (default: all) inbox rows of `user`; pages use `vantar_pa_attest`."""
    return inkorg_rader(user, vantar_pa_attest(user)[:limit])


def andringar_sedan_last(user, tu: Tjansteutlatande) -> list | None:
    """The sections changed since the version `user` last read (`attestlage.lasningar`), or
    None when there is nothing to show."""
    lasning = attestlage.lasningar(user, [tu])[tu.pk]
    if not lasning.andrad or lasning.jamfor_fran is None:
        return None
    gammal = Tjansteutlatande.history.get(history_id=lasning.jamfor_fran)
    rader = diff_versions(
        gammal.avsnitt or [],
        tu.avsnitt,
        old_huvud=huvud_text(gammal),
        new_huvud=huvud_text(tu),
    )
    return [rad for rad in rader if rad.andrad]
