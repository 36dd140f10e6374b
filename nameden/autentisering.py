"""The authentication backend: Django's ModelBackend, with the user's avdelning and its
förvaltning read in the same query as the user.

Every page asks where its user sits: the policy and the menus read `User.forvaltning_id`
and `User.kommun_id`, which go through the avdelning. Loaded lazily that was one or two
queries more on every request of every logged-in user (found by the load test,
`tests/benchmarks/load_prod_local.py`); joined here, the session's user costs one query.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AnvandarBackend(ModelBackend):
    """Logs in as ModelBackend does (django-axes' backend stands before it in settings)."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("avdelning__forvaltning").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
