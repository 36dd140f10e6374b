"""The public anslagstavla (no login), included at "anslagstavla/" as `anslagstavla:<name>`:
the start (`lista`: the board, or the kommuner when there are several), each kommun's board,
and an anslag's public protokoll."""

from django.urls import path

from nameden.views import anslagstavla

app_name = "anslagstavla"

urlpatterns: list = [
    path("", anslagstavla.start, name="lista"),
    path("<int:pk>/protokoll.pdf", anslagstavla.protokoll, name="protokoll"),
    path("<slug:slug>/", anslagstavla.kommun, name="kommun"),
]
