"""remiss as a källa of ärenden for the nämnd (`nameden.arendekallor`).

A remiss answered by several nämnder is one ärende per nämnd (referens "<remiss>:<nämnd>"),
and the committee side reports each nämnd's beslut and expediering on its own. Each report is
carried out by a service of `remiss.services.namndbehandling`: locked, by the workflow table,
saved with history and recorded in the timeline; the remiss becomes beslutad, besvarad or
goes back to beredning as the nämnder's states together say. Closing the case is the
registrator's or the handläggare's own step (`remiss_avsluta`). Registered as "remiss" in
`RemissConfig.ready`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied

from nameden.arendekallor import ArendeSaknas, Beslut, Expediering, StegetGarInte
from nameden.models import Namnd, User
from remiss.models import Remiss
from remiss.services.arbetsflode import remiss_avsluta
from remiss.services.namndbehandling import namnd_beslut, namnd_expedierad
from remiss.workflow import TransitionNotAllowed

NAMN = "remiss"


def referens_for(remiss: Remiss, namnd: Namnd | None = None) -> str:
    """The opaque reference the committee side keeps for `remiss`: "<remiss>:<nämnd>" when
    anmäld to `namnd` (a remiss answered by several nämnder is one ärende per nämnd, each
    decided on its own list), plain "<remiss>" for a reference that names no nämnd."""
    return str(remiss.pk) if namnd is None else f"{remiss.pk}:{namnd.pk}"


def tolka_referens(referens: str) -> tuple[int, int | None]:
    """(remiss pk, nämnd pk or None) from a reference `referens_for` made; ValueError else."""
    delar = str(referens).split(":")
    if len(delar) > 2 or not all(d.isdigit() for d in delar):
        raise ValueError(referens)
    return int(delar[0]), int(delar[1]) if len(delar) == 2 else None


@contextmanager
def _som_steg() -> Iterator[None]:
    """The workflow's refusal, in the interface's own terms (the committee side cannot know
    remiss's exceptions)."""
    try:
        yield
    except TransitionNotAllowed as exc:
        raise StegetGarInte(str(exc)) from exc


def _saknas(referens: str) -> ArendeSaknas:
    return ArendeSaknas(f"Det finns ingen remiss med referensen {referens!r}.")


class RemissKalla:
    """The remiss side of the contract in `nameden.arendekallor.Arendekalla`."""

    def __repr__(self) -> str:
        return "<RemissKalla>"

    @staticmethod
    def _remiss(referens: str) -> Remiss:
        try:
            return Remiss.objects.get(pk=tolka_referens(referens)[0])
        except (TypeError, ValueError, Remiss.DoesNotExist):
            raise _saknas(referens) from None

    @classmethod
    def _remiss_och_namnd(cls, referens: str) -> tuple[Remiss, Namnd]:
        """The remiss and the answering nämnd the reference names. A plain "<remiss>" names
        the nämnd only when exactly one answers."""
        remiss = cls._remiss(referens)
        namnd_pk = tolka_referens(referens)[1]
        namnder = list(remiss.namnder.all())
        if namnd_pk is None:
            if len(namnder) != 1:
                raise _saknas(referens)
            return remiss, namnder[0]
        namnd = next((n for n in namnder if n.pk == namnd_pk), None)
        if namnd is None:
            raise _saknas(referens)
        return remiss, namnd

    def beslut_fattat(self, referens: str, *, beslut: Beslut, av: User | None = None) -> None:
        remiss, namnd = self._remiss_och_namnd(referens)
        with _som_steg():
            namnd_beslut(remiss=remiss, namnd=namnd, beslut=beslut, user=av)

    def expedierat(
        self, referens: str, *, expediering: Expediering, av: User | None = None
    ) -> None:
        remiss, namnd = self._remiss_och_namnd(referens)
        with _som_steg():
            namnd_expedierad(remiss=remiss, namnd=namnd, expediering=expediering, user=av)

    def mottagare(self, referens: str) -> tuple[str, ...]:
        """The sender's registry address, as registered; empty when the sender has none."""
        remiss = self._remiss(referens)
        return (remiss.avsandare_epost,) if remiss.avsandare_epost else ()

    def avslutat(self, referens: str, *, av: User | None = None) -> None:
        """Close the case on behalf of `av`, who must be allowed to (the registrator or the
        handläggare): a remiss is closed by its owners, never by the system alone."""
        remiss = self._remiss(referens)
        if av is None:
            raise StegetGarInte("En remiss avslutas av registratorn eller handläggaren.")
        try:
            with _som_steg():
                remiss_avsluta(user=av, remiss=remiss)
        except PermissionDenied as exc:
            raise StegetGarInte(
                f"{exc} En remiss avslutas av registratorn eller handläggaren."
            ) from exc


KALLA = RemissKalla()
