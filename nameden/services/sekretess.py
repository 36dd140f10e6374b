"""The write paths of sekretess: mark a handling, lift its marking, log a read.

Each is one atomic function that locks the handling's row (so two people marking at once
cannot both win), checks `nameden.sekretess`'s tables, saves with `save_tracked` and lets
the owning kind follow (`Slag.efter_andring`). The marking row itself is the event: who,
when, which paragraph and why, and its history keeps every step.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from nameden import sekretess
from nameden.historik import save_tracked
from nameden.models import OslParagraf, Sekretesslasning, Sekretessmarkering


def _las(handling):
    """The handling's row, locked for the transaction (the one lock a marking takes)."""
    return type(handling).objects.select_for_update().get(pk=handling.pk)


def _krav_behorig(user, handling, slag: sekretess.Slag) -> None:
    if not sekretess.far_markera(user, handling):
        raise PermissionDenied(
            f"Du får inte sekretessmarkera eller häva sekretessmarkeringen för denna {slag.namn}."
        )


def sekretess_markera(*, user, handling, paragraf: OslParagraf, skal: str) -> Sekretessmarkering:
    """Mark `handling` secret under `paragraf`, with the reason. ValidationError (Swedish)
    when it is already marked, the paragraph may not be chosen, or there is no reason."""
    slag = sekretess.slag_for(handling)
    _krav_behorig(user, handling, slag)
    skal = (skal or "").strip()
    if not skal:
        raise ValidationError({"skal": "Ange skälet till sekretessmarkeringen."})
    if paragraf is None or not paragraf.aktiv:
        raise ValidationError({"paragraf": "Välj en paragraf i offentlighets- och sekretesslagen."})
    with transaction.atomic():
        _las(handling)
        if sekretess.galler_for(handling) is not None:
            raise ValidationError(f"Denna {slag.namn} är redan sekretessmarkerad.")
        markering = Sekretessmarkering(
            content_type=sekretess._ct(type(handling)),
            object_id=handling.pk,
            forvaltning_id=slag.forvaltning_id(handling),
            paragraf=paragraf,
            skal=skal,
            markerad_av=user,
            markerad_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                save_tracked(
                    markering, user=user, reason=f"Sekretessmarkerad enligt {paragraf.beteckning}"
                )
        except IntegrityError as exc:  # the partial unique index, if the lock was bypassed
            raise ValidationError(f"Denna {slag.namn} är redan sekretessmarkerad.") from exc
        if slag.efter_andring is not None:
            slag.efter_andring(handling, user, True)
    return markering


def sekretess_hava(*, user, handling, skal: str) -> Sekretessmarkering:
    """Lift the marking in force on `handling`: who, when and why are kept on the row."""
    slag = sekretess.slag_for(handling)
    _krav_behorig(user, handling, slag)
    skal = (skal or "").strip()
    if not skal:
        raise ValidationError({"skal": "Ange skälet till att sekretessmarkeringen hävs."})
    with transaction.atomic():
        _las(handling)
        markering = sekretess.galler_for(handling)
        if markering is None:
            raise ValidationError(f"Denna {slag.namn} är inte sekretessmarkerad.")
        markering.havd_av = user
        markering.havd_at = timezone.now()
        markering.havningsskal = skal
        save_tracked(markering, user=user, reason="Sekretessmarkering hävd")
        if slag.efter_andring is not None:
            slag.efter_andring(handling, user, False)
    return markering


def sekretess_las(*, user, handling, satt: str, markering=None) -> Sekretessmarkering | None:
    """Let `user` read `handling`, logging the read when it is secret.

    Http404 when it is secret and the user may not read it (its existence does not leak
    beyond what the page already showed). Pass the marking when the caller has read it.
    Returns the marking in force, or None.
    """
    if markering is None:
        markering = sekretess.galler_for(handling)
    if markering is None:
        return None
    if not sekretess.far_lasa(user, handling, markering):
        raise Http404("Handlingen finns inte.")
    sekretess_logga_lasning(user=user, markering=markering, handling=handling, satt=satt)
    return markering


def sekretess_logga_lasning(*, user, markering, handling, satt: str) -> Sekretesslasning:
    """Append one row to the read log (OSL, GDPR: who read a secret handling, when, what)."""
    vad = sekretess.slag_for(handling).beskrivning(handling)
    rad = Sekretesslasning(
        markering=markering,
        lasare=user,
        tidpunkt=timezone.now(),
        satt=Sekretesslasning.Satt(satt),
        vad=vad[:300],
    )
    save_tracked(rad, user=user, reason="Läsning av sekretessbelagd handling")
    return rad
