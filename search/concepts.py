"""Taxonomy concepts in a query: the vocabulary terms whose label or alternative label the query names.

A query word or phrase that is a term's Swedish or English label (also without its
parenthesis: "Frivård" for "Frivård (Kriminalvården)") or one of its alternative labels
(``alt_labels``, maintained by editors: "LVU" for Särskilt ungdomshem, "högerextremism"
for Vit makt-miljön) names the term. The query layer then finds the methods tagged with
it, whatever their text says, and ranks them higher; each result says which term it
matched. Matching is on analysed words (folded Swedish stems, stop words left out), so
inflections match ("ungdomshemmen" names "ungdomshem"), and a longer label wins over a
shorter one inside it ("unga vuxna" over "unga").
"""

from dataclasses import dataclass
from functools import lru_cache

from methods.dimensions import CONTROLLED_DIMENSIONS

from .analysis import stem, stopwords, words


@dataclass(frozen=True)
class Concept:
    dimension: object
    term: object
    label: str  # the label the query named

    @property
    def words(self):
        """The query's analysed words this concept covers."""
        return _tokens(self.label)


def _tokens(text):
    return tuple(stem(w) for w in words(text) if w not in stopwords())


def label_words(label):
    """The analysed words of a label, as concepts compare them."""
    return _tokens(label)


def _labels(term):
    labels = [term.name, term.name_en, *term.alt_labels]
    if "(" in term.name:
        labels.append(term.name.split("(", 1)[0])
    return [label for label in labels if label and label.strip()]


@lru_cache(maxsize=8)
def _label_index(vocabularies):
    """``{first word: [(words, dimension, term, label)]}`` for every label of every controlled term."""
    index = {}
    for dimension, terms in vocabularies:
        for term in terms:
            for label in _labels(term):
                tokens = _tokens(label)
                if tokens:
                    index.setdefault(tokens[0], []).append((tokens, dimension, term, label))
    return index


def find(parsed, terms):
    """The concepts a parsed query names (``terms``: ``{dimension key: {slug: Term}}`` of the request)."""
    vocabularies = tuple(
        (dimension, tuple(sorted(terms[dimension.key].values(), key=lambda t: t.slug)))
        for dimension in CONTROLLED_DIMENSIONS
        if dimension.key in terms
    )
    index = _label_index(vocabularies)
    sequences = [[stem(w) for w in parsed.words]] + [[stem(w) for w in phrase] for phrase in parsed.phrases]
    matches = []  # (sequence number, start, end, dimension, term, label)
    for number, sequence in enumerate(sequences):
        for start, first in enumerate(sequence):
            for tokens, dimension, term, label in index.get(first, ()):
                if tuple(sequence[start : start + len(tokens)]) == tokens:
                    matches.append((number, start, start + len(tokens), dimension, term, label))
    found = {}
    for match in matches:
        number, start, end = match[:3]
        inside_longer = any(
            other[0] == number and other[1] <= start and end <= other[2] and other[2] - other[1] > end - start
            for other in matches
        )
        if not inside_longer:
            found.setdefault((match[3].key, match[4].slug), Concept(match[3], match[4], match[5]))
    return list(found.values())
