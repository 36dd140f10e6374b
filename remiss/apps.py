from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RemissConfig(AppConfig):
    name = "remiss"
    verbose_name = "Remisser"

    def ready(self) -> None:
        from nameden.arendekallor import registrera
        from remiss.namndkoppling import KALLA, NAMN
        from remiss.roles import sync_remiss_roles

        # The committee side reaches remisser only through this source (no signals).
        registrera(NAMN, KALLA)

        # Groups and their permissions are data (see remiss.roles); keep them in step after
        # every migrate so a new permission reaches its roles without a hand-written step.
        post_migrate.connect(sync_remiss_roles, sender=self, dispatch_uid="remiss_roles")
