"""Mall imports at the same moment: one mall per name, and each mall one whole version.

These tests commit for real (`transaction=True`): each thread has its own connection and sees
only committed rows. PostgreSQL: the unique name and the row lock on the mall; SQLite: the
IMMEDIATE transactions of a file database (settings).
"""

import json
import threading
from pathlib import Path

import pytest
from django.db import connection

from remiss import mallfil
from remiss.mallfil import Mallfilfel
from remiss.mallfil_export import mall_som_data
from remiss.mallfil_import import mallfil_importera
from remiss.models import Dokumentmall

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MALLAR = Path(__file__).resolve().parents[2] / "remiss" / "mallar"
N = 6


def _i_tradar(filer: list[dict], *, ersatt: bool) -> tuple[list, list]:
    barrier = threading.Barrier(len(filer))
    klara: list = []
    fel: list = []

    def importera(data: dict) -> None:
        try:
            barrier.wait(timeout=30)
            klara.append(mallfil_importera(data=data, ersatt=ersatt))
        except Exception as exc:  # collected and asserted on in the main thread
            fel.append(exc)
        finally:
            connection.close()

    tradar = [threading.Thread(target=importera, args=(data,)) for data in filer]
    for trad in tradar:
        trad.start()
    for trad in tradar:
        trad.join(timeout=120)
    assert not any(trad.is_alive() for trad in tradar)
    return klara, fel


def _fil(**andrat) -> dict:
    data = json.loads((MALLAR / "tjansteskrivelse.json").read_text("utf-8")) | andrat
    return mallfil.las(json.dumps(data, ensure_ascii=False))


def test_the_same_new_mall_imported_six_times_at_once_is_created_once():
    """GIVEN six imports of one new mall starting at the same instant WHEN they run THEN one
    creates it and five are refused because the name is taken; there is one mall, with its
    sections once."""
    klara, fel = _i_tradar([_fil(namn="Samtidig mall") for _ in range(N)], ersatt=False)

    assert len(klara) == 1
    assert len(fel) == N - 1 and all(isinstance(f, Mallfilfel) for f in fel)
    assert all("Det finns redan en mall som heter ”Samtidig mall”" in str(f) for f in fel)
    mall = Dokumentmall.objects.get(namn="Samtidig mall")
    assert mall.avsnitt.count() == 6 and mall.huvudfalt.count() == 8


def test_replacements_at_once_leave_one_whole_version_never_a_mix():
    """GIVEN six different versions of one mall imported with --ersatt at the same instant
    WHEN they have run THEN all succeeded one after the other, and the mall is exactly one
    of the six files: its type, headings and number of sections from the same file."""
    mallfil_importera(data=_fil(namn="Delad mall"))
    versioner = []
    for nummer in range(N):
        data = _fil(namn="Delad mall", dokumenttyp=f"Version {nummer}")
        data["avsnitt"] = data["avsnitt"][: nummer + 1]
        for avsnitt in data["avsnitt"]:
            avsnitt["rubrik"] = f"{avsnitt['rubrik']} ({nummer})"
        versioner.append(data)

    klara, fel = _i_tradar(versioner, ersatt=True)

    assert fel == [] and len(klara) == N
    nu = mall_som_data(Dokumentmall.objects.get(namn="Delad mall"))
    nummer = int(nu["dokumenttyp"].removeprefix("Version "))
    assert len(nu["avsnitt"]) == nummer + 1
    assert all(a["rubrik"].endswith(f"({nummer})") for a in nu["avsnitt"])
