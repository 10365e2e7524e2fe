"""Admin registration: vocabularies, organisations and source documents as snippets."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    Environment,
    EvidenceLevel,
    MappedBy,
    Organisation,
    PreventionLevel,
    Setting,
    SourceDocument,
    TargetGroup,
)
from .views import ReviewDueReportView, import_job_view, import_template_view, import_view, releases_view


def _vocabulary_viewset(tag_model, ordering=("name",)):
    return type(
        f"{tag_model.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": tag_model,
            "icon": "tag",
            "list_display": ["name", "name_en", "slug"] + (["rank"] if tag_model is EvidenceLevel else []),
            "ordering": list(ordering),
            "search_fields": ["name", "name_en", "slug"],
        },
    )


class VocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Vokabulärer")
    menu_icon = "tag"
    menu_order = 300
    items = [
        _vocabulary_viewset(Setting),
        _vocabulary_viewset(TargetGroup),
        _vocabulary_viewset(EvidenceLevel, ordering=("rank",)),
        _vocabulary_viewset(MappedBy),
        _vocabulary_viewset(PreventionLevel),
        _vocabulary_viewset(Environment),
    ]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "slug", "url"]


class SourceDocumentViewSet(SnippetViewSet):
    model = SourceDocument
    icon = "doc-full"
    list_display = ["title", "year", "organisation"]
    list_filter = ["year"]


class SourcesGroup(SnippetViewSetGroup):
    menu_label = _("Källor")
    menu_icon = "doc-full"
    menu_order = 310
    items = [OrganisationViewSet, SourceDocumentViewSet]


register_snippet(VocabularyGroup)
register_snippet(SourcesGroup)


@hooks.register("register_admin_urls")
def register_editorial_urls():
    return [
        path("reports/behover-granskas/", ReviewDueReportView.as_view(), name="methods_review_due"),
        path(
            "reports/behover-granskas/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="methods_review_due_results",
        ),
        path("metoder/import/", import_view, name="methods_import"),
        path("metoder/import/<int:pk>/", import_job_view, name="methods_import_job"),
        path("metoder/dataversioner/", releases_view, name="methods_releases"),
        path("metoder/import/mall.<str:fmt>", import_template_view, name="methods_import_template"),
    ]


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("methods.change_methodpage")


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return ReviewDueMenuItem(_("Behöver granskas"), reverse("methods_review_due"), icon_name="date", order=100)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("methods.add_methodpage")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Importera metoder"), reverse("methods_import"), icon_name="upload", order=250)


class ReleasesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("methods.add_datarelease")


@hooks.register("register_admin_menu_item")
def register_releases_menu_item():
    return ReleasesMenuItem(_("Dataversioner"), reverse("methods_releases"), icon_name="download", order=260)


@hooks.register("insert_global_admin_js")
def accessible_widget_names():
    """Names for Wagtail's tag and rich-text inputs, which it renders without one."""
    return format_html('<script src="{}" defer></script>', static("methods/admin-accessible-names.js"))
