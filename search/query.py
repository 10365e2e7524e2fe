"""The one query object behind the search page, the exports and the API.

``MethodQuery.from_params`` parses and validates request parameters once; every
channel then asks the same object for its results, so the filter logic exists in
exactly one place.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from methods.dimensions import DIMENSIONS

MAX_QUERY_LENGTH = 500
MAX_VALUES_PER_PARAMETER = 50
SORTS = {
    "relevance": gettext_lazy("Relevans"),
    "evidence": gettext_lazy("Evidensnivå"),
    "updated": gettext_lazy("Senast uppdaterad"),
    "title": gettext_lazy("Titel (A–Ö)"),
}
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')


class QueryError(ValueError):
    """Parameters that cannot be answered; the message is shown to the user (HTTP 400)."""


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
    if not parsed.words and not parsed.phrases and text.strip():
        # Only stopwords: search for them rather than for nothing.
        parsed.words = [t for t in words(text.replace('"', " ")) if not t.startswith("-")]
    return parsed


@dataclass
class MethodQuery:
    text: str = ""
    filters: dict = field(default_factory=dict)  # dimension key -> tuple of slugs
    sort: str = "relevance"
    page: int = 1
    sort_given: bool = False

    @classmethod
    def from_params(cls, params, catalog):
        """Validate request parameters (a QueryDict or dict of lists); raises QueryError."""
        raw_text = params.get("q", "") or ""
        if len(raw_text) > MAX_QUERY_LENGTH:
            raise QueryError(
                _("Sökfrågan är för lång (%(n)s tecken). Använd högst %(max)s tecken.")
                % {"n": len(raw_text), "max": MAX_QUERY_LENGTH}
            )
        text = clean_text(raw_text)
        filters = {}
        for dimension in DIMENSIONS:
            values = [clean_text(v) for v in _getlist(params, dimension.key)]
            values = list(dict.fromkeys(v for v in values if v))
            if len(values) > MAX_VALUES_PER_PARAMETER:
                raise QueryError(_("För många värden för %(param)s.") % {"param": dimension.key})
            known = catalog.terms[dimension.key]
            unknown = [v for v in values if v not in known]
            if unknown:
                raise QueryError(
                    _("Okänt värde för %(label)s (%(param)s): %(values)s. Välj bland filtren på söksidan.")
                    % {"label": dimension.label, "param": dimension.key, "values": ", ".join(v[:50] for v in unknown)}
                )
            if values:
                filters[dimension.key] = tuple(values)
        sort = params.get("sort") or ""
        if sort and sort not in SORTS:
            raise QueryError(
                _("Okänd sortering ”%(sort)s”. Välj en av: %(choices)s.")
                % {"sort": sort[:30], "choices": ", ".join(SORTS)}
            )
        page_param = (params.get("page") or "1").strip()
        if not page_param.isdigit() or int(page_param) < 1 or len(page_param) > 9:
            raise QueryError(_("Sidnumret ”%(page)s” är inte ett positivt heltal.") % {"page": page_param[:20]})
        query = cls(
            text=text,
            filters=filters,
            sort=sort or ("relevance" if text else "title"),
            page=int(page_param),
            sort_given=bool(sort),
        )
        if query.sort == "relevance" and not text:
            query.sort = "title"
        return query

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
        keys = ["q", *[d.key for d in DIMENSIONS], "sort", "page"]
        for key in keys + [k for k in changes if k not in keys]:
            value = state.get(key)
            if not value:
                continue
            for item in value if isinstance(value, (list, tuple)) else [value]:
                pairs.append((key, item))
        return pairs

    def toggled(self, key, slug):
        """Parameters with one filter value switched on or off (and back to page 1)."""
        values = list(self.selected(key))
        values = [v for v in values if v != slug] if slug in values else values + [slug]
        return self.params(**{key: values, "page": None})

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


def _getlist(params, key):
    if hasattr(params, "getlist"):
        return params.getlist(key)
    value = params.get(key, [])
    return value if isinstance(value, (list, tuple)) else [value]


__all__ = ["MethodQuery", "QueryError", "SORTS", "parse_text"]
