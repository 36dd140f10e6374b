"""The simulated users of `load_prod_local.py`: a keep-alive HTTP client with cookies, and
a user who logs in through the form and then takes the day's steps (SIDOR), checking each
answer's status and content. Standard library only (no HTTP client package is installed)."""

import html
import http.client
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

PASSWORD = "remiss-last"
TITEL = re.compile(r"<title>(.*?)</title>", re.S)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BAS_VERSION = re.compile(r'name="bas_version" value="(\d+)"')
CSS = re.compile(r'<link rel="stylesheet" href="(/static/[^"]+)"')


@dataclass
class Profil:
    """What one user may do, worked out in set-up with the app's own policy and selectors."""

    username: str
    remisser: list = field(default_factory=list)  # (pk, diarienummer)
    tu: list = field(default_factory=list)  # (pk, diarienummer)
    sok: list = field(default_factory=list)  # (search term, diarienummer it must show)
    sidor: int = 1
    attest: bool = False
    sammantraden: list = field(default_factory=list)  # (pk, title)
    skriv: list = field(default_factory=list)  # (pk, section key) of its own documents


class Svar:
    def __init__(self, status, headers, text, ms):
        self.status, self.headers, self.text, self.ms = status, headers, text, ms

    def titel(self) -> str:
        m = TITEL.search(self.text)
        return html.unescape(m.group(1)).strip() if m else ""


