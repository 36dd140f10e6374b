"""The access sweep: every URL pattern, every role, and users of another förvaltning and of
another kommun, against the demo's real data (seed_demo: KS 2024/112 all the way to an
anslaget protokoll, a gemensam remiss with Stadsbyggnadskontoret, coming sammanträden).

What holds for every URL:
- no answer is a 500 (nor any 5xx but /healthz's documented 503);
- anonymous users are sent to the login page, except on the public pages, which answer 200;
- an object outside what the user may see answers 404: not 403 (which would confirm it
  exists), not 200. Checked with GET, and with POST for the views that write, so a write view
  that acts before it looks the object up through the policy shows up here;
- a list a user of another förvaltning or kommun reads never names the förvaltning's case.

The table `URLS` says, per URL name, how its path parameters are filled and which kind of
page it is. The walker (django.urls resolvers) finds every pattern; a new URL without a row
in the table fails `test_every_url_pattern_is_in_the_table`, so the sweep cannot go stale.
The admin (`/admin/`) is left out: Django's admin answers only staff, with its own checks.
"""

import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nameden.models import (
    Anslag,
    Jav,
    Kommun,
    Omrostning,
    OvrigNarvarande,
    Paragraf,
    Protokollsutdrag,
    Reservation,
    User,
    Yrkande,
)
from nameden.roles import Roll
from remiss.models import MedverkandeForvaltning, Remiss
from tests.factories import AvdelningFactory, ForvaltningFactory, KommunFactory, UserFactory
from tests.lagring import modul_lagring, seed_installningar

pytestmark = pytest.mark.django_db

# --- The table -----------------------------------------------------------------------------------
# kind:
#   "public"  answers 200 to everyone, logged in or not (the law or the public asks for it);
#   "open"    reachable without login but not a page of its own (login, logout, healthz);
#   "list"    a page of the user's own: no object in the path; outsiders get their own (empty)
#             view or 403, and never see the förvaltning's case;
#   "object"  names the förvaltning's object in the path: outsiders get 404, GET and POST.
# params: which seeded object fills each path parameter (see `_objekt`).


@dataclass(frozen=True)
class Rad:
    kind: str
    params: tuple[tuple[str, str], ...] = ()


def _o(**kw: str) -> tuple[tuple[str, str], ...]:
    return tuple(kw.items())


R = _o(pk="remiss")
S = _o(pk="mote")
SP = _o(pk="mote", paragraf_pk="paragraf")

