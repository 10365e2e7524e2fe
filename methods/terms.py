"""Vocabulary terms as plain values, as the database holds them for the request that shows them.

Every vocabulary is read in one query and kept per process under the token that database
triggers change on every write to the vocabulary tables (``methods.dataversions``), read
on every use: a term renamed anywhere (admin, import, another process, a direct update)
shows its new label in the next response of every process. Terms say nothing about which
methods the public may see.
"""

import threading
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, F, IntegerField, TextField, Value

from .dataversions import current_tokens
from .dimensions import DIMENSIONS, EVIDENCE
from .labels import active_label

_lock = threading.Lock()
_cache = {}


@dataclass(frozen=True)
class Term:
    slug: str
    name: str
    name_en: str = ""
    description: str = ""
    rank: int = 0
    pk: int = 0
    alt_labels: tuple = ()  # other words for the term (controlled vocabularies), one label each

    def __post_init__(self):
        if isinstance(self.alt_labels, str):
            object.__setattr__(self, "alt_labels", tuple(line for line in self.alt_labels.split("\n") if line))

    @property
    def label(self):
        return active_label(self.name, self.name_en)


def load_terms(dimension, slugs=None):
    """``{slug: Term}`` of one dimension (only ``slugs`` when given), from the same per-process copy as
    ``all_terms``."""
    only = {dimension.key: list(slugs)} if slugs is not None else None
    return all_terms((dimension,), only=only)[dimension.key]


def ordered_terms(dimension, terms=None):
    """Terms in display order: evidence levels by rank; a controlled vocabulary in its defined order
    (``methods.vocabularies``: generell, riktad, individinriktad), terms added later after those by label;
    keywords by label."""
    terms = load_terms(dimension) if terms is None else terms
    if dimension is EVIDENCE:
        return sorted(terms.values(), key=lambda t: t.rank)
    defined = {term.slug: position for position, term in enumerate(dimension.vocabulary)}
    return sorted(terms.values(), key=lambda t: (defined.get(t.slug, len(defined)), t.label.lower()))


def all_terms(dimensions=DIMENSIONS, only=None, only_pks=None):
    """``{dimension key: {slug: Term}}`` for every given dimension.

    ``only`` maps dimension keys to the slugs wanted of them, ``only_pks`` to the primary
    keys wanted of them (other dimensions: every term).
    """
    only_pks = only_pks or {}
    only = only or {}
    vocabularies = _vocabularies()
    terms = {}
    for dimension in dimensions:
        by_slug = vocabularies[dimension.key]
        if dimension.key in only or dimension.key in only_pks:
            slugs, pks = set(only.get(dimension.key, ())), set(only_pks.get(dimension.key, ()))
            terms[dimension.key] = {slug: t for slug, t in by_slug.items() if slug in slugs or t.pk in pks}
        else:
            terms[dimension.key] = dict(by_slug)
    return terms


def _vocabularies():
    """Every term of every dimension as the database holds them now (one small query per call when unchanged)."""
    version = (connection.alias, connection.settings_dict.get("NAME"), current_tokens().get("terms"))
    cached = _cache.get("terms")
    if cached is None or cached[0] != version:
        with _lock:
            cached = (version, _read_vocabularies())
            _cache["terms"] = cached
    return cached[1]


def _read_vocabularies():
    parts = []
    for dimension in DIMENSIONS:
        controlled = dimension.controlled
        parts.append(
            dimension.model.objects.order_by().values_list(
                Value(dimension.key, output_field=CharField()),
                "pk",
                "slug",
                "name",
                F("name_en") if controlled else Value("", output_field=CharField()),
                F("description") if controlled else Value("", output_field=TextField()),
                F("rank") if dimension is EVIDENCE else Value(0, output_field=IntegerField()),
                F("alt_labels") if controlled else Value("", output_field=TextField()),
            )
        )
    terms = {dimension.key: {} for dimension in DIMENSIONS}
    for key, pk, slug, name, name_en, description, rank, alt_labels in parts[0].union(*parts[1:], all=True):
        terms[key][slug] = Term(slug, name, name_en, description, rank, pk, alt_labels)
    return terms