class Webbklient:
    """One browser: a keep-alive connection and its cookies. A connection the server closed
    while idle (keep-alive timeout, a worker replaced after max_requests) is reopened once,
    as browsers do; the time of both attempts is the request's."""

    def __init__(self, port: int):
        self.port, self.conn, self.cookies, self.ateranslutningar = port, None, {}, 0

    def begar(self, metod, sokvag, data=None, anonym=False) -> Svar:
        body = urlencode(data).encode() if data is not None else None
        headers = {"User-Agent": "remiss-lasttest"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies and not anonym:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        for forsok in (1, 2):
            ny = self.conn is None
            if ny:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(metod, sokvag, body=body, headers=headers)
                svar = self.conn.getresponse()
                innehall = svar.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if ny or forsok == 2:
                    raise
                self.ateranslutningar += 1
        ms = (time.perf_counter() - start) * 1000
        if svar.will_close:
            self.conn.close()
            self.conn = None
        if not anonym:
            for kaka in svar.headers.get_all("Set-Cookie") or []:
                namn, _, rest = kaka.partition("=")
                varde = rest.split(";", 1)[0]
                if varde in {"", '""'} or "1970" in rest:
                    self.cookies.pop(namn, None)
                else:
                    self.cookies[namn] = varde
        return Svar(svar.status, svar.headers, innehall.decode("utf-8", "replace"), ms)


def _fel(svar: Svar, status=200, titel=None, innehall=()) -> str | None:
    """Why `svar` is not the page asked for, or None: the status, then the <title> (an error
    page or a form with errors says so there), then text the page must show."""
    if svar.status != status:
        return f"status {svar.status} (väntat {status})"
    if titel is not None:
        sidtitel = svar.titel()
        if titel not in sidtitel or sidtitel.startswith("Fel:"):
            return f"titel {sidtitel!r} (väntat {titel!r})"
    for text in innehall:
        if text not in svar.text:
            return f"saknar {text!r}"
    return None


class Anvandare:
    """One simulated user: logs in, then runs the mix until the deadline."""

    def __init__(self, nummer, profil, port, rng, resultat, lock):
        self.nummer, self.p, self.rng = nummer, profil, rng
        self.klient = Webbklient(port)
        self.resultat, self.lock = resultat, lock
        self.css = None

    def _spara(self, sort, svar, fel):
        with self.lock:
            self.resultat.append((sort, svar.ms if svar else None, fel))

    def hamta(self, sort, sokvag, *, metod="GET", data=None, anonym=False, **kontroll):
        try:
            svar = self.klient.begar(metod, sokvag, data, anonym=anonym)
        except OSError as exc:
            self._spara(sort, None, f"{type(exc).__name__}: {exc} ({sokvag})")
            return None
        fel = _fel(svar, **kontroll)
        self._spara(sort, svar, fel and f"{fel} ({metod} {sokvag})")
        return None if fel else svar

    def logga_in(self) -> None:
        sida = self.klient.begar("GET", "/logga-in/")
        token = CSRF.search(sida.text).group(1)
        data = {"csrfmiddlewaretoken": token, "username": self.p.username, "password": PASSWORD}
        svar = self.klient.begar("POST", "/logga-in/?next=/", data)
        if svar.status != 302 or "sessionid" not in self.klient.cookies:
            raise SystemExit(f"Inloggningen misslyckades för {self.p.username}: {svar.status}")
        start = self.klient.begar("GET", "/")  # not measured: the first page after login
        if m := CSS.search(start.text):
            self.css = m.group(1)

    # --- The pages, each a step a user takes -----------------------------------------------

    def mina(self):
        self.hamta("Mina remisser", "/", titel="Mina remisser")

    def lista(self):
        sida = self.rng.randint(1, self.p.sidor)
        sokvag = "/remisser/" if sida == 1 else f"/remisser/?page={sida}"
        self.hamta("Alla remisser", sokvag, titel="Alla remisser")

    def filter(self):
        status = self.rng.choice(["registrerad", "under_beredning", "for_attest", "avslutad"])
        self.hamta("Alla remisser, filter", f"/remisser/?status={status}", titel="Alla remisser")

    def sok(self):
        term, dnr = self.rng.choice(self.p.sok)
        sokvag = "/remisser/?" + urlencode({"q": term})
        self.hamta("Alla remisser, sök", sokvag, titel="Alla remisser", innehall=[dnr])

    def detalj(self):
        pk, dnr = self.rng.choice(self.p.remisser)
        self.hamta("Remiss", f"/remisser/{pk}/", titel=dnr)

    def tu(self):
        pk, dnr = self.rng.choice(self.p.tu)
        sokvag = f"/remisser/{pk}/tjansteutlatande/"
        self.hamta("Tjänsteutlåtande", sokvag, titel=f"Tjänsteutlåtande – {dnr}")

    def inkorg(self):
        self.hamta("Att attestera", "/attestera/", titel="Att attestera")

    def sammantraden(self):
        self.hamta("Sammanträden", "/namnd/sammantraden/", titel="Sammanträden")

    def sammantrade(self):
        pk, titel = self.rng.choice(self.p.sammantraden)
        self.hamta("Sammanträde", f"/namnd/sammantraden/{pk}/", titel=titel)

    def anslagstavla(self):
        self.hamta(
            "Anslagstavla (publik)", "/anslagstavla/stockholm/", anonym=True, titel="anslagstavla"
        )

    def statisk(self):
        self.hamta("Statisk fil", self.css)

    def skriv(self):
        """Open the form of a section of its own document, save a new text with the token the
        form carries, and follow the redirect to the document, which must say it was saved."""
        pk, nyckel = self.rng.choice(self.p.skriv)
        sokvag = f"/remisser/{pk}/tjansteutlatande/avsnitt/{nyckel}/"
        form = self.hamta("Avsnitt, formulär", sokvag, innehall=['name="bas_version"'])
        if form is None:
            return
        data = {
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            "bas_version": BAS_VERSION.search(form.text).group(1),
            "text": f"Förvaltningen har läst remissen. Sparat av lasttestet, {time.time():.3f}.",
        }
        sparat = self.hamta("Avsnitt, spara", sokvag, metod="POST", data=data, status=302)
        if sparat is not None:
            mal = sparat.headers.get("Location", "")
            self.hamta("Tjänsteutlåtande", mal, innehall=["är sparat"])

    def kor(self, slut: float, think: float) -> None:
        steg = [(vikt, getattr(self, namn)) for namn, vikt, kan in SIDOR if kan(self)]
        vikter = [v for v, _ in steg]
        while time.monotonic() < slut:
            self.rng.choices(steg, weights=vikter)[0][1]()
            if think:
                time.sleep(min(self.rng.expovariate(1 / think), max(0.0, slut - time.monotonic())))


#: A day's mix: (step, weight, who can take it). Reads dominate; about one step in twelve
#: saves a section (three requests: the form, the save, the document).
SIDOR = [
    ("mina", 18, lambda a: True),
    ("lista", 10, lambda a: bool(a.p.remisser)),
    ("filter", 5, lambda a: bool(a.p.remisser)),
    ("sok", 6, lambda a: bool(a.p.sok)),
    ("detalj", 16, lambda a: bool(a.p.remisser)),
    ("tu", 10, lambda a: bool(a.p.tu)),
    ("inkorg", 10, lambda a: a.p.attest),
    ("sammantraden", 4, lambda a: bool(a.p.sammantraden)),
    ("sammantrade", 4, lambda a: bool(a.p.sammantraden)),
    ("anslagstavla", 5, lambda a: True),
    ("statisk", 3, lambda a: a.css is not None),
    ("skriv", 8, lambda a: bool(a.p.skriv)),
]
