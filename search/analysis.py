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
# Longer words (no Swedish word is) are neither split into parts nor corrected for typos:
# both cost more than linear time in the word's length.
MAX_WORD_LENGTH = 40
MAX_CORRECTIONS = 8  # one-typo alternatives per query word
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


DOMAIN_ZIPF = 3.0  # the frequency given to the field's own words (sv_words.txt)


@lru_cache(maxsize=1)
def lexicon():
    """``{stem: Zipf frequency}`` of known Swedish words: the wordfreq-derived list (``search.lexicon``) and the
    field's own words that general Swedish text is too rare in (``sv_words.txt``: "avhoppare", "frivård" ...)."""
    known = {}
    for line in _read_list("sv_lexicon.txt"):
        stem, zipf = line.split("\t")
        known[stem] = float(zipf)
    for word in _read_list("sv_words.txt"):
        stem = _stem_unfolded(word.lower())
        known[stem] = max(known.get(stem, 0.0), DOMAIN_ZIPF)
    for stem, zipf in list(known.items()):  # words typed without å, ä, ö are known too ("atervandare")
        folded = fold(stem)
        if folded != stem:
            known[folded] = max(known.get(folded, 0.0), zipf)
    return known


def _zipf(part):
    lex = lexicon()
    return lex.get(part) or lex.get(_stem_unfolded(part), 0.0)


# Swedish derivational suffixes: a word ending in one of them belongs to the family of its base word
# when the base is a known word (extremism, extremist -> extrem; islamistisk -> islam; mentorskap -> mentor).
DERIVATIONAL = ("istisk", "atisk", "ation", "ism", "ist", "isk", "skap")


@lru_cache(maxsize=50_000)
def family(stem_unfolded):
    """The (unfolded) stem of the base word of a derived word, or "" when it is not one."""
    lex = lexicon()
    for suffix in DERIVATIONAL:
        if stem_unfolded.endswith(suffix):
            base = stem_unfolded[: -len(suffix)]
            if len(base) >= 4:
                for candidate in (base, base + "a", base + "e"):
                    stemmed = _stem_unfolded(candidate)
                    if (candidate in lex or stemmed in lex) and len(stemmed) >= 4:
                        return stemmed
    return ""


MAX_SPLITS = 40  # candidate splits kept per word ending
# Each part beyond two costs this much mean Zipf frequency: short frequent words ("per", "son")
# would otherwise cut every long word into pieces.
PART_PENALTY = 1.0
KNOWN_MARGIN = 1.0  # Zipf points the parts of a known word must beat it by


@lru_cache(maxsize=50_000)
def _splits(word, min_part):
    """Ways to cut ``word`` into known words of at least ``min_part`` letters, a linking letter (s, e ...) allowed
    at the end of every part but the last: tuples of (part, Zipf frequency)."""
    found = []
    zipf = _zipf(word)
    if len(word) >= min_part and zipf:
        found.append(((word, zipf),))
    for i in range(min_part, len(word) - min_part + 1):
        left = word[:i]
        left_options = [(left, _zipf(left))]
        if left.endswith(LINKING) and len(left) > min_part:
            left_options.append((left[:-1], _zipf(left[:-1])))
        for base, base_zipf in left_options:
            if not base_zipf:
                continue
            for rest in _splits(word[i:], min_part):
                found.append(((base, base_zipf), *rest))
                if len(found) >= MAX_SPLITS:
                    return tuple(found)
    return tuple(found)


@lru_cache(maxsize=50_000)
def _scored_split(word):
    """(parts, score) of a compound word (unfolded, lower case): ``((), 0.0)`` when it is best left whole.

    Of every way to cut the word into known words, the one whose parts have the highest
    mean Zipf frequency wins, the whole word included (Koehn and Knight, 2003), less
    ``PART_PENALTY`` for every part beyond two: "terroristbrott" becomes terrorist + brott,
    "personalutbildning" personal + utbildning, "relevant" stays whole. A word that is itself known is cut
    only into parts of at least ``MIN_PART + 1`` letters that beat it by ``KNOWN_MARGIN``
    ("ungdom" is not "ung" + "dom", "missbruk" not "miss" + "bruk").
    """
    if len(word) < 2 * MIN_PART:
        return (), 0.0
    whole = _zipf(word)
    min_part = MIN_PART + 1 if whole else MIN_PART
    # A known word is split only when its parts are clearly more common than it ("terroristbrott", not
    # "missbruk" into miss + bruk).
    best, best_score = (), whole + KNOWN_MARGIN if whole else 0.0
    for parts in _splits(word, min_part):
        if len(parts) < 2:
            continue
        score = sum(z for _p, z in parts) / len(parts) - PART_PENALTY * (len(parts) - 2)
        if score > best_score:
            best, best_score = tuple(p for p, _z in parts), score
    return best, (best_score if best else 0.0)


