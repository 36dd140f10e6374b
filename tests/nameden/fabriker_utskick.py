"""Test data for protokollsutdrag, expediering and the anslagstavla, made directly with the
models (the meeting's and the protokoll's services are other parts' work): a beslutad
paragraf on Socialnämnden's meeting, a justerat protokoll with its stored files, an anslag,
a small ärendekälla that records what it is told, and a real SMTP server on localhost."""

import contextlib
import datetime as dt
import hashlib
import io
import socket
from email.header import decode_header, make_header

import pikepdf
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core.files.base import ContentFile
from django.utils import timezone

from nameden import arendekallor
from nameden.historik import save_tracked
from nameden.models import (
    Anslag,
    Arende,
    Fortroendevald,
    Omrostning,
    Paragraf,
    Protokoll,
    Reservation,
    Rost,
    Sammantrade,
    Yrkande,
)
from nameden.services.foredragningslista import arende_anmal, punkt_lagg_till
from nameden.workflow import Status

KALLA = "utskicktest"
REGISTRATUR = "registrator@ks.example.se"
EXPEDIERAT_MARK = "[expedierat]"
BESLUT = "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."


# --- Files ------------------------------------------------------------------------------------


def liten_pdf(text: str = "Handling") -> bytes:
    """A small, valid PDF of one page whose bytes differ by `text`."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Title"] = text
    ut = io.BytesIO()
    pdf.save(ut, deterministic_id=True)
    return ut.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- The källa --------------------------------------------------------------------------------


class ProvKalla:
    """An ärendekälla that knows one registry address and records every call; it refuses
    `expedierat` when told to (as a real källa does when the step does not follow)."""

    def __init__(self, adresser=(REGISTRATUR,), *, vagra: bool = False):
        self.adresser = tuple(adresser)
        self.vagra = vagra
        self.expedierat_anrop: list[tuple[str, arendekallor.Expediering, object]] = []

    def beslut_fattat(self, referens, *, beslut, av=None) -> None:
        pass

    def expedierat(self, referens, *, expediering, av=None) -> None:
        if self.vagra:
            raise arendekallor.StegetGarInte("Ärendet har inget beslut att expediera.")
        self.expedierat_anrop.append((referens, expediering, av))
        # A real källa records the step in its own rows, in the caller's transaction: this
        # one marks the ärende, so a test can see the step rolled back.
        arende = Arende.objects.get(kalla=KALLA, referens=referens)
        if EXPEDIERAT_MARK not in arende.rubrik:
            arende.rubrik = f"{arende.rubrik} {EXPEDIERAT_MARK}"
            arende.save()

    def mottagare(self, referens) -> tuple[str, ...]:
        return self.adresser

    def avslutat(self, referens, *, av=None) -> None:
        pass


def registrera_kalla(monkeypatch, kalla: ProvKalla) -> ProvKalla:
    """Register `kalla` for this test only (monkeypatch restores the registry)."""
    monkeypatch.setitem(arendekallor._kallor, KALLA, kalla)
    return kalla


# --- The meeting and its protokoll ------------------------------------------------------------


def _status(sammantrade: Sammantrade, status: str, user) -> None:
    sammantrade.status = status
    save_tracked(sammantrade, user=user, reason="Testdata")


def paragraf(
    mote: Sammantrade,
    johan,
    *,
    nummer: int = 45,
    rubrik: str = "Remiss av Kommunikationsprogram för Stockholms stad",
    diarienummer: str = "SOF 2024/1",
    sekretess: bool = False,
    referens: str | None = "R-1",
    handlingar=(),
    omedelbar_justering: bool = False,
) -> Paragraf:
    """A beslutsärende on `mote` (anmält from the test källa when `referens` is given, with
    `handlingar` as (titel, bytes)), decided with bifall; the meeting is then genomfört."""
    if mote.status not in (Status.PLANERAT, Status.KALLAT):
        _status(mote, Status.KALLAT, johan)
    if referens is not None:
        punkt = arende_anmal(
            user=johan,
            sammantrade=mote,
            kalla=KALLA,
            referens=referens,
            rubrik=rubrik,
            diarienummer=diarienummer,
            forslag_till_beslut=BESLUT,
            handlingar=handlingar,
        )
    else:
        punkt = punkt_lagg_till(
            user=johan,
            sammantrade=mote,
            typ="beslutsarende",
            rubrik=rubrik,
            diarienummer=diarienummer,
            sekretess=sekretess,
        )
    if sekretess and not punkt.sekretess:
        punkt.sekretess = True
        save_tracked(punkt, user=johan, reason="Testdata")
    p = Paragraf(
        punkt=punkt,
        namnd=mote.namnd,
        ar=mote.datum.year,
        nummer=nummer,
        text="Kommunstyrelsen har remitterat ett förslag till kommunikationsprogram.",
        slag=Paragraf.Beslutsslag.BIFALL,
        beslutstext=BESLUT,
        omedelbar_justering=omedelbar_justering,
        beslutat_at=timezone.now(),
        beslutat_av=johan,
    )
    save_tracked(p, user=johan, reason="Testdata")
    _status(mote, Status.GENOMFORT, johan)
    return p


def med_votering(p: Paragraf, user) -> None:
    """Yrkanden, an open omröstning and a reservation on `p`."""
    anna = Fortroendevald.objects.create(namn="Anna Ordf", parti="S")
    bo = Fortroendevald.objects.create(namn="Bo Opp", parti="M")
    Yrkande.objects.create(paragraf=p, ordning=1, yrkat_av=anna, text="Bifall till förslaget.")
    Yrkande.objects.create(
        paragraf=p, ordning=2, yrkat_av=bo, text="Avslag på förslaget.", bifallet=False
    )
    o = Omrostning.objects.create(
        paragraf=p,
        ordning=1,
        ja_proposition="Bifall till förslaget",
        nej_proposition="Avslag",
        resultat=Omrostning.Resultat.JA,
    )
    Rost.objects.create(omrostning=o, fortroendevald=anna, val=Rost.Val.JA)
    Rost.objects.create(omrostning=o, fortroendevald=bo, val=Rost.Val.NEJ)
    Reservation.objects.create(paragraf=p, fortroendevald=bo, text="Programmet är för dyrt.")


def justera(
    mote: Sammantrade,
    johan,
    *,
    justerat_at: dt.datetime | None = None,
    forvaringsplats: str = "Socialförvaltningens kansli",
    fil: bytes | None = None,
    offentlig: bytes | None = None,
) -> Protokoll:
    """The meeting's protokoll, justerat at `justerat_at`, with its full and public PDF stored
    with their SHA-256; the meeting is then justerat."""
    justerat_at = justerat_at or timezone.make_aware(dt.datetime(2024, 4, 30, 10, 0))
    fil = fil if fil is not None else liten_pdf(f"Protokoll {mote.pk} fullständigt")
    offentlig = offentlig if offentlig is not None else liten_pdf(f"Protokoll {mote.pk} offentligt")
    protokoll = Protokoll(
        sammantrade=mote,
        sekreterare=johan,
        justering_tid=justerat_at.date(),
        forvaringsplats=forvaringsplats,
        justerat_at=justerat_at,
        sha256=sha(fil),
        offentlig_sha256=sha(offentlig),
    )
    protokoll.fil.save(f"protokoll-{mote.pk}.pdf", ContentFile(fil), save=False)
    protokoll.offentlig_fil.save(
        f"protokoll-{mote.pk}-offentlig.pdf", ContentFile(offentlig), save=False
    )
    save_tracked(protokoll, user=johan, reason="Testdata")
    _status(mote, Status.JUSTERAT, johan)
    return protokoll


def ansla(
    protokoll: Protokoll,
    johan,
    *,
    anslaget: dt.date,
    nedtas: dt.date | None = None,
    forvaringsplats: str = "Socialförvaltningens kansli, Stadshuset",
    fil: bytes | None = None,
    offentlig: bytes | None = None,
) -> Anslag:
    """The protokoll's anslag, with its full and public PDF (with anslagsbevis) stored."""
    pk = protokoll.sammantrade_id
    fil = fil if fil is not None else liten_pdf(f"Protokoll {pk} med anslagsbevis")
    offentlig = (
        offentlig if offentlig is not None else liten_pdf(f"Protokoll {pk} offentligt bevis")
    )
    anslag = Anslag(
        protokoll=protokoll,
        anslaget=anslaget,
        nedtas=nedtas or anslaget + dt.timedelta(days=22),
        anslaget_av=johan,
        forvaringsplats=forvaringsplats,
        sha256=sha(fil),
        offentlig_sha256=sha(offentlig),
    )
    anslag.fil.save(f"anslag-{pk}.pdf", ContentFile(fil), save=False)
    anslag.offentlig_fil.save(f"anslag-{pk}-offentlig.pdf", ContentFile(offentlig), save=False)
    save_tracked(anslag, user=johan, reason="Testdata")
    return anslag


# --- Mail -------------------------------------------------------------------------------------


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def amne(message) -> str:
    return str(make_header(decode_header(message["Subject"]))).strip()


def ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on localhost, with Django's SMTP backend pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=ledig_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()
