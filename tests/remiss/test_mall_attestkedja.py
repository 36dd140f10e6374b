"""A mall's attest chain is data an administrator edits, so it is validated as data."""

import pytest
from django.core.exceptions import ValidationError

from remiss.attestkedja import ROLLER
from remiss.models.mall import ATTESTROLLER
from tests.factories import stockholm_mall

pytestmark = pytest.mark.django_db


def test_every_role_a_mall_may_name_can_be_resolved():
    assert set(ATTESTROLLER) == set(ROLLER)


@pytest.mark.parametrize("kedja", [[], ["chef"], "avdelningschef", ["avdelningschef", "x"]])
def test_unknown_or_empty_chains_are_refused_in_swedish(kedja):
    mall = stockholm_mall()
    mall.attestkedja = kedja
    with pytest.raises(ValidationError) as exc:
        mall.full_clean()
    assert "attestkedja" in exc.value.message_dict


def test_the_shipped_chain_is_valid():
    stockholm_mall().full_clean()
