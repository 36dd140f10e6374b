# ruff: noqa: F811 (the fixtures of fabriker_motet are imported, then requested by name)
"""Corrections at the meeting: a yrkande, an omröstning or a reservation recorded by mistake
is removed (with history and a line in the timeline, the later ones moving up), a reservation
that rests on an omröstning keeps that omröstning, nothing changes once the protokoll is
justerat, and the paragraf page's "Ta bort" buttons answer 403/404/banners, never 500."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from nameden import arendekallor
from nameden.models import Justering, Omrostning, Paragraf, Reservation, Rost, Yrkande
from nameden.services.motet_beslut import paragraf_besluta
from nameden.services.motet_omrostning import (
    jav_anmal,
    omrostning_genomfor,
    omrostning_ta_bort,
    reservation_anmal,
    reservation_ta_bort,
    yrkande_lagg_till,
    yrkande_ta_bort,
)
from nameden.services.protokoll import protokoll_justera
from nameden.workflow import Status, TransitionNotAllowed
from tests.nameden.fabriker_motet import (  # noqa: F401 (fixtures)
    motet,
    namnden,
    paragraf,
)
from tests.nameden.fabriker_protokoll import KALLA, SmallKalla, farskt_mote, justera_alla

pytestmark = pytest.mark.django_db

V = Rost.Val


def rosta(johan, p, namnden, **val) -> Omrostning:
    """An omröstning in `p` with each person's röst by first name (Anna, Bo, …)."""
    per_namn = {n.split()[0]: person for n, person in namnden.items()}
    return omrostning_genomfor(
        user=johan,
        paragraf=p,
        ja_proposition="Bifall till förslaget",
        nej_proposition="Avslag",
        roster={per_namn[k].pk: v for k, v in val.items()},
    )


def borttagen(modell, pk):
    """The history row of `pk`'s removal (simple-history keeps it with who and why)."""
    return modell.history.get(id=pk, history_type="-")


@pytest.fixture
def tre_yrkanden(johan, motet, namnden) -> list[Yrkande]:
    p = paragraf(motet, "Ärende 1")
    return [
        yrkande_lagg_till(user=johan, paragraf=p, yrkat_av=namnden[namn], text=text)
        for namn, text in (
            ("Anna Ordf", "Bifall."),
            ("Cecilia Ledamot", "Avslag."),
            ("David Ledamot", "Återremiss."),
        )
    ]


@pytest.fixture
def tva_omrostningar(johan, motet, namnden) -> list[Omrostning]:
    """§ 5: omröstning 1, ja won 3–1 with Cecilia ja; omröstning 2, ja won 2–1 with Cecilia
    nej and David abstaining; bifall recorded."""
    p = paragraf(motet, "Ärende 1")
    forsta = rosta(johan, p, namnden, Anna=V.JA, Bo=V.JA, Cecilia=V.JA, David=V.NEJ)
    andra = rosta(johan, p, namnden, Anna=V.JA, Bo=V.JA, Cecilia=V.NEJ, David=V.AVSTAR)
    paragraf_besluta(user=johan, paragraf=p, slag=Paragraf.Beslutsslag.BIFALL)
    return [forsta, andra]


# --- Yrkande ---------------------------------------------------------------------------------


def test_removing_a_yrkande_keeps_the_numbering_and_the_record(johan, motet, tre_yrkanden):
    """GIVEN yrkanden 1–3 in § 5 WHEN the first is removed THEN the other two are 1 and 2, the
    removal is in the history with Johan, and the timeline names whose yrkande it was."""
    forsta, andra, tredje = tre_yrkanden

    yrkande_ta_bort(user=johan, yrkande=forsta)

    p = paragraf(motet, "Ärende 1")
    assert [(y.pk, y.ordning) for y in p.yrkanden.order_by("ordning")] == [
        (andra.pk, 1),
        (tredje.pk, 2),
    ]
    rad = borttagen(Yrkande, forsta.pk)
    assert (rad.history_user, rad.history_change_reason) == (johan, "Yrkandet togs bort")
    assert motet.handelser.filter(
        typ="yrkande_borttaget", text="Ett yrkande av Anna Ordf i § 5 togs bort."
    ).exists()
    # The next one still follows on.
    ny = yrkande_lagg_till(
        user=johan, paragraf=p, yrkat_av=forsta.yrkat_av, text="Bifall till förslaget."
    )
    assert ny.ordning == 3


