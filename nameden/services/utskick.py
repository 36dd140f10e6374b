"""What goes out of a justerat beslut: the protokollsutdrag and the expediering by e-mail.

Both act only on a justerad paragraf (`nameden.protokoll.lage`), lock the sammanträde row
first (`las_sammantrade`) and then check the policy, like every service of the committee side.

**The failure order of an expediering** (decided here, so it holds for every caller). Sending
the e-mail is the one step that cannot be undone, so it is the *last* step inside the
transaction: the Expediering row is saved, the event recorded and the källa told
(`Arendekalla.expedierat`) first, and only then is the message handed to the mail server.

- The mail server refuses or cannot be reached: the exception rolls the transaction back, so
  nothing is recorded, the källa's step is undone with it, and the page says why in Swedish.
- The källa refuses (`StegetGarInte`, `ArendeSaknas`): the transaction rolls back before any
  mail has gone out; nothing is recorded and nothing is sent.
- Only a failure of the commit itself, after the server accepted the message, can leave a
  sent message without its record. That window is as small as it can be: sending after the
  commit instead would risk the opposite (a record of a message that never went out), which
  is worse for a public record. The Message-ID is generated before sending and stored, so the
  mail server's log finds the message in either case.

The sammanträde row stays locked while the server answers (a second expediering of the same
beslut waits for the first and then goes out as a new row, as it should: re-sending is
allowed, and the page shows what was already sent).
"""

import datetime as dt
import hashlib
import re
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from nameden import arendekallor, events, policy, selectors, svenska
from nameden.historik import save_tracked
from nameden.models import Expediering, Paragraf, Protokollsutdrag, Sammantrade
from nameden.pdf import PdfFel, validate_pdfa
from nameden.protokoll import lage
from nameden.services.las import las_sammantrade
from nameden.utdrag import filer
from nameden.utdrag.innehall import utdrag_innehall
from nameden.utdrag.pdf import render_utdrag
from nameden.workflow import Action

#: The most addresses one expediering goes to (the källa's and those the sekreterare adds).
MAX_MOTTAGARE = 20
#: RFC 5321's limit on an address's length.
MAX_ADRESSLANGD = 254
EPOST_MALL = "email/expediering.txt"


@dataclass(frozen=True)
class Bifogad:
    """One file of an expediering: what the message carries and the record keeps."""

    titel: str
    filnamn: str
    innehall: bytes
    mimetyp: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.innehall).hexdigest()

    @property
    def storlek(self) -> int:
        return len(self.innehall)

    def som_post(self) -> dict:
        return {
            "titel": self.titel,
            "filnamn": self.filnamn,
            "sha256": self.sha256,
            "storlek": self.storlek,
        }


# --- Shared steps -----------------------------------------------------------------------------


def _las_paragraf(paragraf: Paragraf) -> tuple[Paragraf, Sammantrade]:
    """The paragraf re-read under its sammanträde's lock, with everything the utdrag prints."""
    sammantrade_id = (
        Paragraf.objects.filter(pk=paragraf.pk).values_list("punkt__sammantrade_id", flat=True)
    ).first()
    if sammantrade_id is None:
        raise ValidationError("Paragrafen finns inte.")
    sammantrade = las_sammantrade(Sammantrade(pk=sammantrade_id))
    paragraf = Paragraf.objects.select_related(
        "punkt__arende", "punkt__sammantrade__namnd__forvaltning"
    ).get(pk=paragraf.pk)
    return paragraf, sammantrade


def _justerad_kravs(paragraf: Paragraf) -> None:
    if not lage.paragraf_justerad(paragraf):
        raise ValidationError(
            f"{paragraf} är inte justerad. Ett beslut kan tas ut som protokollsutdrag och "
            "expedieras först när paragrafen är justerad: när hela protokollet är justerat "
            "eller när paragrafen har justerats omedelbart vid sammanträdet."
        )


