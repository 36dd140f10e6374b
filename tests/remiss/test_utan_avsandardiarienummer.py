"""A sender with no diarienummer of its own: registered, shown and printed as having none.

The registrator ticks "Avsändaren har inget diarienummer" (an empty field alone is refused,
so that none is a decision, not an oversight). Every place that shows the sender's number
then says so: the remiss page, the lists, the attest e-mail, and the document's underrubrik
(and so its PDF). The duplicate check ("Registrera ändå") needs a number to compare.
"""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from nameden import platshallare
from remiss.models import Remiss
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_skicka
from remiss.services.registrering import remiss_andra_uppgifter
from tests.conftest import fyll_i
from tests.factories import stockholm_mall
from tests.remiss.attest_verktyg import mejlet_efter_commit
from tests.remiss.pdf_verktyg import fulltext
from tests.remiss.registrering_verktyg import registrering_post

pytestmark = pytest.mark.django_db

INGET = "Avsändaren har inget diarienummer"
UNDERRUBRIK = "Svar på remiss från kommunstyrelsen, avsändaren har inget diarienummer"


@pytest.fixture
def utan_nummer(client, maria, karin, socialnamnden):
    """Registered through the form with the box ticked, as Maria would."""
    client.force_login(maria)
    response = client.post(
        reverse("remiss:registrera"),
        registrering_post(
            karin,
            socialnamnden,
            avsandarens_diarienummer="",
            inget_avsandardiarienummer="on",
        ),
    )
    assert response.status_code == 302
    return Remiss.objects.get()


def test_a_remiss_without_the_senders_number_is_registered(utan_nummer, client):
    """GIVEN the box ticked and no number WHEN Maria registers THEN the remiss is stored with
    no sender's number, gets its own diarienummer, and its page says the sender has none."""
    assert utan_nummer.avsandarens_diarienummer == ""
    assert utan_nummer.diarienummer.startswith("SOF ")

    html = client.get(reverse("remiss:detalj", args=[utan_nummer.pk])).content.decode()

    assert INGET in html


