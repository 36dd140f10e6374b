"""What the property-based form tests (`tests/test_formular_hypotes.py`) post, and where.

Three parts:
- the forms as rendered: `formular_pa_sidan` reads a page's HTML and returns each <form>'s
  fields (name, kind, the value it carries, the options of a select or radio group), so the
  generated data uses the field names and choices the user really gets, including fields a
  form adds in `__init__` (undertecknare, omröstning);
- the strategies: for each field, values that look right (its own value, its options,
  dates, numbers, existing primary keys) mixed with hostile ones (huge and NUL-laden text,
  bidi marks, markup, impossible dates, numbers out of any range, lists where one value is
  expected, files that are no PDF), and fields missing or added at random;
- `historikrader`: the number of history and timeline rows, so a refused POST can be shown
  to have written nothing.
"""

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

# --- The forms as the page renders them --------------------------------------------------------


@dataclass
class Falt:
    """One named control of a form: `kind` is the input type, "select" or "textarea"."""

    namn: str
    kind: str
    varden: list[str] = field(default_factory=list)  # the value(s) it is rendered with
    alternativ: list[str] = field(default_factory=list)  # a select's or radio group's options
    flera: bool = False  # <select multiple> or a group of checkboxes


@dataclass
class Sidformular:
    action: str
    falt: dict[str, Falt] = field(default_factory=dict)


class _Lasare(HTMLParser):
    def __init__(self, sidans_url: str):
        super().__init__(convert_charrefs=True)
        self.sidans_url = sidans_url
        self.formular: list[Sidformular] = []
        self._aktuellt: Sidformular | None = None
        self._select: Falt | None = None
        self._textarea: Falt | None = None

    def _falt(self, namn: str, kind: str) -> Falt:
        assert self._aktuellt is not None
        befintligt = self._aktuellt.falt.get(namn)
        if befintligt is None:
            befintligt = self._aktuellt.falt[namn] = Falt(namn, kind)
        elif kind == "checkbox":
            befintligt.flera = True
        return befintligt

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._aktuellt = Sidformular(action=a.get("action") or self.sidans_url)
            self.formular.append(self._aktuellt)
            return
        if self._aktuellt is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image"}:
                return
            f = self._falt(a["name"], kind)
            if kind in {"radio", "checkbox"}:
                f.alternativ.append(a.get("value", "on"))
                if "checked" in a:
                    f.varden.append(a.get("value", "on"))
            elif a.get("value") is not None:
                f.varden.append(a["value"])
        elif tag == "select":
            self._select = self._falt(a["name"], "select")
            self._select.flera = "multiple" in a
        elif tag == "textarea":
            self._textarea = self._falt(a["name"], "textarea")
            self._textarea.varden.append("")
        elif tag == "option" and self._select is not None:
            self._option(a)

    def _option(self, a):
        varde = a.get("value", "")
        self._select.alternativ.append(varde)
        if "selected" in a:
            self._select.varden.append(varde)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.varden[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._aktuellt = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def formular_pa_sidan(html: str, sidans_url: str) -> list[Sidformular]:
    lasare = _Lasare(sidans_url)
    lasare.feed(html)
    return lasare.formular


def falt_fran_klass(klass, prefix: str = "") -> dict[str, Falt]:
    """The declared fields of a form class, as kinds: what a page may not render (a form shown
    only in another state) is posted anyway."""
    from django import forms

    resultat = {}
    for namn, f in klass.base_fields.items():
        fullt = f"{prefix}-{namn}" if prefix else namn
        if isinstance(f, forms.FileField):
            kind = "file"
        elif isinstance(f, forms.BooleanField):
            kind = "checkbox"
        elif isinstance(f, forms.DateField):
            kind = "date"
        elif isinstance(f, forms.TimeField):
            kind = "time"
        elif isinstance(f, forms.IntegerField | forms.ModelChoiceField):
            kind = "number"
        elif isinstance(f, forms.EmailField):
            kind = "email"
        elif isinstance(f, forms.ChoiceField):
            kind = "select"
        else:
            kind = "text"
        alternativ = []
        if isinstance(f, forms.ChoiceField) and not isinstance(f, forms.ModelChoiceField):
            alternativ = [str(k) for k, _ in f.choices if not isinstance(_, list | tuple)]
        resultat[fullt] = Falt(
            fullt,
            kind,
            alternativ=alternativ,
            flera=isinstance(f, forms.MultipleChoiceField | forms.ModelMultipleChoiceField),
        )
    return resultat


# --- Values ------------------------------------------------------------------------------------

#: Text no form should choke on: control characters, bidi overrides, markup, SQL, sizes far
#: beyond every limit (remiss.granser: 50,000 a section, 200,000 a document).
FIENTLIG_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202eabc\u202c",
    "\u200f\u200e\u2066x\u2069",
    "\ufeff",
    "\ufffd",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "{lopnummer}{ar}{0}%s%(x)s",
    "' OR 1=1 --",
    "Robert'); DROP TABLE remiss_remiss;--",
    "../../../../etc/passwd",
    "file:///etc/passwd",
    "𝕳𝖊𝖏 🎉👩‍👩‍👧",
    "ÅÄÖåäö" * 10,
    "\r\n\r\n",
    "\t",
    "x" * 300,
    "ä" * 5_001,
    "A" * 50_001,
    "B " * 100_001,
]

FIENTLIGA_TAL = [
    "0",
    "-1",
    "-0",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "0x10",
    " 7 ",
    "٣",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
]

