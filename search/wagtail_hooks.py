"""Admin: a warning on the dashboard while index updates wait for the search service."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .models import PendingIndexUpdate


class PendingIndexPanel(Component):
    name = "pending_index_updates"
    order = 10

    def render_html(self, parent_context=None):
        count = PendingIndexUpdate.objects.count()
        if not count:
            return ""
        return format_html(
            '<section class="panel help-block help-warning" role="status"><p>{}</p></section>',
            _(
                "%(n)s ändringar väntar på att skrivas till sökindexet (Elasticsearch svarar inte). Sökningen "
                "svarar från databasen så länge. Kör manage.py check_search_index --repair när tjänsten är tillbaka."
            )
            % {"n": count},
        )


@hooks.register("construct_homepage_panels")
def add_pending_index_panel(request, panels):
    if request.user.is_superuser:
        panels.append(PendingIndexPanel())
