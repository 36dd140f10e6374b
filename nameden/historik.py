"""Saving tracked models with who and why, so simple-history records both."""

from django.db import models
from simple_history.models import HistoricalRecords


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


def delete_tracked(instance: models.Model, *, user, reason: str) -> tuple[int, dict[str, int]]:
    """Delete `instance`; its last history row ("-") says who deleted it and why."""
    instance._history_user = user if user is not None and user.is_authenticated else None
    instance._change_reason = _fit_reason(instance, reason)
    return instance.delete()


# --- No history row without a change ---------------------------------------------------------
# simple-history writes a row on every save(), changed or not; a login (Django saves only
# `last_login`, which the user's history excludes) wrote an empty "~" row each time. A row that
# repeats the one before it says nothing and buries the ones that do, so a save that changes no
# tracked field writes none. Connected for every tracked model in `nameden.apps`.

_SKIPPED = "_historik_oforandrad"


def _tracked_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields the history row copies, without timestamps that move on every save."""
    history_model = getattr(model, model._meta.simple_history_manager_attribute).model
    copied = {f.attname for f in history_model._meta.fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.attname in copied and not getattr(f, "auto_now", False)
    ]


def _comparable(value):
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def skip_history_when_unchanged(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: mark the save history-less when no tracked field differs from the last row."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if hasattr(instance, "skip_history_when_saving"):
        return  # the caller already chose (simple-history's save_without_historical_record)
    fields = _tracked_fields(sender)
    if update_fields is not None:
        names = set(update_fields)
        fields = [f for f in fields if f.name in names or f.attname in names]
        if not fields:
            _skip(instance)  # e.g. a login: only last_login, which history leaves out
            return
    history_model = getattr(sender, sender._meta.simple_history_manager_attribute).model
    loaded = [f for f in fields if f.attname in instance.__dict__]
    latest = (
        history_model._default_manager.using(kwargs.get("using") or instance._state.db)
        .filter(**{sender._meta.pk.attname: instance.pk})
        .order_by("-history_date", "-history_id")
        .values(*(f.attname for f in loaded))
        .first()
    )
    if latest is None:
        return  # no row yet (written before tracking): this save writes the first
    if all(
        _comparable(getattr(instance, f.attname)) == _comparable(latest[f.attname]) for f in loaded
    ):
        _skip(instance)


def _skip(instance) -> None:
    instance.skip_history_when_saving = True
    setattr(instance, _SKIPPED, True)


def clear_skip_after_save(sender, instance, **kwargs):
    """post_save (after simple-history's): the next save of the instance decides afresh."""
    if instance.__dict__.pop(_SKIPPED, False):
        instance.__dict__.pop("skip_history_when_saving", None)


def connect_unchanged_guard() -> None:
    from django.apps import apps
    from django.db.models.signals import post_save, pre_save

    from nameden.sparmanager import is_tracked

    for model in apps.get_models():
        if is_tracked(model):
            uid = f"nameden_historik_{model._meta.label_lower}"
            pre_save.connect(skip_history_when_unchanged, sender=model, dispatch_uid=uid)
            post_save.connect(clear_skip_after_save, sender=model, dispatch_uid=uid)


# --- Who did it, after the person has left ------------------------------------------------------


def attributions_of(user) -> list[str]:
    """Where `user` is named as the one who did something: what deleting them would blank.

    Every relation to the user counts (history rows' "ändrad av", handläggare, attestant,
    "uppladdad av", events, the admin log), except the user's own history rows and role
    history, which describe the user rather than something they did. One EXISTS query per
    relation: this runs on the admin's delete page, not in a list.
    """
    user_model = type(user)
    own_history = getattr(user_model, user_model._meta.simple_history_manager_attribute).model
    # The user's own groups and permissions, and their history (nameden 0010).
    own_m2m = {f.remote_field.through for f in user_model._meta.many_to_many}
    found: list[str] = []
    for relation in user_model._meta._get_fields(forward=False, reverse=True, include_hidden=True):
        field = relation.field
        model = relation.related_model
        if not getattr(field, "concrete", False) or model is user_model:
            continue
        is_own = (
            model is own_history
            or model in own_m2m
            or getattr(model, "instance_type", None) in own_m2m
        )
        if is_own and field.name != "history_user":
            continue
        if model._base_manager.filter(**{field.name: user.pk}).exists():
            label = str(model._meta.verbose_name_plural)
            if label not in found:
                found.append(label)
    return found


class UserHistoricalRecords(HistoricalRecords):
    """The user's history, recording role changes made from the group's side too.

    With `m2m_fields=["groups"]`, simple-history records `user.groups.add(group)`, but
    `group.user_set.add(user)` reaches it with the group as the instance, which has no
    history: it would raise. Here each user whose roles changed gets the row instead.
    """

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        users = kwargs["model"]._default_manager
        if action == "pre_clear":
            # Who loses the role is only known before the rows go.
            instance._historik_fore_clear = list(
                users.filter(**{attr: instance}).values_list("pk", flat=True)
            )
            return None
        if action not in ("post_add", "post_remove", "post_clear"):
            return None
        if action == "post_clear":
            pks = instance.__dict__.pop("_historik_fore_clear", [])
        else:
            pks = pk_set or []
        for user in users.filter(pk__in=pks):
            if hasattr(instance, "_history_user"):
                user._history_user = instance._history_user
            super().m2m_changed(user, action, attr, pk_set, False, **kwargs)
        return None
