"""E-mail sent only after the transaction that caused it has committed.

A message about a change must never go out for a change that was rolled back, and a mail
server that is down must never undo a change that was made. So `skicka_efter_commit`
renders the message now (while the data it speaks of is at hand) and hands it to
`transaction.on_commit`; a failure to send is logged, not raised. Mail goes through Django's
configured backend (console by default, SMTP by settings).
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def absolut_url(path: str) -> str:
    """`path` (from `reverse`) as a link that works in an e-mail: under `settings.SITE_URL`."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def skicka_efter_commit(*, till: Iterable, amne: str, mall: str, context: dict) -> None:
    """Send `mall` rendered with `context` to each active user in `till` with an address,
    one message per recipient (nobody sees who else was told), once the transaction commits."""
    recipients = sorted({u.email for u in till if u is not None and u.email and u.is_active})
    if not recipients:
        return
    body = render_to_string(mall, context)

    def send() -> None:
        messages = [EmailMessage(subject=amne, body=body, to=[address]) for address in recipients]
        try:
            get_connection().send_messages(messages)
        except Exception:  # the change is committed; a mail server problem must not hide it
            logger.exception("Could not send %r to %s", amne, recipients)

    transaction.on_commit(send)
