"""Notifications reach a real SMTP server (aiosmtpd on localhost), after commit."""

import socket
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from remiss.models import Tjansteutlatande
from remiss.services.attestering import (
    attest_aterkalla,
    attest_godkann,
    attest_returnera,
    attest_skicka,
)
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt

pytestmark = pytest.mark.django_db


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"]))).strip()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


def test_send_for_attest_and_return_mail_the_right_people(
    smtp_server, tu, karin, lisa, django_capture_on_commit_callbacks
):
    for nyckel in ("sammanfattning", "bakgrund", "arendet", "synpunkter"):
        tu = tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel=nyckel, text="Text.", bas_version=tu.version
        )
    with django_capture_on_commit_callbacks(execute=True):
        attest_skicka(user=karin, tu=tu)
    with django_capture_on_commit_callbacks(execute=True):
        attest_returnera(user=lisa, tu=tu, kommentar="Skriv om bakgrunden.")

    first, second = smtp_server.messages
    assert first["To"] == lisa.email
    assert subject(first).startswith("Att attestera: SOF ")
    assert second["To"] == karin.email
    assert "Returnerat" in subject(second)
    assert "Skriv om bakgrunden." in second.get_payload(decode=True).decode("utf-8")


def test_a_mail_server_that_is_down_does_not_undo_the_change(
    settings, tu, karin, django_capture_on_commit_callbacks, caplog
):
    """GIVEN the SMTP server is unreachable WHEN a document is sent for attest
    THEN it is still sent for attest, and the failure is logged."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()
    for nyckel in ("sammanfattning", "bakgrund", "arendet", "synpunkter"):
        tu = tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel=nyckel, text="Text.", bas_version=tu.version
        )
    with django_capture_on_commit_callbacks(execute=True):
        attest_skicka(user=karin, tu=tu)
    tu.remiss.refresh_from_db()
    assert tu.remiss.status == "for_attest"
    assert "Could not send" in caplog.text


def test_recall_from_attest_mails_whoever_was_waiting(
    smtp_server, skickad, karin, lisa, veronica, django_capture_on_commit_callbacks
):
    """GIVEN Lisa has attested and Veronica is waiting WHEN Karin recalls the document
    THEN one message reaches the SMTP server, to Veronica, with Karin's comment."""
    attest_godkann(user=lisa, tu=skickad)
    with django_capture_on_commit_callbacks(execute=True):
        attest_aterkalla(
            user=karin,
            tu=Tjansteutlatande.objects.get(pk=skickad.pk),
            kommentar="Jag rättar siffrorna i bakgrunden.",
        )

    (message,) = smtp_server.messages
    assert message["To"] == veronica.email
    assert subject(message).startswith("Återkallat från attest: SOF ")
    body = message.get_payload(decode=True).decode("utf-8")
    assert "Karin Wallander har återkallat tjänsteutlåtandet från attest" in body
    assert "Jag rättar siffrorna i bakgrunden." in body