def _skapa_utdrag(
    *, user, paragraf: Paragraf, sammantrade: Sammantrade, tidpunkt=None
) -> Protokollsutdrag:
    policy.require(user, Action.TA_UT_UTDRAG, sammantrade)
    bestyrkt_at = tidpunkt or timezone.now()
    innehall = utdrag_innehall(paragraf, bestyrkt_av=user, bestyrkt_at=bestyrkt_at)
    try:
        rendered = render_utdrag(innehall)
        # The archive gets PDF/A or nothing, as for every stored document.
        validate_pdfa(rendered.pdf)
    except PdfFel as exc:
        raise ValidationError(str(exc)) from exc
    utdrag = Protokollsutdrag(
        paragraf=paragraf,
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        storlek=len(rendered.pdf),
        sidor=rendered.sidor,
        sekretess=paragraf.punkt.sekretess,
        bestyrkt_av=user,
        bestyrkt_at=bestyrkt_at,
    )
    # The file is written before the row: a failed transaction leaves an orphan file, never a
    # row without its file.
    utdrag.fil.save(filer.filnamn(utdrag), ContentFile(rendered.pdf), save=False)
    save_tracked(utdrag, user=user, reason=f"Protokollsutdrag ur {paragraf} bestyrktes")
    events.record(
        sammantrade, "utdrag_skapat", user=user, paragraf=str(paragraf), sha=utdrag.sha256[:12]
    )
    return utdrag


# --- Protokollsutdrag -------------------------------------------------------------------------


@transaction.atomic
def protokollsutdrag_skapa(
    *, user, paragraf: Paragraf, tidpunkt: dt.datetime | None = None
) -> Protokollsutdrag:
    """Make a new, certified protokollsutdrag of a justerad paragraf: rendered as PDF/A,
    validated, stored with its SHA-256. Never changed afterwards; a new one is a new row.
    `tidpunkt` is for importing historical protokoll (and the demo); it defaults to now."""
    paragraf, sammantrade = _las_paragraf(paragraf)
    policy.require(user, Action.TA_UT_UTDRAG, sammantrade)
    _justerad_kravs(paragraf)
    return _skapa_utdrag(user=user, paragraf=paragraf, sammantrade=sammantrade, tidpunkt=tidpunkt)


# --- Expediering ------------------------------------------------------------------------------

_SKILJETECKEN = re.compile(r"[\s,;]+")


def dela_adresser(text: str) -> list[str]:
    """Addresses typed one per line or separated by commas or semicolons."""
    return [a for a in _SKILJETECKEN.split(text or "") if a]


def _giltig(adress: str) -> bool:
    if len(adress) > MAX_ADRESSLANGD:
        return False
    try:
        validate_email(adress)
    except ValidationError:
        return False
    return True


def _mottagare(fran_kallan: Iterable[str], extra: Iterable[str]) -> tuple[str, ...]:
    """The källa's addresses, then those added, each once (compared case-insensitively)."""
    if isinstance(extra, str):
        extra = dela_adresser(extra)
    ut: list[str] = []
    sett: set[str] = set()

    def lagg_till(adress: str) -> None:
        if adress.casefold() not in sett:
            sett.add(adress.casefold())
            ut.append(adress)

    for adress in fran_kallan:
        adress = str(adress).strip()
        if not _giltig(adress):
            raise ValidationError(
                f"Ärendets källa anger adressen ”{adress[:60]}”, som inte är en giltig "
                "e-postadress. Rätta den i ärendet eller ange mottagaren här."
            )
        lagg_till(adress)
    fel = []
    for adress in extra:
        adress = str(adress).strip()
        if not adress:
            continue
        if not _giltig(adress):
            fel.append(
                f"”{adress[:60]}” är inte en giltig e-postadress. Skriv adressen som "
                "namn@exempel.se."
            )
            continue
        lagg_till(adress)
    if fel:
        raise ValidationError({"extra_mottagare": fel})
    if not ut:
        raise ValidationError(
            {
                "extra_mottagare": "Ärendet har ingen adress att expediera till. Ange minst "
                "en mottagare."
            }
        )
    if len(ut) > MAX_MOTTAGARE:
        raise ValidationError(
            {"extra_mottagare": f"Ett beslut kan expedieras till högst {MAX_MOTTAGARE} mottagare."}
        )
    return tuple(ut)


