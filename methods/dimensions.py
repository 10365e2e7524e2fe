"""The taxonomy dimensions, described once for search, facets, import and export."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import vocabularies


@dataclass(frozen=True)
class Dimension:
    key: str  # request parameter name on /sok/ and in the API
    column: str  # column in the import/export format
    relation: str  # attribute on MethodPage
    model_name: str  # tag model in this app
    label: object
    vocabulary: tuple = ()  # controlled terms; empty for free keywords
    multiple: bool = True

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model("methods", self.model_name)

    @property
    def through(self):
        from django.apps import apps

        return apps.get_model("methods", "Tagged" + self.model_name) if self.multiple else None

    @property
    def controlled(self):
        return bool(self.vocabulary)


SETTING = Dimension("setting", "settings", "settings", "Setting", _("Verksamhet"), tuple(vocabularies.SETTINGS))
TARGET_GROUP = Dimension(
    "target_group", "target_groups", "target_groups", "TargetGroup", _("Målgrupp"), tuple(vocabularies.TARGET_GROUPS)
)
EVIDENCE = Dimension(
    "evidence",
    "evidence_level",
    "evidence_level",
    "EvidenceLevel",
    _("Evidensnivå"),
    tuple(vocabularies.EVIDENCE_LEVELS),
    multiple=False,
)
MAPPED_BY = Dimension(
    "mapped_by", "mapped_by", "mapped_by", "MappedBy", _("Kartlagd av"), tuple(vocabularies.MAPPED_BY)
)
PREVENTION_LEVEL = Dimension(
    "prevention_level",
    "prevention_levels",
    "prevention_levels",
    "PreventionLevel",
    _("Preventionsnivå"),
    tuple(vocabularies.PREVENTION_LEVELS),
)
ENVIRONMENT = Dimension(
    "environment",
    "environments",
    "environments",
    "Environment",
    _("Extremistisk miljö"),
    tuple(vocabularies.ENVIRONMENTS),
)
KEYWORD = Dimension("keyword", "keywords", "keywords", "Keyword", _("Nyckelord"))

DIMENSIONS = (SETTING, TARGET_GROUP, EVIDENCE, MAPPED_BY, PREVENTION_LEVEL, ENVIRONMENT, KEYWORD)
CONTROLLED_DIMENSIONS = tuple(d for d in DIMENSIONS if d.controlled)
BY_KEY = {d.key: d for d in DIMENSIONS}
# The dimensions an evidence gap map can put on its rows and columns.
AXES = (SETTING, TARGET_GROUP, MAPPED_BY, PREVENTION_LEVEL, ENVIRONMENT)
