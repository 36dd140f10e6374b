"""URLs of the remiss pages. Names are used as `remiss:<name>`."""

from django.urls import path

from remiss.views import (
    arende,
    attest,
    avsnitt_klar,
    beredning,
    bilagor,
    historik,
    lista,
    namnd,
    pdf,
    registrering,
    samverkan,
)
from remiss.views import tjansteutlatande as tu

app_name = "remiss"

TU = "remisser/<int:pk>/tjansteutlatande"

urlpatterns = [
    path("", lista.mina, name="mina"),
    path("remisser/", lista.lista, name="lista"),
    path("remisser/mina/", lista.mina_lista, name="mina_lista"),
    path("remisser/ny/", registrering.registrera, name="registrera"),
    path("remisser/medverkan/", samverkan.registrera, name="medverkan_registrera"),
    path(
        "remisser/<int:pk>/medverkan/<int:medverkan_pk>/ta-bort/",
        samverkan.ta_bort,
        name="medverkan_ta_bort",
    ),
    path("remisser/<int:pk>/", arende.detalj, name="detalj"),
    path("remisser/<int:pk>/uppgifter/", registrering.andra_uppgifter, name="andra_uppgifter"),
    path("remisser/<int:pk>/tilldela/", registrering.tilldela, name="tilldela"),
    path("remisser/<int:pk>/avskriv/", arende.avskriva, name="avskriva"),
    path("remisser/<int:pk>/avsluta/", arende.avsluta, name="avsluta"),
    path("remisser/<int:pk>/paborja/", arende.paborja, name="paborja"),
    path("remisser/<int:pk>/anmal/", namnd.anmal, name="anmal"),
    path(f"{TU}/", tu.oversikt, name="tu"),
    path(f"{TU}/uppgifter/", tu.huvud, name="tu_huvud"),
    path(f"{TU}/uppgifter/hamta/", tu.hamta_uppgifter, name="tu_hamta_uppgifter"),
    path(f"{TU}/avsnitt/<slug:nyckel>/", tu.avsnitt, name="tu_avsnitt"),
    path(f"{TU}/avsnitt/<slug:nyckel>/klar/", avsnitt_klar.avsnitt_klar, name="tu_avsnitt_klar"),
    path(f"{TU}/beredning/", beredning.lista, name="beredning"),
    path(f"{TU}/beredning/generera/", beredning.generera, name="beredning_generera"),
    path(f"{TU}/beredning/<int:steg_pk>/", beredning.steg, name="beredning_steg"),
    path(f"{TU}/beredning/<int:steg_pk>/ta-bort/", beredning.ta_bort, name="beredning_ta_bort"),
    path(f"{TU}/bilagor/", bilagor.lista, name="bilagor"),
    path(f"{TU}/bilagor/<int:bilaga_pk>/", bilagor.hamta, name="bilaga_hamta"),
    path(f"{TU}/bilagor/<int:bilaga_pk>/ta-bort/", bilagor.ta_bort, name="bilaga_ta_bort"),
    path(f"{TU}/historik/", historik.historik, name="historik"),
    path(f"{TU}/pdf/", pdf.forhandsgranska, name="pdf_forhandsgranska"),
    path(f"{TU}/slutversion.pdf", pdf.slutversion, name="pdf_slutversion"),
    path(
        f"{TU}/slutversioner/<int:slutversion_pk>/upphavd.pdf",
        pdf.upphavd_slutversion,
        name="pdf_upphavd_slutversion",
    ),
    path("attestera/", attest.inkorg, name="inkorg"),
    path("remisser/<int:pk>/attest/", attest.attest, name="attest"),
    path("remisser/<int:pk>/attest/skicka/", attest.skicka, name="attest_skicka"),
    path("remisser/<int:pk>/attest/aterkalla/", attest.aterkalla, name="attest_aterkalla"),
]
