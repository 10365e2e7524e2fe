"""Admin: a warning on the dashboard while index updates wait for the search service, and the report
"Sökningar utan träffar"."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .models import PendingIndexUpdate
from .reports import SearchGapsReportView


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


@hooks.register("register_admin_urls")
def register_search_gaps_report():
    return [
        path("reports/sokningar-utan-traffar/", SearchGapsReportView.as_view(), name="search_gaps_report"),
        path(
            "reports/sokningar-utan-traffar/results/",
            SearchGapsReportView.as_view(results_only=True),
            name="search_gaps_report_results",
        ),
    ]


class SearchGapsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("methods.change_methodpage")


@hooks.register("register_reports_menu_item")
def register_search_gaps_menu_item():
    return SearchGapsMenuItem(_("Sökningar utan träffar"), reverse("search_gaps_report"), icon_name="search", order=110)
