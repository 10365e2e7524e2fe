"""The record format's optional columns: evidence details, implementation facts and review dates.

A file may carry any of these columns after the fourteen required ones. A column that is
present sets its field (an empty cell clears it); a column that is absent leaves the
field of an existing method as it is. Every export writes all of them, so an export
imports again with no loss.

Cells that hold several structured items put one item per line and separate an item's
fields with `` | `` (a ``|`` inside a field is written ``\\|``):

- ``outcome_ratings``: ``outcome | level | justification``, for example
  ``aterfall-i-brott | risk-for-skada | Utvärderingar visar att ...``;
- ``references``: ``title | year | url | publisher | design | country | participants |
  outcomes`` (fields after the title may be left empty or out; outcomes are slugs
  separated by commas).

``parse`` turns a cell into a value (and messages for a person), ``page_value`` reads
the same value from a page, and ``format_value`` writes either as the canonical cell, so
"unchanged" means the same cell text whichever way the value came.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from .models import MethodReference, OutcomeRating
from .models.evidence import COST_BANDS, DEFAULT_REVIEW_INTERVAL_MONTHS, NO, PARTLY, YES
from .models.pages import STUDY_DESIGNS
from .vocabularies import RETIRED_EVIDENCE_SLUGS

TEXT_COLUMNS = {  # column -> longest value (None: no limit beyond the file's)
    "evidence_summary": None,
    "who_can_use": None,
    "training_provider": 200,
    "training": None,
    "usage_source": 400,
    "staff_time": None,
    "costs": None,
    "licence": 200,
    "contact": None,
}
CHOICE_COLUMNS = {
    "swedish_material": (YES, PARTLY, NO),
    "training_in_sweden": (YES, NO),
    "used_in_sis": (YES, NO),
    "used_in_kriminalvarden": (YES, NO),
    "used_in_social_services": (YES, NO),
}
OPTIONAL_COLUMNS = [
    "evidence_summary",
    "outcome_ratings",
    "references",
    "last_reviewed",
    "review_interval_months",
    "who_can_use",
    "swedish_material",
    "training_in_sweden",
    "training_provider",
    "training",
    "used_in_sis",
    "used_in_kriminalvarden",
    "used_in_social_services",
    "usage_source",
    "staff_time",
    "cost_band",
    "costs",
    "licence",
    "method_owner",
    "contact",
]
# Columns whose cells hold line breaks (the others are single lines).
MULTILINE_COLUMNS = {"outcome_ratings", "references", "evidence_summary", "who_can_use", "training", "staff_time"} | {
    "costs",
    "contact",
}
REFERENCE_FIELDS = ["title", "year", "url", "publisher", "design", "country", "participants", "outcomes"]
DESIGNS = [key for key, _label in STUDY_DESIGNS]
FIELD_SEPARATOR = re.compile(r"\s*(?<!\\)\|\s*")
MAX_ITEMS = 50  # ratings or references in one cell


def parse(column, cell, vocabulary):
    """``(value, [message])`` for one optional column's cell; ``vocabulary`` knows the valid slugs."""
    cell = cell.strip()
    if column in TEXT_COLUMNS:
        limit = TEXT_COLUMNS[column]
        if limit and len(cell) > limit:
            return cell[:limit], [_("är %(n)s tecken, högst %(max)s tillåts") % {"n": len(cell), "max": limit}]
        return cell, []
    if column in CHOICE_COLUMNS:
        allowed = CHOICE_COLUMNS[column]
        value = cell.lower()
        if value and value not in allowed:
            return "", [
                _("”%(value)s” är inte ett av: %(allowed)s, eller tomt")
                % {"value": cell[:40], "allowed": ", ".join(allowed)}
            ]
        return value, []
    if column == "cost_band":
        if not cell:
            return None, []
        if cell not in {str(band) for band, _label in COST_BANDS}:
            return None, [
                _("”%(value)s” är ingen kostnadsnivå: skriv 1, 2, 3, 4 eller 5, eller lämna tomt")
                % {"value": cell[:20]}
            ]
        return int(cell), []
    if column == "method_owner":
        if cell and cell not in vocabulary.organisations:
            return "", [_("okänd organisation ”%(slug)s” (ange organisationens kortnamn)") % {"slug": cell[:60]}]
        return cell, []
    if column == "last_reviewed":
        return _parse_date(cell)
    if column == "review_interval_months":
        if not cell:
            return DEFAULT_REVIEW_INTERVAL_MONTHS, []
        if not (cell.isascii() and cell.isdigit()) or not 1 <= int(cell) <= 120:
            return DEFAULT_REVIEW_INTERVAL_MONTHS, [
                _("”%(value)s” är inte ett antal månader mellan 1 och 120") % {"value": cell[:20]}
            ]
        return int(cell), []
    if column == "outcome_ratings":
        return _parse_ratings(cell, vocabulary)
    if column == "references":
        return _parse_references(cell, vocabulary)
    raise KeyError(column)


