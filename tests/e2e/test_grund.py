"""The browser base itself: a login with an error shown, then the start page, through the checks.

If this fails, every journey would; it says first whether Chromium, axe-core, the live server and
the login form work together.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.sidkontroll import kontrollera_sida

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_login_form_shows_its_error_then_lets_the_person_in(page, logga_in, karin, skarmbild):
    """GIVEN Karin at the login form
    WHEN she first types a wrong password, then logs in for real
    THEN the error summary and the start page both pass the page check (axe, reflow, landmarks)
    """
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill(karin.username)
    page.get_by_label("Lösenord").fill("fel-losenord")
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.locator(".app-error-summary")).to_be_visible()
    kontrollera_sida(page, "Inloggning med fel")
    skarmbild(page, "01-inloggning-fel")

    startsida = logga_in(karin)
    expect(startsida.locator("h1")).to_be_visible()
    kontrollera_sida(startsida, "Startsida (handläggare)")
    skarmbild(startsida, "02-startsida")


def test_page_check_fails_on_what_it_is_there_to_catch(page):
    """GIVEN the login page, spoilt in the browser: an image without alt text, a second h1 and
    a line of text 600 px wide
    WHEN the page check runs
    THEN it fails, naming axe's rule, the extra h1 and the sideways scrolling
    """
    page.goto("/logga-in/")
    page.evaluate(
        """() => {
             const main = document.querySelector('main');
             const bild = document.createElement('img');
             bild.src = '/static/favicon.ico';
             main.append(bild);
             const rubrik = document.createElement('h1');
             rubrik.textContent = 'En andra huvudrubrik';
             main.append(rubrik);
             const bred = document.createElement('p');
             bred.textContent = 'Bred text';
             bred.style.width = '600px';
             main.append(bred);
           }"""
    )
    with pytest.raises(AssertionError) as fel:
        kontrollera_sida(page, "Inloggning, förstörd med flit")
    meddelande = str(fel.value)
    assert "image-alt" in meddelande
    assert "2 h1" in meddelande
    assert "rullar i sidled vid 320 px" in meddelande
