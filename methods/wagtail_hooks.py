"""Admin registration: vocabularies, organisations and source documents as snippets."""

from django.utils.translation import gettext_lazy as _
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
