"""Help when a search finds nothing: "Menade du ...?" from the collection's own words, and entry points.

Suggestions come only from what the public may see: the labels and alternative labels of
the controlled vocabularies, and the words of the titles of the methods visible now.
They are looked for only when a search has no result, and at most ``MAX_WORDS`` words
of the query are tried.
"""

import difflib

from methods.dimensions import CONTROLLED_DIMENSIONS, SETTING, TARGET_GROUP
from methods.terms import ordered_terms

from .analysis import fold, words

MAX_WORDS = 4
CUTOFF = 0.75


def _candidates(terms, visible_titles):
    found = {}
    for dimension in CONTROLLED_DIMENSIONS:
        for term in terms.get(dimension.key, {}).values():
            for label in (term.name, *term.alt_labels):
                for word in words(label):
                    found.setdefault(fold(word), word)
    for title in visible_titles:
        for word in words(title):
            if len(word) > 2:
                found.setdefault(fold(word), word)
    return found


def did_you_mean(text, terms, visible_titles):
    """A corrected query text, or "" when no word of ``text`` has a close known word."""
    query_words = words(text)
    if not query_words:
        return ""
    candidates = _candidates(terms, visible_titles)
    changed, out = False, []
    for i, word in enumerate(query_words):
        folded = fold(word)
        if i < MAX_WORDS and folded not in candidates and len(word) > 2:
            close = difflib.get_close_matches(folded, list(candidates), n=1, cutoff=CUTOFF)
            if close:
                out.append(candidates[close[0]])
                changed = True
                continue
        out.append(word)
    return " ".join(out) if changed else ""


def entry_points(index, visible_bits, terms):
    """``[(dimension, [(term, count)])]`` for browsing by setting and target group instead."""
    points = []
    for dimension in (SETTING, TARGET_GROUP):
        counts = index.counts(dimension.key, visible_bits)
        points.append(
            (
                dimension,
                [(t, counts[t.pk]) for t in ordered_terms(dimension, terms[dimension.key]) if counts.get(t.pk)],
            )
        )
    return points
