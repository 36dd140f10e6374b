"""The document owns its header: the organisation changing never changes a written document.

Förvaltning, enhet, handläggare (name, titel, telefon, e-post), "Till", undertecknare and the
document's date are copied into the tjänsteutlåtande when it is created and edited like any
other part. "Hämta aktuella uppgifter" pulls today's organisation values in on purpose.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nameden.models import Avdelning, Forvaltning
from nameden.roles import Roll
from nameden.sparmanager import untracked_writes
from remiss import attestlage, fingeravtryck, selectors
from remiss.dokument import (
    Avsnitt,
    BeredningRad,
    BilagaRad,
    Dokument,
    Person,
    dokument_for,
)
from remiss.models import Attestering, Remiss, Slutversion, Tjansteutlatande
from remiss.services.attestering import KraverBekraftelse, attest_godkann, attest_skicka
from remiss.services.registrering import remiss_tilldela
from remiss.services.tjansteutlatande import Konflikt
from remiss.services.tjansteutlatande_huvud import tjansteutlatande_hamta_uppgifter
from remiss.workflow import Status
from tests.factories import UserFactory
from tests.remiss.huvud_verktyg import huvud_post, huvud_spara

pytestmark = pytest.mark.django_db

PERSONER = ("Veronica Wolgast Carstorp", "Lisa Cadenius")


def _las(tu) -> Tjansteutlatande:
    return Tjansteutlatande.objects.get(pk=tu.pk)


def _avsandare(dokument: Dokument) -> tuple:
    """Förvaltning, enhet and the handläggare's name, titel, telefon and e-post, as printed."""
    return (
        dokument.forvaltning,
        dokument.enhet,
        dokument.handlaggare,
        dokument.titel,
        dokument.telefon,
        dokument.epost,
    )


def _hamta(tu, user, **kwargs):
    tu = _las(tu)
    return tjansteutlatande_hamta_uppgifter(user=user, tu=tu, bas_version=tu.version, **kwargs)


@pytest.fixture
def attesterad(klar, karin, lisa, veronica, sammantrade):
    """Addressed to Socialnämnden's meeting of 23 April, attested by Lisa and Veronica: its
    final PDF is stored."""
    huvud_spara(klar, karin, sammantrade=sammantrade)
    attest_skicka(user=karin, tu=_las(klar))
    attest_godkann(user=lisa, tu=_las(klar))
    attest_godkann(user=veronica, tu=_las(klar))
    return _las(klar)


# --- Fingerprint formats ------------------------------------------------------------------------

#: A document as it read before the header was stored, and its remiss-tu/1 fingerprint as the
#: code before migration 0005 computed it (commit fc9e82e). Attestations made then hold this.
FORE_0005 = Dokument(
    forvaltning="Socialförvaltningen",
    dokumenttyp="Tjänsteutlåtande",
    diarienummer="SOF 2024/1234",
    handlaggare="Karin Wallander",
    telefon="08-50825023",
    till=("Socialnämnden",),
    sammantradesdatum=dt.date(2024, 4, 23),
    rubrik="Remiss av Kommunikationsprogram för Stockholms stad",
    underrubrik="Svar på remiss från kommunstyrelsen, Dnr KS 2024/112",
    avsnitt=(
        Avsnitt(
            "forslag_till_beslut",
            "Förvaltningens förslag till beslut",
            "beslutspunkter",
            punkter=(
                "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.",
            ),
        ),
        Avsnitt(
            "sammanfattning",
            "Sammanfattning",
            "text",
            stycken=("Förvaltningen är positiv.", "Andra stycket."),
        ),
    ),
    undertecknare=(Person("Veronica Wolgast Carstorp", "Socialdirektör", "Socialförvaltningen"),),
    bilagor=(BilagaRad(1, "Kommunikationsprogram för Stockholms stad", "ab" * 32),),
    beredning=(BeredningRad("forvaltningsgrupp", "", "2024-04-17", "behandlat"),),
)
FORE_0005_SHA256 = "cdfa5aba398837cc3e2d66eb149968d3d4f40af6601eb80cc1a657256ee69123"