def test_a_yrkande_already_removed_is_refused_in_swedish(johan, tre_yrkanden):
    yrkande_ta_bort(user=johan, yrkande=tre_yrkanden[1])
    with pytest.raises(ValidationError, match="Yrkandet finns inte längre i § 5"):
        yrkande_ta_bort(user=johan, yrkande=tre_yrkanden[1])


# --- Omröstning ------------------------------------------------------------------------------


def test_removing_an_omrostning_removes_its_roster_and_renumbers(johan, motet, tva_omrostningar):
    """GIVEN two omröstningar in § 5 WHEN the first is removed THEN its four röster go with
    it (each in the history), the second becomes omröstning 1, and the timeline says what
    the removed one counted."""
    forsta, andra = tva_omrostningar
    roster = list(forsta.roster.values_list("pk", flat=True))

    omrostning_ta_bort(user=johan, omrostning=forsta)

    assert list(Omrostning.objects.filter(paragraf=forsta.paragraf)) == [andra]
    andra.refresh_from_db()
    assert andra.ordning == 1 and andra.roster.count() == 4
    assert not Rost.objects.filter(pk__in=roster).exists()
    assert borttagen(Omrostning, forsta.pk).history_user == johan
    assert {borttagen(Rost, pk).history_user for pk in roster} == {johan}
    assert motet.handelser.filter(
        typ="omrostning_borttagen",
        text="Omröstning 1 i § 5 (3 ja, 1 nej, 0 avstår) togs bort med sina röster.",
    ).exists()


def test_the_omrostning_a_reservation_rests_on_is_kept_until_the_reservation_goes(
    johan, motet, namnden, tva_omrostningar
):
    """GIVEN Cecilia voted for the winner in omröstning 1, against it in omröstning 2, and
    reserved herself WHEN omröstning 2 is removed THEN refused, naming her reservation and
    saying to remove it first, and nothing is removed; WHEN her reservation is removed first
    THEN omröstning 2 can go."""
    forsta, andra = tva_omrostningar
    p = paragraf(motet, "Ärende 1")
    reservation = reservation_anmal(
        user=johan, paragraf=p, fortroendevald=namnden["Cecilia Ledamot"]
    )

    with pytest.raises(ValidationError) as fel:
        omrostning_ta_bort(user=johan, omrostning=andra)

    assert fel.value.messages == [
        "Omröstning 2 i § 5 kan inte tas bort: reservationen av Cecilia Ledamot bygger på "
        "dess resultat och gäller inte mot den omröstning som då blir den sista. Ta först "
        "bort reservationen."
    ]
    assert p.omrostningar.count() == 2 and Rost.objects.filter(omrostning=andra).count() == 4
    assert not motet.handelser.filter(typ="omrostning_borttagen").exists()

    reservation_ta_bort(user=johan, reservation=reservation)
    omrostning_ta_bort(user=johan, omrostning=andra)
    assert list(p.omrostningar.all()) == [forsta]


def test_an_earlier_omrostning_or_the_only_one_may_go_while_a_reservation_stands(
    johan, motet, namnden, tva_omrostningar
):
    """GIVEN Cecilia's reservation after omröstning 2 WHEN omröstning 1 (not the last) is
    removed THEN allowed; WHEN then the only one left is removed THEN allowed too: without an
    omröstning a reservation rests on the beslut alone, and Cecilia's stays."""
    forsta, andra = tva_omrostningar
    p = paragraf(motet, "Ärende 1")
    reservation_anmal(user=johan, paragraf=p, fortroendevald=namnden["Cecilia Ledamot"])

    omrostning_ta_bort(user=johan, omrostning=forsta)
    omrostning_ta_bort(user=johan, omrostning=andra)

    assert not p.omrostningar.exists()
    assert list(p.reservationer.values_list("fortroendevald__namn", flat=True)) == [
        "Cecilia Ledamot"
    ]


