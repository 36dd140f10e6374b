"""seed_demo builds the KS 2024/112 case so that it says what the reference document says."""

import io

import pytest
from django.core.management import call_command

from nameden.models import Anslag, User
from nameden.roles import Roll, group_name
from remiss.dokument import dokument_for
from remiss.models import Remiss
from tests.reference import las_referens

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(private_storage):
    call_command("seed_demo", stdout=io.StringIO())
    remiss = Remiss.objects.get(avsandarens_diarienummer="KS 2024/112")
    return dokument_for(remiss.tjansteutlatande)


def test_every_section_equals_the_reference_paragraph_by_paragraph(demo):
    """GIVEN the reference document WHEN seed_demo has run THEN each section's paragraphs
    are the reference's, in the reference's order."""
    ref = las_referens()
    assert [a.rubrik for a in demo.avsnitt] == list(ref.sektioner)
    for avsnitt in demo.avsnitt:
        expected = ref.sektioner[avsnitt.rubrik]
        if avsnitt.punkter:
            got = [f"{i}. {p}" for i, p in enumerate(avsnitt.punkter, start=1)]
        else:
            got = list(avsnitt.stycken)
        assert got == expected, avsnitt.rubrik


def test_header_signatories_and_bilagor_equal_the_reference(demo):
    ref = las_referens()
    assert (demo.handlaggare, demo.telefon) == (ref.handlaggare, ref.telefon)
    assert demo.till == (ref.till,)
    assert demo.sammantradesdatum.isoformat() == ref.datum
    assert (demo.rubrik, demo.underrubrik) == (ref.rubrik, ref.underrubrik)
    assert [(p.namn, p.titel, p.forvaltning) for p in demo.undertecknare] == ref.undertecknare
    assert [b.titel for b in demo.bilagor] == ref.bilagor
    assert demo.dokumenttyp == "Tjänsteutlåtande"
    assert demo.forvaltning == "Socialförvaltningen"


def test_seed_demo_is_idempotent(demo):
    """GIVEN seed_demo has run WHEN it runs again THEN nothing is added or changed."""
    from remiss.models import Attestering, MedverkandeForvaltning, Tjansteutlatande

    def tillstand():
        return (
            Remiss.objects.count(),
            User.objects.count(),
            MedverkandeForvaltning.objects.count(),
            Attestering.objects.count(),
            Tjansteutlatande.history.count(),
        )

    fore = tillstand()
    tu = Remiss.objects.get(avsandarens_diarienummer="KS 2024/112").tjansteutlatande
    history = tu.history.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert tillstand() == fore
    assert tu.history.count() == history


def test_one_demo_user_per_role_and_two_who_justera(demo):
    """GIVEN seed_demo WHEN the roles' groups are read THEN Socialförvaltningen has one demo
    user per role, but the Förtroendevald role two: the ordförande and the justerare who
    justera the protokoll; Stadsbyggnadskontoret (the joint remiss's other förvaltning) has
    one per role of the remiss side, and nobody else has a role."""
    sbk_roller = {
        Roll.HANDLAGGARE,
        Roll.AVDELNINGSCHEF,
        Roll.FORVALTNINGSCHEF,
        Roll.REGISTRATOR,
        Roll.NAMNDSEKRETERARE,
    }
    for roll in Roll:
        i_roll = User.objects.filter(groups__name=group_name(roll))
        sof = i_roll.exclude(avdelning__forvaltning__kortnamn="SBK")
        sbk = i_roll.filter(avdelning__forvaltning__kortnamn="SBK")
        assert sof.count() == (2 if roll is Roll.FORTROENDEVALD else 1), roll
        assert sbk.count() == (1 if roll in sbk_roller else 0), roll


