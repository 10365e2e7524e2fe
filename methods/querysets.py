"""The method QuerySet: what the public may see, tag filters, fixed orders and facet counts, all in SQL.

Every public channel starts from ``MethodPage.objects.visible()``, which is Wagtail's
``live().public()`` evaluated by the database at the moment of the request: there is no
second copy of the collection in any process, so a page moved under a restricted
section, unpublished, or restricted by any means (admin, command, another worker, a
direct ORM update) is gone from the next response of every process.

Filters are OR within one dimension and AND across dimensions. A facet count is the
number of methods the user would get by adding that value: every other dimension's
filters apply, the dimension's own do not.
"""

import json

from django.db import connection
from django.db.models import Count, F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate
from wagtail.query import PageQuerySet

from .dimensions import DIMENSIONS, EVIDENCE

# PostgreSQL orders titles with ICU's Swedish collation (å ä ö after z); SQLite has no
# Swedish collation, so it orders by ``title_sort``, a key stored with every method.
POSTGRES_SWEDISH_COLLATION = "sv-x-icu"
SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "è": "e", "ü": "y"})
# Above this many primary keys, ``with_pks`` sends them as one parameter (SQLite limits
# a statement to 32,766 parameters).
PK_LIST_INLINE_LIMIT = 500


def swedish_sort_key(text):
    """A key that sorts Swedish titles in byte order: case-insensitive, å ä ö after z."""
    return (text or "").lower().translate(SWEDISH_ORDER)


class MethodPageQuerySet(PageQuerySet):
    def visible(self):
        """Methods the public may see now: live and outside every view-restricted section."""
        return self.live().public()

    def tagged(self, filters, skip=None):
        """Methods carrying the given terms: ``{dimension key: slugs}``, OR within, AND across dimensions."""
        queryset = self
        for dimension in DIMENSIONS:
            slugs = filters.get(dimension.key)
            if not slugs or dimension.key == skip:
                continue
            if dimension is EVIDENCE:
                queryset = queryset.filter(evidence_level__slug__in=slugs)
            else:
                tagged = dimension.through.objects.filter(tag__slug__in=slugs).values("content_object_id")
                queryset = queryset.filter(pk__in=tagged)
        return queryset

    def with_pks(self, pks):
        """Methods among ``pks`` (a collection of primary keys of any size), as one SQL condition."""
        pks = [int(pk) for pk in pks]
        if len(pks) <= PK_LIST_INLINE_LIMIT:
            return self.filter(pk__in=pks)
        if connection.vendor == "postgresql":
            return self.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [pks]))
        return self.filter(pk__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(pks)]))

    def ordered(self, sort):
        """One of the fixed orders: "title" (Swedish), "updated" (latest first) or "evidence" (strongest first)."""
        if sort == "updated":
            return self.order_by(F("last_published_at").desc(nulls_last=True), *self._title_order())
        if sort == "evidence":
            return self.order_by("evidence_level__rank", *self._title_order())
        return self.order_by(*self._title_order())

    def _title_order(self):
        if connection.vendor == "postgresql":
            return (Collate("title", POSTGRES_SWEDISH_COLLATION), "pk")
        return ("title_sort", "pk")

    def in_order(self, pks):
        """The methods with these primary keys, in that order, ready for a list (evidence level and tags loaded)."""
        pks = list(pks)
        pages = self.with_pks(pks).defer("search_terms").select_related("evidence_level").with_card_tags()
        by_pk = {page.pk: page for page in pages}
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def with_card_tags(self):
        """Load the tags a method card shows (settings and target groups) in one query each for the whole list."""
        return self.prefetch_related("settings", "target_groups")

    def facet_counts(self, filters, dimensions=DIMENSIONS):
        """``{dimension key: {slug: number of methods}}`` within this QuerySet, for the given filters."""
        parts = []
        for dimension in dimensions:
            base = self.tagged(filters, skip=dimension.key).order_by()
            if dimension is EVIDENCE:
                rows = base.values_list(Value(dimension.key), "evidence_level__slug").annotate(n=Count("pk"))
            else:
                rows = (
                    dimension.through.objects.filter(content_object_id__in=base.values("pk"))
                    .order_by()
                    .values_list(Value(dimension.key), "tag__slug")
                    .annotate(n=Count("pk"))
                )
            parts.append(rows)
        counts = {dimension.key: {} for dimension in dimensions}
        if parts:  # one statement for every dimension
            for key, slug, n in parts[0].union(*parts[1:], all=True):
                counts[key][slug] = n
        return counts

    def related_to(self, page, limit=5):
        """Methods in this QuerySet sharing the most controlled terms with ``page`` (ties: stronger evidence, title).

        The shared-term counts are one aggregate over the tag tables; only the best
        candidates are then checked against this QuerySet (usually ``visible()``).
        """
        selects, params = [], []
        for dimension in DIMENSIONS:
            if not (dimension.multiple and dimension.controlled):
                continue
            tag_ids = list(dimension.through.objects.filter(content_object_id=page.pk).values_list("tag_id", flat=True))
            if not tag_ids:
                continue
            table = connection.ops.quote_name(dimension.through._meta.db_table)
            placeholders = ", ".join(["%s"] * len(tag_ids))
            selects.append(f"SELECT content_object_id FROM {table} WHERE tag_id IN ({placeholders})")
            params.extend(tag_ids)
        if not selects:
            return []
        sql = (
            f"SELECT content_object_id, COUNT(*) FROM ({' UNION ALL '.join(selects)}) shared "
            "WHERE content_object_id <> %s GROUP BY content_object_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, page.pk])
            shared = dict(cursor.fetchall())
        tiers = sorted(set(shared.values()), reverse=True)
        found = []
        for tier in tiers:  # best tier first; stop once enough visible methods are found
            candidates = [pk for pk, n in shared.items() if n == tier]
            rows = self.with_pks(candidates).order_by().values_list("pk", "evidence_level__rank", "title")
            found.extend(sorted(rows, key=lambda row: (row[1], swedish_sort_key(row[2]), row[0])))
            if len(found) >= limit:
                break
        return [row[0] for row in found[:limit]]