def _parse_date(cell):
    if not cell:
        return None, []
    try:
        date = datetime.date.fromisoformat(cell)
    except ValueError:
        return None, [_("”%(value)s” är inget datum: skriv ÅÅÅÅ-MM-DD") % {"value": cell[:20]}]
    if not datetime.date(1990, 1, 1) <= date <= datetime.date.today() + datetime.timedelta(days=1):
        return None, [_("%(date)s ligger utanför 1990 till i dag") % {"date": cell}]
    return date, []


def _lines(cell):
    return [line.strip() for line in cell.splitlines() if line.strip()]


def _fields(line):
    return [part.replace("\\|", "|") for part in FIELD_SEPARATOR.split(line)]


def _parse_ratings(cell, vocabulary):
    ratings, messages, seen = [], [], set()
    lines = _lines(cell)
    if len(lines) > MAX_ITEMS:
        return [], [_("har %(n)s rader, högst %(max)s tillåts") % {"n": len(lines), "max": MAX_ITEMS}]
    for number, line in enumerate(lines, start=1):
        parts = _fields(line)
        if len(parts) < 2 or len(parts) > 3:
            messages.append(
                _("rad %(n)s i cellen: skriv ”utfall | nivå | motivering” (motiveringen får utelämnas)") % {"n": number}
            )
            continue
        outcome, level = parts[0], RETIRED_EVIDENCE_SLUGS.get(parts[1], parts[1])
        justification = parts[2] if len(parts) == 3 else ""
        if outcome not in vocabulary.outcomes:
            messages.append(_("rad %(n)s i cellen: okänt utfall ”%(slug)s”") % {"n": number, "slug": outcome[:60]})
        elif outcome in seen:
            messages.append(
                _("rad %(n)s i cellen: utfallet ”%(slug)s” är redan bedömt") % {"n": number, "slug": outcome}
            )
        if level not in vocabulary.evidence_levels:
            messages.append(_("rad %(n)s i cellen: okänd evidensnivå ”%(slug)s”") % {"n": number, "slug": level[:60]})
        seen.add(outcome)
        ratings.append((outcome, level, justification))
    return ratings, messages


def _parse_references(cell, vocabulary):
    references, messages = [], []
    lines = _lines(cell)
    if len(lines) > MAX_ITEMS:
        return [], [_("har %(n)s rader, högst %(max)s tillåts") % {"n": len(lines), "max": MAX_ITEMS}]
    for number, line in enumerate(lines, start=1):
        parts = _fields(line)
        if len(parts) > len(REFERENCE_FIELDS):
            messages.append(
                _("rad %(n)s i cellen har %(count)s fält, högst %(max)s: %(fields)s")
                % {
                    "n": number,
                    "count": len(parts),
                    "max": len(REFERENCE_FIELDS),
                    "fields": " | ".join(REFERENCE_FIELDS),
                }
            )
            continue
        item = dict(zip(REFERENCE_FIELDS, parts + [""] * (len(REFERENCE_FIELDS) - len(parts)), strict=True))

        def problem(message, n=number):
            messages.append(_("rad %(n)s i cellen: %(message)s") % {"n": n, "message": message})

        if not item["title"]:
            problem(_("titeln saknas"))
        elif len(item["title"]) > 400:
            problem(_("titeln är %(n)s tecken, högst 400 tillåts") % {"n": len(item["title"])})
        year = None
        if item["year"]:
            if item["year"].isascii() and item["year"].isdigit() and 1800 <= int(item["year"]) <= 2100:
                year = int(item["year"])
            else:
                problem(_("”%(value)s” är inte ett årtal") % {"value": item["year"][:20]})
        if item["url"]:
            try:
                URLValidator(schemes=["http", "https"])(item["url"])
            except ValidationError:
                problem(_("”%(value)s” är inte en giltig webbadress") % {"value": item["url"][:100]})
        if item["design"] and item["design"] not in DESIGNS:
            problem(
                _("okänd studiedesign ”%(value)s” (välj bland %(designs)s)")
                % {"value": item["design"][:40], "designs": ", ".join(DESIGNS)}
            )
        participants = None
        if item["participants"]:
            if item["participants"].isascii() and item["participants"].isdigit():
                participants = int(item["participants"])
            else:
                problem(_("antalet deltagare ”%(value)s” är inte ett heltal") % {"value": item["participants"][:20]})
        outcomes = [slug.strip() for slug in item["outcomes"].split(",") if slug.strip()]
        for slug in outcomes:
            if slug not in vocabulary.outcomes:
                problem(_("okänt utfall ”%(slug)s”") % {"slug": slug[:60]})
        for name, limit in (("publisher", 200), ("country", 100)):
            if len(item[name]) > limit:
                problem(_("fältet %(field)s är längre än %(max)s tecken") % {"field": name, "max": limit})
        references.append(
            {
                "title": item["title"],
                "year": year,
                "url": item["url"],
                "publisher": item["publisher"],
                "design": item["design"],
                "country": item["country"],
                "participants": participants,
                "outcomes": sorted(set(outcomes)),
            }
        )
    return references, messages


