"""URLs: protokollsutdrag and expediering of a paragraf's beslut.

Included by `nameden.urls_namnd` (names `namnd:utskick`, `namnd:utdrag_skapa`,
`namnd:utdrag_hamta`, `namnd:expediera`).
"""

from django.urls import path

from nameden.views import utskick

P = "sammantraden/<int:pk>/paragrafer/<int:paragraf_pk>/utskick"

urlpatterns: list = [
    path(f"{P}/", utskick.sida, name="utskick"),
    path(f"{P}/utdrag/", utskick.utdrag_skapa, name="utdrag_skapa"),
    path(
        f"{P}/utdrag/<int:utdrag_pk>/protokollsutdrag.pdf",
        utskick.utdrag_hamta,
        name="utdrag_hamta",
    ),
    path(f"{P}/expediera/", utskick.expediera, name="expediera"),
]
