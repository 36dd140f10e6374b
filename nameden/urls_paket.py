"""URLs: the kallelse-and-handlingar packet: build (in the background), progress, download.

Included by `nameden.urls_namnd`.
"""

from django.urls import path

from nameden.views import paket

H = "sammantraden/<int:pk>/handlingar"

urlpatterns = [
    path(f"{H}/", paket.status, name="handlingar"),
    path(f"{H}/skapa/", paket.skapa, name="handlingar_skapa"),
    path(f"{H}/<slug:version>.pdf", paket.hamta, name="handlingar_hamta"),
]