URLS: dict[str, Rad] = {
    "healthz": Rad("open"),  # JSON for probes; 503 names a part that is down
    "login": Rad("open"),
    "logout": Rad("open"),  # POST only
    "tillganglighet": Rad("public"),  # the accessibility statement, public by law
    # -- the nämnd side: everything on the KS 2024/112 sammanträde ---------------------------
    "namnd:lista": Rad("list"),
    "namnd:skapa": Rad("list"),
    "namnd:detalj": Rad("object", S),
    "namnd:andra": Rad("object", S),
    "namnd:overga": Rad("object", _o(pk="mote", action="kalla")),
    "namnd:punkt_ny": Rad("object", S),
    "namnd:punkt_andra": Rad("object", _o(pk="mote", punkt_pk="punkt")),
    "namnd:punkt_flytta": Rad("object", _o(pk="mote", punkt_pk="punkt", riktning="upp")),
    "namnd:punkt_bordlagg": Rad("object", _o(pk="mote", punkt_pk="punkt")),
    "namnd:punkt_dra_tillbaka": Rad("object", _o(pk="mote", punkt_pk="punkt")),
    "namnd:handlingar": Rad("object", S),
    "namnd:handlingar_skapa": Rad("object", S),
    "namnd:handlingar_hamta": Rad("object", _o(pk="mote", version="fullstandig")),
    "namnd:protokollforing": Rad("object", S),
    "namnd:protokollforing_oppna": Rad("object", S),
    "namnd:narvaro": Rad("object", _o(pk="mote", person_pk="ledamot")),
    "namnd:ovrig_ny": Rad("object", S),
    "namnd:ovrig_ta_bort": Rad("object", _o(pk="mote", ovrig_pk="ovrig")),
    "namnd:paragraf": Rad("object", SP),
    "namnd:yrkande_ta_bort": Rad("object", SP + _o(rad_pk="yrkande")),
    "namnd:omrostning_ta_bort": Rad("object", SP + _o(rad_pk="omrostning")),
    "namnd:reservation_ta_bort": Rad("object", SP + _o(rad_pk="reservation")),
    "namnd:jav_ta_bort": Rad("object", SP + _o(rad_pk="jav")),
    "namnd:paragraf_spara": Rad("object", SP + _o(del_="beslut")),
    "namnd:att_justera": Rad("list"),
    "namnd:protokoll_installningar": Rad("object", S),
    "namnd:protokoll_forhandsgranska": Rad("object", S),
    "namnd:protokoll_lagrad": Rad("object", _o(pk="mote", version="fullstandig")),
    "namnd:protokoll_justera": Rad("object", S),
    "namnd:protokoll_justera_paragraf": Rad("object", SP),
    "namnd:protokoll_ansla": Rad("object", S),
    "namnd:utskick": Rad("object", SP),
    "namnd:utdrag_skapa": Rad("object", SP),
    "namnd:utdrag_hamta": Rad("object", SP + _o(utdrag_pk="utdrag")),
    "namnd:expediera": Rad("object", SP),
    # -- public: the anslagstavla and the kommun's diarium ----------------------------------
    "anslagstavla:lista": Rad("public"),
    "anslagstavla:protokoll": Rad("public", _o(pk="anslag")),  # while the anslag is up
    "anslagstavla:kommun": Rad("public", _o(slug="kommun")),
    "diarium:lista": Rad("public", _o(kommun="kommun")),
    # -- sekretess ---------------------------------------------------------------------------
    "sekretess:lasloggen": Rad("list"),  # a chef's log of reads of secret handlingar
    "sekretess:markering": Rad("object", _o(slag="bilaga", pk="bilaga")),
    # -- remisser: KS 2024/112, attested, with bilagor, beredning and a final PDF -----------
    "remiss:mina": Rad("list"),
    "remiss:lista": Rad("list"),
    "remiss:mina_lista": Rad("list"),
    "remiss:registrera": Rad("list"),
    "remiss:medverkan_registrera": Rad("list"),
    "remiss:medverkan_ta_bort": Rad("object", _o(pk="gemensam", medverkan_pk="medverkan")),
    "remiss:detalj": Rad("object", R),
    "remiss:andra_uppgifter": Rad("object", R),
    "remiss:tilldela": Rad("object", R),
    "remiss:avskriva": Rad("object", R),
    "remiss:avsluta": Rad("object", R),
    "remiss:paborja": Rad("object", R),
    "remiss:anmal": Rad("object", R),
    "remiss:tu": Rad("object", R),
    "remiss:tu_huvud": Rad("object", R),
    "remiss:tu_hamta_uppgifter": Rad("object", R),
    "remiss:tu_avsnitt": Rad("object", _o(pk="remiss", nyckel="sammanfattning")),
    "remiss:tu_avsnitt_klar": Rad("object", _o(pk="remiss", nyckel="sammanfattning")),
    "remiss:beredning": Rad("object", R),
    "remiss:beredning_generera": Rad("object", R),
    "remiss:beredning_steg": Rad("object", _o(pk="remiss", steg_pk="steg")),
    "remiss:beredning_ta_bort": Rad("object", _o(pk="remiss", steg_pk="steg")),
    "remiss:bilagor": Rad("object", R),
    "remiss:bilaga_hamta": Rad("object", _o(pk="remiss", bilaga_pk="bilaga")),
    "remiss:bilaga_ta_bort": Rad("object", _o(pk="remiss", bilaga_pk="bilaga")),
    "remiss:historik": Rad("object", R),
    "remiss:pdf_forhandsgranska": Rad("object", R),
    "remiss:pdf_slutversion": Rad("object", R),
    "remiss:pdf_upphavd_slutversion": Rad("object", _o(pk="remiss", slutversion_pk="slutversion")),
    "remiss:inkorg": Rad("list"),
    "remiss:attest": Rad("object", R),
    "remiss:attest_skicka": Rad("object", R),
    "remiss:attest_aterkalla": Rad("object", R),
}

