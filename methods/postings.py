"""Which methods carry which terms: the tag tables as an in-memory index, checked against the database on every use.

Facet counts over thousands of matches are bitset operations here rather than joins in
SQL: a set of methods is a Python ``int`` whose bit ``pk`` is set for each member, so
"how many of these methods carry this term" is one AND and one ``bit_count()``, and an
index of 50,000 methods costs a few kilobytes per term.

The index never decides what the public may see: it holds every method, drafts and
restricted ones included, and callers take the visible ones from the database for the
same request (``visible()``). It is keyed by terms' primary keys (labels and slugs are
read per request) and cached per process under the tokens that database triggers change
on every write to the tag tables and the method table (``methods.dataversions``), read
on every use: any insert, delete or update, from any process, gives a new index at the
next request.
"""

import threading
from dataclasses import dataclass

from django.db import connection

from .dataversions import current_tokens
from .dimensions import DIMENSIONS, EVIDENCE
from .facts import FACTS
from .visibility import hidden_pks

TAGGED = tuple(d for d in DIMENSIONS if d.multiple)

_lock = threading.Lock()
_cache = {}

# For each byte value, the positions of its set bits.
_OFFSETS = tuple(tuple(j for j in range(8) if value >> j & 1) for value in range(256))


def to_bits(pks):
    """The bitset (an ``int``) of a collection of non-negative primary keys."""
    pks = list(pks)
    if not pks:
        return 0
    buffer = bytearray((max(pks) >> 3) + 1)
    for pk in pks:
        buffer[pk >> 3] |= 1 << (pk & 7)
    return int.from_bytes(buffer, "little")


