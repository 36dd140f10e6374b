"""URLs of the tjänsteutlåtande PDF (issue 4), added to `remiss.urls`."""

from django.urls import path

from remiss.views import pdf

TU = "remisser/<int:pk>/tjansteutlatande"

urlpatterns = [
    path(f"{TU}/pdf/", pdf.forhandsgranska, name="pdf_forhandsgranska"),
    path(f"{TU}/slutversion.pdf", pdf.slutversion, name="pdf_slutversion"),
]
