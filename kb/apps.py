from django.apps import AppConfig


class KbConfig(AppConfig):
    """The project itself: creates the shared cache table (rate limits) after every migrate."""

    name = "kb"
    label = "kb"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="kb-cache-table")


def _create_cache_table(sender, using="default", verbosity=1, **kwargs):
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
