"""The method QuerySet: what the public may see, the fixed orders, lists of methods and related methods.

Every public channel starts from ``MethodPage.objects.visible()``, which is Wagtail's
``live().public()`` evaluated by the database at the moment of the request: there is no
second copy of the collection in any process, so a page moved under a restricted
section, unpublished, or restricted by any means (admin, command, another worker, a
direct ORM update) is gone from the next response of every process.

Tag filters and facet counts work on primary-key sets with the tag index
(``methods.postings``); this QuerySet gives the visible set and the fixed orders.
"""

import json
from itertools import islice

from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate
from wagtail.query import PageQuerySet

from .dimensions import DIMENSIONS, EVIDENCE, SETTING, TARGET_GROUP
from .postings import from_bits, tag_index
from .terms import all_terms
from .visibility import hidden_pks

# The dimensions a method card in a list shows.
CARD_DIMENSIONS = (SETTING, TARGET_GROUP)
# The fields a method in a list uses (card, snippet, URL): the rest of a page's columns stay unread.
LIST_FIELDS = (
    "title",
    "method_id",  # the compare checkbox
    "url_path",
    "summary",
    "description",
    "last_published_at",
    "evidence_level__slug",
    "evidence_level__name",
    "evidence_level__name_en",
    "evidence_level__rank",
)

# PostgreSQL orders titles with ICU's Swedish collation (å ä ö after z); SQLite has no
# Swedish collation, so it orders by ``title_sort``, a key stored with every method.
POSTGRES_SWEDISH_COLLATION = "sv-x-icu"
SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "è": "e", "ü": "y"})
# Above this many primary keys, ``with_pks`` sends them as one parameter (SQLite limits
# a statement to 32,766 parameters).
PK_LIST_INLINE_LIMIT = 500
# "Liknande metoder" reads its candidates in batches of this many times the number it shows (more when some of
# the best are not visible).
RELATED_CANDIDATES = 2


def swedish_sort_key(text):
    """A key that sorts Swedish titles in byte order: case-insensitive, å ä ö after z."""
    return (text or "").lower().translate(SWEDISH_ORDER)


class MethodPageQuerySet(PageQuerySet):
    def visible(self):
        """Methods the public may see now: live and outside every view-restricted section."""
        return self.live().public()

    def hidden(self):
        """The complement of ``visible()``: drafts, and methods in view-restricted sections."""
        return self.filter(pk__in=hidden_pks(self))

    def with_pks(self, pks):
        """Methods among ``pks`` (a collection of primary keys of any size), as one SQL condition."""
        pks = [int(pk) for pk in pks]
        if len(pks) <= PK_LIST_INLINE_LIMIT:
            return self.filter(pk__in=pks)
        # PostgreSQL only (pragma: `make mutants` runs on SQLite; the PostgreSQL suite in CI covers it).
        if connection.vendor == "postgresql":  # pragma: no mutate
            return self.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [pks]))  # pragma: no mutate
        return self.filter(pk__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(pks)]))

    def ordered(self, sort):
        """One of the fixed orders: "title" (Swedish), "updated" (latest first) or "evidence" (strongest first)."""
        if sort == "updated":
            return self.order_by(F("last_published_at").desc(nulls_last=True), *self._title_order())
        if sort == "evidence":
            return self.order_by("evidence_level__rank", *self._title_order())
        return self.order_by(*self._title_order())

    def _title_order(self):
        if connection.vendor == "postgresql":  # pragma: no mutate (as in with_pks)
            return (Collate("title", POSTGRES_SWEDISH_COLLATION), "pk")  # pragma: no mutate
        return ("title_sort", "pk")

    def in_order(self, pks, index=None):
        """The methods with these primary keys, in that order, ready for a list.

        Only ``LIST_FIELDS`` are read. ``index`` is the request's tag index, if it has one.
        Each page gets ``card_terms`` (``{"setting": [...], "target_group": [...]}``): its
        terms from the tag index, labelled from the vocabularies as they are now.
        """
        pks = list(pks)
        pages = self.with_pks(pks).only(*LIST_FIELDS).select_related("evidence_level")
        by_pk = {page.pk: page for page in pages}
        ordered = [by_pk[pk] for pk in pks if pk in by_pk]
        if ordered:
            index = index or tag_index()
            terms = {key: {t.pk: t for t in by_slug.values()} for key, by_slug in all_terms(CARD_DIMENSIONS).items()}
            for page in ordered:
                page.card_terms = {}
                for dimension in CARD_DIMENSIONS:
                    by_pk_terms = terms[dimension.key]
                    carried = index.by_method[dimension.key].get(page.pk, ())
                    page.card_terms[dimension.key] = sorted(
                        (by_pk_terms[t] for t in carried if t in by_pk_terms), key=lambda t: t.label.lower()
                    )
        return ordered

    def related_to(self, page, limit=5):
        """Methods in this QuerySet sharing the most controlled terms with ``page`` (ties: stronger evidence,
        title, then the oldest), ready for a list (``in_order``).

        The candidates are ranked from the tag index alone: how many terms they share
        (``shared_tiers``), then their evidence level's rank and title key, which the index
        holds too. The best few are then read from this QuerySet (usually ``visible()``) with
        their list fields, in one query; more only when some of them are not in it.
        """
        index = tag_index()
        ranks = {term.pk: term.rank for term in all_terms([EVIDENCE])[EVIDENCE.key].values()}

        def order(pk):
            evidence, title = index.methods[pk]
            return (ranks[evidence], title, pk)

        def candidates():  # best tier first, each in order
            keys = [d.key for d in DIMENSIONS if d.multiple and d.controlled]
            for _shared, bits in index.shared_tiers(page.pk, keys):
                yield from sorted(from_bits(bits), key=order)

        ranked, found = candidates(), []
        while len(found) < limit:
            batch = list(islice(ranked, RELATED_CANDIDATES * limit))
            if not batch:
                break
            found.extend(self.in_order(batch, index=index))
        return found[:limit]
