"""An in-memory snapshot of the methods the public may see, with their tags.

Search, facets, exports, the API, the evidence gap map and related methods all start
from this snapshot, so page privacy and publication state are decided in one place:
a method that is not live, or that sits under a view restriction, is not in it.

The snapshot is rebuilt when a method is published, unpublished, moved or deleted, or
when a vocabulary term or view restriction changes (signals in this process), and
otherwise when a cheap version query shows that another process changed the data.
"""

import bisect
import heapq
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max
from django.utils.functional import cached_property
from django.utils.translation import get_language

from .dimensions import DIMENSIONS, EVIDENCE


@dataclass
class Term:
    slug: str
    name: str
    name_en: str
    description: str
    rank: int = 0

    @property
    def label(self):
        language = get_language() or "sv"
        return self.name_en if language.startswith("en") and self.name_en else self.name


@dataclass
class MethodEntry:
    pk: int
    title: str
    method_id: str
    url_path: str
    evidence: str
    evidence_rank: int
    first_published_at: object
    last_published_at: object
    tags: dict = field(default_factory=dict)  # dimension key -> frozenset of slugs


class Catalog:
    def __init__(self, version):
        from .models import MethodPage

        self.version = version
        self.terms = {}  # dimension key -> {slug: Term}
        for dimension in DIMENSIONS:
            values = dimension.model.objects.values("slug", "name", *self._extra_fields(dimension))
            self.terms[dimension.key] = {
                row["slug"]: Term(
                    row["slug"],
                    row["name"],
                    row.get("name_en", ""),
                    row.get("description", ""),
                    row.get("rank", 0) or 0,
                )
                for row in values
            }
        rank = {slug: term.rank for slug, term in self.terms[EVIDENCE.key].items()}
        rows = (
            MethodPage.objects.live()
            .public()
            .values_list(
                "pk",
                "title",
                "method_id",
                "url_path",
                "evidence_level__slug",
                "first_published_at",
                "last_published_at",
            )
        )
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        root_path = site.root_page.url_path if site else "/"
        self.entries = {}
        for pk, title, method_id, url_path, evidence, first, last in rows:
            if url_path.startswith(root_path):
                url_path = "/" + url_path[len(root_path) :]
            self.entries[pk] = MethodEntry(
                pk,
                title,
                method_id,
                url_path,
                evidence,
                rank.get(evidence, 99),
                first,
                last,
                {EVIDENCE.key: frozenset([evidence])},
            )
        for dimension in DIMENSIONS:
            if not dimension.multiple:
                continue
            tags = {}
            for pk, slug in dimension.through.objects.values_list("content_object_id", "tag__slug"):
                if pk in self.entries:
                    tags.setdefault(pk, set()).add(slug)
            for pk, entry in self.entries.items():
                entry.tags[dimension.key] = frozenset(tags.get(pk, ()))
        self.ids = frozenset(self.entries)
        self._orders = {}
        # Inverted index: dimension key -> slug -> primary keys carrying that term.
        self.postings = {d.key: {} for d in DIMENSIONS}
        for entry in self.entries.values():
            for key, slugs in entry.tags.items():
                for slug in slugs:
                    self.postings[key].setdefault(slug, set()).add(entry.pk)

    @staticmethod
    def _extra_fields(dimension):
        if not dimension.controlled:
            return ()
        extra = ("name_en", "description")
        return extra + ("rank",) if dimension is EVIDENCE else extra

    def __contains__(self, pk):
        return pk in self.entries

    def __len__(self):
        return len(self.entries)

    # --- lookups used by pages -------------------------------------------------------

    @cached_property
    def by_method_id(self):
        return {entry.method_id: entry.pk for entry in self.entries.values()}

    def ordered_terms(self, key):
        terms = self.terms[key].values()
        if key == EVIDENCE.key:
            return sorted(terms, key=lambda t: t.rank)
        return sorted(terms, key=lambda t: t.label.lower())

    def latest_ids(self, limit):
        """The most recently published methods."""
        return self.ordered("updated")[:limit]

    def related_ids(self, pk, limit=5):
        """Methods sharing the most controlled tags with ``pk`` (ties: stronger evidence, then title)."""
        entry = self.entries.get(pk)
        if entry is None:
            return []
        shared = Counter()
        for key, slugs in entry.tags.items():
            if key == EVIDENCE.key:
                continue
            for slug in slugs:
                shared.update(self.postings[key].get(slug, ()))
        shared.pop(pk, None)
        entries = self.entries
        best = heapq.nsmallest(
            limit,
            shared,
            key=lambda other: (-shared[other], entries[other].evidence_rank, entries[other].title.lower()),
        )
        return best

    def entry_points(self):
        """(dimension, [(term, number of methods)]) for the home page's browse-by-facet entry points."""
        return [
            (d, [(term, len(self.postings[d.key].get(term.slug, ()))) for term in self.ordered_terms(d.key)])
            for d in DIMENSIONS
            if d.controlled
        ]

    def ordered(self, name):
        """Every visible primary key in a fixed order ("title", "updated", "evidence"), computed once per snapshot."""
        if name not in self._orders:
            key = ORDERS[name]
            self._orders[name] = sorted(self.entries, key=lambda pk: key(self.entries[pk]))
        return self._orders[name]

    def positions(self, name):
        """{pk: index} in a fixed order (for tie-breaks), cached per snapshot."""
        cache = self.__dict__.setdefault("_positions", {})
        if name not in cache:
            cache[name] = {pk: i for i, pk in enumerate(self.ordered(name))}
        return cache[name]

    def title_terms(self, pk):
        """Analysed terms of a method's title (stems and compound parts), cached per snapshot."""
        cache = self.__dict__.setdefault("_title_terms", {})
        if pk not in cache:
            from search.analysis import analyze_text

            stems, parts = analyze_text(self.entries[pk].title)
            cache[pk] = frozenset(stems) | frozenset(parts)
        return cache[pk]

    @cached_property
    def _title_words(self):
        """(sorted list of (folded word, pk), {pk: folded words}) for prefix lookups in titles."""
        from search.analysis import fold, words

        by_pk = {pk: frozenset(fold(w) for w in words(entry.title)) for pk, entry in self.entries.items()}
        return sorted((word, pk) for pk, ws in by_pk.items() for word in ws), by_pk

    def titles_matching(self, tokens, limit):
        """Methods whose title has a word starting with each token (folded), strongest evidence first."""
        *complete, last = tokens
        index, by_pk = self._title_words
        start = bisect.bisect_left(index, (last,))
        candidates = set()
        for word, pk in index[start:]:
            if not word.startswith(last):
                break
            candidates.add(pk)
        matching = [pk for pk in candidates if all(any(w.startswith(t) for w in by_pk[pk]) for t in complete)]
        entries = self.entries
        return heapq.nsmallest(limit, matching, key=lambda pk: (entries[pk].evidence_rank, entries[pk].title))

    @cached_property
    def typo_index(self):
        """Every indexed term of the visible methods, for one-typo query corrections."""
        from search.analysis import TypoIndex

        from .models import MethodPage

        terms = set()
        queryset = MethodPage.objects.live().public().values_list("search_terms", flat=True)
        for text in queryset.iterator(chunk_size=2000):
            terms.update(text.split())
        return TypoIndex(terms)


SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})  # å ä ö after z


def swedish_sort_key(text):
    return text.lower().translate(SWEDISH_ORDER)


def _updated_first(entry):
    published = entry.last_published_at
    return (-(published.timestamp() if published else 0), swedish_sort_key(entry.title))


ORDERS = {
    "title": lambda entry: swedish_sort_key(entry.title),
    "updated": _updated_first,
    "evidence": lambda entry: (entry.evidence_rank, swedish_sort_key(entry.title)),
}


_lock = threading.Lock()
_state = {"catalog": None, "checked": 0.0}


def current_version():
    """A cheap fingerprint of what the catalog depends on."""
    from wagtail.models import PageViewRestriction

    from .models import MethodPage

    pages = MethodPage.objects.live().aggregate(n=Count("pk"), last=Max("last_published_at"), ids=Max("pk"))
    restrictions = PageViewRestriction.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (pages["n"], pages["last"], pages["ids"], restrictions["n"], restrictions["last"])


def get_catalog():
    now = time.monotonic()
    catalog = _state["catalog"]
    interval = getattr(settings, "METHODBANK_CATALOG_CHECK_SECONDS", 2.0)
    if catalog is not None and now - _state["checked"] < interval:
        return catalog
    version = current_version()
    _state["checked"] = now
    if catalog is not None and catalog.version == version:
        return catalog
    with _lock:
        catalog = Catalog(version)
        _state["catalog"] = catalog
    return catalog


def invalidate(**kwargs):
    _state["catalog"] = None
    _state["checked"] = 0.0
