"""Saving tracked models with who and why, so simple-history records both."""

from django.db import models


def _fit_reason(instance: models.Model, reason: str) -> str:
    """Shorten `reason` to what the history table holds.

    simple-history keeps the reason in a varchar(100). A reason quoting a mall's name or a
    section's heading can be longer, and PostgreSQL would refuse the whole change for it.
    """
    history = getattr(type(instance), "history", None)
    if history is None:
        return reason
    max_length = history.model._meta.get_field("history_change_reason").max_length
    if max_length and len(reason) > max_length:
        return reason[: max_length - 1] + "…"
    return reason


def save_tracked(instance: models.Model, *, user, reason: str, **save_kwargs) -> None:
    """Save `instance` and let its history row say who did it and why.

    simple-history reads `_history_user` and `_change_reason` from the instance; setting them
    here, rather than relying on the request middleware, keeps management commands and
    background jobs attributed too.
    """
    instance._history_user = user if user is not None and user.is_authenticated else None
    instance._change_reason = _fit_reason(instance, reason)
    instance.save(**save_kwargs)


def delete_tracked(instance: models.Model, *, user, reason: str) -> None:
    instance._history_user = user if user is not None and user.is_authenticated else None
    instance._change_reason = _fit_reason(instance, reason)
    instance.delete()
