from django.apps import AppConfig


class NamndenConfig(AppConfig):
    name = "nameden"
    verbose_name = "Organisation och nämnder"
