"""Swedish writing conventions the documents follow, independent of the server's locale."""

import datetime as dt

MANADER = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)

# Municipal bodies are common nouns in running Swedish text ("svar på remiss från
# kommunstyrelsen"), while authorities and companies keep their capital ("från Trafikverket").
KOMMUNALA_ORGAN_SLUTLEDER = (
    "styrelsen",
    "nämnden",
    "fullmäktige",
    "kontoret",
    "förvaltningen",
    "utskottet",
    "revisionen",
    "beredningen",
)


def datum_i_text(datum: dt.date) -> str:
    """'17 april 2024': the form used in prose."""
    return f"{datum.day} {MANADER[datum.month - 1]} {datum.year}"


def datum_i_huvud(datum: dt.date) -> str:
    """'2024-04-23': the form used in headers and tables."""
    return datum.isoformat()


def organ_i_lopande_text(namn: str) -> str:
    """How an avsändare is written mid-sentence: 'Kommunstyrelsen' → 'kommunstyrelsen'."""
    namn = namn.strip()
    if namn and namn.lower().endswith(KOMMUNALA_ORGAN_SLUTLEDER) and " " not in namn:
        return namn[0].lower() + namn[1:]
    return namn


def versal_forst(text: str) -> str:
    return text[:1].upper() + text[1:]


def antal(n: int, singular: str, plural: str) -> str:
    """'1 sida', '3 sidor'."""
    return f"{n} {singular if n == 1 else plural}"


def genitiv(namn: str) -> str:
    """'Socialnämndens', 'Stadshus' stays 'Stadshus': the genitive s, not after s, x or z."""
    return namn if namn.endswith(("s", "x", "z")) else f"{namn}s"
