"""Expediering: the beslut e-mailed through a real SMTP server (aiosmtpd on localhost), read
back with its attachments and their hashes, recorded, and told to the ärende's källa."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nameden.models import Arende, Expediering, Protokollsutdrag, SammantradeHandelse
from nameden.services.utskick import expediera, protokollsutdrag_skapa
from tests.nameden import fabriker_utskick as f

pytestmark = pytest.mark.django_db

TU = f.liten_pdf("Tjänsteutlåtande SOF 2024/1")
BILAGA = f.liten_pdf("Bilaga 1 Kommunikationsprogram")


@pytest.fixture
def inbox(settings):
    with f.smtp_server(settings) as inbox:
        yield inbox


@pytest.fixture
def kalla(monkeypatch):
    return f.registrera_kalla(monkeypatch, f.ProvKalla())


@pytest.fixture
def justerad(kalla, mote, johan):
    """§ 45 with its tjänsteutlåtande and one bilaga as handlingar, protokoll justerat."""
    p = f.paragraf(
        mote, johan, handlingar=[("Tjänsteutlåtande", TU), ("Kommunikationsprogram", BILAGA)]
    )
    f.justera(mote, johan)
    return p


def _bilagor(message) -> dict[str, bytes]:
    return {
        part.get_filename(): part.get_payload(decode=True)
        for part in message.walk()
        if part.get_filename()
    }


def test_the_beslut_reaches_the_registry_with_its_files_and_their_hashes(
    inbox, kalla, justerad, johan
):
    """GIVEN § 45, justerad, with a tjänsteutlåtande and a bilaga WHEN Johan expedierar it,
    adding one address THEN one message reaches the SMTP server, to the källa's registry
    address and his, with a Swedish subject, the utdrag, the TU and the bilaga attached,
    each hashing to the SHA-256 recorded on the Expediering and listed in the body; and the
    källa is told, with the same files."""
    expediering = expediera(
        user=johan, paragraf=justerad, extra_mottagare=["Diarium@Stadsledning.example.se"]
    )

    (message,) = inbox.messages
    assert message["To"] == f"{f.REGISTRATUR}, Diarium@Stadsledning.example.se"
    assert f.amne(message) == "Protokollsutdrag Socialnämnden 2024-04-23 § 45, Dnr SOF 2024/1"
    assert message["Message-ID"] == expediering.message_id
    bilagor = _bilagor(message)
    assert list(bilagor) == [
        "protokollsutdrag-2024-45.pdf",
        "01-tjansteutlatande.pdf",
        "02-kommunikationsprogram.pdf",
    ]
    assert bilagor["01-tjansteutlatande.pdf"] == TU
    assert bilagor["02-kommunikationsprogram.pdf"] == BILAGA
    recorded = {fil["filnamn"]: fil for fil in expediering.filer}
    body = next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain" and not part.get_filename()
    )
    for namn, data in bilagor.items():
        assert hashlib.sha256(data).hexdigest() == recorded[namn]["sha256"]
        assert recorded[namn]["storlek"] == len(data)
        assert recorded[namn]["sha256"] in body
    utdrag = Protokollsutdrag.objects.get()
    assert expediering.utdrag == utdrag
    assert recorded["protokollsutdrag-2024-45.pdf"]["sha256"] == utdrag.sha256
    assert "Socialnämndens beslut från sammanträdet den 23 april 2024, § 45" in body

    expediering.refresh_from_db()
    assert expediering.mottagare == [f.REGISTRATUR, "Diarium@Stadsledning.example.se"]
    assert expediering.skickat_av == johan
    ((referens, till_kallan, av),) = kalla.expedierat_anrop
    assert (referens, av) == ("R-1", johan)
    assert till_kallan.mottagare == (f.REGISTRATUR, "Diarium@Stadsledning.example.se")
    assert [x.sha256 for x in till_kallan.filer] == [x["sha256"] for x in expediering.filer]
    assert SammantradeHandelse.objects.filter(typ="expedierat").count() == 1
    assert f.EXPEDIERAT_MARK in Arende.objects.get().rubrik  # the källa's step committed


def test_the_latest_utdrag_goes_out_rather_than_a_new_one(inbox, justerad, johan):
    """GIVEN an utdrag taken out earlier WHEN the beslut is expedierat THEN that utdrag is
    sent and no new one is made."""
    utdrag = protokollsutdrag_skapa(user=johan, paragraf=justerad)

    expediering = expediera(user=johan, paragraf=justerad)

    assert expediering.utdrag == utdrag
    assert Protokollsutdrag.objects.count() == 1
    assert (
        hashlib.sha256(_bilagor(inbox.messages[0])["protokollsutdrag-2024-45.pdf"]).hexdigest()
        == utdrag.sha256
    )


def test_a_second_expediering_is_a_new_row(inbox, justerad, johan):
    """GIVEN an expedierat beslut WHEN it is sent again THEN two rows and two messages."""
    expediera(user=johan, paragraf=justerad)
    expediera(user=johan, paragraf=justerad, extra_mottagare=["ny@example.se"])

    assert Expediering.objects.count() == 2
    assert len(inbox.messages) == 2


def test_smtp_down_records_nothing_and_says_so_in_swedish(settings, kalla, justerad, johan):
    """GIVEN no mail server listening WHEN Johan expedierar THEN a Swedish error, and no
    Expediering, no event, no new utdrag, and the källa's step (taken in the same
    transaction, before the send) is rolled back."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", f.ledig_port()

    with pytest.raises(ValidationError, match="E-postmeddelandet kunde inte skickas"):
        expediera(user=johan, paragraf=justerad)

    assert not Expediering.objects.exists()
    assert not Protokollsutdrag.objects.exists()
    assert not SammantradeHandelse.objects.filter(typ__in=["expedierat", "utdrag_skapat"]).exists()
    assert len(kalla.expedierat_anrop) == 1  # it was asked, inside the transaction …
    assert f.EXPEDIERAT_MARK not in Arende.objects.get().rubrik  # … which was rolled back


