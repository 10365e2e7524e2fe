"""Request input for every public channel, validated by Django forms.

``SearchForm`` reads the search page's parameters and builds the ``MethodQuery``; the
export, API and gap-map forms extend it with their own parameters, so a filter means
the same thing everywhere. Vocabulary values are checked against the database: a value
is known when the term exists (keywords: when a visible method carries it, so a
keyword used only in drafts or restricted methods is as unknown as a made-up one).
"""

from django import forms
from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from methods.dimensions import AXES, BY_KEY, DIMENSIONS, EVIDENCE, KEYWORD, SETTING, TARGET_GROUP
from methods.exporting import parse_options
from methods.facts import BY_SLUG as FACTS_BY_SLUG
from methods.facts import GROUP as FACT_GROUP
from methods.facts import KEY as FACTS_KEY
from methods.models import MethodPage
from methods.pagination import page_number
from methods.terms import load_terms
from methods.vocabularies import RETIRED_EVIDENCE_SLUGS

from .query import CONTROL_CHARS, MAX_QUERY_LENGTH, MAX_VALUES_PER_PARAMETER, SORTS, MethodQuery, clean_text


class QueryTextField(forms.CharField):
    """Free text: control characters become spaces (a search box never answers 400 for them)."""

    def to_python(self, value):
        value = "" if value in self.empty_values else str(value)
        return CONTROL_CHARS.sub(" ", value)


class SearchForm(forms.Form):
    """``q``, one parameter per dimension (repeatable), ``sort`` and ``page``."""

    q = QueryTextField(required=False, strip=False)
    sort = forms.CharField(required=False)
    page = forms.CharField(required=False)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.values = {
            d.key: (self.data.getlist(d.key) if hasattr(self.data, "getlist") else _list(self.data, d.key))
            for d in DIMENSIONS
        }
        self.values[FACTS_KEY] = (
            self.data.getlist(FACTS_KEY) if hasattr(self.data, "getlist") else _list(self.data, FACTS_KEY)
        )
        self.renamed = []  # (retired slug, current slug) met in the input

    def clean_q(self):
        text = self.cleaned_data["q"] or ""
        if len(text) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("Sökfrågan är för lång (%(n)s tecken). Använd högst %(max)s tecken.")
                % {"n": len(text), "max": MAX_QUERY_LENGTH}
            )
        return clean_text(text)

    def clean_sort(self):
        sort = (self.cleaned_data["sort"] or "").strip()
        if sort and sort not in SORTS:
            raise forms.ValidationError(
                _("Okänd sortering ”%(sort)s”. Välj en av: %(choices)s.")
                % {"sort": sort[:30], "choices": ", ".join(SORTS)}
            )
        return sort

    def clean_page(self):
        try:
            return page_number(self.cleaned_data["page"])
        except BadRequest as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        cleaned = super().clean()
        filters = {}
        for dimension in DIMENSIONS:
            values = list(dict.fromkeys(v for v in (clean_text(v) for v in self.values[dimension.key]) if v))
            if dimension is EVIDENCE:
                values = list(dict.fromkeys(self._current_evidence_slug(v) for v in values))
            if len(values) > MAX_VALUES_PER_PARAMETER:
                self.add_error(None, _("För många värden för %(param)s.") % {"param": dimension.key})
                continue
            if not values:
                continue
            known = set(_known_slugs(dimension, values))
            unknown = [v for v in values if v not in known]
            if unknown:
                self.add_error(
                    None,
                    _("Okänt värde för %(label)s (%(param)s): %(values)s. Välj bland filtren på söksidan.")
                    % {"label": dimension.label, "param": dimension.key, "values": ", ".join(v[:50] for v in unknown)},
                )
                continue
            filters[dimension.key] = tuple(values)
        facts = list(dict.fromkeys(v for v in (clean_text(v) for v in self.values[FACTS_KEY]) if v))
        unknown = [v for v in facts if v not in FACTS_BY_SLUG]
        if unknown or len(facts) > len(FACTS_BY_SLUG):
            self.add_error(
                None,
                _("Okänt värde för %(label)s (%(param)s): %(values)s. Välj bland: %(choices)s.")
                % {
                    "label": FACT_GROUP.label,
                    "param": FACTS_KEY,
                    "values": ", ".join(v[:50] for v in unknown[:5]),
                    "choices": ", ".join(FACTS_BY_SLUG),
                },
            )
        elif facts:
            filters[FACTS_KEY] = tuple(facts)
        cleaned["filters"] = filters
        return cleaned

    def _current_evidence_slug(self, slug):
        """A retired evidence level's slug (old links, saved searches) as the level that replaced it."""
        current = RETIRED_EVIDENCE_SLUGS.get(slug)
        if current is None:
            return slug
        self.renamed.append((slug, current))
        return current

    def renamed_notice(self):
        """A sentence for people whose link used a retired slug (empty when none did)."""
        if not self.renamed:
            return ""
        return " ".join(
            _("Evidensnivån ”%(old)s” har bytt namn och visas nu som ”%(new)s”.")
            % {"old": old, "new": load_terms(EVIDENCE, slugs=[new])[new].label}
            for old, new in self.renamed
        )

    def query(self):
        """The MethodQuery of valid input (call ``is_valid()`` first)."""
        text = self.cleaned_data["q"]
        sort = self.cleaned_data["sort"]
        chosen = sort or ("relevance" if text else "title")
        if chosen == "relevance" and not text:
            chosen = "title"
        return MethodQuery(
            text=text,
            filters=self.cleaned_data["filters"],
            sort=chosen,
            page=self.cleaned_data["page"],
            sort_given=bool(sort),
        )

    def error_message(self):
        """All errors as one sentence-per-problem message for a person."""
        messages = []
        for errors in self.errors.values():
            messages.extend(str(e) for e in errors)
        return " ".join(messages)

    def partial_text(self):
        """The query text to show again beside an error (cleaned, cut to the maximum length)."""
        return clean_text(str(self.data.get("q", ""))[:MAX_QUERY_LENGTH])


