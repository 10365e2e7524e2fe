"""Implementation facts people filter on ("Svenskt material finns", "Används inom SiS").

Each fact is a yes/no question answered by one field of the method; a method has the
fact when the field holds one of the fact's values (an unknown answer never counts).
Facts combine with AND: ticking two lists the methods that have both.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models.evidence import PARTLY, YES

KEY = "fakta"  # the request parameter (repeatable)


@dataclass(frozen=True)
class Fact:
    slug: str
    label: object
    field: str
    values: frozenset

    def holds(self, value):
        return value in self.values


FACTS = (
    Fact("svenskt-material", _("Svenskt material finns"), "swedish_material", frozenset({YES, PARTLY})),
    Fact("utbildning-i-sverige", _("Utbildning finns i Sverige"), "training_in_sweden", frozenset({YES})),
    Fact("anvands-inom-sis", _("Används inom SiS"), "used_in_sis", frozenset({YES})),
    Fact("anvands-inom-kriminalvarden", _("Används inom Kriminalvården"), "used_in_kriminalvarden", frozenset({YES})),
    Fact("anvands-inom-socialtjansten", _("Används inom socialtjänsten"), "used_in_social_services", frozenset({YES})),
)
BY_SLUG = {fact.slug: fact for fact in FACTS}


class FactGroup:
    """The facts as one group of filters on the search page (key and label, like a dimension)."""

    key = KEY
    label = _("Genomförande")


GROUP = FactGroup()
