"""The session's user is loaded with their avdelning and förvaltning in one query, since
every page asks where its user sits (nameden.autentisering)."""

import pytest
from django.urls import reverse

from nameden.autentisering import AnvandarBackend

pytestmark = pytest.mark.django_db


def test_the_user_and_where_they_sit_cost_one_query(karin, django_assert_num_queries):
    """GIVEN Karin WHEN the backend loads her by id and her förvaltning and kommun are read
    THEN that is one query in all."""
    with django_assert_num_queries(1):
        user = AnvandarBackend().get_user(karin.pk)
        assert user == karin
        assert user.forvaltning_id == karin.avdelning.forvaltning_id
        assert user.kommun_id == karin.avdelning.forvaltning.kommun_id


def test_an_inactive_or_missing_user_is_nobody(karin):
    """GIVEN Karin deactivated, and an id nobody has WHEN loaded THEN neither is a user,
    as with Django's own backend."""
    karin.is_active = False
    karin.save()
    assert AnvandarBackend().get_user(karin.pk) is None
    assert AnvandarBackend().get_user(karin.pk + 1000) is None


def test_a_page_gets_its_user_from_this_backend(client, karin):
    """GIVEN Karin logged in through the login form WHEN she opens Mina remisser THEN the
    request's user came with her avdelning and förvaltning already joined."""
    client.post(reverse("login"), {"username": "karin", "password": "losenord-123"})
    svar = client.get(reverse("remiss:mina"))

    assert svar.status_code == 200
    user = svar.wsgi_request.user
    assert user.username == "karin"
    assert "avdelning" in user._state.fields_cache
    assert "forvaltning" in user.avdelning._state.fields_cache