def _kalla(paragraf: Paragraf) -> tuple[arendekallor.Arendekalla | None, str]:
    arende = paragraf.punkt.arende
    if arende is None:
        return None, ""
    try:
        return arendekallor.kalla_for(arende.kalla), arende.referens
    except LookupError as exc:
        raise ValidationError(
            f"Ärendets källa ”{arende.kalla}” finns inte i systemet, så beslutet kan inte "
            "expedieras härifrån."
        ) from exc


def _filtyp(innehall: bytes) -> tuple[str, str]:
    """(suffix, MIME type) of a stored handling, from its content (the committee side stores
    handlingar without a name of their own)."""
    if innehall.startswith(b"%PDF-"):
        return ".pdf", "application/pdf"
    if innehall.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in innehall[:100]:
            return ".odt", "application/vnd.oasis.opendocument.text"
        if b"word/" in innehall:
            return (
                ".docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
    return ".bin", "application/octet-stream"


def _bifogade(paragraf: Paragraf, utdrag: Protokollsutdrag) -> list[Bifogad]:
    """The utdrag and the punkt's handlingar, each read back only if it matches its SHA-256."""
    try:
        bifogade = [
            Bifogad(
                titel=f"Protokollsutdrag {paragraf}",
                filnamn=filer.filnamn(utdrag),
                innehall=filer.utdrag_fil(utdrag),
                mimetyp="application/pdf",
            )
        ]
    except filer.UtdragSkadad as exc:
        raise ValidationError(f"{exc} Ta ut ett nytt protokollsutdrag och försök igen.") from exc
    for handling in paragraf.punkt.handlingar.order_by("ordning"):
        try:
            innehall = selectors.handling_innehall(handling)
        except selectors.HandlingSkadad as exc:
            raise ValidationError(f"{exc} Beslutet expedierades inte.") from exc
        suffix, mimetyp = _filtyp(innehall)
        namn = slugify(handling.titel)[:60].strip("-") or "handling"
        bifogade.append(
            Bifogad(
                titel=handling.titel,
                filnamn=f"{handling.ordning:02d}-{namn}{suffix}",
                innehall=innehall,
                mimetyp=mimetyp,
            )
        )
    return bifogade


def _meddelande(
    *, user, paragraf: Paragraf, mottagare: tuple[str, ...], bifogade: list[Bifogad]
) -> EmailMessage:
    punkt = paragraf.punkt
    sammantrade = punkt.sammantrade
    diarienummer = punkt.diarienummer or (punkt.arende.diarienummer if punkt.arende else "")
    amne = (
        f"Protokollsutdrag {sammantrade.namnd.namn} {svenska.datum_i_huvud(sammantrade.datum)} "
        f"{paragraf}" + (f", Dnr {diarienummer}" if diarienummer else "")
    )
    body = render_to_string(
        EPOST_MALL,
        {
            "namnd": sammantrade.namnd.namn,
            "namnd_genitiv": svenska.genitiv(sammantrade.namnd.namn),
            "forvaltning": sammantrade.namnd.forvaltning.namn,
            "datum": svenska.datum_i_text(sammantrade.datum),
            "paragraf": str(paragraf),
            "diarienummer": diarienummer,
            "rubrik": punkt.rubrik,
            "filer": bifogade,
            "avsandare": user,
        },
    )
    from_email = settings.DEFAULT_FROM_EMAIL
    doman = parseaddr(from_email)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage(
        subject=amne[:300],
        body=body,
        from_email=from_email,
        to=list(mottagare),
        headers={"Message-ID": make_msgid(domain=doman)},
    )
    for fil in bifogade:
        message.attach(fil.filnamn, fil.innehall, fil.mimetyp)
    return message


def _skicka(message: EmailMessage) -> None:
    """Hand the message to the configured backend; a refusal becomes a Swedish error (and,
    raised inside the transaction, undoes everything the expediering recorded)."""
    try:
        skickade = message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        raise ValidationError(
            "E-postmeddelandet kunde inte skickas, så beslutet är inte expedierat och inget "
            f"har registrerats. E-postservern svarade: {str(exc)[:200] or type(exc).__name__}. "
            "Försök igen om en stund eller kontakta systemförvaltaren."
        ) from exc
    if not skickade:
        raise ValidationError(
            "E-postmeddelandet kunde inte skickas, så beslutet är inte expedierat och inget har "
            "registrerats."
        )


@transaction.atomic
def expediera(
    *,
    user,
    paragraf: Paragraf,
    extra_mottagare: Iterable[str] = (),
    nytt_utdrag: bool = False,
    tidpunkt: dt.datetime | None = None,
) -> Expediering:
    """Send a justerad paragraf's beslut by e-mail: the protokollsutdrag (the latest, or a new
    one if there is none or `nytt_utdrag`) and the punkt's handlingar, to the källa's
    addresses and `extra_mottagare`. Recorded as an Expediering and told to the källa; see
    the module's docstring for what happens when a step fails."""
    paragraf, sammantrade = _las_paragraf(paragraf)
    policy.require(user, Action.EXPEDIERA, sammantrade)
    _justerad_kravs(paragraf)
    if paragraf.punkt.sekretess:
        raise ValidationError(
            f"{paragraf} är ett sekretessärende. Det expedieras inte med vanlig e-post; skicka "
            "protokollsutdraget på ett sätt som skyddar uppgifterna."
        )
    kalla, referens = _kalla(paragraf)
    try:
        fran_kallan = kalla.mottagare(referens) if kalla is not None else ()
    except arendekallor.ArendeSaknas as exc:
        raise ValidationError(f"Ärendet finns inte längre hos sin källa: {exc}") from exc
    mottagare = _mottagare(fran_kallan, extra_mottagare)
    utdrag = None if nytt_utdrag else paragraf.utdrag.order_by("-bestyrkt_at", "-pk").first()
    if utdrag is None:
        utdrag = _skapa_utdrag(
            user=user, paragraf=paragraf, sammantrade=sammantrade, tidpunkt=tidpunkt
        )
    bifogade = _bifogade(paragraf, utdrag)
    message = _meddelande(user=user, paragraf=paragraf, mottagare=mottagare, bifogade=bifogade)

    expediering = Expediering(
        paragraf=paragraf,
        utdrag=utdrag,
        mottagare=list(mottagare),
        amne=message.subject,
        skickat_at=tidpunkt or timezone.now(),
        skickat_av=user,
        filer=[fil.som_post() for fil in bifogade],
        message_id=message.extra_headers["Message-ID"],
    )
    save_tracked(expediering, user=user, reason=f"Beslutet i {paragraf} expedierades")
    events.record(
        sammantrade,
        "expedierat",
        user=user,
        paragraf=str(paragraf),
        mottagare=", ".join(mottagare),
        antal_filer=len(bifogade),
    )
    if kalla is not None:
        try:
            kalla.expedierat(
                referens,
                expediering=arendekallor.Expediering(
                    mottagare=mottagare,
                    skickat_at=expediering.skickat_at,
                    filer=tuple(
                        arendekallor.ExpedieradFil(
                            titel=f.titel, filnamn=f.filnamn, sha256=f.sha256, storlek=f.storlek
                        )
                        for f in bifogade
                    ),
                ),
                av=user,
            )
        except (arendekallor.StegetGarInte, arendekallor.ArendeSaknas) as exc:
            raise ValidationError(
                f"Ärendets källa tog inte emot expedieringen: {exc} Inget skickades och inget "
                "registrerades."
            ) from exc
    # Last: the one step that cannot be undone (see the module's docstring).
    _skicka(message)
    return expediering
