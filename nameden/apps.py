from django.apps import AppConfig


class NamndenConfig(AppConfig):
    name = "nameden"
    verbose_name = "Organisation och nämnder"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from nameden import checks  # noqa: F401  (registers the system checks)
        from nameden.roles import sync_namnd_roles
        from nameden.sok import registrera_sqlite_funktioner

        # Every new SQLite connection gets the case folding search needs (nameden.sok).
        connection_created.connect(registrera_sqlite_funktioner, dispatch_uid="nameden_sok")

        # The committee side's grants are data too (nameden.roles.GRANTS), synced after migrate.
        post_migrate.connect(sync_namnd_roles, sender=self, dispatch_uid="nameden_roles")

        # A session's time limits start at login (nameden.middleware.SessionTidsgransMiddleware).
        from django.contrib.auth.signals import user_logged_in

        from nameden.middleware import stampla_inloggning

        user_logged_in.connect(stampla_inloggning, dispatch_uid="nameden_sessionstid")

        # A save that changes no tracked field writes no history row (nameden.historik).
        from nameden.historik import connect_unchanged_guard

        connect_unchanged_guard()
