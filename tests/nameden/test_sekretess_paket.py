"""The full packet holds a secret punkt's handlingar: only those who may read them get it,
and each download is logged; the public version leaves the punkt's handlingar out."""

import io

import pypdf
import pytest
from django.urls import reverse

from nameden.models import Handlingspaket, OslParagraf, Sekretesslasning
from nameden.paket.bygg import paket_bygg
from nameden.services.sekretess import sekretess_markera
from tests.nameden.fabriker_paket import anmal_med_handlingar, las_paket

pytestmark = pytest.mark.django_db
V = Handlingspaket.Version


def _hamta(client, mote, version):
    return client.get(reverse("namnd:handlingar_hamta", args=[mote.pk, version]))


def test_the_full_packet_with_a_secret_punkt(client, johan, karin, lisa, mote):
    """GIVEN a packet whose punkt 2 is marked under OSL 26:1 WHEN a handläggare downloads the
    full version THEN 404 and no log; WHEN the chef does THEN the file, and one logged read;
    the public version holds none of the secret punkt's pages and is served to anyone."""
    anmal_med_handlingar(johan, mote, 1)
    hemlig = anmal_med_handlingar(johan, mote, 2)
    paragraf = OslParagraf.objects.get(kapitel=26, paragraf=1)
    sekretess_markera(user=johan, handling=hemlig, paragraf=paragraf, skal="LVU.")
    paket = paket_bygg(sammantrade=mote, user=johan).paket

    client.force_login(karin)
    assert _hamta(client, mote, "fullstandig").status_code == 404
    assert not Sekretesslasning.objects.exists()
    offentlig = _hamta(client, mote, "offentlig")
    text = "".join(
        s.extract_text()
        for s in pypdf.PdfReader(io.BytesIO(b"".join(offentlig.streaming_content))).pages
    )
    assert "Arende 1 TU" in text and "Arende 2 TU" not in text

    client.force_login(lisa)
    svar = _hamta(client, mote, "fullstandig")
    assert svar.status_code == 200
    assert b"".join(svar.streaming_content) == las_paket(paket[V.FULLSTANDIG])
    rad = Sekretesslasning.objects.get()
    assert (rad.lasare, rad.satt, rad.markering.object_id) == (lisa, "fil", hemlig.pk)
