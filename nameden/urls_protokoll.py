"""URLs: the protokoll: its page, PDF, digital justering and anslag.

Included by `nameden.urls_namnd` (names `namnd:protokoll_*`, `namnd:att_justera`).
"""

from django.urls import path

from nameden.views import protokoll

S = "sammantraden/<int:pk>/protokoll"

urlpatterns = [
    path("att-justera/", protokoll.att_justera, name="att_justera"),
    path(f"{S}/", protokoll.installningar, name="protokoll_installningar"),
    path(f"{S}/forhandsgranska.pdf", protokoll.forhandsgranska, name="protokoll_forhandsgranska"),
    path(f"{S}/<slug:version>.pdf", protokoll.lagrad, name="protokoll_lagrad"),
    path(f"{S}/justera/", protokoll.justera, name="protokoll_justera"),
    path(
        f"{S}/paragrafer/<int:paragraf_pk>/justera/",
        protokoll.justera_paragraf,
        name="protokoll_justera_paragraf",
    ),
    path(f"{S}/ansla/", protokoll.ansla, name="protokoll_ansla"),
]