def from_bits(bits):
    """The primary keys of a bitset, ascending."""
    pks = []
    for position, value in enumerate(bits.to_bytes((bits.bit_length() + 7) // 8, "little")):
        if value:
            base = position << 3
            pks.extend(base + offset for offset in _OFFSETS[value])
    return pks


class Visible:
    """The methods of an index that the public may see: every method but those the database calls hidden.

    Supports ``in``, iteration and ``len`` like a set, and ``bits`` for the bitset.
    """

    def __init__(self, index, hidden):
        self._methods = index.methods
        self._hidden = hidden
        self.bits = index.all_bits & ~to_bits(hidden) if hidden else index.all_bits

    @property
    def hidden(self):
        """Primary keys of the pages the database called hidden for this request."""
        return self._hidden

    def __contains__(self, pk):
        return pk in self._methods and pk not in self._hidden

    def __iter__(self):
        hidden = self._hidden
        return (pk for pk in self._methods if pk not in hidden)

    def __len__(self):
        return self.bits.bit_count()

    def cut(self, scores):
        """Remove from ``{method pk: ...}``, in place, every key that is not a visible method."""
        methods, hidden = self._methods, self._hidden
        for pk in [pk for pk in scores if pk in hidden or pk not in methods]:
            del scores[pk]


@dataclass(frozen=True)
class TagIndex:
    version: tuple
    by_term: dict  # dimension key -> {term pk: bitset of method pks}
    by_method: dict  # dimension key -> {method pk: tuple of term pks}
    methods: dict  # every method pk -> (evidence level pk, title sort key)
    by_evidence: dict  # evidence level pk -> bitset of method pks
    all_bits: int  # every method
    by_fact: dict = None  # fact slug (``methods.facts``) -> bitset of the methods that have it

    def visible(self):
        """The methods the public may see, as the database decides now (one query).

        The database lists the methods the public may *not* see (``hidden()``: usually few,
        drafts and restricted sections); every other method of this index, which the
        method-table token keeps complete, is visible.
        """
        from wagtail.models import Page

        # Asked of the page table alone: pages other than methods are never in the index.
        return Visible(self, set(hidden_pks(Page.objects.all())))

    def bits_with(self, key, term_pks):
        """Bitset of the methods carrying any of ``term_pks`` in one dimension (the evidence level included)."""
        postings = self.by_evidence if key == EVIDENCE.key else self.by_term[key]
        found = 0
        for term_pk in term_pks:
            found |= postings.get(term_pk, 0)
        return found

    def methods_with(self, key, term_pks):
        """Primary keys of the methods carrying any of ``term_pks`` in one dimension."""
        return set(from_bits(self.bits_with(key, term_pks)))

    def filtered(self, bits, filters, skip=None):
        """The methods of bitset ``bits`` that carry, in every filtered dimension, one of its terms.

        ``filters`` maps dimension keys to term pks (OR within a dimension, AND across).
        """
        for key, term_pks in filters.items():
            if key != skip:
                bits &= self.bits_with(key, term_pks)
        return bits

    def counts(self, key, bits):
        """``{term pk: number of methods in bitset ``bits`` carrying it}`` in one dimension."""
        postings = self.by_evidence if key == EVIDENCE.key else self.by_term[key]
        counts = {}
        for term_pk, posting in postings.items():
            n = (posting & bits).bit_count()
            if n:
                counts[term_pk] = n
        return counts

    def shared_tiers(self, pk, keys):
        """``[(n, bitset)]``, most shared first: the other methods sharing exactly ``n`` terms with ``pk``.

        The terms' bitsets are added as binary counters (one bitset per binary digit), so
        the cost depends on the number of terms, not on how many methods carry them.
        """
        digits = []
        for key in keys:
            postings = self.by_term[key]
            for term_pk in self.by_method[key].get(pk, ()):
                carry = postings.get(term_pk, 0)
                for i, digit in enumerate(digits):
                    digits[i], carry = digit ^ carry, digit & carry
                    if not carry:
                        break
                if carry:
                    digits.append(carry)
        some = 0
        for digit in digits:
            some |= digit
        some &= ~(1 << pk)
        tiers = []
        for n in range(2 ** len(digits) - 1, 0, -1):
            bits = some
            for i, digit in enumerate(digits):
                bits &= digit if n >> i & 1 else ~digit
            if bits:
                tiers.append((n, bits))
        return tiers


def _build(version):
    from .models import MethodPage

    methods, by_evidence, by_fact = {}, {}, {fact.slug: [] for fact in FACTS}
    fields = [fact.field for fact in FACTS]
    for pk, evidence, title, *answers in MethodPage.objects.order_by().values_list(
        "pk", "evidence_level_id", "title_sort", *fields
    ):
        methods[pk] = (evidence, title)
        by_evidence.setdefault(evidence, []).append(pk)
        for fact, answer in zip(FACTS, answers, strict=True):
            if fact.holds(answer):
                by_fact[fact.slug].append(pk)
    by_term, by_method = {}, {}
    for dimension in TAGGED:
        terms, carried = {}, {}
        for term_pk, method_pk in dimension.through.objects.order_by().values_list("tag_id", "content_object_id"):
            terms.setdefault(term_pk, []).append(method_pk)
            carried.setdefault(method_pk, []).append(term_pk)
        by_term[dimension.key] = {term_pk: to_bits(pks) for term_pk, pks in terms.items()}
        by_method[dimension.key] = {pk: tuple(term_pks) for pk, term_pks in carried.items()}
    return TagIndex(
        version,
        by_term,
        by_method,
        methods,
        {level: to_bits(pks) for level, pks in by_evidence.items()},
        to_bits(methods),
        {slug: to_bits(pks) for slug, pks in by_fact.items()},
    )


def tag_index():
    """The index for the tag and method tables as the database holds them now (one small query per call)."""
    tokens = current_tokens()
    version = (connection.alias, connection.settings_dict["NAME"], tokens.get("tags"), tokens.get("methods"))
    index = _cache.get("index")
    if index is None or index.version != version:
        with _lock:
            index = _build(version)
            _cache["index"] = index
    return index
