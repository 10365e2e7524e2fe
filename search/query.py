"""The query object behind the search page, the exports, the API and the gap map.

Request parameters are validated by ``search.forms``, which builds a ``MethodQuery``;
``search.results.MethodSearch`` answers it. This module also parses the query text
(words, "quoted phrases", -exclusions).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from methods.dimensions import DIMENSIONS
from methods.facts import KEY as FACTS_KEY

MAX_QUERY_LENGTH = 500
MAX_VALUES_PER_PARAMETER = 50
MAX_WORDS = 12
MAX_PHRASES = 4
MAX_PHRASE_WORDS = 8
MAX_EXCLUSIONS = 8
SORTS = {
    "relevance": gettext_lazy("Relevans"),
    "evidence": gettext_lazy("Evidensnivå"),
    "updated": gettext_lazy("Senast uppdaterad"),
    "title": gettext_lazy("Titel (A–Ö)"),
}
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')


@dataclass
class ParsedText:
    words: list = field(default_factory=list)  # free words
    phrases: list = field(default_factory=list)  # lists of words that must stand together
    excluded: list = field(default_factory=list)  # words or phrases (lists) that must not match

    def __bool__(self):
        return bool(self.words or self.phrases)


def clean_text(value):
    value = unicodedata.normalize("NFC", value or "")
    return " ".join(CONTROL_CHARS.sub(" ", value).split())


def parse_text(text):
    """Split a query into words, "quoted phrases" and -excluded terms. An unclosed quote runs to the end."""
    from search.analysis import stopwords, words

    if text.count('"') % 2:
        text += '"'
    parsed = ParsedText()
    for minus_q, quoted, minus_w, word in TOKEN_RE.findall(text):
        if quoted:
            phrase = words(quoted)
            if not phrase:
                continue
            target = parsed.excluded if minus_q else parsed.phrases
            target.append(phrase if len(phrase) > 1 or not minus_q else phrase[0])
            continue
        tokens = words(word)
        if minus_w and tokens:
            parsed.excluded.extend(tokens)
        else:
            parsed.words.extend(t for t in tokens if t not in stopwords())
    if not parsed.words and not parsed.phrases and not parsed.excluded and text.strip():
        # Only stopwords: search for them rather than for nothing.
        parsed.words = words(text.replace('"', " "))
    return _bounded(parsed)


def _bounded(parsed):
    """At most MAX_WORDS distinct free words, MAX_PHRASES phrases of MAX_PHRASE_WORDS words and MAX_EXCLUSIONS
    exclusions: a request's search work is bounded whatever the text (the rest of a longer query is ignored)."""
    parsed.words = list(dict.fromkeys(parsed.words))[:MAX_WORDS]
    parsed.phrases = [phrase[:MAX_PHRASE_WORDS] for phrase in parsed.phrases[:MAX_PHRASES]]
    excluded = []
    for item in parsed.excluded:
        item = item[:MAX_PHRASE_WORDS] if isinstance(item, list) else item
        if item not in excluded:
            excluded.append(item)
    parsed.excluded = excluded[:MAX_EXCLUSIONS]
    return parsed


@dataclass
class MethodQuery:
    text: str = ""
    filters: dict = field(default_factory=dict)  # dimension key -> tuple of slugs
    sort: str = "relevance"
    page: int = 1
    sort_given: bool = False

    @property
    def parsed(self):
        return parse_text(self.text)

    def selected(self, key):
        return self.filters.get(key, ())

    def params(self, **changes):
        """Request parameters of this query (with changes), as a list of pairs for urlencode."""
        state = {
            "q": self.text,
            "sort": self.sort if self.sort_given else "",
            **{k: list(v) for k, v in self.filters.items()},
        }
        state.update(changes)
        pairs = []
        keys = ["q", *[d.key for d in DIMENSIONS], FACTS_KEY, "sort", "page"]
        for key in keys + [k for k in changes if k not in keys]:
            value = state.get(key)
            if not value:
                continue
            for item in value if isinstance(value, (list, tuple)) else [value]:
                pairs.append((key, item))
        return pairs

    def without(self, key, slug):
        """Parameters with one filter value removed: the link on an active filter (``params`` carries no page)."""
        return self.params(**{key: [v for v in self.selected(key) if v != slug]})

    def describe(self):
        """A human-readable summary of the query, for exports and data packages."""
        parts = []
        if self.text:
            parts.append(f"q={self.text}")
        for key, values in self.filters.items():
            parts.append(f"{key}={'|'.join(values)}")
        parts.append(f"sort={self.sort}")
        return "; ".join(parts)

    def as_dict(self):
        return {"q": self.text, "filters": {k: list(v) for k, v in self.filters.items()}, "sort": self.sort}


__all__ = ["MethodQuery", "SORTS", "clean_text", "parse_text"]
