"""Admin: a warning on the dashboard while index updates wait for the search service, and the report
"Sökningar utan träffar"."""

from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from methods.models import MethodPage

from .backends import registry
from .breaker import breaker
from .models import PendingIndexUpdate
from .reports import SearchGapsReportView


class PendingIndexPanel(Component):
    """What keeps the public search index from answering, for administrators: updates waiting to be written,
    and, with Elasticsearch, its last health check (a service away, a missing mapping, documents missing)."""

    name = "pending_index_updates"
    order = 10

    def messages(self):
        found = []
        count = PendingIndexUpdate.objects.count()
        if count:
            found.append(
                _(
                    "%(n)s ändringar väntar på att skrivas till sökindexet (Elasticsearch svarar inte). Sökningen "
                    "svarar från databasen så länge. Kör manage.py check_search_index --repair när tjänsten är "
                    "tillbaka."
                )
                % {"n": count}
            )
        alias = registry.public_alias()
        if alias == "default":
            return found
        try:
            if not breaker().allows():
                raise ConnectionError
            problems = registry.health(alias, MethodPage).problems
        except Exception:
            return [*found, _("Elasticsearch svarar inte. Sökningen svarar från databasen så länge.")]
        if problems:
            found.append(
                _("Sökindexet i Elasticsearch kan inte svara: %(problems)s Sökningen svarar från databasen så länge.")
                % {"problems": " ".join(problems)}
            )
        return found

    def render_html(self, parent_context=None):
        messages = self.messages()
        if not messages:
            return ""
        return format_html(
            '<section class="panel help-block help-warning" role="status">{}</section>',
            format_html_join("", "<p>{}</p>", ((m,) for m in messages)),
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
