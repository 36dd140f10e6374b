"""Field declarations the models of both apps repeat, written once.

The field each returns deconstructs exactly as if it were written out, so using one changes
no migration.
"""

from django.conf import settings
from django.db import models


def valfri_person(verbose_name: str) -> models.ForeignKey:
    """An optional reference to a user (who superseded, for whom a deputy acted, whose turn it
    is) that the user never needs to find back from: no reverse accessor. PROTECT, because a
    person named in a record must not disappear from it."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
