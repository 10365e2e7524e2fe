from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "methods"
    verbose_name = _("Metoder")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="methods-data-version-triggers")


def _ensure_triggers(sender, using="default", **kwargs):
    from django.db import connections

    from .dataversions import ensure_triggers

    ensure_triggers(connections[using])
