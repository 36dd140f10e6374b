from django.urls import path

from remiss.views import attest

urlpatterns = [
    path("attestera/", attest.inkorg, name="inkorg"),
    path("remisser/<int:pk>/attest/", attest.attest, name="attest"),
    path("remisser/<int:pk>/attest/skicka/", attest.skicka, name="attest_skicka"),
]
