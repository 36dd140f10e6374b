"""Names the documents copy from the organisation are checked when typed in the admin.

A nämnd's or avdelning's name and a person's name, titel and telefon end up in a
tjänsteutlåtande's header. A character the PDF font cannot draw, or a control character, is
refused on the admin form with a Swedish message, not discovered when a document is made.
"""

import pytest
from django.core.exceptions import ValidationError

from nameden.models import Avdelning, Namnd
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EMOJI = "\N{GRINNING FACE}"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_a_namnd_name_the_font_cannot_draw_is_refused_on_the_admin_form(admin_client, sof):
    """GIVEN the admin's add form for a nämnd
    WHEN the name contains an emoji
    THEN the form answers with the error on the name field and no nämnd is stored."""
    response = admin_client.post(
        "/admin/nameden/namnd/add/", {"namn": f"Kulturnämnden {EMOJI}", "forvaltning": sof.pk}
    )

    assert response.status_code == 200
    fel = response.context["adminform"].form.errors["namn"][0]
    assert "U+1F600" in fel
    assert not Namnd.objects.filter(namn__startswith="Kulturnämnden").exists()


def test_a_control_character_in_an_avdelning_name_is_refused(sof):
    """GIVEN an avdelning WHEN its name holds a NUL THEN full_clean refuses it on `namn`."""
    avdelning = Avdelning(forvaltning=sof, namn="Stab\x00avdelningen")
    with pytest.raises(ValidationError) as exc:
        avdelning.full_clean()
    assert set(exc.value.message_dict) == {"namn"}


@pytest.mark.parametrize("falt", ["first_name", "last_name", "titel", "telefon"])
def test_a_persons_printed_details_are_checked(falt, stab):
    """GIVEN a user WHEN a printed detail (name, titel, telefon) holds an emoji THEN full_clean
    names that field; Swedish letters are fine."""
    person = UserFactory(username="ny", avdelning=stab, first_name="Åsa", last_name="Öberg")
    person.full_clean()
    setattr(person, falt, f"X{EMOJI}")
    with pytest.raises(ValidationError) as exc:
        person.full_clean(exclude=["password"])
    assert set(exc.value.message_dict) == {falt}
