"""Property-based tests of every form (issue 10): generated data posted to each form the app
serves, 10,000 examples in all, and never a server error.

Each row of `FORMULAR` is one form: the URL it posts to, who posts (a user who may use it, so
the data reaches the form and the service, not only the policy's 404), the objects that fill
the path and the page that shows it. The test GETs that page, reads the form's fields as
rendered (names, values, options; `tests/hypotes_formular.py`), adds the form class's declared
fields, and posts hypothesis-generated data: each field present or missing, valid-looking or
hostile, one value or a list, plus fields the form never asked for. Each POST runs in a
savepoint that is rolled back, so every example starts from the same world (the access
sweep's seeded demo, `tests/test_atkomst_svep.py`, with a draft, a registered remiss and a
sammanträde held but not yet justerat added here).

What holds for every example: the answer is not 5xx, and an answer of 400 (the form page
again, with its errors) has written no history or timeline row. A new URL pattern whose view
accepts POST must get a row here (`test_every_post_url_has_a_form_row`), so "every form"
stays true.
"""

import copy
import datetime as dt
import inspect
import os
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as exempelprofil

from nameden.forms_motet import (
    BeslutForm,
    JavForm,
    NarvaroForm,
    OmrostningForm,
    OvrigForm,
    ReservationForm,
    TextForm,
    YrkandeForm,
)
from nameden.forms_namnd import BekraftaForm, BordlaggForm, PunktForm, SammantradeForm
from nameden.forms_protokoll import AnslagForm, JusteringForm, ProtokollForm
from nameden.forms_utskick import ExpedieraForm
from nameden.inloggning import InloggningForm
from nameden.models import Fortroendevald, Paragraf, Punkt, Sammantrade, User
from nameden.views.sekretess import HavaForm, MarkeraForm
from remiss.forms import (
    AnmalForm,
    AterkallaForm,
    AvskrivForm,
    AvslutaForm,
    MedverkanForm,
    PaborjaForm,
    RegistreraForm,
    RegistreringsuppgifterForm,
    ReturneraForm,
    TilldelaForm,
)
from remiss.forms_tjansteutlatande import (
    AvsnittForm,
    AvsnittKlarForm,
    BekraftelseForm,
    BeredningsstegForm,
    BeslutspunkterForm,
    BilagaForm,
    HamtaUppgifterForm,
    HuvudForm,
)
from remiss.models import Remiss
from tests.hypotes_formular import (
    _MINSTA_PDF,
    Falt,
    falt_fran_klass,
    formular_pa_sidan,
    historikrader,
    postdata,
)
from tests.lagring import modul_lagring, seed_installningar
from tests.test_atkomst_svep import URLS, Varld, _bygg_varld

pytestmark = pytest.mark.django_db

# --- The forms ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    url: str  # the URL name it posts to
    vem: str | None  # username, None for an anonymous visitor
    params: tuple[tuple[str, str], ...] = ()  # path parameter -> key of `objekt`, or "=literal"
    klasser: tuple = ()  # (form class, prefix): their declared fields are posted too
    sida: tuple[str, tuple[str, ...]] | None = None  # the page that shows it, if not `url`:
    # its URL name and which of `params` it takes
    exempel: int = 200


def _o(**kw: str) -> tuple[tuple[str, str], ...]:
    return tuple(kw.items())


KARIN, MARIA, LISA, JOHAN = "karin.wallander", "maria.lind", "lisa.cadenius", "johan.ek"
OSKAR, ORDFORANDE = "oskar.nyberg", "maria.sandberg"
UTKAST = _o(pk="utkast")
REG = _o(pk="registrerad")
I_ATTEST = _o(pk="i_attest")
KOM = _o(pk="kommande")
PAG = _o(pk="pagar")
PAG_P = _o(pk="pagar", paragraf_pk="pagar_paragraf")
KS_P = _o(pk="mote", paragraf_pk="paragraf")