def test_remiss_tu_1_is_computed_exactly_as_before_the_header_was_stored():
    """GIVEN a document and the fingerprint the code before 0005 gave it WHEN it is
    fingerprinted in remiss-tu/1, whatever its new header fields say THEN the same SHA-256."""
    med_nya_falt = Dokument(
        **{
            **FORE_0005.__dict__,
            "enhet": "Stabsavdelningen",
            "titel": "Kommunikatör",
            "epost": "karin@example.org",
            "datum": dt.date(2024, 4, 10),
        }
    )

    assert fingeravtryck.fingeravtryck(FORE_0005, "remiss-tu/1") == FORE_0005_SHA256
    assert fingeravtryck.fingeravtryck(med_nya_falt, "remiss-tu/1") == FORE_0005_SHA256
    assert fingeravtryck.stammer(med_nya_falt, sha256=FORE_0005_SHA256, format="remiss-tu/1")


@pytest.mark.parametrize(
    "falt, varde",
    [
        ("enhet", "Stabsavdelningen"),
        ("titel", "Kommunikatör"),
        ("epost", "karin@example.org"),
        ("datum", dt.date(2024, 4, 10)),
        ("telefon", "08-508 999 99"),
    ],
)
def test_remiss_tu_2_binds_every_header_field(falt, varde):
    """GIVEN a remiss-tu/2 fingerprint WHEN one header field changes THEN it no longer
    matches."""
    sha256 = fingeravtryck.fingeravtryck(FORE_0005)
    andrad = Dokument(**{**FORE_0005.__dict__, falt: varde})

    assert fingeravtryck.FORMAT == "remiss-tu/2"
    assert fingeravtryck.stammer(FORE_0005, sha256=sha256, format="remiss-tu/2")
    assert not fingeravtryck.stammer(andrad, sha256=sha256, format="remiss-tu/2")


def test_a_fingerprint_never_matches_in_another_or_an_unknown_format():
    """GIVEN the v1 and v2 fingerprints of a document WHEN checked in the other format or in
    one that does not exist THEN they do not match."""
    v1 = fingeravtryck.fingeravtryck(FORE_0005, "remiss-tu/1")
    v2 = fingeravtryck.fingeravtryck(FORE_0005, "remiss-tu/2")

    assert not fingeravtryck.stammer(FORE_0005, sha256=v1, format="remiss-tu/2")
    assert not fingeravtryck.stammer(FORE_0005, sha256=v2, format="remiss-tu/1")
    assert not fingeravtryck.stammer(FORE_0005, sha256=v2, format="remiss-tu/9")


def test_new_attestations_and_the_final_version_record_remiss_tu_2(attesterad):
    """GIVEN a document attested now THEN every approval and its final version say which
    format their fingerprint is in: the current one."""
    formats = {a.fingeravtryck_format for a in Attestering.objects.all()}
    slutversion = Slutversion.objects.get(tjansteutlatande=attesterad)

    assert formats == {"remiss-tu/2"}
    assert slutversion.fingeravtryck_format == "remiss-tu/2"


def test_an_approval_in_remiss_tu_1_still_counts_while_the_content_is_unchanged(attesterad):
    """GIVEN an attested document whose approvals were recorded in remiss-tu/1 (made before
    0005) WHEN its attest state is read THEN it is attested; WHEN the header changes behind
    the app's back THEN it is not."""
    v1 = fingeravtryck.fingeravtryck(dokument_for(attesterad), "remiss-tu/1")
    for attestering in Attestering.objects.all():
        attestering.fingeravtryck, attestering.fingeravtryck_format = v1, "remiss-tu/1"
        attestering.save()  # test setup: an attestation as made before 0005

    assert attestlage.ar_attesterad(_las(attesterad))

    with untracked_writes("test: a change made behind the app's back"):
        Tjansteutlatande.objects.filter(pk=attesterad.pk).update(
            handlaggare_telefon="08-1"
        )  # setup

    assert not attestlage.ar_attesterad(_las(attesterad))


