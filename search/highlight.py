"""HTML-safe highlighted snippets: every piece of text is escaped, only <mark> is added."""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import compound_parts, stem

TOKEN_SPLIT = re.compile(r"([^\W_]+)", re.UNICODE)


@lru_cache(maxsize=50_000)
def _word_terms(word):
    return frozenset([stem(word), *compound_parts(word)])


def _matches(word, terms):
    return not _word_terms(word).isdisjoint(terms)


def snippet(text, terms, max_words=36):
    """A window of ``text`` around the first matching word, matches wrapped in <mark>."""
    pieces = TOKEN_SPLIT.split(text or "")
    word_positions = [i for i in range(1, len(pieces), 2)]
    if not word_positions:
        return ""
    hits = [i for i in word_positions if terms and _matches(pieces[i].lower(), terms)]
    if not hits:
        return ""
    first = word_positions.index(hits[0])
    start_word = max(0, first - max_words // 3)
    end_word = min(len(word_positions), start_word + max_words)
    start = word_positions[start_word]
    end = word_positions[end_word - 1] + 1
    hit_set = set(hits)
    out = ["… " if start_word > 0 else ""]
    for i in range(start, end):
        piece = escape(pieces[i])
        out.append(f"<mark>{piece}</mark>" if i in hit_set else piece)
    if end_word < len(word_positions):
        out.append(" …")
    return mark_safe("".join(out))