FORMULAR: dict[str, Form] = {
    # -- logging in and out --------------------------------------------------------------------
    "login": Form("login", None, klasser=((InloggningForm, ""),), exempel=300),
    "logout": Form("logout", KARIN, sida=("remiss:mina", ()), exempel=40),
    # -- registration and the case ---------------------------------------------------------------
    "registrera": Form("remiss:registrera", MARIA, klasser=((RegistreraForm, ""),), exempel=500),
    "medverkan_registrera": Form(
        "remiss:medverkan_registrera", OSKAR, klasser=((MedverkanForm, ""),), exempel=300
    ),
    "medverkan_ta_bort": Form(
        "remiss:medverkan_ta_bort",
        MARIA,
        _o(pk="gemensam", medverkan_pk="medverkan"),
        sida=("remiss:detalj", ("pk",)),
        exempel=60,
    ),
    "andra_uppgifter": Form(
        "remiss:andra_uppgifter", MARIA, REG, ((RegistreringsuppgifterForm, ""),), exempel=400
    ),
    "tilldela": Form("remiss:tilldela", MARIA, REG, ((TilldelaForm, ""),), exempel=200),
    "avskriva": Form("remiss:avskriva", MARIA, REG, ((AvskrivForm, ""),), exempel=200),
    "avsluta": Form("remiss:avsluta", MARIA, _o(pk="remiss"), ((AvslutaForm, ""),), exempel=150),
    "paborja": Form("remiss:paborja", KARIN, REG, ((PaborjaForm, ""),), exempel=150),
    "anmal": Form("remiss:anmal", JOHAN, _o(pk="attesterad"), ((AnmalForm, ""),), exempel=150),
    # -- the tjänsteutlåtande: a draft ---------------------------------------------------------
    "tu_huvud": Form("remiss:tu_huvud", KARIN, UTKAST, ((HuvudForm, ""),), exempel=500),
    "tu_hamta_uppgifter": Form(
        "remiss:tu_hamta_uppgifter", KARIN, UTKAST, ((HamtaUppgifterForm, ""),), exempel=150
    ),
    "tu_avsnitt": Form(
        "remiss:tu_avsnitt",
        KARIN,
        _o(pk="utkast", nyckel="=sammanfattning"),
        ((AvsnittForm, ""),),
        exempel=500,
    ),
    "tu_beslutspunkter": Form(
        "remiss:tu_avsnitt",
        KARIN,
        _o(pk="utkast", nyckel="=forslag_till_beslut"),
        ((BeslutspunkterForm, ""),),
        exempel=400,
    ),
    "tu_avsnitt_klar": Form(
        "remiss:tu_avsnitt_klar",
        KARIN,
        _o(pk="utkast", nyckel="=sammanfattning"),
        ((AvsnittKlarForm, ""),),
        sida=("remiss:tu_avsnitt", ("pk", "nyckel")),
        exempel=60,
    ),
    "beredning": Form("remiss:beredning", KARIN, UTKAST, ((BeredningsstegForm, ""),), exempel=400),
    "beredning_generera": Form(
        "remiss:beredning_generera", KARIN, UTKAST, ((BekraftelseForm, ""),), exempel=100
    ),
    "beredning_steg": Form(
        "remiss:beredning_steg",
        KARIN,
        _o(pk="utkast", steg_pk="utkast_steg"),
        ((BeredningsstegForm, ""),),
        exempel=400,
    ),
    "beredning_ta_bort": Form(
        "remiss:beredning_ta_bort",
        KARIN,
        _o(pk="utkast", steg_pk="utkast_steg"),
        ((BekraftelseForm, ""),),
        exempel=100,
    ),
    "bilagor": Form("remiss:bilagor", KARIN, UTKAST, ((BilagaForm, ""),), exempel=300),
    "bilaga_ta_bort": Form(
        "remiss:bilaga_ta_bort",
        KARIN,
        _o(pk="utkast", bilaga_pk="utkast_bilaga"),
        ((BekraftelseForm, ""),),
        exempel=100,
    ),
    "sekretess_markering": Form(
        "sekretess:markering",
        KARIN,
        _o(slag="=bilaga", pk="utkast_bilaga"),
        ((MarkeraForm, ""), (HavaForm, "")),
        exempel=300,
    ),
    # -- attest --------------------------------------------------------------------------------
    "attest_skicka": Form(
        "remiss:attest_skicka", KARIN, UTKAST, sida=("remiss:tu", ("pk",)), exempel=60
    ),
    # The inbox is a list, but its view takes any method: a POST must not break it either.
    "inkorg": Form("remiss:inkorg", LISA, exempel=20),
    "attest": Form("remiss:attest", LISA, I_ATTEST, ((ReturneraForm, ""),), exempel=300),
    "attest_aterkalla": Form(
        "remiss:attest_aterkalla",
        KARIN,
        I_ATTEST,
        ((AterkallaForm, "aterkalla"),),
        sida=("remiss:tu", ("pk",)),
        exempel=200,
    ),
    # -- the sammanträde and its föredragningslista (kallat, coming) ---------------------------
    "namnd_skapa": Form("namnd:skapa", JOHAN, klasser=((SammantradeForm, ""),), exempel=400),
    "namnd_andra": Form("namnd:andra", JOHAN, KOM, ((SammantradeForm, ""),), exempel=300),
    "namnd_overga": Form(
        "namnd:overga",
        JOHAN,
        _o(pk="kommande", action="=genomfora"),
        sida=("namnd:detalj", ("pk",)),
        exempel=60,
    ),
    "punkt_ny": Form("namnd:punkt_ny", JOHAN, KOM, ((PunktForm, ""),), exempel=400),
    "punkt_andra": Form(
        "namnd:punkt_andra",
        JOHAN,
        _o(pk="kommande", punkt_pk="kommande_punkt"),
        ((PunktForm, ""),),
        exempel=400,
    ),
    "punkt_flytta": Form(
        "namnd:punkt_flytta",
        JOHAN,
        _o(pk="kommande", punkt_pk="kommande_punkt", riktning="=upp"),
        sida=("namnd:detalj", ("pk",)),
        exempel=60,
    ),
    "punkt_bordlagg": Form(
        "namnd:punkt_bordlagg",
        JOHAN,
        _o(pk="kommande", punkt_pk="kommande_punkt"),
        ((BordlaggForm, ""),),
        exempel=250,
    ),
    "punkt_dra_tillbaka": Form(
        "namnd:punkt_dra_tillbaka",
        JOHAN,
        _o(pk="kommande", punkt_pk="kommande_punkt"),
        ((BekraftaForm, ""),),
        exempel=150,
    ),
    "handlingar_skapa": Form(
        "namnd:handlingar_skapa", JOHAN, KOM, sida=("namnd:handlingar", ("pk",)), exempel=60
    ),
    "protokollforing_oppna": Form(
        "namnd:protokollforing_oppna", JOHAN, KOM, sida=("namnd:detalj", ("pk",)), exempel=40
    ),
    # -- at the meeting and after it: a sammanträde held, not yet justerat ----------------------
    "narvaro": Form(
        "namnd:narvaro",
        JOHAN,
        _o(pk="pagar", person_pk="pagar_ledamot"),
        ((NarvaroForm, ""),),
        exempel=400,
    ),
    "ovrig_ny": Form(
        "namnd:ovrig_ny",
        JOHAN,
        PAG,
        ((OvrigForm, ""),),
        sida=("namnd:protokollforing", ("pk",)),
        exempel=300,
    ),
    "ovrig_ta_bort": Form(
        "namnd:ovrig_ta_bort",
        JOHAN,
        _o(pk="pagar", ovrig_pk="pagar_ovrig"),
        sida=("namnd:protokollforing", ("pk",)),
        exempel=60,
    ),
    **{
        f"paragraf_{del_}": Form(
            "namnd:paragraf_spara",
            JOHAN,
            PAG_P + _o(del_=f"={del_}"),
            ((klass, ""),),
            sida=("namnd:paragraf", ("pk", "paragraf_pk")),
            exempel=antal,
        )
        for del_, klass, antal in [
            ("beslut", BeslutForm, 400),
            ("text", TextForm, 250),
            ("yrkande", YrkandeForm, 300),
            ("omrostning", OmrostningForm, 400),
            ("reservation", ReservationForm, 300),
            ("jav", JavForm, 300),
        ]
    },
    **{
        f"{del_}_ta_bort": Form(
            f"namnd:{del_}_ta_bort",
            JOHAN,
            PAG_P + _o(rad_pk=f"pagar_{del_}"),
            sida=("namnd:paragraf", ("pk", "paragraf_pk")),
            exempel=40,
        )
        for del_ in ("yrkande", "omrostning", "reservation", "jav")
    },
    "protokoll_installningar": Form(
        "namnd:protokoll_installningar", JOHAN, PAG, ((ProtokollForm, ""),), exempel=400
    ),
    "protokoll_justera": Form(
        "namnd:protokoll_justera", ORDFORANDE, PAG, ((JusteringForm, ""),), exempel=150
    ),
    "protokoll_justera_paragraf": Form(
        "namnd:protokoll_justera_paragraf", ORDFORANDE, PAG_P, ((JusteringForm, ""),), exempel=150
    ),
    "protokoll_ansla": Form(
        "namnd:protokoll_ansla", JOHAN, _o(pk="mote"), ((AnslagForm, ""),), exempel=200
    ),
    # -- utskick: KS 2024/112's justerat § (each extract is a rendered PDF: fewer examples) -----
    "utdrag_skapa": Form(
        "namnd:utdrag_skapa", JOHAN, KS_P, sida=("namnd:utskick", ("pk", "paragraf_pk")), exempel=25
    ),
    "expediera": Form("namnd:expediera", JOHAN, KS_P, ((ExpedieraForm, ""),), exempel=60),
}

