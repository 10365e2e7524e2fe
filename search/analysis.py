"""Swedish text analysis shared by indexing, querying and highlighting.

Each word is lower-cased, stemmed with Snowball's Swedish stemmer plus a few light
rules it lacks (derivational ``-ing``, definite ``-an``, doubled final consonants),
split into its parts when it is a compound of known words, and folded to ASCII so
that "atervandare" finds "återvändare".

A method's ``search_terms`` field holds two streams: first the stem of every word in
text order (so phrase search works on positions), then the compound parts. Every
search backend indexes that field, so SQLite, PostgreSQL and Elasticsearch all see
the same Swedish terms.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

DATA_DIR = Path(__file__).resolve().parent / "data"
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
MIN_PART = 3
LINKING = ("s", "e", "a", "o", "u")

_snowball = snowballstemmer.stemmer("swedish")


def _read_list(name):
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def fold(text):
    """Lower-case and strip diacritics: "Återvändare" -> "atervandare"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text):
    """The words of a text, lower-cased, in order."""
    return [w.lower() for w in WORD_RE.findall(text or "")]


@lru_cache(maxsize=50_000)
def _stem_unfolded(word):
    stem = _snowball.stemWord(word)
    for _ in range(3):  # light rules and Snowball again, until nothing changes
        previous = stem
        for suffix in ("ering", "ning", "ing", "an", "en", "et"):
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 4:
                stem = stem[: -len(suffix)]
                break
        if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouyåäö":
            stem = stem[:-1]
        again = _snowball.stemWord(stem) if len(stem) > 4 else stem
        if not (stem.endswith("s") and again == stem[:-1]):  # keep the s of "häls", "process"
            stem = again
        if stem == previous:
            break
    return stem


def stem(word):
    """The folded stem of one lower-case word."""
    return fold(_stem_unfolded(word.lower()))


@lru_cache(maxsize=1)
def lexicon():
    return frozenset(_stem_unfolded(w.lower()) for w in _read_list("sv_words.txt"))


def _known(part):
    lex = lexicon()
    if len(part) < MIN_PART:
        return False
    if part in lex or _stem_unfolded(part) in lex:
        return True
    return False


def _known_left(part):
    if _known(part):
        return True
    return part.endswith(LINKING) and _known(part[:-1])


@lru_cache(maxsize=50_000)
def _split(word):
    """Known parts of a compound word (unfolded, lower case), longest left part first."""
    if len(word) < 2 * MIN_PART or word in lexicon():
        return ()
    for i in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        left, right = word[:i], word[i:]
        if not _known_left(left):
            continue
        right_parts = (right,) if _known(right) else _split(right)
        if right_parts:
            left_base = left if _known(left) else left[:-1]
            return (left_base, *right_parts)
    return ()


def compound_parts(word):
    """Folded stems of the parts of a compound word; empty if it is not one."""
    lex = lexicon()
    return [fold(p if p in lex else _stem_unfolded(p)) for p in _split(_stem_unfolded(word.lower()))]


@lru_cache(maxsize=1)
def synonyms():
    table = {}
    for line in _read_list("sv_synonyms.txt"):
        group = {stem(w.strip()) for w in line.split(",") if w.strip()}
        for term in group:
            table.setdefault(term, set()).update(group - {term})
    return table


@lru_cache(maxsize=1)
def stopwords():
    return frozenset(fold(w) for w in _read_list("sv_stopwords.txt"))


def analyze_text(text):
    """(stems in text order, compound parts) for a text."""
    stems, parts = [], []
    for word in words(text):
        stems.append(stem(word))
        parts.extend(compound_parts(word))
    return stems, parts


def analyze_method(page):
    """The ``search_terms`` value of a method page: stems, then compound parts."""
    texts = [page.title, page.title, page.summary, page.description_text()]
    texts += [page.who_can_use, page.training, page.evidence_summary]
    for manager in (page.keywords, page.settings, page.target_groups, page.environments, page.mapped_by):
        texts.extend(tag.name for tag in manager.all())
    stems, parts = [], []
    for text in texts:
        s, p = analyze_text(text or "")
        stems.extend(s)
        parts.extend(p)
    return " ".join(stems + parts)


@dataclass
class TermVariants:
    """A query word and the index terms that may stand for it."""

    word: str
    stem: str
    alternatives: set = field(default_factory=set)  # synonyms, typo corrections
    parts: list = field(default_factory=list)  # compound parts (all must match)

    @property
    def all_terms(self):
        return {self.stem, *self.alternatives, *self.parts}


def analyze_query_word(word, vocabulary=None):
    """Variants of one query word; ``vocabulary`` (a TypoIndex) adds one-typo corrections."""
    word = word.lower()
    variants = TermVariants(word=word, stem=stem(word))
    variants.alternatives |= synonyms().get(variants.stem, set())
    variants.parts = compound_parts(word)
    if vocabulary is not None and len(word) >= 5 and variants.stem not in vocabulary:
        variants.alternatives |= vocabulary.corrections(variants.stem)
    return variants


def _deletions(term):
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


class TypoIndex:
    """Terms reachable with one edit (insert, delete, substitute, swap): SymSpell-style lookup."""

    def __init__(self, terms):
        self.terms = frozenset(terms)
        self._by_deletion = {}
        for term in self.terms:
            if len(term) < 4:
                continue
            for deleted in _deletions(term):
                self._by_deletion.setdefault(deleted, set()).add(term)

    def __contains__(self, term):
        return term in self.terms

    def corrections(self, term):
        found = set()
        if term in self.terms:
            return found
        # The query word lacks a letter: it is a deletion of a known term.
        found |= self._by_deletion.get(term, set())
        for deleted in _deletions(term):
            # The query word has an extra letter.
            if deleted in self.terms:
                found.add(deleted)
            # A substituted or swapped letter: both share a deletion.
            for candidate in self._by_deletion.get(deleted, ()):
                if len(candidate) == len(term) and _one_edit(candidate, term):
                    found.add(candidate)
        return found


def _one_edit(a, b):
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 1:
        return True
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
