from .evidence import Outcome, OutcomeRating  # noqa: F401
from .operations import DataRelease, DataVersion, ImportJob  # noqa: F401
from .pages import (  # noqa: F401
    CollectionIndexPage,
    CollectionItem,
    CollectionPage,
    HomePage,
    MethodIndexPage,
    MethodPage,
    MethodReference,
    MethodSource,
)
from .sources import Organisation, SourceDocument  # noqa: F401
from .taxonomy import (  # noqa: F401
    Environment,
    EvidenceLevel,
    Keyword,
    MappedBy,
    PreventionLevel,
    Setting,
    TaggedEnvironment,
    TaggedKeyword,
    TaggedMappedBy,
    TaggedPreventionLevel,
    TaggedSetting,
    TaggedTargetGroup,
    TargetGroup,
)
