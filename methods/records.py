"""The method record exchange format: reading, validating and writing rows.

Import, export and the demo loader share this module, so an exported file can be
imported again unchanged. Columns (in order)::

    id, title, summary, description, mapped_by, settings, target_groups,
    evidence_level, prevention_levels, environments, keywords,
    source_title, source_url, source_year

Multi-valued fields hold ``;``-separated slugs of the controlled vocabularies (free
keywords are written as they are). Exports add read-only columns after these.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from .dimensions import DIMENSIONS, EVIDENCE, KEYWORD, SETTING
from .evidence_columns import MULTILINE_COLUMNS, OPTIONAL_COLUMNS, format_value, parse
from .keyword_rules import all_settings, repeated_setting_notice, repeated_setting_problem, setting_named_by
from .models import Organisation, Outcome
from .models.pages import METHOD_ID_VALIDATOR, SUMMARY_MAX_LENGTH
from .text import FORBIDDEN, forbidden_characters, normalise
from .vocabularies import RETIRED_EVIDENCE_SLUGS

IMPORT_COLUMNS = [
    "id",
    "title",
    "summary",
    "description",
    "mapped_by",
    "settings",
    "target_groups",
    "evidence_level",
    "prevention_levels",
    "environments",
    "keywords",
    "source_title",
    "source_url",
    "source_year",
]
# Every column an import reads: the required ones, then the optional ones (``evidence_columns``).
FORMAT_COLUMNS = IMPORT_COLUMNS + OPTIONAL_COLUMNS
EXPORT_EXTRA_COLUMNS = ["url", "first_published_at", "last_published_at", "description_updated", "revision_id"]
EXPORT_COLUMNS = FORMAT_COLUMNS + EXPORT_EXTRA_COLUMNS
TITLE_MAX_LENGTH = 255
MAX_ROWS = 20_000  # methods per file
MAX_FIELD_LENGTH = 1_000_000  # characters in one CSV cell
MULTI_SEPARATOR = ";"
# Characters that make a spreadsheet cell a formula (full-width forms included: Excel
# reads them as the ASCII operators).
FORMULA_TRIGGERS = "=+\\-@\t\r\uff1d\uff0b\uff0d\uff20"
# A cell, or any part of it after a ";" or "," (Swedish Excel opens a comma file split on
# ";", and a list cell is split on its separator), that starts like a formula.
# (Apostrophes already there are kept by adding one more, so that importing undoes exactly one.)
FORMULA_PART = re.compile(rf"(^|[;,])([ ]*)('*[{FORMULA_TRIGGERS}])")
NEUTRALISED_PART = re.compile(rf"(^|[;,])([ ]*)'('*[{FORMULA_TRIGGERS}])")


def neutralise(value):
    """Make every part of a cell that starts like a spreadsheet formula inert by prefixing an apostrophe."""
    if isinstance(value, str):
        return FORMULA_PART.sub(r"\1\2'\3", value)
    return value


def unneutralise(value):
    """Undo ``neutralise`` when an exported file is imported again; the text itself is kept as is."""
    if isinstance(value, str):
        return NEUTRALISED_PART.sub(r"\1\2\3", value)
    return value


class FileFormatError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, no header, missing columns)."""


@dataclass
class RowError:
    row: int  # data row number, header excluded, first data row = 1
    column: str
    message: str

    @property
    def sheet_row(self):
        """The row number a spreadsheet shows (the header is row 1)."""
        return self.row + 1

    def __str__(self):
        return _("rad %(row)s (rad %(sheet_row)s i kalkylarket), kolumn %(column)s: %(message)s") % {
            "row": self.row,
            "sheet_row": self.sheet_row,
            "column": self.column or "–",
            "message": self.message,
        }


@dataclass
class MethodRecord:
    row: int
    method_id: str
    title: str
    summary: str
    description: str
    evidence_level: str
    tags: dict = field(default_factory=dict)  # column -> list of slugs (keywords: names)
    source_title: str = ""
    source_url: str = ""
    source_year: int | None = None
    notices: list = field(default_factory=list)  # accepted, but worth telling (a retired slug)
    extra: dict = field(default_factory=dict)  # optional column -> parsed value, for the columns the file has


def record_values(record):
    """A validated record as the strings of the import columns, as an export would write them."""
    from .blocks import normalize_text

    values = {
        "id": record.method_id,
        "title": record.title,
        "summary": record.summary,
        "description": normalize_text(record.description),
        "evidence_level": record.evidence_level,
        "source_title": record.source_title,
        "source_url": record.source_url,
        "source_year": record.source_year if record.source_year is not None else "",
    }
    for column, tags in record.tags.items():
        values[column] = join_multi(sorted(tags))
    values.update({column: format_value(column, value) for column, value in record.extra.items()})
    return {column: values[column] for column in FORMAT_COLUMNS if column in values}


def split_multi(value):
    return [part.strip() for part in (value or "").split(MULTI_SEPARATOR) if part.strip()]


