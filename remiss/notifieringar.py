"""E-mail about attestation, sent only after the transaction that caused it has committed.

Each kind of message is one function with its own subject and template; the sending after
commit (and the logging of a mail server that is down) is `nameden.epost`.
"""

from collections.abc import Iterable

from django.urls import reverse

from nameden.epost import absolut_url, skicka_efter_commit
from nameden.models import User
from remiss.models import Remiss


def _url(name: str, remiss: Remiss) -> str:
    return absolut_url(reverse(name, kwargs={"pk": remiss.pk}))


def _send_after_commit(*, to: Iterable[User], subject: str, template: str, context: dict) -> None:
    skicka_efter_commit(till=to, amne=subject, mall=template, context=context)


def _context(remiss: Remiss, **extra) -> dict:
    return {
        "remiss": remiss,
        "arende_url": _url("remiss:detalj", remiss),
        "attest_url": _url("remiss:attest", remiss),
        **extra,
    }


def skickad_for_attest(*, remiss: Remiss, mottagare: Iterable[User], avsandare: User) -> None:
    _send_after_commit(
        to=mottagare,
        subject=f"Att attestera: {remiss.diarienummer} {remiss.rubrik}",
        template="email/att_attestera.txt",
        context=_context(remiss, avsandare=avsandare),
    )


def returnerad(*, remiss: Remiss, attestant: User, kommentar: str) -> None:
    _send_after_commit(
        to=[remiss.handlaggare],
        subject=f"Returnerat: {remiss.diarienummer} {remiss.rubrik}",
        template="email/returnerad.txt",
        context=_context(remiss, attestant=attestant, kommentar=kommentar),
    )


def attesterad(*, remiss: Remiss) -> None:
    _send_after_commit(
        to=[remiss.handlaggare],
        subject=f"Attesterat: {remiss.diarienummer} {remiss.rubrik}",
        template="email/attesterad.txt",
        context=_context(remiss),
    )


def attest_upphavd(*, remiss: Remiss, mottagare: Iterable[User], av: User, orsak: str) -> None:
    _send_after_commit(
        to=mottagare,
        subject=f"Attesten upphävd: {remiss.diarienummer} {remiss.rubrik}",
        template="email/attest_upphavd.txt",
        context=_context(remiss, av=av, orsak=orsak),
    )


def aterkallad(
    *, remiss: Remiss, mottagare: Iterable[User], handlaggare: User, kommentar: str
) -> None:
    _send_after_commit(
        to=mottagare,
        subject=f"Återkallat från attest: {remiss.diarienummer} {remiss.rubrik}",
        template="email/attest_aterkallad.txt",
        context=_context(remiss, handlaggare=handlaggare, kommentar=kommentar),
    )


def aterremitterad(*, remiss: Remiss, namnd: str, var: str, text: str) -> None:
    """To the handläggare: a nämnd sent the case back for more work, in the nämnd's words."""
    _send_after_commit(
        to=[remiss.handlaggare],
        subject=f"Återremitterat: {remiss.diarienummer} {remiss.rubrik}",
        template="email/aterremitterad.txt",
        context=_context(remiss, namnd=namnd, var=var, text=text),
    )
