"""HTML-safe highlighted snippets: every piece of text is escaped, only <mark> is added."""

import html
import re
from functools import lru_cache

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
    if not terms:
        return ""
    pieces = TOKEN_SPLIT.split(text or "")  # words at odd positions: word k is pieces[2k + 1]
    words = len(pieces) // 2
    first = next((k for k in range(words) if _matches(pieces[2 * k + 1].lower(), terms)), None)
    if first is None:
        return ""
    start_word = max(0, first - max_words // 3)
    end_word = min(words, start_word + max_words)
    out = ["… " if start_word > 0 else ""]
    plain = []  # text between marks, escaped in one go
    # From the text before the first word, to the text after the last one (its final punctuation), where the
    # window reaches that far.
    first_piece = 2 * start_word + 1 if start_word > 0 else 0
    last_piece = 2 * end_word if end_word < words else len(pieces)
    for i in range(first_piece, last_piece):
        piece = pieces[i]
        if i % 2 and _matches(piece.lower(), terms):
            out.append(html.escape("".join(plain)))
            out.append(f"<mark>{html.escape(piece)}</mark>")
            plain = []
        else:
            plain.append(piece)
    out.append(html.escape("".join(plain)))
    if end_word < words:
        out.append(" …")
    return mark_safe("".join(out))
