"""Vocabulary terms as plain values, read from the database for the request that shows them.

The vocabularies are small tables; reading them per request means a renamed term shows
its new label in every process at once.
"""

from dataclasses import dataclass

from django.db.models import CharField, F, IntegerField, Q, TextField, Value
from django.utils.translation import get_language

from .dimensions import DIMENSIONS, EVIDENCE


@dataclass(frozen=True)
class Term:
    slug: str
    name: str
    name_en: str = ""
    description: str = ""
    rank: int = 0
    pk: int = 0

    @property
    def label(self):
        language = get_language() or "sv"
        return self.name_en if language.startswith("en") and self.name_en else self.name


def _fields(dimension):
    if not dimension.controlled:
        return ("pk", "slug", "name")
    return ("pk", "slug", "name", "name_en", "description") + (("rank",) if dimension is EVIDENCE else ())


def load_terms(dimension, slugs=None):
    """``{slug: Term}`` of one dimension (only ``slugs`` when given)."""
    queryset = dimension.model.objects.all()
    if slugs is not None:
        queryset = queryset.filter(slug__in=list(slugs))
    return {row["slug"]: Term(**row) for row in queryset.values(*_fields(dimension))}


def ordered_terms(dimension, terms=None):
    """Terms in display order: evidence levels by rank, other vocabularies by label."""
    terms = load_terms(dimension) if terms is None else terms
    if dimension is EVIDENCE:
        return sorted(terms.values(), key=lambda t: t.rank)
    return sorted(terms.values(), key=lambda t: t.label.lower())


def all_terms(dimensions=DIMENSIONS, only=None, only_pks=None):
    """``{dimension key: {slug: Term}}`` for every given dimension, in one query.

    ``only`` maps dimension keys to the slugs wanted of them, ``only_pks`` to the primary
    keys wanted of them (other dimensions: every term).
    """
    only_pks = only_pks or {}
    only = only or {}
    parts = []
    for dimension in dimensions:
        queryset = dimension.model.objects.order_by()
        if dimension.key in only or dimension.key in only_pks:
            queryset = queryset.filter(
                Q(slug__in=list(only.get(dimension.key, ()))) | Q(pk__in=list(only_pks.get(dimension.key, ())))
            )
        controlled = dimension.controlled
        parts.append(
            queryset.values_list(
                Value(dimension.key, output_field=CharField()),
                "pk",
                "slug",
                "name",
                F("name_en") if controlled else Value("", output_field=CharField()),
                F("description") if controlled else Value("", output_field=TextField()),
                F("rank") if dimension is EVIDENCE else Value(0, output_field=IntegerField()),
            )
        )
    terms = {dimension.key: {} for dimension in dimensions}
    if parts:
        for key, pk, slug, name, name_en, description, rank in parts[0].union(*parts[1:], all=True):
            terms[key][slug] = Term(slug, name, name_en, description, rank, pk)
    return terms