def test_a_new_omrostning_may_not_contradict_a_reservation(johan, motet, namnden):
    """GIVEN Cecilia reserved herself after a beslut without omröstning WHEN an omröstning
    is recorded in which she voted for the winner THEN refused, naming her reservation;
    WHEN she voted for the losing side THEN it is recorded."""
    p = paragraf_besluta(
        user=johan, paragraf=paragraf(motet, "Ärende 1"), slag=Paragraf.Beslutsslag.BIFALL
    )
    reservation_anmal(user=johan, paragraf=p, fortroendevald=namnden["Cecilia Ledamot"])

    with pytest.raises(ValidationError, match="reservationen av Cecilia Ledamot inte stå kvar"):
        rosta(johan, p, namnden, Anna=V.JA, Bo=V.JA, Cecilia=V.JA, David=V.NEJ)
    assert rosta(johan, p, namnden, Anna=V.JA, Bo=V.JA, Cecilia=V.NEJ, David=V.NEJ)


# --- Reservation -----------------------------------------------------------------------------


def test_removing_a_reservation(johan, motet, namnden, tva_omrostningar):
    """GIVEN Cecilia's reservation WHEN removed THEN it is gone, in the history with Johan and
    in the timeline; she may reserve herself again."""
    p = paragraf(motet, "Ärende 1")
    cecilia = namnden["Cecilia Ledamot"]
    reservation = reservation_anmal(user=johan, paragraf=p, fortroendevald=cecilia, text="Nej.")

    reservation_ta_bort(user=johan, reservation=reservation)

    assert not p.reservationer.exists()
    rad = borttagen(Reservation, reservation.pk)
    assert (rad.history_user, rad.text) == (johan, "Nej.")
    assert motet.handelser.filter(
        typ="reservation_borttagen", text="Reservationen av Cecilia Ledamot i § 5 togs bort."
    ).exists()
    assert reservation_anmal(user=johan, paragraf=p, fortroendevald=cecilia)


# --- Who may, and when -----------------------------------------------------------------------


def test_a_handlaggare_may_not_remove(karin, johan, motet, namnden, tre_yrkanden):
    p = paragraf(motet, "Ärende 1")
    o = rosta(johan, p, namnden, Anna=V.JA, Bo=V.JA, Cecilia=V.NEJ, David=V.NEJ)
    with pytest.raises(PermissionDenied):
        yrkande_ta_bort(user=karin, yrkande=tre_yrkanden[0])
    with pytest.raises(PermissionDenied):
        omrostning_ta_bort(user=karin, omrostning=o)
    assert p.yrkanden.count() == 3 and p.omrostningar.count() == 1


@pytest.fixture
def kalla(monkeypatch):
    """A real, small källa registered for the test only (the justering tells it the beslut)."""
    kalla = SmallKalla()
    monkeypatch.setitem(arendekallor._kallor, KALLA, kalla)
    return kalla


@pytest.fixture
def halls(johan, socialnamnden, kalla):
    """A meeting held yesterday: § 5 with two yrkanden, omröstning 1 and Fredrik's
    reservation; Anna chairs, Bertil justerar."""
    return farskt_mote(johan, socialnamnden)


def test_a_removal_voids_a_justering_given_so_far(johan, halls):
    """GIVEN Anna has justerat WHEN Johan removes Fredrik's reservation THEN her justering
    no longer holds (the protokoll she confirmed said otherwise)."""
    protokoll_justera(user=halls.anna.user, sammantrade=halls.sammantrade)
    reservation = halls.beslut.reservationer.get()

    reservation_ta_bort(user=johan, reservation=reservation)

    justering = Justering.objects.get(fortroendevald=halls.anna)
    assert justering.upphavd_at is not None and "reservationer i § 5" in justering.upphavd_skal