# --- The document reads only itself -----------------------------------------------------------


def test_dokument_for_reads_no_remiss_user_namnd_or_forvaltning(attesterad):
    """GIVEN an attested document read fresh WHEN its Dokument is built THEN no query touches
    the remiss, a user, a nämnd, a sammanträde or a förvaltning."""
    tu = Tjansteutlatande.objects.get(pk=attesterad.pk)

    with CaptureQueriesContext(connection) as queries:
        dokument = dokument_for(tu)

    tabeller = ("remiss_remiss", "nameden_")
    assert not [q["sql"] for q in queries if any(t in q["sql"] for t in tabeller)]
    assert (dokument.handlaggare, dokument.till, dokument.sammantradesdatum) == (
        "Karin Wallander",
        ("Socialnämnden",),
        dt.date(2024, 4, 23),
    )


def test_creating_the_document_copies_the_header(tu, remiss, karin):
    """GIVEN Karin's remiss WHEN its document is created THEN it holds the diarienummer,
    förvaltning, Karin's unit, name, titel, telefon and e-post, the remiss's nämnder, no
    meeting date and today's date."""
    dokument = dokument_for(_las(tu))

    assert (
        dokument.diarienummer,
        *_avsandare(dokument),
        dokument.till,
        dokument.sammantradesdatum,
        dokument.datum,
    ) == (
        remiss.diarienummer,
        "Socialförvaltningen",
        "Stabsavdelningen",
        "Karin Wallander",
        "Kommunikatör",
        karin.telefon,
        "karin@example.org",
        ("Socialnämnden",),
        None,
        timezone.localdate(),
    )


# --- Organisation changes never reach a written document ---------------------------------------


def _byt_namn_pa_namnden(p):
    p["socialnamnden"].namn = "Socialnämnden i Stockholm"
    p["socialnamnden"].save()


def _byt_namn_pa_forvaltningen_och_avdelningen(p):
    p["sof"].namn = "Socialförvaltningen i Stockholms stad"
    p["sof"].save()
    p["stab"].namn = "Kommunikationsavdelningen"
    p["stab"].save()


def _ny_telefon_titel_och_epost(p):
    karin = p["karin"]
    karin.telefon, karin.titel, karin.email = "08-508 999 99", "Strateg", "ny@example.org"
    karin.save()
    veronica = p["veronica"]
    veronica.titel = "Förvaltningschef"
    veronica.save()


def _sammantradet_flyttas(p):
    p["sammantrade"].datum = dt.date(2024, 5, 7)
    p["sammantrade"].save()


def _registratorn_tilldelar_hugo(p):
    remiss_tilldela(user=p["maria"], remiss=p["remiss"], handlaggare=p["hugo"])


ORGANISATIONSANDRINGAR = [
    _byt_namn_pa_namnden,
    _byt_namn_pa_forvaltningen_och_avdelningen,
    _ny_telefon_titel_och_epost,
    _sammantradet_flyttas,
    _registratorn_tilldelar_hugo,
]


@pytest.fixture
def personer(request, sof, stab, socialnamnden, sammantrade, karin, hugo, maria, veronica):
    return {
        "sof": sof,
        "stab": stab,
        "socialnamnden": socialnamnden,
        "sammantrade": sammantrade,
        "karin": karin,
        "hugo": hugo,
        "maria": maria,
        "veronica": veronica,
    }


