"""Which methods carry which terms: the tag tables as an in-memory index, checked against the database on every use.

Facet counts over thousands of matches are set intersections here rather than joins in
SQL. The index never decides what the public may see: it holds every method, drafts
and restricted ones included, and callers take the visible ones from the database for
the same request (``visible_pks``). It is keyed by terms' primary keys (labels and slugs
are read per request) and cached per process under the tokens that database triggers
change on every write to the tag tables and the method table (``methods.dataversions``),
read on every use: any insert, delete or update, from any process, gives a new index at
the next request.
"""

import threading
from collections import Counter
from dataclasses import dataclass

from django.db import connection

from .dataversions import current_tokens
from .dimensions import DIMENSIONS, EVIDENCE

TAGGED = tuple(d for d in DIMENSIONS if d.multiple)

_lock = threading.Lock()
_cache = {}


@dataclass(frozen=True)
class TagIndex:
    version: tuple
    by_term: dict  # dimension key -> {term pk: frozenset of method pks}
    by_method: dict  # dimension key -> {method pk: tuple of term pks}
    methods: dict  # every method pk -> (evidence level pk, title sort key)

    def visible_pks(self):
        """The primary keys of the methods the public may see, as the database decides now.

        The database lists the methods the public may *not* see (``hidden()``: usually few,
        drafts and restricted sections); every other method of this index, which the
        method-table token keeps complete, is visible.
        """
        from .models import MethodPage

        hidden = set(MethodPage.objects.hidden().values_list("pk", flat=True))
        return {pk for pk in self.methods if pk not in hidden}

    def methods_with(self, key, term_pks):
        """Methods carrying any of ``term_pks`` in one dimension."""
        postings = self.by_term[key]
        found = set()
        for term_pk in term_pks:
            found |= postings.get(term_pk, frozenset())
        return found

    def filtered(self, methods, filters, evidence_of, skip=None):
        """The methods of ``methods`` that carry, in every filtered dimension, one of its terms.

        ``filters`` maps dimension keys to term pks (OR within a dimension, AND across);
        the evidence level is a column of the page, so ``evidence_of(pk)`` gives it.
        """
        for key, term_pks in filters.items():
            if key == skip:
                continue
            if key == EVIDENCE.key:
                methods = {pk for pk in methods if evidence_of(pk) in term_pks}
            else:
                methods = methods & self.methods_with(key, term_pks)
        return methods

    def counts(self, key, methods):
        """``{term pk: number of methods among ``methods`` carrying it}`` in one dimension."""
        counts = {}
        for term_pk, posting in self.by_term[key].items():
            n = len(posting & methods) if len(posting) < len(methods) else len(methods & posting)
            if n:
                counts[term_pk] = n
        return counts

    def shared_terms(self, pk, keys):
        """``Counter`` of methods by the number of terms they share with ``pk`` in the given dimensions."""
        shared = Counter()
        for key in keys:
            postings = self.by_term[key]
            for term_pk in self.by_method[key].get(pk, ()):
                shared.update(postings[term_pk])
        shared.pop(pk, None)
        return shared


def _build(version):
    from .models import MethodPage

    methods = {
        pk: (evidence, title)
        for pk, evidence, title in MethodPage.objects.order_by().values_list("pk", "evidence_level_id", "title_sort")
    }
    by_term, by_method = {}, {}
    for dimension in TAGGED:
        terms, carried = {}, {}
        for term_pk, method_pk in dimension.through.objects.order_by().values_list("tag_id", "content_object_id"):
            terms.setdefault(term_pk, set()).add(method_pk)
            carried.setdefault(method_pk, []).append(term_pk)
        by_term[dimension.key] = {term_pk: frozenset(pks) for term_pk, pks in terms.items()}
        by_method[dimension.key] = {pk: tuple(term_pks) for pk, term_pks in carried.items()}
    return TagIndex(version, by_term, by_method, methods)


def tag_index():
    """The index for the tag and method tables as the database holds them now (one small query per call)."""
    tokens = current_tokens()
    version = (connection.alias, connection.settings_dict.get("NAME"), tokens.get("tags"), tokens.get("methods"))
    index = _cache.get("index")
    if index is None or index.version != version:
        with _lock:
            index = _build(version)
            _cache["index"] = index
    return index