#: URL patterns whose view accepts POST but that are no form a user fills in, each with why
#: (none today: even the inbox, which takes any method, is posted to). Django's admin is left
#: out, as in the access sweep: it answers only staff, with its own checks.
INTE_FORMULAR: dict[str, str] = {}

TOTALT_MINST = 10_000

#: A quick run while working on a form: HYPOTES_ANDEL=0.1 runs a tenth of each form's examples
#: (CI runs them all).
ANDEL = float(os.environ.get("HYPOTES_ANDEL", "1"))


def _post_metoder(vy) -> set[str] | None:
    """The methods a view function allows by its `require_http_methods` decorator (None: the
    view itself decides, so it is taken to accept POST)."""
    if hasattr(vy, "view_class"):
        return {m.upper() for m in vy.view_class.http_method_names if hasattr(vy.view_class, m)}
    while vy is not None:
        if vy.__closure__:
            namn = inspect.getclosurevars(vy).nonlocals
            if "request_method_list" in namn:
                return set(namn["request_method_list"])
        vy = getattr(vy, "__wrapped__", None)
    return None


def _monster_med_vy(patterns, prefix: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _monster_med_vy(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{prefix}{p.name}", p.callback


def post_urlar() -> set[str]:
    """Every URL name outside the admin whose view accepts POST."""
    return {
        namn
        for namn, vy in _monster_med_vy(get_resolver().url_patterns)
        if (metoder := _post_metoder(vy)) is None or "POST" in metoder
    }


def test_every_post_url_has_a_form_row():
    """GIVEN the project's URL patterns WHEN the ones whose view takes POST are listed THEN
    each has a row in FORMULAR (or says in INTE_FORMULAR why it is no form), and no row names
    a URL that is gone or takes no POST."""
    tackta = {f.url for f in FORMULAR.values()}
    post = post_urlar()
    assert post - tackta - set(INTE_FORMULAR) == set(), "POST-vyer utan rad i FORMULAR"
    assert tackta - post == set(), "rader i FORMULAR för URL:er som inte tar POST"
    assert set(INTE_FORMULAR) <= post, "INTE_FORMULAR names a URL that takes no POST"
    assert tackta <= set(URLS), "the access sweep's table must know every form's URL too"


def test_the_examples_add_up_to_ten_thousand():
    """GIVEN the table WHEN its examples are summed THEN there are at least 10,000."""
    assert sum(f.exempel for f in FORMULAR.values()) >= TOTALT_MINST


# --- The world ---------------------------------------------------------------------------------


_lagring, private_storage = modul_lagring("formular")


@pytest.fixture(scope="module")
def _seedad(django_db_setup, django_db_blocker, _lagring):
    """The access sweep's world plus the states the forms need, built once for the module in a
    transaction rolled back after its last test (seeding renders PDFs: tens of seconds)."""
    from django.test.utils import override_settings

    lagring = seed_installningar(
        _lagring, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )
    with django_db_blocker.unblock(), override_settings(**lagring), transaction.atomic():
        varld = _bygg_varld()
        _fler_lagen(varld)
        yield varld
        transaction.set_rollback(True)


def _fler_lagen(varld: Varld) -> None:
    """A draft with a beredningssteg and a bilaga, a remiss registered but not started, one
    attested and not yet anmäld (the joint remiss stays in attest), the coming sammanträde
    (kallat) and one held (genomfört, not justerat, a § omedelbart justerad with a yrkande, a
    reservation and a jäv)."""
    from nameden.services.motet import ovrig_narvarande_lagg_till
    from nameden.services.motet_beslut import paragraf_besluta
    from nameden.services.motet_omrostning import jav_anmal, reservation_anmal, yrkande_lagg_till
    from remiss.demo import namnd as namnd_demo
    from remiss.demo.personer import DEMO_PASSWORD
    from remiss.models import Beredningstyp, Utfall
    from remiss.services.arbetsflode import remiss_paborja_beredning
    from remiss.services.attestering import attest_godkann
    from remiss.services.beredning import beredningssteg_lagg_till
    from remiss.services.bilagor import bilaga_ladda_upp
    from tests.factories import stockholm_mall

    karin = User.objects.get(username=KARIN)
    johan = User.objects.get(username=JOHAN)
    utkast = Remiss.objects.get(avsandarens_diarienummer="TRV 2026/4411")
    remiss_paborja_beredning(user=karin, remiss=utkast, mall=stockholm_mall())
    utkast.refresh_from_db()
    tu = utkast.tjansteutlatande
    steg = beredningssteg_lagg_till(
        user=karin,
        tu=tu,
        typ=Beredningstyp.SAMRAD,
        datum=dt.date(2026, 1, 15),
        utfall=Utfall.BEHANDLAT,
        motpart="Stadsbyggnadskontoret",
    )
    fil = SimpleUploadedFile("bilaga.pdf", _MINSTA_PDF, "application/pdf")
    bilaga = bilaga_ladda_upp(user=karin, tu=tu, fil=fil, titel="Remissversion")

    namnd = varld.ks.namnder.first()
    idag = timezone.localdate()
    kommande = Sammantrade.objects.filter(namnd=namnd, datum__gt=idag).order_by("datum").first()
    personer = namnd_demo.ledamoter(namnd, password=DEMO_PASSWORD)
    pagar = namnd_demo._kallat(
        johan, namnd, idag - dt.timedelta(days=2), [namnd_demo.DELEGATIONSBESLUT]
    )
    pagar = namnd_demo._hall_motet(johan, pagar, personer, justering=idag)
    paragraf = Paragraf.objects.filter(punkt__sammantrade=pagar).order_by("-pk").first()
    # Omedelbart justerad, with a row of each kind for the "Ta bort" buttons.
    paragraf = paragraf_besluta(
        user=johan,
        paragraf=paragraf,
        slag=paragraf.slag,
        beslutstext=paragraf.beslutstext,
        omedelbar_justering=True,
    )
    ledamot, annan = Fortroendevald.objects.filter(narvaro__sammantrade=pagar).order_by("pk")[:2]
    yrkande = yrkande_lagg_till(user=johan, paragraf=paragraf, yrkat_av=ledamot, text="Bifall.")
    reservation = reservation_anmal(user=johan, paragraf=paragraf, fortroendevald=ledamot)
    jav = jav_anmal(user=johan, paragraf=paragraf, fortroendevald=annan)
    ovrig = ovrig_narvarande_lagg_till(
        user=johan, sammantrade=pagar, namn="Karin Wallander", titel="Handläggare"
    )
    # KS 2026/845 attested (for "Anmäl till sammanträde"); the joint remiss stays in attest.
    attesterad = Remiss.objects.get(avsandarens_diarienummer="KS 2026/845")
    for username in (LISA, "veronica.wolgast"):
        attest_godkann(user=User.objects.get(username=username), tu=attesterad.tjansteutlatande)

    varld.objekt.update(
        utkast=utkast.pk,
        utkast_steg=steg.pk,
        utkast_bilaga=bilaga.pk,
        registrerad=Remiss.objects.get(avsandarens_diarienummer="SBN 2026/77").pk,
        attesterad=attesterad.pk,
        i_attest=varld.objekt["gemensam"],
        kommande=kommande.pk,
        kommande_punkt=Punkt.objects.filter(sammantrade=kommande).order_by("-ordning").first().pk,
        pagar=pagar.pk,
        pagar_paragraf=paragraf.pk,
        pagar_ledamot=ledamot.pk,
        pagar_ovrig=ovrig.pk,
        pagar_yrkande=yrkande.pk,
        pagar_omrostning=999_999,  # none: removing one that is not there is refused
        pagar_reservation=reservation.pk,
        pagar_jav=jav.pk,
    )


@pytest.fixture
def varld(_seedad, db) -> Varld:
    return _seedad


# --- The examples ------------------------------------------------------------------------------


def _url(namn: str, params, varld: Varld) -> str:
    """The path, its parameters filled from `objekt` ("=upp" is the literal "upp")."""
    return reverse(
        namn, kwargs={p: k[1:] if k.startswith("=") else varld.objekt[k] for p, k in params}
    )


def _falt(client: Client, form: Form, url: str, varld: Varld) -> tuple[dict[str, Falt], bool]:
    """The fields the page renders in the form that posts to `url` (with the form classes'
    declared fields added), and whether the page rendered it at all."""
    sida = url
    if form.sida is not None:
        namn, params = form.sida
        sida = _url(namn, tuple((p, dict(form.params)[p]) for p in params), varld)
    svar = client.get(sida)
    falt: dict[str, Falt] = {}
    renderad = False
    if svar.status_code == 200 and "html" in svar.get("Content-Type", ""):
        for f in formular_pa_sidan(svar.content.decode(), sida):
            if urlsplit(f.action).path == url:
                renderad = True
                for namn, ett in f.falt.items():
                    falt.setdefault(namn, ett)
    for klass, prefix in form.klasser:
        for namn, ett in falt_fran_klass(klass, prefix).items():
            falt.setdefault(namn, ett)
    falt.pop("csrfmiddlewaretoken", None)
    return falt, renderad


def _pks(varld: Varld) -> list[str]:
    return sorted({str(v) for v in varld.objekt.values() if isinstance(v, int)} | {"1", "2"})


@pytest.mark.parametrize("namn", FORMULAR)
def test_generated_data_never_gives_a_server_error(varld, namn):
    """GIVEN a user who may use the form, on the page that shows it WHEN hypothesis posts
    generated data to it (valid-looking and hostile values, fields missing and added) THEN no
    answer is 5xx, an answer of 400 has written no history row, and some examples reach the
    form (not all are refused by the policy)."""
    form = FORMULAR[namn]
    antal = max(1, round(form.exempel * ANDEL))
    client = Client()
    if form.vem is not None:
        client.force_login(User.objects.get(username=form.vem))
    url = _url(form.url, form.params, varld)
    falt, renderad = _falt(client, form, url, varld)
    kakor = copy.deepcopy(client.cookies)
    fore = historikrader()  # each example is rolled back: the same before every one
    statusar: Counter[int] = Counter()

    @exempelprofil(
        max_examples=antal,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=postdata(falt, _pks(varld)))
    def posta(data):
        client.cookies = copy.deepcopy(kakor)  # a logout or a login must not carry over
        with transaction.atomic():
            svar = client.post(url, data)
            efter = historikrader() if svar.status_code == 400 else fore
            transaction.set_rollback(True)
        statusar[svar.status_code] += 1
        assert svar.status_code < 500, f"{namn}: {svar.status_code} för {data!r}"
        assert efter == fore, f"{namn}: 400 men historik skriven för {data!r}"

    posta()
    sidan = "" if renderad else " (formuläret fanns inte på sidan: klassens fält)"
    print(f"{namn}: {sum(statusar.values())} exempel, {dict(statusar)}{sidan}")
    assert sum(statusar.values()) >= antal
    assert set(statusar) - {403, 404, 405}, f"{namn}: only refused: {dict(statusar)}"


# --- What the examples found: each server error, as a plain regression test -------------------


@pytest.mark.parametrize("sida", ["login", "admin:login"])
def test_a_username_longer_than_the_field_is_refused_not_a_server_error(client, sida):
    """GIVEN the login page (or the admin's) WHEN a username of 300 characters is posted THEN
    the form says in Swedish that it is too long, and no failed attempt is stored (django-axes'
    column holds 255: on PostgreSQL the insert was a 500, found by the examples above)."""
    from axes.models import AccessAttempt

    svar = client.post(reverse(sida), {"username": "x" * 300, "password": "fel"})

    assert svar.status_code == 200
    assert [f for f in svar.context["form"].errors["username"] if "150 tecken" in f]
    assert not AccessAttempt.objects.exists()