@pytest.mark.parametrize("andring", ORGANISATIONSANDRINGAR, ids=lambda f: f.__name__.strip("_"))
def test_an_organisation_change_leaves_the_attested_document_as_it_was(
    client, attesterad, personer, andring
):
    """GIVEN an attested document with its final PDF WHEN the organisation changes (a nämnd
    or förvaltning renamed, a new telefon or titel, the meeting moved, another handläggare
    assigned) THEN it is still attested, its Dokument is unchanged, its preview PDF is the
    same bytes and the stored final PDF is served byte for byte as before."""
    remiss = attesterad.remiss
    client.force_login(personer["veronica"])
    forhandsgranskning = reverse("remiss:pdf_forhandsgranska", args=[remiss.pk])
    slutlig = reverse("remiss:pdf_slutversion", args=[remiss.pk])
    fore = (dokument_for(_las(attesterad)), client.get(forhandsgranskning).content)
    slutversion_fore = client.get(slutlig).content

    andring({**personer, "remiss": Remiss.objects.get(pk=remiss.pk)})

    tu = _las(attesterad)
    assert attestlage.ar_attesterad(tu)
    assert dokument_for(tu) == fore[0]
    assert client.get(forhandsgranskning).content == fore[1]
    assert client.get(slutlig).content == slutversion_fore
    assert slutversion_fore[:5] == b"%PDF-"
    assert Remiss.objects.get(pk=remiss.pk).status == Status.ATTESTERAD


def test_a_new_version_of_the_same_meeting_keeps_the_till_it_wrote(tu, karin, sammantrade):
    """GIVEN a document addressed to a meeting WHEN the nämnd is renamed and Karin saves the
    head with the same meeting and another rubrik THEN "Till" keeps the name it wrote."""
    huvud_spara(tu, karin, sammantrade=sammantrade)
    sammantrade.namnd.namn = "Nya socialnämnden"
    sammantrade.namnd.save()

    huvud_spara(tu, karin, sammantrade=sammantrade, rubrik="Ny rubrik")

    assert (_las(tu).rubrik, _las(tu).till) == ("Ny rubrik", ["Socialnämnden"])


def test_choosing_a_meeting_writes_its_namnd_and_date_and_none_the_remiss_namnder(
    tu, karin, sammantrade
):
    """GIVEN a document WHEN Karin chooses the meeting of 23 April THEN Till is that meeting's
    nämnd and date; WHEN she chooses none THEN the remiss's nämnder and no date."""
    huvud_spara(tu, karin, sammantrade=sammantrade)
    vald = (_las(tu).till, _las(tu).sammantradesdatum)

    huvud_spara(tu, karin, sammantrade=None)

    assert vald == (["Socialnämnden"], dt.date(2024, 4, 23))
    assert (_las(tu).till, _las(tu).sammantradesdatum) == (["Socialnämnden"], None)


def test_the_head_saves_the_header_fields_as_written(tu, karin):
    """GIVEN a document WHEN Karin writes förvaltning, enhet, her name, titel, telefon,
    e-post and the date by hand THEN the document says exactly that and the history says
    which fields changed."""
    huvud_spara(
        tu,
        karin,
        forvaltning_namn="  Socialförvaltningen ",
        enhet="Kommunikationsenheten",
        handlaggare_namn="Karin  Wallander",
        handlaggare_titel="Kommunikationsstrateg",
        handlaggare_telefon="08-508 250 23",
        handlaggare_epost="karin.wallander@stockholm.se",
        datum=dt.date(2024, 4, 2),
    )

    dokument = dokument_for(_las(tu))
    assert (*_avsandare(dokument), dokument.datum) == (
        "Socialförvaltningen",
        "Kommunikationsenheten",
        "Karin Wallander",
        "Kommunikationsstrateg",
        "08-508 250 23",
        "karin.wallander@stockholm.se",
        dt.date(2024, 4, 2),
    )
    assert tu.history.latest("history_date").history_change_reason == (
        "Ändrade dokumentets uppgifter: dokumentets datum, enhet, handläggarens titel, "
        "telefon, e-post"
    )


def test_the_head_refuses_an_empty_name_of_handlaggare_or_forvaltning(tu, karin):
    with pytest.raises(ValidationError) as exc:
        huvud_spara(tu, karin, handlaggare_namn="  ", forvaltning_namn="")

    assert exc.value.message_dict == {
        "forvaltning_namn": ["Skriv förvaltningens namn."],
        "handlaggare_namn": ["Skriv handläggarens namn."],
    }
    assert _las(tu).version == 1


