"""Beredningssteg as the tests add them: one line a step, utfall "behandlat" unless told."""

from remiss.models import Utfall
from remiss.services.beredning import beredningssteg_lagg_till


def steg_lagg_till(tu, user, typ, datum, utfall=Utfall.BEHANDLAT, *, motpart=""):
    """`user` adds a step of `typ` on `datum` (None for an undated one) to `tu`."""
    return beredningssteg_lagg_till(
        user=user, tu=tu, typ=typ, datum=datum, utfall=utfall, motpart=motpart
    )