def test_a_number_and_the_box_together_are_refused(client, maria, karin, socialnamnden):
    """GIVEN a number typed and the box ticked WHEN posted THEN 400 on the number's field,
    saying to remove one of them, and nothing is stored."""
    client.force_login(maria)

    response = client.post(
        reverse("remiss:registrera"),
        registrering_post(karin, socialnamnden, inget_avsandardiarienummer="on"),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["avsandarens_diarienummer"] == [
        "Du har både skrivit ett diarienummer och kryssat i att avsändaren inte har något. "
        "Ta bort numret eller krysset."
    ]
    assert not Remiss.objects.exists()


def test_the_box_is_right_after_the_number_on_the_form(client, maria):
    """GIVEN the registration form WHEN opened THEN the box follows the number's field, so a
    screen reader meets them together, and the number is not labelled "(valfritt)": it is a
    number or the box."""
    client.force_login(maria)

    response = client.get(reverse("remiss:registrera"))

    falt = list(response.context["form"].fields)
    assert falt[falt.index("avsandarens_diarienummer") + 1] == "inget_avsandardiarienummer"
    html = response.content.decode()
    assert re.search(r'for="id_avsandarens_diarienummer">Avsändarens diarienummer</label>', html)
    assert 'for="id_inget_avsandardiarienummer">Avsändaren har inget diarienummer' in html


def test_two_remisser_without_a_number_are_no_possible_duplicates(registrera):
    """GIVEN a remiss from Kommunstyrelsen without a sender's number WHEN another without one
    is registered, not confirming "Registrera ändå" THEN it is registered: no number, nothing
    to be a duplicate of."""
    forsta = registrera(avsandarens_diarienummer="", registrera_anda=False)

    andra = registrera(avsandarens_diarienummer="", registrera_anda=False)

    assert forsta.diarienummer != andra.diarienummer
    assert Remiss.objects.filter(avsandarens_diarienummer="").count() == 2


def test_the_lists_say_the_sender_has_no_number(utan_nummer, client):
    """GIVEN a remiss without the sender's number WHEN the remiss list is shown THEN its row
    says the sender has none."""
    html = client.get(reverse("remiss:lista")).content.decode()

    assert utan_nummer.diarienummer in html
    assert INGET in html


def test_correcting_the_details_keeps_and_changes_none(utan_nummer, client, maria):
    """GIVEN a remiss without the sender's number WHEN its details page is opened THEN the box
    is ticked; WHEN a number arrives later THEN it is saved with the box unticked; WHEN it was
    a mistake THEN ticking the box again empties it."""
    url = reverse("remiss:andra_uppgifter", args=[utan_nummer.pk])
    form = client.get(url).context["form"]
    assert form["inget_avsandardiarienummer"].value() is True
    data = {
        **{f: form[f].value() for f in form.fields if f != "inget_avsandardiarienummer"},
        "inkom_datum": "2024-03-01",
        "svarsdatum": "2024-04-30",
    }

    assert client.post(url, {**data, "avsandarens_diarienummer": "ks 2024/7"}).status_code == 302
    assert Remiss.objects.get(pk=utan_nummer.pk).avsandarens_diarienummer == "KS 2024/7"
    form = client.get(url).context["form"]
    assert form["inget_avsandardiarienummer"].value() is False

    response = client.post(
        url, {**data, "avsandarens_diarienummer": "", "inget_avsandardiarienummer": "on"}
    )
    assert response.status_code == 302
    assert Remiss.objects.get(pk=utan_nummer.pk).avsandarens_diarienummer == ""


def test_the_service_takes_an_empty_number_as_none(remiss, maria):
    """GIVEN a registered remiss WHEN the service is told the sender's number is "" THEN it is
    stored as none (the box is the form's; the service reads "" as none)."""
    remiss_andra_uppgifter(user=maria, remiss=remiss, avsandarens_diarienummer="  ")

    assert Remiss.objects.get(pk=remiss.pk).avsandarens_diarienummer == ""


@pytest.fixture
def dokument_utan_nummer(utan_nummer, karin, lisa, veronica):
    remiss_paborja_beredning(user=karin, remiss=utan_nummer, mall=stockholm_mall())
    utan_nummer.refresh_from_db()
    return utan_nummer.tjansteutlatande


def test_the_document_and_its_pdf_say_the_sender_has_no_number(dokument_utan_nummer, client, karin):
    """GIVEN a remiss without the sender's number WHEN the beredning starts from Stockholm's
    mall THEN the underrubrik says the sender has none (not "Dnr " and a blank), and the PDF
    read back says so in its header."""
    assert dokument_utan_nummer.underrubrik == UNDERRUBRIK
    client.force_login(karin)

    response = client.get(
        reverse("remiss:pdf_forhandsgranska", args=[dokument_utan_nummer.remiss_id])
    )

    assert response.status_code == 200
    text = fulltext(response.content)
    assert UNDERRUBRIK in text
    assert "Dnr ," not in text and not text.count("Dnr  ")


def test_the_attest_mail_says_the_sender_has_no_number(
    dokument_utan_nummer, karin, lisa, mailoutbox, django_capture_on_commit_callbacks
):
    """GIVEN a document of a remiss without the sender's number WHEN it is sent for attest THEN
    Lisa's mail names the sender and says it has no number, with no empty brackets."""
    klar = fyll_i(dokument_utan_nummer, karin)

    mail = mejlet_efter_commit(
        django_capture_on_commit_callbacks, mailoutbox, lambda: attest_skicka(user=karin, tu=klar)
    )

    assert "Avsändare: Kommunstyrelsen (avsändaren har inget diarienummer)" in mail.body
    assert "()" not in mail.body


def test_export_refuses_an_empty_diarienummer(utan_nummer, tmp_path):
    """GIVEN a remiss whose sender has no number WHEN export_pdf is given an empty DNR THEN a
    Swedish error, not the first remiss without a sender's number."""
    with pytest.raises(CommandError, match="Ange ett diarienummer"):
        call_command("export_pdf", "  ", "--out", str(tmp_path / "x.pdf"), stdout=io.StringIO())


# --- The underrubrik's template without a number ------------------------------------------


@pytest.mark.parametrize(
    ("mall", "text"),
    [
        ("Svar på remiss från {avsandare}, Dnr {avsandarens_diarienummer}", UNDERRUBRIK),
        (
            "Remissvar till {avsandare}, er beteckning {avsandarens_diarienummer}, yttrande",
            "Remissvar till kommunstyrelsen, avsändaren har inget diarienummer, yttrande",
        ),
        (
            "{avsandarens_diarienummer} ({avsandare})",
            "Avsändaren har inget diarienummer (kommunstyrelsen)",
        ),
        (
            "Yttrande till {avsandare} om {avsandarens_diarienummer}",
            "Yttrande till kommunstyrelsen om avsändaren har inget diarienummer",
        ),
        ("Yttrande till {avsandare}", "Yttrande till kommunstyrelsen"),
    ],
    ids=["stockholm", "mitt-i", "forst", "utan-komma", "utan-platshallare"],
)
def test_the_underrubrik_template_replaces_the_number_and_its_label(mall, text):
    """GIVEN an underrubrik template WHEN the sender has no number THEN the placeholder and
    its label (the text since the comma before it) become "avsändaren har inget
    diarienummer", capitalised when the sentence starts with it; without a comma only the
    placeholder is replaced, and a template without it is filled as always."""
    varden = {"avsandare": "kommunstyrelsen", "avsandarens_diarienummer": ""}

    assert (
        platshallare.fyll_i_utan(
            mall, varden, namn="avsandarens_diarienummer", ersattning=INGET.lower()
        )
        == text
    )