def test_nothing_is_removed_once_the_protokoll_is_justerat(johan, halls, client):
    """GIVEN the protokoll justerat by Anna and Bertil WHEN Johan removes a yrkande, the
    omröstning or the reservation THEN refused (services and pages, a banner), nothing goes,
    and the page no longer offers the buttons."""
    justera_alla(halls)
    assert halls.sammantrade.status == Status.JUSTERAT
    p = halls.beslut
    rader = {
        "yrkande": p.yrkanden.first(),
        "omrostning": p.omrostningar.get(),
        "reservation": p.reservationer.get(),
    }

    for tjanst, (falt, rad) in zip(
        (yrkande_ta_bort, omrostning_ta_bort, reservation_ta_bort), rader.items(), strict=True
    ):
        with pytest.raises(TransitionNotAllowed):
            tjanst(user=johan, **{falt: rad})
    client.force_login(johan)
    for del_, rad in rader.items():
        adress = reverse(f"namnd:{del_}_ta_bort", args=[halls.sammantrade.pk, p.pk, rad.pk])
        svar = client.post(adress, follow=True)
        assert svar.status_code == 200
        assert "app-notification-banner--error" in svar.content.decode()
    assert (p.yrkanden.count(), p.omrostningar.count(), p.reservationer.count()) == (2, 1, 1)
    sida = client.get(reverse("namnd:paragraf", args=[halls.sammantrade.pk, p.pk]))
    assert ">Ta bort<" not in sida.content.decode()


# --- The paragraf page -----------------------------------------------------------------------


@pytest.fixture
def som(client):
    def _som(user):
        client.force_login(user)
        return client

    return _som


def url(namn, mote, *args):
    return reverse(f"namnd:{namn}", args=[mote.pk, *args])


@pytest.fixture
def allt_i_paragrafen(johan, motet, namnden, tre_yrkanden, tva_omrostningar):
    """§ 5 with three yrkanden, two omröstningar and Cecilia's reservation."""
    p = paragraf(motet, "Ärende 1")
    reservation_anmal(user=johan, paragraf=p, fortroendevald=namnden["Cecilia Ledamot"])
    return p


def test_the_page_offers_a_named_post_button_for_each(som, johan, karin, motet, allt_i_paragrafen):
    """GIVEN § 5 with yrkanden, omröstningar and a reservation WHEN Johan opens it THEN each
    has a POST form "Ta bort" whose hidden text names what it removes; Karin sees none."""
    p = allt_i_paragrafen
    html = som(johan).get(url("paragraf", motet, p.pk)).content.decode()

    for y in p.yrkanden.all():
        assert f'action="{url("yrkande_ta_bort", motet, p.pk, y.pk)}"' in html
    for o in p.omrostningar.all():
        assert f'action="{url("omrostning_ta_bort", motet, p.pk, o.pk)}"' in html
    r = p.reservationer.get()
    assert f'action="{url("reservation_ta_bort", motet, p.pk, r.pk)}"' in html
    for dolt in (
        "yrkande 2 av Cecilia Ledamot",
        "omröstning 2 med dess röster",
        "reservationen av Cecilia Ledamot",
    ):
        assert f'<span class="app-visually-hidden"> {dolt}</span>' in html
    html = som(karin).get(url("paragraf", motet, p.pk)).content.decode()
    assert "ta-bort" not in html


def test_removing_through_the_page(som, johan, motet, allt_i_paragrafen):
    """GIVEN § 5 WHEN Johan presses "Ta bort" on yrkande 1, on the reservation and then on
    omröstning 2 THEN each is gone, with a success banner on the paragraf's page, and the
    timeline lists all three."""
    p = allt_i_paragrafen
    klient = som(johan)
    for del_, rad, banner in (
        ("yrkande", p.yrkanden.get(ordning=1), "Yrkandet är borttaget."),
        ("reservation", p.reservationer.get(), "Reservationen är borttagen."),
        ("omrostning", p.omrostningar.get(ordning=2), "Omröstningen är borttagen."),
    ):
        svar = klient.post(url(f"{del_}_ta_bort", motet, p.pk, rad.pk))
        assert (svar.status_code, svar.url) == (302, url("paragraf", motet, p.pk))
        assert banner in klient.get(svar.url).content.decode()

    assert (p.yrkanden.count(), p.reservationer.count(), p.omrostningar.count()) == (2, 0, 1)
    assert set(
        motet.handelser.filter(typ__endswith="_borttagen").values_list("typ", flat=True)
    ) == {"reservation_borttagen", "omrostning_borttagen"}
    assert motet.handelser.filter(typ="yrkande_borttaget").exists()


