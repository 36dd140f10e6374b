"""The authentication backend: Django's ModelBackend, with the user's avdelning and its
förvaltning read in the same query as the user, and their roles and permissions in one more.

Every page asks where its user sits: the policy and the menus read `User.forvaltning_id`
and `User.kommun_id`, which go through the avdelning. Loaded lazily that was one or two
queries more on every request of every logged-in user (found by the load test,
`tests/benchmarks/load_prod_local.py`); joined here, the session's user costs one query.

Every page also asks what its user may do (the menu, the policy): Django's ModelBackend reads
the user's own permissions and their groups' permissions in two queries, and the roles
(`nameden.roles.roller`, the groups' names) took a third. `las_behorigheter` reads all three
in one (a UNION of the user's groups with their permissions and the user's own permissions)
and fills the caches ModelBackend keeps on the user object, so `has_perm` answers from them.
The caches live on the user object, which the session loads afresh for each request: a role
given or taken counts from the user's next request, as before, and nothing is shared between
requests or users.

The session comes first, on every request: `SessionStore` is Django's database store, read
with a statement written once instead of a queryset built and compiled by the ORM each
time (that cost as much Python as the query itself). It is the store of SESSION_ENGINE; a
logout deletes the row at once, in every worker, as before.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db as db_sessioner
from django.db import connections, router
from django.utils import timezone

#: What the query is compiled with, in place of a user id (no user has a negative id).
_PLATSHALLARE = -424242
#: The query's SQL for each (database alias, vendor), compiled by the ORM on first use.
#: Only the SQL text is kept (it names tables and columns, never a user), so that the
#: query costs one round trip and no ORM compilation on every request.
_SQL: dict[tuple[str, str], tuple[str, int]] = {}


def _fraga(user_id: int):
    """(group name or None, app_label, codename) rows: each of the user's groups with each of
    its permissions (a group without any: one row of NULLs), then the user's own ones."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import CharField, Value

    grupper = (
        Group.objects.filter(user=user_id)
        .values_list("name", "permissions__content_type__app_label", "permissions__codename")
        .order_by()
    )
    egna = (
        Permission.objects.filter(user=user_id)
        .annotate(grupp=Value(None, output_field=CharField()))
        .values_list("grupp", "content_type__app_label", "codename")
        .order_by()
    )
    return grupper.union(egna, all=True)


def _sql(alias: str) -> tuple[str, int]:
    nyckel = (alias, connections[alias].vendor)
    if nyckel not in _SQL:
        sql, params = _fraga(_PLATSHALLARE).query.get_compiler(alias).as_sql()
        # Every parameter must be the user id; anything else would be bound wrongly later.
        assert params and all(p == _PLATSHALLARE for p in params), params
        _SQL[nyckel] = (sql, len(params))
    return _SQL[nyckel]


def las_behorigheter(user) -> None:
    """Read `user`'s groups and permissions in one query and keep them on the object: the
    group names for `nameden.roles.roller`, and ModelBackend's own permission caches, as it
    would have filled them (an administrator's are all permissions, left to ModelBackend)."""
    alias = router.db_for_read(type(user), instance=user)
    sql, antal = _sql(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [user.pk] * antal)
        rader = cursor.fetchall()
    # Plain attributes, not __dict__: request.user is a lazy proxy of the user object.
    user._grupper = frozenset(g for g, _, _ in rader if g is not None)
    if user.is_active and not user.is_superuser:
        user._group_perm_cache = {f"{a}.{c}" for g, a, c in rader if g is not None and c}
        user._user_perm_cache = {f"{a}.{c}" for g, a, c in rader if g is None}
        user._perm_cache = user._user_perm_cache | user._group_perm_cache


def gruppnamn(user) -> frozenset[str]:
    """The names of `user`'s groups, read once per user object (with its permissions)."""
    if not hasattr(user, "_grupper"):
        las_behorigheter(user)
    return user._grupper


def las_anvandare(user_id):
    """The user with `user_id` and their avdelning and förvaltning in one query, or None
    (a session naming no valid id: nobody, as a failed get would be).

    Plain ORM on purpose: compiling this query once and building the objects by hand saved
    about a millisecond a request, through Django's private compiler API; not worth what a
    Django upgrade could break."""
    User = get_user_model()
    try:
        pk = User._meta.pk.to_python(user_id)
    except Exception:
        return None
    return User._default_manager.select_related("avdelning__forvaltning").filter(pk=pk).first()


class AnvandarBackend(ModelBackend):
    """Logs in as ModelBackend does (django-axes' backend stands before it in settings)."""

    def get_user(self, user_id):
        user = las_anvandare(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _get_permissions(self, user_obj, obj, from_name):
        # The user's and the groups' permissions (and the roles) in one query, not two.
        if (
            user_obj.is_active
            and not user_obj.is_anonymous
            and obj is None
            and not user_obj.is_superuser
            and not hasattr(user_obj, f"_{from_name}_perm_cache")
        ):
            las_behorigheter(user_obj)
        return super()._get_permissions(user_obj, obj, from_name)


def _session_sql(alias: str) -> str:
    """The session's data by key, if not expired (`%s` is the placeholder of every backend's
    Django cursor; names quoted by the backend)."""
    from django.contrib.sessions.models import Session

    q = connections[alias].ops.quote_name
    meta = Session._meta
    return (
        f"SELECT {q(meta.get_field('session_data').column)} FROM {q(meta.db_table)} "
        f"WHERE {q(meta.get_field('session_key').column)} = %s "
        f"AND {q(meta.get_field('expire_date').column)} > %s"
    )


class SessionStore(db_sessioner.SessionStore):
    """Django's database sessions; only the read on every request is written by hand, with
    the same condition as Django's (`session_key` = the cookie's, `expire_date` > now)."""

    def _get_session_from_db(self):
        if self.session_key is not None:
            alias = router.db_for_read(self.model)
            connection = connections[alias]
            nu = connection.ops.adapt_datetimefield_value(timezone.now())
            with connection.cursor() as cursor:
                cursor.execute(_session_sql(alias), [self.session_key, nu])
                rad = cursor.fetchone()
            if rad is not None:
                return self.model(session_key=self.session_key, session_data=rad[0])
        # As Django's: an unknown or expired key is forgotten, a new one made on save.
        self._session_key = None
        return None