def _known_slugs(dimension, values):
    if dimension is KEYWORD:
        used = KEYWORD.through.objects.filter(content_object__in=MethodPage.objects.visible())
        return used.filter(tag__slug__in=values).values_list("tag__slug", flat=True).distinct()
    return load_terms(dimension, slugs=values).keys()


def _list(data, key):
    value = data.get(key, [])
    return list(value) if isinstance(value, (list, tuple)) else [value]


class ExportForm(SearchForm):
    """The search parameters plus ``format``, ``sep`` (comma or semicolon), ``bom`` and ``labels`` (0 or 1)."""

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["options"] = parse_options(self.data)
        except ValueError as exc:
            self.add_error(None, str(exc))
        return cleaned


class ApiForm(SearchForm):
    """The search parameters plus ``page_size`` (1 to ``MAX_PAGE_SIZE``)."""

    DEFAULT_PAGE_SIZE = 20
    MAX_PAGE_SIZE = 100

    page_size = forms.CharField(required=False)

    def clean_page_size(self):
        value = (self.cleaned_data["page_size"] or str(self.DEFAULT_PAGE_SIZE)).strip()
        if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= self.MAX_PAGE_SIZE:
            raise forms.ValidationError(
                _("page_size måste vara ett heltal mellan 1 och %(max)s.") % {"max": self.MAX_PAGE_SIZE}
            )
        return int(value)


class _OutcomeAxis:
    """The outcome a method is rated on, as a gap-map axis (not a filter dimension)."""

    key = "outcome"

    @property
    def label(self):
        return _("Utfall")


OUTCOME_AXIS = _OutcomeAxis()
GAP_MAP_AXES = (*AXES, OUTCOME_AXIS)


class GapMapForm(SearchForm):
    """The search parameters plus the two dimensions of the table, ``rows`` and ``cols``."""

    rows = forms.CharField(required=False)
    cols = forms.CharField(required=False)

    def _axis(self, name, default):
        key = (self.cleaned_data[name] or default.key).strip()
        if key not in {d.key for d in GAP_MAP_AXES}:
            raise forms.ValidationError(
                _("Okänd dimension ”%(key)s” för %(name)s. Välj en av: %(choices)s.")
                % {"key": key[:30], "name": name, "choices": ", ".join(d.key for d in GAP_MAP_AXES)}
            )
        return OUTCOME_AXIS if key == OUTCOME_AXIS.key else BY_KEY[key]

    def clean_rows(self):
        return self._axis("rows", SETTING)

    def clean_cols(self):
        return self._axis("cols", TARGET_GROUP)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rows") is not None and cleaned.get("rows") is cleaned.get("cols"):
            self.add_error(None, _("Välj två olika dimensioner för rader och kolumner."))
        return cleaned
