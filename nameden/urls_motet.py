"""URLs: at the meeting: närvaro, paragrafer, beslut, yrkanden, omröstningar, reservationer, jäv.

Included by `nameden.urls_namnd`.
"""

from django.urls import path

from nameden.views import motet

S = "sammantraden/<int:pk>/protokollforing"
P = f"{S}/paragrafer/<int:paragraf_pk>"

urlpatterns = [
    path(f"{S}/", motet.protokollforing, name="protokollforing"),
    path(f"{S}/oppna/", motet.oppna, name="protokollforing_oppna"),
    path(f"{S}/narvaro/<int:person_pk>/", motet.narvaro, name="narvaro"),
    path(f"{S}/ovriga/ny/", motet.ovrig_ny, name="ovrig_ny"),
    path(f"{S}/ovriga/<int:ovrig_pk>/ta-bort/", motet.ovrig_ta_bort, name="ovrig_ta_bort"),
    path(f"{P}/", motet.paragraf, name="paragraf"),
    *(
        path(
            f"{P}/{del_}/<int:rad_pk>/ta-bort/",
            motet.ta_bort,
            {"del_": del_},
            name=f"{del_}_ta_bort",
        )
        for del_ in motet.BORTTAGNING
    ),
    path(f"{P}/<slug:del_>/", motet.paragraf_spara, name="paragraf_spara"),
]