FIENTLIGA_DATUM = [
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-0001-01-01",
    "2024-1-1",
    "1/2/2024",
    "30 februari 2024",
    "2024-04-23T13:00",
    "2024-04-23 25:61",
    "24:00",
    "25:00",
    "13:60",
    "-1:00",
    "1300",
    "13.00",
]

FIENTLIG_EPOST = [
    "a@b",
    "@example.se",
    "a@b.se\nBcc: x@y.se",
    "<script>@x.se",
    "x" * 250 + "@example.se",
    "a@" + "b" * 300 + ".se",
    "å@ä.se",
    "a@b.se, c@d.se",
]


def _text():
    return st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


def fientligt():
    """A value meant to break something, of any kind."""
    return st.one_of(
        st.sampled_from(FIENTLIG_TEXT),
        st.sampled_from(FIENTLIGA_TAL),
        st.sampled_from(FIENTLIGA_DATUM),
        st.sampled_from(FIENTLIG_EPOST),
        _text(),
        st.integers(-(2**70), 2**70).map(str),
    )


def _datum():
    return st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)


def _tid():
    return st.times().map(lambda t: t.strftime("%H:%M"))


def _rimligt(falt: Falt, pks: list[str]):
    """Values that look like what the field expects."""
    delar = []
    if falt.varden:
        delar.append(st.sampled_from(falt.varden))
    alternativ = [a for a in falt.alternativ if a != ""] or falt.alternativ
    if alternativ:
        delar.append(st.sampled_from(alternativ))
    if falt.kind == "date":
        delar.append(_datum())
    elif falt.kind == "time":
        delar.append(_tid())
    elif falt.kind == "number":
        delar.append(st.integers(-5, 10_000).map(str))
        if pks:
            delar.append(st.sampled_from(pks))
    elif falt.kind == "email":
        delar.append(st.emails().filter(lambda e: len(e) < 200))
    elif falt.kind == "checkbox":
        delar.append(st.sampled_from(["on", "", "1", "true", "false"]))
    elif falt.kind in {"select", "radio", "hidden"} and pks:
        delar.append(st.sampled_from(pks))
    if not delar or falt.kind in {"text", "textarea", "search"}:
        delar.append(_text())
        delar.append(st.sampled_from(["Förvaltningen tillstyrker förslaget.", "KS 2026/1"]))
    return st.one_of(delar)


#: Files posted to a file field: a PDF that passes, one with JavaScript, EICAR, a fake
#: DOCX, random bytes, nothing; with names that try the path and the extension.
_MINSTA_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)
_EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
FILINNEHALL = [
    _MINSTA_PDF,
    _MINSTA_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(x)>>"),
    _MINSTA_PDF[:60],
    b"%PDF-1.7\n" + b"\x00" * 100,
    _EICAR,
    b"PK\x03\x04" + b"\x00" * 26,
    b"",
    b"<html><script>alert(1)</script></html>",
]
FILNAMN = [
    "bilaga.pdf",
    "../../etc/passwd.pdf",
    "a" * 300 + ".pdf",
    "ingen_andelse",
    "bilaga.docx",
    "bild.PDF",
    "\u202efdp.exe",
    "åäö ö.odt",
    ".pdf",
]


def _fil():
    return st.builds(
        lambda innehall, namn, typ: SimpleUploadedFile(namn, innehall, typ),
        st.one_of(st.sampled_from(FILINNEHALL), st.binary(max_size=300)),
        st.sampled_from(FILNAMN),
        st.sampled_from(["application/pdf", "application/octet-stream", "text/html"]),
    )


def varde(falt: Falt, pks: list[str]):
    """One field's value: missing (None), one value, or a list of values."""
    if falt.kind == "file":
        return st.one_of(st.none(), _fil(), st.sampled_from(FIENTLIG_TEXT[:6]))
    ett = st.one_of(_rimligt(falt, pks), _rimligt(falt, pks), fientligt())
    lista_av = st.lists(ett, min_size=0, max_size=4)
    if falt.flera:
        return st.one_of(st.none(), lista_av, ett)
    return st.one_of(st.none(), ett, ett, lista_av)


def postdata(falt: dict[str, Falt], pks: list[str]):
    """A whole POST: each known field maybe missing, maybe with a hostile or a list value,
    and a few fields the form never asked for."""
    kanda = st.fixed_dictionaries({namn: varde(f, pks) for namn, f in falt.items()})
    extra = st.dictionaries(
        st.one_of(st.sampled_from(["id", "pk", "user", "status", "version"]), _text()).filter(
            lambda n: n and n not in falt and n != "csrfmiddlewaretoken"
        ),
        st.one_of(fientligt(), st.lists(fientligt(), max_size=3)),
        max_size=3,
    )

    def ihop(kanda_, extra_):
        data = {k: v for k, v in kanda_.items() if v is not None}
        data.update(extra_)
        return data

    return st.builds(ihop, kanda, extra)


# --- Nothing half-written ----------------------------------------------------------------------


def _raknade_modeller():
    namn = ("historical", "handelse", "event")
    return [m for m in apps.get_models() if any(n in m.__name__.lower() for n in namn)]


def historikrader() -> list[tuple[str, int]]:
    """Rows of every history and timeline table, in one query: a refused POST must leave them
    as they were."""
    from django.db import connection

    quote = connection.ops.quote_name
    delar = [
        f"SELECT '{m._meta.db_table}', COUNT(*) FROM {quote(m._meta.db_table)}"
        for m in _raknade_modeller()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(delar))
        return sorted(cursor.fetchall())
