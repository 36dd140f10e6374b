"""remiss as a källa of ärenden for the nämnd (`nameden.arendekallor`).

The committee side calls these methods when the nämnd has decided a remiss, when the answer
has been expedierat and when the case is closed. Each is carried out by a system-transition
service (`remiss.services.arbetsflode`): locked, by the workflow table, saved with history and
recorded in the timeline. Registered as "remiss" in `RemissConfig.ready`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from nameden.arendekallor import ArendeSaknas, Beslut, StegetGarInte
from nameden.models import Namnd, User
from remiss.models import Remiss
from remiss.services.arbetsflode import remiss_avsluta, remiss_besluta, remiss_expediera
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


class RemissKalla:
    """The remiss side of the contract in `nameden.arendekallor.Arendekalla`."""

    def __repr__(self) -> str:
        return "<RemissKalla>"

    @staticmethod
    def _remiss(referens: str) -> Remiss:
        try:
            remiss_pk, namnd_pk = tolka_referens(referens)
            remiss = Remiss.objects.get(pk=remiss_pk)
            if namnd_pk is not None and not remiss.namnder.filter(pk=namnd_pk).exists():
                raise Remiss.DoesNotExist
            return remiss
        except (TypeError, ValueError, Remiss.DoesNotExist):
            raise ArendeSaknas(f"Det finns ingen remiss med referensen {referens!r}.") from None

    def _steg(self, referens: str, service: Callable[..., Remiss], **kwargs) -> None:
        remiss = self._remiss(referens)
        with _som_steg():
            service(remiss=remiss, **kwargs)

    def beslut_fattat(self, referens: str, *, beslut: Beslut, av: User | None = None) -> None:
        self._steg(referens, remiss_besluta, beslut=beslut, user=av)

    def expedierat(self, referens: str, *, av: User | None = None) -> None:
        self._steg(referens, remiss_expediera, user=av)

    def avslutat(self, referens: str, *, av: User | None = None) -> None:
        self._steg(referens, remiss_avsluta, user=av)


KALLA = RemissKalla()