def test_editing_the_header_of_an_attested_document_needs_confirmation_and_voids(attesterad, karin):
    """GIVEN an attested document WHEN Karin changes her telefon in it without confirming
    THEN refused and still attested; WHEN she confirms THEN saved and no longer attested."""
    with pytest.raises(KraverBekraftelse):
        huvud_spara(attesterad, karin, handlaggare_telefon="08-1")
    assert attestlage.ar_attesterad(_las(attesterad))

    huvud_spara(attesterad, karin, handlaggare_telefon="08-1", bekraftat=True)

    tu = _las(attesterad)
    assert (tu.handlaggare_telefon, attestlage.ar_attesterad(tu)) == ("08-1", False)
    assert tu.remiss.status == Status.UNDER_BEREDNING


# --- Hämta aktuella uppgifter -------------------------------------------------------------------


def test_hamta_pulls_the_current_organisation_values(tu, karin, sof, socialnamnden, stab):
    """GIVEN a document WHEN the förvaltning, the nämnd and Karin's unit, telefon and e-post
    change and Karin fetches the current values THEN the document says what the organisation
    says now, in one new version."""
    sof.namn = "Socialförvaltningen i Stockholm"
    sof.save()
    socialnamnden.namn = "Socialnämnden i Stockholm"
    socialnamnden.save()
    stab.namn = "Kommunikationsavdelningen"
    stab.save()
    karin.telefon, karin.email = "08-508 999 99", "karin.ny@example.org"
    karin.save()

    _hamta(tu, karin)

    tu = _las(tu)
    dokument = dokument_for(tu)
    assert (dokument.forvaltning, dokument.till, dokument.enhet, dokument.telefon) == (
        "Socialförvaltningen i Stockholm",
        ("Socialnämnden i Stockholm",),
        "Kommunikationsavdelningen",
        "08-508 999 99",
    )
    assert dokument.epost == "karin.ny@example.org"
    assert [u.forvaltning for u in dokument.undertecknare] == [
        "Socialförvaltningen i Stockholm"
    ] * 2
    assert tu.version == 2
    assert tu.history.latest("history_date").history_change_reason.startswith(
        "Hämtade aktuella uppgifter: förvaltning, enhet, telefon, e-post, till"
    )


def test_hamta_after_another_handlaggare_is_assigned_writes_the_new_one(tu, maria, hugo, karin):
    """GIVEN Karin's document WHEN Maria assigns Hugo and Hugo fetches the current values THEN
    the document names Hugo with his titel and telefon."""
    remiss_tilldela(user=maria, remiss=Remiss.objects.get(pk=tu.remiss_id), handlaggare=hugo)
    assert dokument_for(_las(tu)).handlaggare == "Karin Wallander"

    _hamta(tu, hugo)

    dokument = dokument_for(_las(tu))
    assert (dokument.handlaggare, dokument.titel) == ("Hugo Berg", "Utredare")


def test_hamta_without_changes_makes_no_version(tu, karin):
    """GIVEN a document just created WHEN Karin fetches the current values THEN nothing is
    written: same version, no history row, no timeline entry."""
    fore = (_las(tu).version, tu.history.count(), tu.remiss.handelser.count())

    _hamta(tu, karin)

    assert (_las(tu).version, tu.history.count(), tu.remiss.handelser.count()) == fore


def test_hamta_during_attest_needs_confirmation_then_voids(attesterad, karin, socialnamnden):
    """GIVEN an attested document and a renamed nämnd WHEN Karin fetches the current values
    without confirming THEN KraverBekraftelse and nothing changes; WHEN she confirms THEN
    Till has the new name and the attestation is void."""
    socialnamnden.namn = "Socialnämnden i Stockholm"
    socialnamnden.save()

    with pytest.raises(KraverBekraftelse):
        _hamta(attesterad, karin)
    assert (_las(attesterad).till, attestlage.ar_attesterad(_las(attesterad))) == (
        ["Socialnämnden"],
        True,
    )

    _hamta(attesterad, karin, bekraftat=True)

    tu = _las(attesterad)
    assert (tu.till, attestlage.ar_attesterad(tu), tu.remiss.status) == (
        ["Socialnämnden i Stockholm"],
        False,
        Status.UNDER_BEREDNING,
    )
    assert Attestering.objects.filter(ogiltig_at__isnull=True).count() == 0


