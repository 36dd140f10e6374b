"""E-mail about attestation, sent only after the transaction that caused it has committed.

Each kind of message is one function with its own subject and template. Mail goes through
Django's configured backend (console by default, SMTP by settings); a failure to send is
logged and never undoes the change that was already committed.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from nameden.models import User
from remiss.models import Remiss

logger = logging.getLogger(__name__)


def _url(name: str, remiss: Remiss) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"pk": remiss.pk})


def _send_after_commit(*, to: Iterable[User], subject: str, template: str, context: dict) -> None:
    recipients = sorted({u.email for u in to if u is not None and u.email and u.is_active})
    if not recipients:
        return
    body = render_to_string(template, context)

    def send() -> None:
        messages = [
            EmailMessage(subject=subject, body=body, to=[address]) for address in recipients
        ]
        try:
            get_connection().send_messages(messages)
        except Exception:  # the change is committed; a mail server problem must not hide it
            logger.exception("Could not send %r to %s", subject, recipients)

    transaction.on_commit(send)


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