def test_a_refusal_is_a_banner_on_the_paragraf_page(som, johan, motet, allt_i_paragrafen):
    """GIVEN Cecilia's reservation rests on omröstning 2 WHEN Johan presses its "Ta bort"
    THEN he is back on § 5 with the reason in an error banner, and it is still there."""
    p = allt_i_paragrafen
    o = p.omrostningar.get(ordning=2)

    svar = som(johan).post(url("omrostning_ta_bort", motet, p.pk, o.pk), follow=True)

    html = svar.content.decode()
    assert svar.redirect_chain == [(url("paragraf", motet, p.pk), 302)]
    assert "app-notification-banner--error" in html
    assert "Ta först bort reservationen." in html
    assert Omrostning.objects.filter(pk=o.pk).exists()


@pytest.mark.parametrize("del_", ["yrkande", "omrostning", "reservation", "jav"])
def test_a_stale_or_foreign_id_is_a_banner_never_500(som, johan, motet, namnden, del_):
    """GIVEN a row of each kind in § 6 WHEN its "Ta bort" is pressed twice (the second time
    it is gone), or posted under § 5, or with an id that does not fit a database integer
    THEN a banner on the paragraf's page says it is not there, and the row of § 6 stays
    where it was not removed."""
    p5, p6 = paragraf(motet, "Ärende 1"), paragraf(motet, "Ärende 2")
    if del_ == "jav":
        rad = jav_anmal(user=johan, paragraf=p6, fortroendevald=namnden["David Ledamot"])
    elif del_ == "yrkande":
        rad = yrkande_lagg_till(user=johan, paragraf=p6, yrkat_av=namnden["Bo Vice"], text="x")
    else:
        rad = rosta(johan, p6, namnden, Anna=V.JA, Bo=V.JA, Cecilia=V.NEJ, David=V.NEJ)
        if del_ == "reservation":
            paragraf_besluta(user=johan, paragraf=p6, slag=Paragraf.Beslutsslag.BIFALL)
            rad = reservation_anmal(
                user=johan, paragraf=p6, fortroendevald=namnden["David Ledamot"]
            )
    klient = som(johan)

    for p, pk in ((p5, rad.pk), (p5, 2**70), (p6, 2**70)):
        svar = klient.post(url(f"{del_}_ta_bort", motet, p.pk, pk), follow=True)
        assert svar.redirect_chain == [(url("paragraf", motet, p.pk), 302)]
        assert "finns inte längre i §" in svar.content.decode()
    assert type(rad).objects.filter(pk=rad.pk).exists()

    adress = url(f"{del_}_ta_bort", motet, p6.pk, rad.pk)
    assert klient.post(adress).status_code == 302
    svar = klient.post(adress, follow=True)
    assert f"finns inte längre i § {p6.nummer}" in svar.content.decode()


def test_removal_is_post_only_and_guarded(
    som, johan, karin, annan_sekreterare, motet, tre_yrkanden
):
    """GIVEN yrkande 1 WHEN its removal is requested with GET THEN 405; by Karin (handläggare)
    THEN 403; by another förvaltning's sekreterare THEN 404; and it is still there."""
    y = tre_yrkanden[0]
    adress = url("yrkande_ta_bort", motet, y.paragraf_id, y.pk)

    assert som(johan).get(adress).status_code == 405
    assert som(karin).post(adress).status_code == 403
    assert som(annan_sekreterare).post(adress).status_code == 404
    assert Yrkande.objects.filter(pk=y.pk).exists()
