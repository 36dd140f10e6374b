from django.apps import AppConfig


class NamndenConfig(AppConfig):
    name = "nameden"
    verbose_name = "Organisation och nämnder"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from nameden import checks  # noqa: F401  (registers the system checks)
        from nameden.sok import registrera_sqlite_funktioner

        # Every new SQLite connection gets the case folding search needs (nameden.sok).
        connection_created.connect(registrera_sqlite_funktioner, dispatch_uid="nameden_sok")
