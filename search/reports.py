"""Admin report "Sökningar utan träffar": the query texts that most often found nothing, or little.

Editors use it to see which words staff search for that no method or alternative label
answers yet. The figures are daily counts per query text (``SearchQueryStat``), summed
over the chosen period; nothing about who searched is stored.
"""

import datetime

import django_filters
from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .models import SearchQueryStat

PERIODS = [("7", _("Senaste 7 dagarna")), ("30", _("Senaste 30 dagarna")), ("365", _("Senaste året"))]


class SearchGapsFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label=_("Period"), choices=PERIODS, method="filter_period", empty_label=_("Senaste 30 dagarna")
    )

    class Meta:
        model = SearchQueryStat
        fields = []

    def filter_period(self, queryset, name, value):
        return queryset  # applied in SearchGapsReportView.get_queryset, before the counts are summed


class SearchLink(TitleColumn):
    def get_link_url(self, instance, parent_context):
        return f"{reverse('search:search')}?{urlencode({'q': instance['query']})}"


class SearchGapsReportView(ReportView):
    page_title = _("Sökningar utan träffar")
    header_icon = "search"
    index_url_name = "search_gaps_report"
    index_results_url_name = "search_gaps_report_results"
    filterset_class = SearchGapsFilterSet
    any_permission_required = ["methods.change_methodpage"]
    list_export = ["query", "zero", "few", "last_day"]
    export_headings = {
        "query": _("Sökfråga"),
        "zero": _("Inga träffar"),
        "few": _("Få träffar (1–3)"),
        "last_day": _("Senast"),
    }
    columns = [
        SearchLink("query", label=_("Sökfråga")),
        Column("zero", label=_("Sökningar utan träffar")),
        Column("few", label=_("Sökningar med 1–3 träffar")),
        DateColumn("last_day", label=_("Senast")),
    ]

    def get_filename(self):
        return f"sokningar-utan-traffar-{timezone.localdate().isoformat()}"

    def get_queryset(self):
        period = self.request.GET.get("period", "30")
        days = int(period) if period in dict(PERIODS) else 30
        since = timezone.localdate() - datetime.timedelta(days=days - 1)
        return (
            SearchQueryStat.objects.filter(day__gte=since)
            .values("query")
            .annotate(
                zero=Sum("count", filter=Q(zero_results=True), default=0),
                few=Sum("count", filter=Q(zero_results=False), default=0),
                last_day=Max("day"),
            )
            .order_by("-zero", "-few", "query")
        )
