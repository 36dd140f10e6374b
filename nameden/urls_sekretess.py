"""URLs of sekretess: a handling's marking and the chef's read log, as `sekretess:<name>`."""

from django.urls import path

from nameden.views import sekretess

app_name = "sekretess"

urlpatterns = [
    path("lasloggen/", sekretess.lasloggen, name="lasloggen"),
    path("<slug:slag>/<int:pk>/", sekretess.markering, name="markering"),
]
