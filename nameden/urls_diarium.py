"""The public diary (OSL 5 kap.): no login, one kommun a page, as `diarium:<name>`."""

from django.urls import path

from nameden.views import diarium

app_name = "diarium"

urlpatterns = [
    path("<slug:kommun>/", diarium.lista, name="lista"),
]