def test_hamta_after_someone_else_changed_the_header_is_a_conflict(tu, karin, anna_admin):
    """GIVEN Karin opened "Hämta" at version 1 WHEN Anna changes the telefon in the document
    and the organisation's telefon changes THEN Karin's fetch from version 1 is a Konflikt and
    Anna's value stays."""
    karin.telefon = "08-2"
    karin.save()
    huvud_spara(tu, anna_admin, handlaggare_telefon="08-1")

    with pytest.raises(Konflikt):
        tjansteutlatande_hamta_uppgifter(user=karin, tu=_las(tu), bas_version=1)

    assert _las(tu).handlaggare_telefon == "08-1"


def test_a_lasare_may_not_fetch(tu, per):
    with pytest.raises(PermissionDenied):
        _hamta(tu, per)


@pytest.fixture
def anna_admin(stab):
    """The system administrator: may edit any document, but does not sign."""
    return UserFactory(
        username="anna", first_name="Anna", last_name="Admin", is_superuser=True, avdelning=stab
    )


# --- Undertecknare ------------------------------------------------------------------------------


@pytest.fixture
def stina(stab):
    """An attestant who leads no avdelning (e.g. an acting chef with the role)."""
    return UserFactory(
        username="stina",
        first_name="Stina",
        last_name="Ek",
        titel="Tf. avdelningschef",
        roll=Roll.AVDELNINGSCHEF,
        avdelning=stab,
    )


def test_undertecknare_offered_are_the_people_of_the_forvaltning_who_sign(
    sof, karin, hugo, lisa, veronica, maria, johan, per, stina, anna_admin, utomstaende
):
    """GIVEN SOF's people WHEN undertecknare are offered THEN the förvaltningschef, the
    avdelningschef and an attestant; never the handläggare, registrator, nämndsekreterare,
    läsare, the administrator, someone inactive or someone of another förvaltning."""
    UserFactory(
        username="ulla",
        first_name="Ulla",
        roll=Roll.AVDELNINGSCHEF,
        is_active=False,
        avdelning=Avdelning.objects.get(namn="Stabsavdelningen"),
    )
    annan = Avdelning.objects.create(
        forvaltning=sof,
        namn="Ledningen",
        chef=UserFactory(username="ola", first_name="Ola", last_name="Chef", avdelning=None),
    )
    assert annan.chef.avdelning is None

    offered = list(selectors.undertecknare_for(sof))

    assert offered == [lisa, stina, veronica]


def test_a_lasare_or_the_administrator_is_refused_as_undertecknare(tu, karin, per, anna_admin):
    """GIVEN Karin's document WHEN Per (läsare) or Anna (administrator) is chosen to sign
    THEN refused in Swedish and nothing changes."""
    for person in (per, anna_admin):
        with pytest.raises(ValidationError) as exc:
            huvud_spara(tu, karin, undertecknare=[person])

        assert exc.value.message_dict == {
            "undertecknare": [
                "Undertecknare ska vara förvaltningschef, avdelningschef eller attestera "
                "tjänsteutlåtanden på förvaltningen."
            ]
        }
    assert [u["namn"] for u in _las(tu).undertecknare] == list(PERSONER)


def test_an_attestant_may_sign_and_stays_when_the_role_goes(tu, karin, stina, lisa):
    """GIVEN Stina, an attestant, chosen to sign WHEN she loses the role and her titel and
    Karin saves the head again THEN Stina stays on the document as she was written."""
    huvud_spara(tu, karin, undertecknare=[stina, lisa])
    stina.groups.clear()
    stina.titel = "Utredare"
    stina.save()

    huvud_spara(tu, karin, undertecknare=[stina, lisa], rubrik="Ny rubrik")

    tu = _las(tu)
    assert tu.rubrik == "Ny rubrik"
    assert [(u["namn"], u["titel"]) for u in tu.undertecknare] == [
        ("Stina Ek", "Tf. avdelningschef"),
        ("Lisa Cadenius", "Avdelningschef"),
    ]