def test_the_demo_case_is_attested_by_lisa_then_veronica_with_the_reference_dates(demo):
    """GIVEN seed_demo WHEN reading the attestation block THEN it is the reference's, newest
    first, and the attestations were made in the order avdelningschef, förvaltningschef."""
    from remiss import attestlage
    from remiss.models import Attestering

    tu = Remiss.objects.get(avsandarens_diarienummer="KS 2024/112").tjansteutlatande
    rader = attestlage.giltiga_attester(tu)
    assert [(f"{r.namn}, {r.titel}", r.datum.isoformat()) for r in rader] == las_referens().attester
    assert [
        a.attestant.username
        for a in Attestering.objects.filter(runda__tjansteutlatande=tu).order_by("steg")
    ] == [
        "lisa.cadenius",
        "veronica.wolgast",
    ]
    assert attestlage.ar_attesterad(tu)


def test_every_role_has_something_to_do_in_the_demo(demo):
    """GIVEN seed_demo WHEN Karin and Lisa log in THEN Karin has her four open remisser (one
    overdue, one joint with Stadsbyggnadskontoret; KS 2024/112 is answered) and Lisa has two
    tjänsteutlåtanden waiting for her attest, the joint one among them."""
    from remiss import selectors

    karin = User.objects.get(username="karin.wallander")
    lisa = User.objects.get(username="lisa.cadenius")
    mina = list(selectors.mina_remisser(karin))
    assert len(mina) == 4
    assert any(r.is_overdue for r in mina)
    assert sorted(r.remiss.avsandarens_diarienummer for r in selectors.att_attestera(lisa)) == [
        "KS 2026/1290",
        "KS 2026/845",
    ]


def test_the_demo_has_a_joint_remiss_under_attest_in_two_chains(demo):
    """GIVEN seed_demo WHEN the joint remiss KS 2026/1290 is read THEN it is under attest in
    two chains, Socialförvaltningen's (Lisa, then Veronica) waiting for Lisa and
    Stadsbyggnadskontoret's (Anders, then Helena) with Anders's step done and Helena next;
    it is signed by both förvaltningar; its header names both diarienummer, both
    kontaktpersoner, and both nämnder,
    Socialnämnden with its coming sammanträde's date and Stadsbyggnadsnämnden with none yet;
    Elin (SBK's kontaktperson) has it among her remisser."""
    from django.utils import timezone

    from nameden.models import Sammantrade
    from remiss import attestlage, samverkan, selectors
    from remiss.models import Attestrunda
    from remiss.workflow import Status

    remiss = Remiss.objects.get(avsandarens_diarienummer="KS 2026/1290")
    assert remiss.status == Status.FOR_ATTEST
    assert [d.forvaltning.namn for d in samverkan.deltagare(remiss)] == [
        "Socialförvaltningen",
        "Stadsbyggnadskontoret",
    ]
    rundor = Attestrunda.objects.filter(tjansteutlatande__remiss=remiss, status="pagar")
    vantar = sorted(User.objects.get(pk=r.vantar_pa_id).username for r in rundor)
    assert vantar == ["helena.lund", "lisa.cadenius"]
    tu = remiss.tjansteutlatande
    assert not attestlage.ar_attesterad(tu)
    # Signed by both förvaltningar: each one's chef and its kontaktperson's avdelningschef.
    assert [u["namn"] for u in tu.undertecknare] == [
        "Veronica Wolgast Carstorp",
        "Lisa Cadenius",
        User.objects.get(username="helena.lund").get_full_name(),
        User.objects.get(username="anders.sjoberg").get_full_name(),
    ]

    dokument = dokument_for(tu)
    medverkan = remiss.medverkande.get()
    assert [b.diarienummer for b in dokument.beteckningar] == [
        remiss.diarienummer,
        medverkan.diarienummer,
    ]
    assert [p.namn for p in dokument.kontaktpersoner] == ["Karin Wallander", "Elin Berg"]
    kommande = Sammantrade.objects.get(namnd__namn="Socialnämnden", datum__gt=timezone.localdate())
    assert [(m.namn, m.datum) for m in dokument.mottagare] == [
        ("Socialnämnden", kommande.datum),
        ("Stadsbyggnadsnämnden", None),
    ]
    elin = User.objects.get(username="elin.berg")
    assert [r.pk for r in selectors.mina_remisser(elin)] == [remiss.pk]