def test_a_kalla_that_refuses_rolls_back_and_nothing_is_sent(inbox, monkeypatch, mote, johan):
    """GIVEN a källa that refuses the step (StegetGarInte) WHEN Johan expedierar THEN nothing
    is recorded and no message is sent."""
    f.registrera_kalla(monkeypatch, f.ProvKalla(vagra=True))
    p = f.paragraf(mote, johan)
    f.justera(mote, johan)

    with pytest.raises(ValidationError, match="tog inte emot expedieringen"):
        expediera(user=johan, paragraf=p)

    assert not Expediering.objects.exists()
    assert inbox.messages == []


@pytest.mark.parametrize(
    ("extra", "fel"),
    [
        (["inte-en-adress"], "”inte-en-adress” är inte en giltig e-postadress"),
        (["a@b.se\nBcc: x@y.se"], "inte en giltig e-postadress"),
        (["x" * 250 + "@example.se"], "inte en giltig e-postadress"),
    ],
)
def test_added_addresses_are_validated(inbox, justerad, johan, extra, fel):
    with pytest.raises(ValidationError) as exc:
        expediera(user=johan, paragraf=justerad, extra_mottagare=extra)

    assert fel in exc.value.message_dict["extra_mottagare"][0]
    assert inbox.messages == [] and not Expediering.objects.exists()


def test_at_least_one_recipient(inbox, monkeypatch, mote, johan):
    """GIVEN a källa that knows no address WHEN nothing is added THEN refused, per field."""
    f.registrera_kalla(monkeypatch, f.ProvKalla(adresser=()))
    p = f.paragraf(mote, johan)
    f.justera(mote, johan)

    with pytest.raises(ValidationError) as exc:
        expediera(user=johan, paragraf=p)

    assert "Ange minst en mottagare" in exc.value.message_dict["extra_mottagare"][0]


def test_refused_before_justering(inbox, kalla, mote, johan):
    p = f.paragraf(mote, johan)

    with pytest.raises(ValidationError, match="inte justerad"):
        expediera(user=johan, paragraf=p)
    assert inbox.messages == []


def test_a_sekretess_beslut_is_not_sent_by_mail(inbox, kalla, mote, johan):
    """GIVEN a sekretess punkt's justerad paragraf WHEN Johan expedierar THEN refused: plain
    e-mail does not protect secret information."""
    p = f.paragraf(mote, johan, sekretess=True)
    f.justera(mote, johan)

    with pytest.raises(ValidationError, match="sekretessärende"):
        expediera(user=johan, paragraf=p, extra_mottagare=["part@example.se"])
    assert inbox.messages == []


def test_a_changed_handling_is_not_sent(inbox, justerad, johan):
    """GIVEN a handling whose stored file was changed WHEN expedierat THEN refused."""
    handling = justerad.punkt.handlingar.get(ordning=2)
    with open(handling.fil.path, "ab") as fil:
        fil.write(b"x")

    with pytest.raises(ValidationError, match="har ändrats"):
        expediera(user=johan, paragraf=justerad)
    assert inbox.messages == [] and not Expediering.objects.exists()


def test_only_the_serving_sekreterare_expedierar(inbox, justerad, karin, annan_sekreterare):
    for user in (karin, annan_sekreterare):
        with pytest.raises(PermissionDenied):
            expediera(user=user, paragraf=justerad, extra_mottagare=["x@example.se"])
    assert inbox.messages == []
