"""The accessibility statement is public and linked from every page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_statement_is_public(client):
    response = client.get(reverse("tillganglighet"))
    assert response.status_code == 200
    assert "WCAG 2.1" in response.text
    assert "Kända brister" in response.text


def test_every_page_links_to_it(client):
    response = client.get(reverse("login"))
    assert f'href="{reverse("tillganglighet")}"' in response.text