# --- The pages ------------------------------------------------------------------------------


def test_the_head_page_shows_the_header_and_the_fetch_link(client, karin, tu):
    client.force_login(karin)

    response = client.get(reverse("remiss:tu_huvud", args=[tu.remiss_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Karin Wallander"' in html
    assert 'value="karin@example.org"' in html
    assert 'value="Stabsavdelningen"' in html
    assert reverse("remiss:tu_hamta_uppgifter", args=[tu.remiss_id]) in html
    assert "Hämta aktuella uppgifter" in html


def test_the_head_page_saves_the_header_fields(client, karin, tu):
    """GIVEN the Uppgifter page WHEN Karin posts a new enhet, telefon and date THEN they are
    saved and she is back on the overview, whose preview shows the new telefon."""
    client.force_login(karin)
    url = reverse("remiss:tu_huvud", args=[tu.remiss_id])

    response = client.post(
        url,
        huvud_post(
            tu,
            enhet="Kommunikationsenheten",
            handlaggare_telefon="08-508 111 11",
            datum="2024-04-02",
        ),
        follow=True,
    )

    saved = _las(tu)
    assert (saved.enhet, saved.handlaggare_telefon, saved.datum) == (
        "Kommunikationsenheten",
        "08-508 111 11",
        dt.date(2024, 4, 2),
    )
    assert response.redirect_chain[-1][0] == reverse("remiss:tu", args=[tu.remiss_id])
    assert "Telefon: 08-508 111 11" in response.content.decode()


@pytest.mark.parametrize(
    "andrat, fel",
    [
        ({"handlaggare_namn": ""}, "Skriv handläggarens namn."),
        ({"forvaltning_namn": ""}, "Skriv förvaltningens namn."),
        ({"handlaggare_epost": "karin.example.org"}, "Skriv e-postadressen som namn@exempel.se."),
        ({"datum": "2 april"}, "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2024-04-23."),
    ],
    ids=["namn", "forvaltning", "epost", "datum"],
)
def test_a_bad_head_is_refused_with_a_swedish_message(client, karin, tu, andrat, fel):
    client.force_login(karin)

    response = client.post(
        reverse("remiss:tu_huvud", args=[tu.remiss_id]), huvud_post(tu, **andrat)
    )

    assert response.status_code == 400
    assert fel in response.content.decode()
    assert _las(tu).version == 1


def test_the_head_page_does_not_offer_a_lasare_to_sign(client, karin, tu, per):
    """GIVEN the Uppgifter page WHEN it is shown THEN Per is not a choice; WHEN his id is
    posted anyway THEN 400 and the choice is refused."""
    client.force_login(karin)
    url = reverse("remiss:tu_huvud", args=[tu.remiss_id])

    form = client.get(url).context["form"]
    response = client.post(url, huvud_post(tu, undertecknare_1=per.pk))

    assert per not in form.fields["undertecknare_1"].queryset
    assert response.status_code == 400
    assert "Välj ett av alternativen i listan." in response.content.decode()


def test_the_fetch_page_shows_what_would_change_then_fetches(client, karin, tu):
    """GIVEN Karin's telefon changed WHEN she opens "Hämta aktuella uppgifter" THEN the page
    shows the telefon now and new, and nothing is saved yet; WHEN she posts THEN it is."""
    karin.telefon = "08-508 999 99"
    karin.save()
    client.force_login(karin)
    url = reverse("remiss:tu_hamta_uppgifter", args=[tu.remiss_id])

    page = client.get(url)

    html = page.content.decode()
    assert page.status_code == 200
    assert '<th scope="row">Telefon</th>' in html
    assert "08-508 000 00" in html and "08-508 999 99" in html
    assert _las(tu).handlaggare_telefon == "08-508 000 00"

    response = client.post(url, {"bas_version": tu.version})

    assert response.status_code == 302
    assert _las(tu).handlaggare_telefon == "08-508 999 99"


def test_the_fetch_page_says_when_there_is_nothing_to_fetch(client, karin, tu):
    client.force_login(karin)

    html = client.get(reverse("remiss:tu_hamta_uppgifter", args=[tu.remiss_id])).content.decode()

    assert "Dokumentet har redan de aktuella uppgifterna." in html
    assert "Hämta uppgifterna</button>" not in html


def test_the_fetch_page_in_attest_needs_the_confirmation_box(client, karin, attesterad, sof):
    """GIVEN an attested document and a renamed förvaltning WHEN Karin posts the fetch
    without ticking the box THEN 400 with the warning and still attested; WHEN she ticks it
    THEN fetched and no longer attested."""
    sof.namn = "Socialförvaltningen i Stockholm"
    sof.save()
    client.force_login(karin)
    url = reverse("remiss:tu_hamta_uppgifter", args=[attesterad.remiss_id])
    data = {"bas_version": attesterad.version}

    utan = client.post(url, data)
    assert utan.status_code == 400
    assert "Bekräfta att du vill göra ändringen." in utan.content.decode()
    assert attestlage.ar_attesterad(_las(attesterad))

    med = client.post(url, {**data, "bekraftat": "on"})

    assert med.status_code == 302
    tu = _las(attesterad)
    assert (tu.forvaltning_namn, attestlage.ar_attesterad(tu)) == (
        "Socialförvaltningen i Stockholm",
        False,
    )


def test_the_fetch_page_after_another_edit_of_the_header_is_a_409(client, karin, tu, anna_admin):
    """GIVEN Karin opened "Hämta" at version 1 WHEN Anna writes another telefon into the
    document before Karin posts THEN 409, nothing fetched, and the form carries the newer
    version so that fetching again is a conscious choice."""
    karin.telefon = "08-2"
    karin.save()
    client.force_login(karin)
    url = reverse("remiss:tu_hamta_uppgifter", args=[tu.remiss_id])
    huvud_spara(tu, anna_admin, handlaggare_telefon="08-1")

    response = client.post(url, {"bas_version": 1})

    assert response.status_code == 409
    assert "Uppgifterna har ändrats sedan du öppnade sidan" in response.content.decode()
    assert response.context["form"]["bas_version"].value() == "2"
    assert _las(tu).handlaggare_telefon == "08-1"


def test_a_lasare_gets_403_on_the_fetch_page(client, per, tu):
    client.force_login(per)

    assert client.get(reverse("remiss:tu_hamta_uppgifter", args=[tu.remiss_id])).status_code == 403


def test_forvaltning_model_is_untouched_by_editing_the_document(tu, karin, sof):
    """GIVEN a document WHEN Karin writes another förvaltning name into it THEN the
    organisation keeps its own name (the copy goes one way)."""
    huvud_spara(tu, karin, forvaltning_namn="Socialförvaltningen, avdelning Stab")

    assert Forvaltning.objects.get(pk=sof.pk).namn == "Socialförvaltningen"


# --- Er beteckning (issue 9) -----------------------------------------------------------------


def test_creating_the_document_copies_the_senders_diarienummer(tu, remiss):
    """GIVEN a remiss from a sender with a diarienummer WHEN its document is created THEN the
    document holds its own copy of it (printed where a mall has Er beteckning)."""
    assert _las(tu).avsandarens_diarienummer == remiss.avsandarens_diarienummer == "KS 2024/112"


def test_er_beteckning_is_edited_on_the_head_page_and_fetched_again(tu, karin):
    """GIVEN a document WHEN Karin writes another Er beteckning on the Uppgifter page THEN the
    document holds it; WHEN she fetches the current values THEN the remiss's number is back
    and the reason names Er beteckning."""
    huvud_spara(tu, karin, avsandarens_diarienummer="KS 2024/112-2")
    assert _las(tu).avsandarens_diarienummer == "KS 2024/112-2"

    _hamta(tu, karin)

    tu = _las(tu)
    assert tu.avsandarens_diarienummer == "KS 2024/112"
    assert "er beteckning" in tu.history.latest("history_date").history_change_reason
