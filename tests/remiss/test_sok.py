"""Searching the list of remisser ignores case for every letter, on SQLite as on PostgreSQL.

SQLite's LIKE folds a–z only; `nameden.sok` is the seam that makes "äldreplan" find
"Äldreplan" there too.
"""

import pytest
from django.urls import reverse

from remiss.selectors import alla_remisser

pytestmark = pytest.mark.django_db


@pytest.fixture
def remisser(registrera):
    return {
        "versal": registrera(rubrik="Äldreplan för Stockholms stad 2025–2030"),
        "alla_versaler": registrera(rubrik="REMISS AV ÄLDREPLAN", avsandare="Kommunfullmäktige"),
        "annan": registrera(rubrik="Detaljplan för Östermalm", avsandare="Stadsbyggnadsnämnden"),
        "accent": registrera(rubrik="Café och kultur", avsandare="Zürich stadsråd"),
    }


def _traffar(user, sok: str) -> set[int]:
    return set(alla_remisser(user, sok=sok).values_list("pk", flat=True))


def test_lower_case_swedish_letters_find_capitals(karin, remisser):
    """GIVEN remisser titled "Äldreplan …" and "… ÄLDREPLAN" WHEN Karin searches
    "äldreplan" THEN both are found, and the detaljplan is not."""
    assert _traffar(karin, "äldreplan") == {remisser["versal"].pk, remisser["alla_versaler"].pk}


def test_capitals_find_lower_case_and_accents_fold_too(karin, remisser):
    """GIVEN a remiss from "Zürich stadsråd" about a "Café" and one about "Östermalm" WHEN
    Karin searches "ZÜRICH", "CAFÉ" and "östermalm" THEN each finds its remiss."""
    assert _traffar(karin, "ZÜRICH") == {remisser["accent"].pk}
    assert _traffar(karin, "CAFÉ") == {remisser["accent"].pk}
    assert _traffar(karin, "östermalm") == {remisser["annan"].pk}


def test_like_wildcards_are_plain_characters(karin, remisser):
    """GIVEN no remiss with "%" or "_" WHEN Karin searches for them THEN nothing is found:
    they are not LIKE wildcards."""
    assert _traffar(karin, "%") == set()
    assert _traffar(karin, "_") == set()


def test_the_list_page_searches_the_same_way(client, karin, remisser):
    """GIVEN the list page WHEN Karin searches "ÄLDREPLAN" THEN both äldreplan remisser are
    listed."""
    client.force_login(karin)

    response = client.get(reverse("remiss:lista"), {"q": "äldreplan"})

    content = response.content.decode()
    assert response.status_code == 200
    assert remisser["versal"].diarienummer in content
    assert remisser["alla_versaler"].diarienummer in content
    assert remisser["annan"].diarienummer not in content
