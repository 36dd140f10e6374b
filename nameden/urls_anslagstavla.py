"""The public anslagstavla (no login), included at "anslagstavla/" as `anslagstavla:<name>`."""

from django.urls import path

from nameden.views import anslagstavla

app_name = "anslagstavla"

urlpatterns: list = [
    path("", anslagstavla.lista, name="lista"),
    path("<int:pk>/protokoll.pdf", anslagstavla.protokoll, name="protokoll"),
]