def compound_parts(word):
    """Folded stems of the parts of a compound word; empty if it is not one (or longer than MAX_WORD_LENGTH).

    A derived part stands as its word family's base ("vänsterextremism" -> vanster, extrem)."""
    if len(word) > MAX_WORD_LENGTH:
        return []
    lex = lexicon()
    whole = word.lower()
    word_stem = _stem_unfolded(whole)
    split, score = _scored_split(word_stem)
    if split and family(word_stem) and any(word_stem.endswith(s) and len(split[-1]) <= len(s) for s in DERIVATIONAL):
        return []  # a derivational suffix, not a compound part ("mentorskap" is not "mentors" + "kap")
    # The stem can cut a compound's last part short enough to read as another word ("motivationsarbete" stems
    # to "motivationsarb", which splits as motivation + "sarb"): a compound is split as written too, and the
    # better of two splits into as many parts wins (motivations + arbete).
    if split and whole != word_stem:
        whole_split, whole_score = _scored_split(whole)
        if len(whole_split) == len(split) and whole_score > score:
            split = whole_split
    parts = [p if p in lex else _stem_unfolded(p) for p in split]
    return [fold(family(p) or p) for p in parts]


def family_term(word):
    """The folded stem of a word's family base ("extremister" -> "extrem"), or ""."""
    if len(word) > MAX_WORD_LENGTH:
        return ""
    base = family(_stem_unfolded(word.lower()))
    return fold(base) if base else ""


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
        base = family_term(word)
        if base:
            parts.append(base)
    return stems, parts


def method_texts(page):
    """The texts of a method page that its ``search_terms`` are made from, in order."""
    texts = [page.title, page.title, page.summary, page.description_text()]
    texts += [page.who_can_use, page.training, page.evidence_summary]
    for manager in (page.keywords, page.settings, page.target_groups, page.environments, page.mapped_by):
        texts.extend(tag.name for tag in manager.all())
    return texts


def analyze_method(page, texts=None):
    """The ``search_terms`` value of a method page: stems, then compound parts."""
    texts = method_texts(page) if texts is None else texts
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
    """Variants of one query word; ``vocabulary`` (a TypoIndex) adds one-typo corrections.

    A correction stands for the word the searcher meant, so it brings that word's own
    variants (synonyms, word family) and, when the word as typed does not split into
    indexed parts, its compound parts: "riskbedömnig" finds what "riskbedömning" finds.
    """
    word = word.lower()
    variants = _variants(word)
    if vocabulary is not None and 5 <= len(word) <= MAX_WORD_LENGTH and variants.stem not in vocabulary:
        split = len(variants.parts) > 1 and all(part in vocabulary for part in variants.parts)
        for corrected in vocabulary.corrected_words(word):
            meant = _variants(corrected)
            variants.alternatives |= {meant.stem, *meant.alternatives}
            if not split and len(meant.parts) > 1:
                variants.parts, split = meant.parts, True
    return variants


def _variants(word):
    """A (lower-case) word's stem, synonyms, word family and compound parts."""
    variants = TermVariants(word=word, stem=stem(word))
    variants.alternatives |= synonyms().get(variants.stem, set())
    base = family_term(word)
    if base:
        variants.alternatives.add(base)
    variants.parts = compound_parts(word)
    return variants


ALPHABET = "abcdefghijklmnopqrstuvwxyzåäöé"


def _edits1(word):
    """Every string one edit away from ``word``: delete, swap neighbours, replace, insert."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in ALPHABET if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in ALPHABET]
    return set(deletes + swaps + replaces + inserts)


class TypoIndex:
    """The indexed terms of the collection, and corrections of words one typo away from them.

    A query word whose stem is unknown is edited in every one-letter way; the edits
    whose stems are indexed terms become alternatives. Stemming the edits (rather than
    editing the stem) finds "propaganda" for "propagnada" even though Snowball cuts
    the misspelt word differently.
    """

    def __init__(self, terms):
        self.terms = frozenset(terms)

    def __contains__(self, term):
        return term in self.terms

    def corrected_words(self, word):
        """Words one typo away from ``word`` whose stems are indexed, one per stem, at most ``MAX_CORRECTIONS``."""
        word = word.lower()
        if stem(word) in self.terms:
            return []
        by_stem = {}
        # Of the edits that share a stem, the longest stands for it (a dropped letter is the commonest typo).
        for edit in sorted(_edits1(word), key=lambda edit: (-len(edit), edit)):
            term = stem(edit)
            if term in self.terms:
                by_stem.setdefault(term, edit)
        return [by_stem[term] for term in sorted(by_stem)[:MAX_CORRECTIONS]]
