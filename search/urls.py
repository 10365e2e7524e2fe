from django.urls import path
from django.views.decorators.http import require_safe

from methods.feeds import LatestMethodsFeed

from . import api, citations, compare, exports, gapmap, levels, releases, views

app_name = "search"

urlpatterns = [
    path("sok/", views.search, name="search"),
    path("sok/autocomplete/", views.autocomplete, name="autocomplete"),
    path("sok/export/", exports.search_export, name="export"),
    path("evidenskarta/", gapmap.gap_map, name="gap_map"),
    path("evidensnivaer/", levels.evidence_levels, name="evidence_levels"),
    path("jamfor/", compare.compare, name="compare"),
    path("citera/<str:method_id>/", citations.citation, name="citation"),
    path("data/", releases.data_releases, name="data_releases"),
    path("data/<str:version>/", releases.data_release, name="data_release"),
    path("api/v1/methods/", api.method_list, name="api_methods"),
    path("api/v1/methods/<str:method_id>/", api.method_detail, name="api_method"),
    path("api/v1/vocabularies/", api.vocabulary_list, name="api_vocabularies"),
    path("metoder/feed/", require_safe(LatestMethodsFeed()), name="feed"),
]