#: What a user of the förvaltning may get: anything but a server error. Whether each role
#: may do each thing is `remiss.policy`'s and `nameden.policy`'s tests' business.
INNANFOR = {200, 302, 400, 403, 404, 405}

ROLLER = {
    Roll.REGISTRATOR: "maria.lind",
    Roll.HANDLAGGARE: "karin.wallander",
    Roll.AVDELNINGSCHEF: "lisa.cadenius",
    Roll.FORVALTNINGSCHEF: "veronica.wolgast",
    Roll.NAMNDSEKRETERARE: "johan.ek",
    Roll.LASARE: "per.holm",
}


def _monster(patterns, prefix: str = ""):
    """Every named URL pattern outside the admin, as its reversible name."""
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _monster(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{prefix}{p.name}"


@dataclass
class Varld:
    objekt: dict[str, object]
    ks: Remiss
    personer: dict[str, User]


_lagring, private_storage = modul_lagring("svep")


@pytest.fixture(scope="module")
def _seedad(django_db_setup, django_db_blocker, _lagring):
    """seed_demo once for the module, in a transaction rolled back after its last test.

    Seeding renders the demo's PDFs (tens of seconds): once, not once per persona. Each
    test runs in a savepoint inside it (pytest-django's `db`), so one test's writes never
    reach the next.
    """
    from django.test.utils import override_settings

    lagring = seed_installningar(_lagring)
    with django_db_blocker.unblock(), override_settings(**lagring), transaction.atomic():
        yield _bygg_varld()
        transaction.set_rollback(True)


@pytest.fixture
def varld(_seedad, db) -> Varld:
    return _seedad


def _bygg_varld() -> Varld:
    call_command("seed_demo", stdout=io.StringIO())
    ks = Remiss.objects.get(avsandarens_diarienummer="KS 2024/112")
    tu = ks.tjansteutlatande
    paragraf = Paragraf.objects.filter(punkt__handlingar__isnull=False).order_by("pk").first()
    punkt = paragraf.punkt
    mote = punkt.sammantrade
    medverkan = MedverkandeForvaltning.objects.order_by("pk").first()
    anslag = Anslag.objects.order_by("-pk").first()

    def forsta(model, **filter_):
        rad = model.objects.filter(**filter_).order_by("pk").first()
        return rad.pk if rad else 999_999

    objekt = {
        "remiss": ks.pk,
        "gemensam": medverkan.remiss_id,
        "medverkan": medverkan.pk,
        "steg": tu.beredningssteg.order_by("pk").first().pk,
        "bilaga": tu.bilagor.order_by("pk").first().pk,
        "slutversion": tu.slutversioner.order_by("pk").first().pk,
        "mote": mote.pk,
        "punkt": punkt.pk,
        "paragraf": paragraf.pk,
        "ledamot": mote.narvaro.order_by("pk").first().fortroendevald_id,
        "ovrig": forsta(OvrigNarvarande, sammantrade=mote),
        "yrkande": forsta(Yrkande, paragraf=paragraf),
        "omrostning": forsta(Omrostning, paragraf=paragraf),
        "reservation": forsta(Reservation, paragraf=paragraf),
        "jav": forsta(Jav, paragraf=paragraf),
        "utdrag": forsta(Protokollsutdrag, paragraf=paragraf),
        "anslag": anslag.pk,
        "kommun": Kommun.objects.get(pk=ks.forvaltning.kommun_id).slug,
    }
    personer = {roll: User.objects.get(username=namn) for roll, namn in ROLLER.items()}
    personer[Roll.FORTROENDEVALD] = User.objects.filter(groups__name="Förtroendevald").first()
    personer["admin"] = User.objects.get(username="admin")

    alla_roller = [
        Roll.HANDLAGGARE,
        Roll.REGISTRATOR,
        Roll.AVDELNINGSCHEF,
        Roll.FORVALTNINGSCHEF,
        Roll.NAMNDSEKRETERARE,
        Roll.FORTROENDEVALD,
    ]
    kultur = ForvaltningFactory(
        kommun=ks.forvaltning.kommun, namn="Kulturförvaltningen", kortnamn="KUF"
    )
    personer["annan förvaltning"] = UserFactory(
        username="annan.forvaltning",
        roller=alla_roller,
        avdelning=AvdelningFactory(forvaltning=kultur),
    )
    malmo = KommunFactory(namn="Malmö stad", slug="malmo")
    personer["annan kommun"] = UserFactory(
        username="annan.kommun",
        roller=alla_roller,
        avdelning=AvdelningFactory(forvaltning=ForvaltningFactory(kommun=malmo, kortnamn="SOF")),
    )
    return Varld(objekt=objekt, ks=ks, personer=personer)


def _url(namn: str, varld: Varld) -> str:
    rad = URLS[namn]
    kwargs = {p: varld.objekt.get(k, k) for p, k in rad.params}
    return reverse(namn, kwargs=kwargs)


def _post_utan_spar(client, url: str):
    """POST inside a savepoint that is rolled back: a hole must not change the next answer."""
    with transaction.atomic():
        svar = client.post(url, {})
        transaction.set_rollback(True)
    return svar


def test_every_url_pattern_is_in_the_table():
    """GIVEN the project's URL patterns WHEN they are walked THEN each one has a row in the
    table (and the table names no pattern that is gone)."""
    namn = set(_monster(get_resolver().url_patterns))
    assert namn - set(URLS) == set(), "URL patterns without a row in URLS"
    assert set(URLS) - namn == set(), "rows in URLS without a URL pattern"


def test_anonymous_users_are_sent_to_login_except_on_the_public_pages(client, varld):
    """GIVEN no login WHEN every URL is fetched (and posted to) THEN the public pages answer
    200, every other page redirects to the login page, and nothing answers 5xx."""
    login = reverse("login")
    fel = []
    for namn, rad in URLS.items():
        url = _url(namn, varld)
        svar = client.get(url)
        if rad.kind == "public":
            if svar.status_code != 200:
                fel.append(f"GET {namn}: {svar.status_code}, väntat 200")
        elif rad.kind == "open":
            if svar.status_code >= 500 and not (namn == "healthz" and svar.status_code == 503):
                fel.append(f"GET {namn}: {svar.status_code}")
        else:
            if svar.status_code != 302 or not svar["Location"].startswith(login):
                fel.append(f"GET {namn}: {svar.status_code}, väntat omdirigering till login")
            post = _post_utan_spar(client, url)
            if post.status_code != 302 or not post["Location"].startswith(login):
                fel.append(f"POST {namn}: {post.status_code}, väntat omdirigering till login")
    assert fel == [], "\n".join(fel)


@pytest.mark.parametrize(
    "vem",
    [*Roll, "admin"],
    ids=lambda v: getattr(v, "value", v),
)
def test_no_page_answers_500_to_any_role(client, varld, vem):
    """GIVEN a user of the förvaltning in one role WHEN every URL is fetched THEN no answer is
    a server error, and the public pages answer 200."""
    client.force_login(varld.personer[vem])
    fel = []
    for namn, rad in URLS.items():
        if namn == "logout":
            continue  # it would end the session the sweep runs in
        svar = client.get(_url(namn, varld))
        tillatna = {200} if rad.kind == "public" else INNANFOR
        if namn == "healthz":
            tillatna = {200, 503}
        if svar.status_code not in tillatna:
            fel.append(f"GET {namn}: {svar.status_code}")
    assert fel == [], "\n".join(fel)


@pytest.mark.parametrize("vem", ["annan förvaltning", "annan kommun"])
def test_an_object_outside_what_the_user_may_see_answers_404(client, varld, vem):
    """GIVEN a user of another förvaltning (or another kommun) holding every role WHEN every URL
    naming the förvaltning's objects is fetched and posted to THEN each answers 404; their
    own lists answer without naming the case; the public pages still answer 200."""
    client.force_login(varld.personer[vem])
    diarienummer = varld.ks.diarienummer
    # "SOF 2024/1", not the "SOF 2024/12" of a form's example; or the case's rubrik.
    monster = re.compile(rf"{re.escape(diarienummer)}(?!\d)|{re.escape(varld.ks.rubrik)}")

    def namner_arendet(html: str) -> bool:
        return monster.search(html) is not None

    fel = []
    for namn, rad in URLS.items():
        if namn == "logout":
            continue
        url = _url(namn, varld)
        svar = client.get(url)
        if rad.kind == "object":
            # 405 is the answer to a method the view does not take at all, given before it
            # looks anything up; the method it does take must answer 404.
            post = _post_utan_spar(client, url)
            svar_pa = {"GET": svar.status_code, "POST": post.status_code}
            if set(svar_pa.values()) - {404, 405} or 404 not in svar_pa.values():
                fel.append(f"{namn}: {svar_pa}, väntat 404")
        elif rad.kind == "list":
            if svar.status_code not in {200, 302, 403}:
                fel.append(f"GET {namn}: {svar.status_code}")
            elif svar.status_code == 200 and namner_arendet(svar.content.decode()):
                fel.append(f"GET {namn}: visar {diarienummer}")
        elif rad.kind == "public" and svar.status_code != 200:
            fel.append(f"GET {namn}: {svar.status_code}, väntat 200")
    assert fel == [], "\n".join(fel)


#: Pages whose owner reads them: proof that the sweep's path parameters are real objects, so
#: an outsider's 404 means "not yours", not "no such thing".
AGARENS_SIDOR = {
    Roll.HANDLAGGARE: [
        "remiss:detalj",
        "remiss:tu",
        "remiss:tu_avsnitt",
        "remiss:beredning_steg",
        "remiss:bilagor",
        "remiss:bilaga_hamta",
        "remiss:historik",
        "remiss:pdf_slutversion",
    ],
    Roll.NAMNDSEKRETERARE: [
        "namnd:detalj",
        "namnd:punkt_andra",
        "namnd:paragraf",
        "namnd:utskick",
        "namnd:narvaro",
        "namnd:protokoll_lagrad",
        "namnd:handlingar",
    ],
}


@pytest.mark.parametrize("roll", AGARENS_SIDOR, ids=lambda r: r.value)
def test_the_sweeps_objects_are_real_their_owners_read_them(client, varld, roll):
    """GIVEN the handläggare of KS 2024/112 and the nämndsekreterare of its sammanträde WHEN
    they open their pages in the sweep's table THEN each is found (200, or 302 where a
    finished case sends an editing page back), none 403 or 404."""
    client.force_login(varld.personer[roll])
    svar = {namn: client.get(_url(namn, varld)).status_code for namn in AGARENS_SIDOR[roll]}
    # 302: found, but an attested case or a justerat protokoll sends editing pages back.
    assert {namn: kod for namn, kod in svar.items() if kod not in {200, 302}} == {}
    assert sum(kod == 200 for kod in svar.values()) >= 5