def test_the_demo_sammantrade_is_made_as_a_sekreterare_makes_one(demo):
    """GIVEN seed_demo WHEN Socialnämnden's 2024-04-23 sammanträde is read THEN it has a time
    and a place and its föredragningslista opens with the four standard punkter, as one made
    in the app; seeding again makes no second one."""
    from nameden.models import Punkt, Sammantrade
    from nameden.services.sammantrade import STANDARDPUNKTER

    call_command("seed_demo", stdout=io.StringIO())
    [mote] = Sammantrade.objects.filter(namnd__namn="Socialnämnden", datum="2024-04-23")

    assert mote.tid is not None and mote.plats
    rubriker = list(
        Punkt.objects.filter(sammantrade=mote).order_by("ordning").values_list("rubrik", flat=True)
    )
    assert rubriker == [*STANDARDPUNKTER, "Remiss av Kommunikationsprogram för Stockholms stad"]


def test_the_demo_takes_ks_2024_112_to_the_answer_sent(demo):
    """GIVEN seed_demo WHEN KS 2024/112 and Socialnämnden's sammanträden are read THEN the
    remiss is besvarad: decided in § 5 with the reference's wording, the protokoll justerat by
    the ordförande and the justerare and anslaget, the protokollsutdrag and the
    tjänsteutlåtande expedierade to the Kommunstyrelsen's registry; and the coming
    sammanträde has a beslutsärende waiting for its beslut."""
    import datetime as dt

    from nameden.models import Expediering, Paragraf, Punkt, Sammantrade

    remiss = Remiss.objects.get(avsandarens_diarienummer="KS 2024/112")
    assert remiss.status == "besvarad"
    mote = Sammantrade.objects.get(namnd__namn="Socialnämnden", datum="2024-04-23")
    assert mote.status == "justerat"
    paragraf = Paragraf.objects.get(punkt__sammantrade=mote, punkt__arende__isnull=False)
    assert paragraf.beslutstext == (
        "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."
    )
    protokoll = mote.protokoll
    assert {j.fortroendevald.namn for j in protokoll.justeringar.all()} == {
        "Maria Sandberg",
        "Lars Holm",
    }
    assert protokoll.sha256 and protokoll.anslag.anslaget == dt.date(2024, 5, 2)
    (expediering,) = Expediering.objects.filter(paragraf=paragraf)
    assert expediering.mottagare == ["registrator.kommunstyrelsen@example.org"]
    assert [f["titel"].split(":")[0] for f in expediering.filer] == [
        "Protokollsutdrag § 5",
        "Tjänsteutlåtande",
        "Bilaga 1",
    ]
    from django.utils import timezone

    kommande = Sammantrade.objects.get(namnd__namn="Socialnämnden", datum__gt=timezone.localdate())
    assert kommande.status == "kallat"
    vantande = kommande.punkter.get(typ=Punkt.Typ.BESLUTSARENDE)
    assert not Paragraf.objects.filter(punkt=vantande).exists()
    # Last week's sammanträde is anslaget today, so the public anslagstavla shows one.
    (uppe,) = Anslag.objects.filter(
        anslaget__lte=timezone.localdate(), nedtas__gte=timezone.localdate()
    )
    assert uppe.protokoll.sammantrade.datum < timezone.localdate()


def test_a_fortroendevald_starts_on_the_protokoll_to_justera(demo, client):
    """GIVEN the demo's ordförande, who reads no remisser WHEN she logs in and opens the start
    page THEN she is sent to "Att justera", and the menu offers no remiss lists."""
    client.force_login(User.objects.get(username="maria.sandberg"))

    svar = client.get("/")
    assert svar.status_code == 302 and svar.url == "/namnd/att-justera/"
    sida = client.get(svar.url).content.decode()
    assert "Att justera" in sida and "Mina remisser" not in sida and "Alla remisser" not in sida
