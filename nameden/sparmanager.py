"""Tracked models refuse the queryset writes that would skip their history.

simple-history writes a history row from `save()` and `delete()` on an instance. A queryset's
`update()`, `bulk_create()` and `bulk_update()` send no signal, so the change leaves no trace;
a queryset's `delete()` records rows without saying who did it. Every model with
`history = HistoricalRecords()` therefore gets `objects = TrackedManager()` (or a queryset
built on `TrackedQuerySet`), and those four calls raise `UntrackedWriteError`: writing a tracked
model behind its history is a programming error, not a user's mistake.

The few legitimate uses (a test simulating a change made behind the app's back, a benchmark's
set-up) say so inside `untracked_writes("why")`. Data migrations are not affected: their
historical models get Django's plain manager (`use_in_migrations` is off). Django's own
deletion machinery (cascades, SET_NULL) goes through the base manager, which stays plain.
"""

import contextlib
import contextvars
from collections.abc import Iterator

from django.contrib.auth.models import UserManager
from django.db import models

_allowed: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "nameden_untracked_writes", default=None
)


class UntrackedWriteError(RuntimeError):
    """A queryset write on a tracked model: it would leave no (or an unattributed) history."""


@contextlib.contextmanager
def untracked_writes(reason: str) -> Iterator[None]:
    """Allow queryset writes on tracked models inside this block, for the stated `reason`.

    Narrow on purpose: only the code inside the block, in this thread or task. The reason is
    required so every use says why skipping history is right there.
    """
    if not reason or not reason.strip():
        raise ValueError("untracked_writes() needs a reason.")
    token = _allowed.set(reason)
    try:
        yield
    finally:
        _allowed.reset(token)


def _refuse(model: type[models.Model], operation: str) -> None:
    if _allowed.get() is not None:
        return
    raise UntrackedWriteError(
        f"{model._meta.label}.objects…{operation} skips django-simple-history: save or delete "
        f"each instance through nameden.historik.save_tracked / delete_tracked instead, or, "
        f"if skipping history is really intended, wrap the call in "
        f"nameden.sparmanager.untracked_writes('why')."
    )


class TrackedQuerySet(models.QuerySet):
    """A queryset whose writes either go through the instances or are refused."""

    def update(self, **kwargs):
        _refuse(self.model, "update()")
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        _refuse(self.model, "bulk_create()")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        _refuse(self.model, "bulk_update()")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def delete(self):
        if (each := _each.get()) is not None:
            return _delete_each(self, *each)
        _refuse(self.model, "delete()")
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True
    update.alters_data = True


class TrackedManager(models.Manager.from_queryset(TrackedQuerySet)):
    """The default manager of every tracked model (`objects = TrackedManager()`)."""


class TrackedUserManager(UserManager.from_queryset(TrackedQuerySet)):
    """The user's manager: Django's `create_user` and friends, with the tracked writes.

    Left out of migrations like the others, so data migrations keep Django's plain manager.
    """

    use_in_migrations = False


def is_tracked(model: type[models.Model]) -> bool:
    """Whether simple-history records `model` (it has `history = HistoricalRecords()`)."""
    return getattr(model._meta, "simple_history_manager_attribute", None) is not None


_each: contextvars.ContextVar[tuple | None] = contextvars.ContextVar(
    "nameden_delete_each", default=None
)


@contextlib.contextmanager
def delete_each(*, user, reason: str) -> Iterator[None]:
    """Inside this block a tracked queryset's `delete()` deletes instance by instance.

    For code that hands a queryset to a deletion it does not own (the admin's "delete
    selected" action): each row goes through `nameden.historik.delete_tracked`, so its
    history row says who deleted it and why.
    """
    token = _each.set((user, reason))
    try:
        yield
    finally:
        _each.reset(token)


def _delete_each(queryset: models.QuerySet, user, reason: str) -> tuple[int, dict[str, int]]:
    from django.db import transaction

    from nameden.historik import delete_tracked

    total = 0
    per_model: dict[str, int] = {}
    with transaction.atomic(using=queryset.db):
        for instance in queryset:
            count, counts = delete_tracked(instance, user=user, reason=reason)
            total += count
            for label, n in counts.items():
                per_model[label] = per_model.get(label, 0) + n
    return total, per_model