def join_multi(values):
    return MULTI_SEPARATOR.join(values)


# --- reading ---------------------------------------------------------------------------


def read_rows(data, filename=""):
    """(header, rows) from CSV or XLSX bytes; each row a list of strings."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            _("Filen är inte UTF-8-kodad (fel vid byte %(pos)s). Spara den som ”CSV UTF-8”.") % {"pos": exc.start}
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_limit = csv.field_size_limit(MAX_FIELD_LENGTH)
    rows = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                _check_row_count(len(rows))
    except csv.Error as exc:
        raise FileFormatError(
            _("Filen kunde inte läsas som CSV vid rad %(line)s: %(error)s.") % {"line": reader.line_num, "error": exc}
        ) from exc
    finally:
        csv.field_size_limit(previous_limit)
    if not rows:
        raise FileFormatError(_("Filen är tom."))
    return [h.strip().lower() for h in rows[0]], rows[1:]


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise FileFormatError(_("Filen kunde inte läsas som XLSX: %(error)s") % {"error": exc}) from exc
    # A Metodbanken export holds the import format in its "Data" sheet (the first sheet is for people):
    # read the first sheet whose header row names the import columns, else the first sheet.
    sheet = next((ws for ws in workbook.worksheets if _has_import_header(ws)), workbook.worksheets[0])
    rows = []
    for values in sheet.iter_rows(values_only=True):
        cells = ["" if v is None else str(v) for v in values]
        while cells and cells[-1] == "":
            cells.pop()
        if any(c.strip() for c in cells):
            rows.append(cells)
            _check_row_count(len(rows))
    workbook.close()
    if not rows:
        raise FileFormatError(_("Arbetsboken är tom."))
    return [h.strip().lower() for h in rows[0]], rows[1:]


def _has_import_header(sheet):
    first = next(sheet.iter_rows(max_row=1, values_only=True), ())
    return {str(v).strip().lower() for v in first if v is not None} >= set(IMPORT_COLUMNS)


def _check_row_count(rows_with_header):
    if rows_with_header - 1 > MAX_ROWS:
        raise FileFormatError(
            _("Filen har fler än %(max)s metoder. Dela upp den i flera filer.")
            % {"max": f"{MAX_ROWS:,}".replace(",", " ")}
        )


# --- validation ------------------------------------------------------------------------


class Vocabulary:
    """Known slugs of every controlled dimension, loaded once per import."""

    def __init__(self):
        self.slugs = {d.column: set(d.model.objects.values_list("slug", flat=True)) for d in DIMENSIONS if d.controlled}
        self.evidence_levels = {level.slug: level for level in EVIDENCE.model.objects.all()}
        self.outcomes = {outcome.slug: outcome for outcome in Outcome.objects.all()}
        self.organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
        self.settings = all_settings()


def validate(header, rows, vocabulary=None):
    """(records, errors): every problem of every row, with row number and column."""
    vocabulary = vocabulary or Vocabulary()
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        raise FileFormatError(
            _("Kolumner saknas i rubrikraden: %(columns)s. Förväntade kolumner: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ", ".join(IMPORT_COLUMNS)}
        )
    position = {name: header.index(name) for name in FORMAT_COLUMNS if name in header}
    records, errors, seen_ids = [], [], {}
    for number, cells in enumerate(rows, start=1):
        row_errors = []
        if len(cells) != len(header):
            row_errors.append(
                RowError(
                    number,
                    "",
                    _("raden har %(n)s kolumner, rubrikraden har %(h)s") % {"n": len(cells), "h": len(header)},
                )
            )
            errors.extend(row_errors)
            continue
        value = {name: unneutralise(cells[i].strip()) for name, i in position.items()}
        record, row_errors = _validate_row(number, value, vocabulary)
        if record is not None:
            if record.method_id in seen_ids:
                row_errors.append(
                    RowError(number, "id", _("samma id som rad %(row)s") % {"row": seen_ids[record.method_id]})
                )
            else:
                seen_ids[record.method_id] = number
        if row_errors:
            errors.extend(row_errors)
        else:
            records.append(record)
    return records, errors


# Single-line columns: a line break in them becomes a space (titles never hold CR or LF).
SINGLE_LINE_COLUMNS = {"id", "title", "source_title", "source_url", "source_year"} | {d.column for d in DIMENSIONS}
# Longest accepted values, as the database columns allow.
MAX_LENGTHS = {"id": 100, "title": TITLE_MAX_LENGTH, "source_title": 400, "source_url": 500}
KEYWORD_MAX_LENGTH = 100


def _validate_row(number, value, vocabulary):
    errors = []

    def error(column, message):
        errors.append(RowError(number, column, message))

    for column in value:
        found = forbidden_characters(value[column])
        if found:
            error(column, _("innehåller otillåtna kontrolltecken (%(chars)s)") % {"chars": ", ".join(found)})
            value[column] = FORBIDDEN.sub("", value[column])
        multiline = column in MULTILINE_COLUMNS if column in OPTIONAL_COLUMNS else column not in SINGLE_LINE_COLUMNS
        value[column] = normalise(value[column], multiline=multiline)
    for column, limit in MAX_LENGTHS.items():
        if column != "title" and len(value[column]) > limit:
            error(column, _("är %(n)s tecken, högst %(max)s tillåts") % {"n": len(value[column]), "max": limit})
            value[column] = value[column][:limit]

    method_id = value["id"]
    if not method_id:
        error("id", _("saknas"))
    else:
        try:
            METHOD_ID_VALIDATOR(method_id)
        except ValidationError:
            error(
                "id",
                _("”%(value)s” är inte ett giltigt id: använd små bokstäver a–z, siffror och bindestreck")
                % {"value": method_id[:60]},
            )
    if not value["title"]:
        error("title", _("saknas"))
    elif len(value["title"]) > TITLE_MAX_LENGTH:
        error(
            "title", _("är %(n)s tecken, högst %(max)s tillåts") % {"n": len(value["title"]), "max": TITLE_MAX_LENGTH}
        )
    if not value["summary"]:
        error("summary", _("saknas"))
    elif len(value["summary"]) > SUMMARY_MAX_LENGTH:
        error(
            "summary",
            _("är %(n)s tecken, högst %(max)s tillåts") % {"n": len(value["summary"]), "max": SUMMARY_MAX_LENGTH},
        )

    tags = {}
    notices = []
    for dimension in DIMENSIONS:
        values = split_multi(value[dimension.column])
        if dimension is EVIDENCE:
            for position, slug in enumerate(values):
                if slug in RETIRED_EVIDENCE_SLUGS:
                    values[position] = RETIRED_EVIDENCE_SLUGS[slug]
                    value[dimension.column] = values[position]
                    notices.append(
                        RowError(
                            number,
                            dimension.column,
                            _("”%(old)s” har ersatts av ”%(new)s” och lästes in som den")
                            % {"old": slug, "new": values[position]},
                        )
                    )
        if dimension.controlled:
            unknown = [v for v in values if v not in vocabulary.slugs[dimension.column]]
            for slug in unknown:
                error(dimension.column, _("okänd term ”%(slug)s”") % {"slug": slug[:60]})
        if dimension is EVIDENCE:
            if not values:
                error(dimension.column, _("saknas (exakt en evidensnivå krävs)"))
            elif len(values) > 1:
                error(dimension.column, _("har %(n)s värden, exakt en evidensnivå krävs") % {"n": len(values)})
        else:
            tags[dimension.column] = list(dict.fromkeys(values))
        if not dimension.controlled:
            for keyword in values:
                if len(keyword) > KEYWORD_MAX_LENGTH:
                    error(
                        dimension.column,
                        _("nyckelordet ”%(value)s…” är %(n)s tecken, högst %(max)s tillåts")
                        % {"value": keyword[:40], "n": len(keyword), "max": KEYWORD_MAX_LENGTH},
                    )
    kept = []
    for keyword in tags.get(KEYWORD.column, []):
        setting = setting_named_by(keyword, vocabulary.settings)
        if setting is None:
            kept.append(keyword)
        elif setting.slug in tags.get(SETTING.column, []):  # says nothing new: left out, and the report says so
            notices.append(RowError(number, KEYWORD.column, repeated_setting_notice(keyword, setting)))
        else:
            error(KEYWORD.column, repeated_setting_problem(keyword, setting, False))
    if KEYWORD.column in tags:
        tags[KEYWORD.column] = kept

    source_url = value["source_url"]
    if source_url:
        try:
            URLValidator(schemes=["http", "https"])(source_url)
        except ValidationError:
            error("source_url", _("”%(value)s” är inte en giltig webbadress") % {"value": source_url[:100]})
    source_year = None
    if value["source_year"]:
        try:
            source_year = int(value["source_year"])
            if not 1800 <= source_year <= 2100:
                raise ValueError
        except ValueError:
            error("source_year", _("”%(value)s” är inte ett årtal") % {"value": value["source_year"][:20]})

    extra = {}
    for column in OPTIONAL_COLUMNS:
        if column in value:
            extra[column], messages = parse(column, value[column], vocabulary)
            for message in messages:
                error(column, message)

    if errors:
        return (None if not method_id or any(e.column == "id" for e in errors) else _stub(number, method_id)), errors
    return MethodRecord(
        row=number,
        method_id=method_id,
        title=value["title"],
        summary=value["summary"],
        description=value["description"],
        evidence_level=value["evidence_level"],
        tags=tags,
        source_title=value["source_title"],
        source_url=source_url,
        source_year=source_year,
        notices=notices,
        extra=extra,
    ), errors


def _stub(number, method_id):
    return MethodRecord(number, method_id, "", "", "", "")
