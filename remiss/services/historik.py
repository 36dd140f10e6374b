"""Saving tracked models with who and why, so simple-history records both."""

from django.db import models


def save_tracked(instance: models.Model, *, user, reason: str, **save_kwargs) -> None:
    """Save `instance` and let its history row say who did it and why.

    simple-history reads `_history_user` and `_change_reason` from the instance; setting them
    here, rather than relying on the request middleware, keeps management commands and
    background jobs attributed too.
    """
    instance._history_user = user if user is not None and user.is_authenticated else None
    instance._change_reason = reason
    instance.save(**save_kwargs)


def delete_tracked(instance: models.Model, *, user, reason: str) -> None:
    instance._history_user = user if user is not None and user.is_authenticated else None
    instance._change_reason = reason
    instance.delete()
