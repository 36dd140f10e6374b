"""URLs of the committee side's pages, included under "namnd/" as `namnd:<name>`."""

from django.urls import include, path

from nameden.views import punkt, sammantrade

app_name = "namnd"

S = "sammantraden/<int:pk>"
P = f"{S}/punkter/<int:punkt_pk>"

urlpatterns = [
    path("sammantraden/", sammantrade.lista, name="lista"),
    path("sammantraden/nytt/", sammantrade.skapa, name="skapa"),
    path(f"{S}/", sammantrade.detalj, name="detalj"),
    path(f"{S}/andra/", sammantrade.andra, name="andra"),
    path(f"{S}/status/<slug:action>/", sammantrade.overga, name="overga"),
    path(f"{S}/punkter/ny/", punkt.ny, name="punkt_ny"),
    path(f"{P}/", punkt.andra, name="punkt_andra"),
    path(f"{P}/flytta/<slug:riktning>/", punkt.flytta, name="punkt_flytta"),
    path(f"{P}/bordlagg/", punkt.bordlagg, name="punkt_bordlagg"),
    path(f"{P}/dra-tillbaka/", punkt.dra_tillbaka, name="punkt_dra_tillbaka"),
    # Each part of the meeting's work keeps its own URL module.
    path("", include("nameden.urls_paket")),
    path("", include("nameden.urls_motet")),
    path("", include("nameden.urls_protokoll")),
    path("", include("nameden.urls_utskick")),
]
