from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Sök")

    def ready(self):
        from methods.dataversions import watch

        from . import promotions, signals

        signals.connect()
        watch(promotions.TOKEN_GROUP, promotions.TABLES)
