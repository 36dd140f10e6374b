from django.apps import AppConfig


class NamndenConfig(AppConfig):
    name = "nameden"
    verbose_name = "Organisation och nämnder"

    def ready(self) -> None:
        from nameden import checks  # noqa: F401  (registers the system checks)