def page_value(page, column):
    """The value of ``column`` as ``parse`` would give it, read from a page (children prefetched or in memory)."""
    if column in TEXT_COLUMNS or column in CHOICE_COLUMNS:
        return getattr(page, column) or ""
    if column == "cost_band":
        return page.cost_band
    if column == "method_owner":
        return page.method_owner.slug if page.method_owner_id else ""
    if column in ("last_reviewed", "review_interval_months"):
        return getattr(page, column)
    if column == "outcome_ratings":
        ratings = sorted(page.outcome_ratings.all(), key=lambda r: (r.sort_order or 0, r.pk or 0))
        return [(r.outcome.slug, r.level.slug, r.justification) for r in ratings]
    if column == "references":
        return [
            {
                "title": r.title,
                "year": r.year,
                "url": r.url,
                "publisher": r.publisher,
                "design": r.design,
                "country": r.country,
                "participants": r.participants,
                "outcomes": sorted(o.slug for o in r.outcomes.all()),
            }
            for r in sorted(page.references.all(), key=lambda r: (r.sort_order or 0, r.pk or 0))
        ]
    raise KeyError(column)


def _escape(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def format_value(column, value):
    """The canonical cell text of a value."""
    if value is None:
        return ""
    if column == "outcome_ratings":
        return "\n".join(" | ".join(_escape(part) for part in rating).rstrip(" |") for rating in value)
    if column == "references":
        lines = []
        for item in value:
            parts = [
                _escape(item["title"]),
                "" if item["year"] is None else str(item["year"]),
                _escape(item["url"]),
                _escape(item["publisher"]),
                item["design"],
                _escape(item["country"]),
                "" if item["participants"] is None else str(item["participants"]),
                ", ".join(item["outcomes"]),
            ]
            while parts and parts[-1] == "":
                parts.pop()
            lines.append(" | ".join(parts))
        return "\n".join(lines)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def apply(page, values, vocabulary):
    """Set the page's fields and children from parsed ``values`` (only the columns given)."""
    for column, value in values.items():
        if (
            column in TEXT_COLUMNS
            or column in CHOICE_COLUMNS
            or column
            in (
                "cost_band",
                "last_reviewed",
                "review_interval_months",
            )
        ):
            setattr(page, column, value)
        elif column == "method_owner":
            page.method_owner = vocabulary.organisations.get(value) if value else None
        elif column == "outcome_ratings":
            page.outcome_ratings = [
                OutcomeRating(
                    outcome=vocabulary.outcomes[outcome],
                    level=vocabulary.evidence_levels[level],
                    justification=justification,
                    sort_order=position,
                )
                for position, (outcome, level, justification) in enumerate(value)
            ]
        elif column == "references":
            references = []
            for position, item in enumerate(value):
                fields = {name: item[name] for name in REFERENCE_FIELDS if name != "outcomes"}
                reference = MethodReference(sort_order=position, **fields)
                reference.outcomes = [vocabulary.outcomes[slug] for slug in item["outcomes"]]
                references.append(reference)
            page.references = references


def structured(column, cell):
    """A canonical ``outcome_ratings`` or ``references`` cell as a list of objects (for JSON)."""
    names = ["outcome", "level", "justification"] if column == "outcome_ratings" else REFERENCE_FIELDS
    items = []
    for line in _lines(cell):
        parts = _fields(line)
        item = dict(zip(names, parts + [""] * (len(names) - len(parts)), strict=False))
        if column == "references":
            item["year"] = int(item["year"]) if item["year"].isdigit() else None
            item["participants"] = int(item["participants"]) if item["participants"].isdigit() else None
            item["outcomes"] = [slug.strip() for slug in item["outcomes"].split(",") if slug.strip()]
        items.append(item)
    return items
