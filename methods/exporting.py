"""Export method records as CSV, XLSX, JSON, RIS and a Frictionless data package.

Rows are produced in chunks from an ordered list of primary keys (the order of the
search page), so memory stays flat whatever the number of methods. Text cells that a
spreadsheet would run as a formula are neutralised in CSV and XLSX.
"""

import csv
import datetime
import hashlib
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass

import rispy
from django.conf import settings
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .blocks import description_to_text
from .citation import RisWriter
from .dimensions import CONTROLLED_DIMENSIONS, DIMENSIONS, EVIDENCE
from .evidence_columns import CHOICE_COLUMNS, OPTIONAL_COLUMNS, format_value, page_value, structured
from .models import MethodPage, MethodReference, MethodSource, Organisation, Outcome, OutcomeRating
from .models.evidence import COST_BANDS, YES_NO_PARTLY
from .models.pages import STUDY_DESIGNS
from .records import EXPORT_COLUMNS, FORMAT_COLUMNS, join_multi, neutralise
from .terms import load_terms, ordered_terms
from .text import printable

CHUNK_SIZE = 500


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    content_type: str
    extension: str


FORMATS = {
    f.key: f
    for f in [
        ExportFormat("csv", "CSV", "text/csv; charset=utf-8", "csv"),
        ExportFormat(
            "xlsx", "Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
        ),
        ExportFormat("json", "JSON", "application/json", "json"),
        ExportFormat("ris", "RIS (referenshanterare)", "application/x-research-info-systems", "ris"),
        ExportFormat("zip", "Datapaket (ZIP)", "application/zip", "zip"),
    ]
}


# The download links offered to people: the first CSV is the variant Swedish Excel opens as
# columns (semicolons, BOM); the comma variant stays for tools.
DOWNLOADS = [
    (_("CSV för Excel"), {"format": "csv", "sep": "semicolon", "bom": "1"}),
    (_("CSV i klartext för Excel"), {"format": "csv", "sep": "semicolon", "bom": "1", "labels": "1"}),
    (_("CSV (komma, för program)"), {"format": "csv"}),
    (_("Excel (XLSX)"), {"format": "xlsx"}),
    ("JSON", {"format": "json"}),
    (_("RIS (referenshanterare)"), {"format": "ris"}),
    (_("Datapaket (ZIP)"), {"format": "zip"}),
]


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def iter_pages(ids):
    """(page, tags) for ``ids`` in order, fetched in chunks: a few queries per chunk, never per page.

    ``tags`` maps each multi-valued column to the sorted values an export writes (slugs
    of controlled vocabularies, names of free keywords).
    """
    sources = Prefetch("sources", queryset=MethodSource.objects.select_related("document"))
    ratings = Prefetch("outcome_ratings", queryset=OutcomeRating.objects.select_related("outcome", "level"))
    references = Prefetch("references", queryset=MethodReference.objects.prefetch_related("outcomes"))
    multi = [d for d in DIMENSIONS if d.multiple]
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        pages = (
            MethodPage.objects.filter(pk__in=chunk)
            .select_related("evidence_level", "method_owner")
            .prefetch_related(sources, ratings, references)
            .defer("search_terms")
        )
        by_pk = {page.pk: page for page in pages}
        tags = {pk: {d.column: [] for d in multi} for pk in chunk}
        for dimension in multi:
            value = "tag__slug" if dimension.controlled else "tag__name"
            rows = dimension.through.objects.filter(content_object_id__in=chunk).values_list("content_object_id", value)
            for pk, tag in rows:
                tags[pk][dimension.column].append(tag)
        for pk in chunk:
            if pk in by_pk:
                yield by_pk[pk], {column: sorted(values) for column, values in tags[pk].items()}


def import_values(page, tags=None, columns=FORMAT_COLUMNS):
    """A page's values in the importable ``columns``, as strings (shared by export and import comparison).

    ``tags`` (from ``iter_pages``) saves reading each tag relation page by page.
    """
    source = next(iter(page.sources.all()), None)
    document = source.document if source else None
    row = {
        "id": page.method_id,
        "title": page.title,
        "summary": page.summary,
        "description": description_to_text(page.description),
        "evidence_level": page.evidence_level.slug if page.evidence_level_id else "",
        "source_title": document.title if document else "",
        "source_url": document.url if document else "",
        "source_year": document.year if document and document.year else "",
    }
    for dimension in DIMENSIONS:
        if dimension is EVIDENCE:
            continue
        if tags is not None:
            values = tags[dimension.column]
        else:
            related = getattr(page, dimension.relation).all()
            values = sorted(t.slug if dimension.controlled else t.name for t in related)
        row[dimension.column] = join_multi(values)
    for column in OPTIONAL_COLUMNS:
        if column in columns:
            row[column] = format_value(column, page_value(page, column))
    return {column: row[column] for column in columns}


def site_root_path():
    """The url_path of the default site's root page (page URLs are relative to it)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def public_url(page, root_path):
    path = page.url_path
    if path.startswith(root_path):
        path = "/" + path[len(root_path) :]
    return base_url() + path


def record(page, root_path, tags=None):
    """One export row as a dict: the import columns, then the read-only columns."""
    row = import_values(page, tags)
    row["url"] = public_url(page, root_path)
    row["first_published_at"] = page.first_published_at.isoformat() if page.first_published_at else ""
    row["last_published_at"] = page.last_published_at.isoformat() if page.last_published_at else ""
    row["description_updated"] = page.description_updated.isoformat() if page.description_updated else ""
    row["revision_id"] = page.live_revision_id or ""
    return row


def iter_records(ids):
    root_path = site_root_path()
    for page, tags in iter_pages(ids):
        yield record(page, root_path, tags)


# --- CSV -------------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def iter_csv(ids, delimiter=",", bom=False, labels=False):
    """CSV text chunks (one per row): header first, formula-like cells neutralised.

    ``labels``: for people, with Swedish headings and labels instead of slugs (not for import).
    """
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    people = PeopleLabels() if labels else None
    header = [str(COLUMN_LABELS[c]) for c in EXPORT_COLUMNS] if labels else EXPORT_COLUMNS
    yield ("\ufeff" if bom else "") + writer.writerow(header)
    for row in iter_records(ids):
        if people is not None:
            yield writer.writerow([neutralise(people.value(c, row[c])) for c in EXPORT_COLUMNS])
        else:
            yield writer.writerow([neutralise(str(row[c])) for c in EXPORT_COLUMNS])


# --- JSON ------------------------------------------------------------------------------------


def iter_json(ids, meta):
    """A JSON document ``{"meta": ..., "methods": [...]}``, streamed record by record."""
    yield '{"meta": ' + json.dumps(meta, ensure_ascii=False, default=str) + ', "methods": ['
    first = True
    for row in iter_records(ids):
        yield ("" if first else ", ") + json.dumps(typed(row), ensure_ascii=False)
        first = False
    yield "]}\n"


def typed(row):
    """JSON rows: multi-valued fields as lists, year and revision as numbers."""
    typed = dict(row)
    for dimension in DIMENSIONS:
        if dimension.multiple:
            typed[dimension.column] = [v for v in row[dimension.column].split(";") if v]
    typed["source_year"] = int(row["source_year"]) if row["source_year"] != "" else None
    typed["revision_id"] = int(row["revision_id"]) if row["revision_id"] != "" else None
    for column in ("cost_band", "review_interval_months"):
        typed[column] = int(row[column]) if row[column] != "" else None
    for column in ("outcome_ratings", "references"):
        typed[column] = structured(column, row[column])
    return typed


# --- RIS -------------------------------------------------------------------------------------


def iter_ris(ids):
    root_path = site_root_path()
    labels = {d.key: {slug: t.label for slug, t in load_terms(d).items()} for d in DIMENSIONS}
    for page, tags in iter_pages(ids):
        row = record(page, root_path, tags)
        keywords = [
            labels[d.key].get(slug, slug) for d in DIMENSIONS if d.multiple for slug in row[d.column].split(";") if slug
        ]
        entry = {
            "type_of_reference": "ELEC",
            "id": row["id"],
            "title": row["title"],
            "abstract": row["summary"],
            "keywords": keywords,
            "urls": [row["url"]],
            "publisher": "Metodbanken",
            "year": (page.last_published_at or timezone.now()).strftime("%Y"),
            "access_date": timezone.now().strftime("%Y/%m/%d"),
            "notes": [f"Evidensnivå: {labels[EVIDENCE.key].get(row['evidence_level'], row['evidence_level'])}"],
            "edition": f"revision {row['revision_id']}" if row["revision_id"] else "",
        }
        if page.first_published_at:
            entry["date"] = page.first_published_at.strftime("%Y/%m/%d")
        entry["notes"].append(f"Beskrivningen senast ändrad: {row['description_updated'] or 'uppgift saknas'}")
        entry["notes"].append(f"Evidensen senast granskad: {row['last_reviewed'] or 'inte granskad'}")
        if not entry["edition"]:
            del entry["edition"]
        if row["source_title"]:
            entry["notes"].append(
                f"Källa: {row['source_title']}"
                + (f" ({row['source_year']})" if row["source_year"] else "")
                + (f" {row['source_url']}" if row["source_url"] else "")
            )
        for key, value in entry.items():  # one line per RIS field: no value may start another record
            if isinstance(value, str):
                entry[key] = printable(value, multiline=False)
            elif isinstance(value, list):
                entry[key] = [printable(item, multiline=False) for item in value]
        yield rispy.dumps([entry], implementation=RisWriter)


# --- XLSX ------------------------------------------------------------------------------------


COLUMN_LABELS = {
    "id": _("Metod-id"),
    "title": _("Titel"),
    "summary": _("Sammanfattning"),
    "description": _("Beskrivning"),
    "mapped_by": _("Kartlagd av"),
    "settings": _("Verksamheter"),
    "target_groups": _("Målgrupper"),
    "evidence_level": _("Evidensnivå"),
    "prevention_levels": _("Preventionsnivåer"),
    "environments": _("Extremistiska miljöer"),
    "keywords": _("Nyckelord"),
    "source_title": _("Källdokument"),
    "source_url": _("Källdokumentets webbadress"),
    "source_year": _("Källdokumentets år"),
    "evidence_summary": _("Sammanfattning av evidensen"),
    "outcome_ratings": _("Bedömning per utfall"),
    "references": _("Referenser och studier"),
    "last_reviewed": _("Evidensen senast granskad"),
    "review_interval_months": _("Granskningsintervall (månader)"),
    "who_can_use": _("Vem kan använda metoden"),
    "swedish_material": _("Material på svenska"),
    "training_in_sweden": _("Utbildning i Sverige"),
    "training_provider": _("Utbildningen ges av"),
    "training": _("Utbildning som krävs"),
    "used_in_sis": _("Används inom SiS"),
    "used_in_kriminalvarden": _("Används inom Kriminalvården"),
    "used_in_social_services": _("Används inom socialtjänsten"),
    "usage_source": _("Källa för användningen"),
    "staff_time": _("Personaltid"),
    "cost_band": _("Kostnadsnivå"),
    "costs": _("Kostnader"),
    "licence": _("Licens"),
    "method_owner": _("Metodägare"),
    "contact": _("Kontakt"),
    "url": _("Adress i Metodbanken"),
    "first_published_at": _("Först publicerad"),
    "last_published_at": _("Senast publicerad"),
    "description_updated": _("Beskrivningen senast ändrad"),
    "revision_id": _("Revision"),
}
# Spreadsheet column widths (characters) for the columns people read most.
WIDE_COLUMNS = {"title": 40, "summary": 60, "description": 80, "outcome_ratings": 50, "references": 60}


class PeopleLabels:
    """Slugs and codes of one export as the labels people read (the "Metoder" sheet of the XLSX)."""

    def __init__(self):
        self.terms = {d.column: {slug: t.label for slug, t in load_terms(d).items()} for d in CONTROLLED_DIMENSIONS}
        self.outcomes = {o.slug: o.label for o in Outcome.objects.all()}
        self.organisations = dict(Organisation.objects.values_list("slug", "name"))
        self.choices = {key: str(label) for key, label in YES_NO_PARTLY}
        self.cost_bands = {str(band): str(label) for band, label in COST_BANDS}
        self.designs = {key: str(label) for key, label in STUDY_DESIGNS}

    def value(self, column, cell):
        cell = str(cell)
        if column in self.terms:
            labels = self.terms[column]
            return "; ".join(labels.get(slug, slug) for slug in cell.split(";") if slug)
        if column in (
            "swedish_material",
            "training_in_sweden",
            "used_in_sis",
            "used_in_kriminalvarden",
            "used_in_social_services",
        ):
            return self.choices.get(cell, cell)
        if column == "cost_band":
            return self.cost_bands.get(cell, cell)
        if column == "method_owner":
            return self.organisations.get(cell, cell)
        if column == "outcome_ratings":
            levels = self.terms["evidence_level"]
            return "\n".join(
                f"{self.outcomes.get(r['outcome'], r['outcome'])}: {levels.get(r['level'], r['level'])}"
                + (f" – {r['justification']}" if r["justification"] else "")
                for r in structured(column, cell)
            )
        if column == "keywords":
            return "; ".join(k for k in cell.split(";") if k)
        return cell


def text_cell(sheet, value, font=None):
    """A spreadsheet cell typed as text (never a formula), with formula-like parts neutralised."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=neutralise(printable(str(value))))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def write_xlsx(ids, stream, title="Metoder"):
    """An XLSX workbook for people and for machines (openpyxl write-only mode: rows go to disk, not memory).

    - "Metoder": Swedish headers and labels, the header row frozen, readable column widths;
    - "Data": the import format (column names and slugs), which ``import_methods`` reads back;
    - "Kodbok": every column with its meaning and every allowed value.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    people = workbook.create_sheet(title[:31])
    data = workbook.create_sheet("Data")
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in (people, data):
        sheet.freeze_panes = "C2"
        for index, column in enumerate(EXPORT_COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = WIDE_COLUMNS.get(column, 18)

    people.append([text_cell(people, COLUMN_LABELS[c], bold) for c in EXPORT_COLUMNS])
    data.append([text_cell(data, c, bold) for c in EXPORT_COLUMNS])
    labels = PeopleLabels()
    for row in iter_records(ids):
        readable = []
        for column in EXPORT_COLUMNS:
            cell = text_cell(people, labels.value(column, row[column]))
            cell.alignment = wrap
            readable.append(cell)
        people.append(readable)
        data.append([text_cell(data, row[column]) for column in EXPORT_COLUMNS])
    write_codebook(workbook.create_sheet(str(_("Kodbok"))), bold, labels)
    workbook.save(stream)


def write_codebook(sheet, bold, labels, columns=EXPORT_COLUMNS):
    """One row per column: its name in the Data sheet, its heading, what it holds, and every allowed value."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate((24, 32, 70, 90), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([text_cell(sheet, h, bold) for h in (_("Kolumn"), _("Rubrik"), _("Innehåll"), _("Tillåtna värden"))])
    by_column = {d.column: d for d in DIMENSIONS}
    outcomes = "; ".join(f"{o.slug} = {o.label}" for o in Outcome.objects.order_by("position", "name"))
    for column in columns:
        allowed = ""
        if column in by_column and by_column[column].controlled:
            dimension = by_column[column]
            allowed = "; ".join(f"{t.slug} = {t.label}" for t in ordered_terms(dimension))
            meaning = f"{dimension.label}: " + (
                _("termer åtskilda med semikolon") if dimension.multiple else _("exakt en term")
            )
        elif column == "keywords":
            meaning = _("Fria nyckelord åtskilda med semikolon.")
        else:
            meaning = FIELD_DESCRIPTIONS[column][1]
        if column == "outcome_ratings":
            allowed = _("Utfall: %(outcomes)s") % {"outcomes": outcomes}
        elif column == "references":
            allowed = _("Design: %(designs)s. Utfall som för bedömning per utfall.") % {
                "designs": "; ".join(f"{key} = {label}" for key, label in labels.designs.items())
            }
        elif column in CHOICE_COLUMNS:
            allowed = "; ".join(CHOICE_COLUMNS[column]) + "; " + _("tomt = uppgift saknas")
        elif column == "cost_band":
            allowed = "; ".join(f"{key} = {label}" for key, label in labels.cost_bands.items())
        elif column == "method_owner":
            allowed = "; ".join(f"{slug} = {name}" for slug, name in Organisation.objects.values_list("slug", "name"))
        sheet.append([text_cell(sheet, v) for v in (column, COLUMN_LABELS[column], meaning, allowed)])


# --- data package -----------------------------------------------------------------------------

FIELD_DESCRIPTIONS = {
    "id": ("string", "Stabil metod-id (används vid import och export)."),
    "title": ("string", "Metodens namn."),
    "summary": ("string", "Kort sammanfattning."),
    "description": ("string", "Beskrivning som ren text, stycken åtskilda av tomrad."),
    "source_title": ("string", "Källdokumentets titel."),
    "source_url": ("string", "Källdokumentets webbadress."),
    "source_year": ("integer", "Källdokumentets utgivningsår."),
    "url": ("string", "Metodens adress i Metodbanken."),
    "first_published_at": ("datetime", "Först publicerad (ISO 8601)."),
    "last_published_at": ("datetime", "Senast publicerad (ISO 8601)."),
    "last_reviewed": ("date", "Datum då evidensen senast granskades (ISO 8601), satt av en granskare."),
    "review_interval_months": ("integer", "Granskningsintervall i månader."),
    "description_updated": (
        "date",
        "Datum då titel, sammanfattning eller beskrivning senast ändrades och publicerades.",
    ),
    "revision_id": ("integer", "Id för den publicerade revisionen."),
    "evidence_summary": ("string", "Sammanfattning av evidensen."),
    "outcome_ratings": (
        "string",
        "Bedömning per utfall, en per rad: utfall | nivå | motivering (utfall och nivå som slugs).",
    ),
    "references": (
        "string",
        "Referenser, en per rad: titel | år | webbadress | utgivare | design | land | deltagare | utfall "
        "(utfall som slugs åtskilda med komma).",
    ),
    "who_can_use": ("string", "Vem kan använda metoden."),
    "swedish_material": ("string", "Material på svenska: ja, delvis, nej eller tomt (uppgift saknas)."),
    "training_in_sweden": ("string", "Utbildning eller certifiering i Sverige: ja, nej eller tomt."),
    "training_provider": ("string", "Organisation som ger utbildningen."),
    "training": ("string", "Utbildning som krävs."),
    "used_in_sis": ("string", "Används eller prövad inom SiS: ja, nej eller tomt."),
    "used_in_kriminalvarden": ("string", "Används eller prövad inom Kriminalvården: ja, nej eller tomt."),
    "used_in_social_services": ("string", "Används eller prövad inom socialtjänsten: ja, nej eller tomt."),
    "usage_source": ("string", "Källa för uppgifterna om användning."),
    "staff_time": ("string", "Personaltid."),
    "cost_band": ("integer", "Kostnadsnivå 1–5 per deltagare (se /evidensnivaer/#kostnadsnivaer)."),
    "costs": ("string", "Kostnader i text."),
    "licence": ("string", "Licens."),
    "method_owner": ("string", "Metodägarens kortnamn (organisation)."),
    "contact": ("string", "Kontakt (funktion, inte person)."),
}


def table_schema():
    fields = []
    by_column = {d.column: d for d in DIMENSIONS}
    for column in EXPORT_COLUMNS:
        if column in by_column:
            dimension = by_column[column]
            field = {"name": column, "type": "string", "title": str(dimension.label)}
            if dimension.multiple:
                field["description"] = f"{dimension.label}: termer (slugs) åtskilda med semikolon."
                field["x-separator"] = ";"
            else:
                field["description"] = f"{dimension.label}: exakt en term (slug)."
            if dimension.controlled:
                field["x-vocabulary"] = dimension.key
                if not dimension.multiple:
                    field["constraints"] = {"required": True, "enum": sorted(load_terms(dimension))}
                else:
                    slugs = "|".join(sorted(load_terms(dimension)))
                    field["constraints"] = {"pattern": f"^(({slugs})(;({slugs}))*)?$"}
        else:
            kind, description = FIELD_DESCRIPTIONS[column]
            field = {"name": column, "type": kind, "description": description}
            if column in ("id", "title", "summary"):
                field["constraints"] = {"required": True}
            if column == "id":
                field["constraints"]["unique"] = True
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def vocabularies():
    """Every controlled vocabulary, the outcomes a method is rated on, and the organisations (method owners)."""
    needs_reference = set(EVIDENCE.model.objects.filter(requires_reference=True).values_list("slug", flat=True))
    terms = {
        d.key: [
            {"slug": t.slug, "label_sv": t.name, "label_en": t.name_en, "description": t.description}
            | ({"rank": t.rank, "requires_reference": t.slug in needs_reference} if d is EVIDENCE else {})
            for t in ordered_terms(d)
        ]
        for d in CONTROLLED_DIMENSIONS
    }
    terms["outcome"] = [
        {"slug": o.slug, "label_sv": o.name, "label_en": o.name_en, "description": o.description}
        for o in Outcome.objects.order_by("position", "name")
    ]
    terms["organisation"] = [{"slug": o.slug, "name": o.name, "url": o.url} for o in Organisation.objects.all()]
    return terms


def datapackage(meta, row_count):
    return {
        "profile": "tabular-data-package",
        "name": "metodbanken-release" if meta.get("release") else "metodbanken-export",
        "title": f"Metodbanken – dataversion {meta['release']}"
        if meta.get("release")
        else "Metodbanken – export av metoder",
        "description": "Metoder för att förebygga våldsbejakande extremism och stödja avhoppare, exporterade ur "
        "Metodbanken. Evidensnivåerna i demoinnehåll är illustrativa, inte bedömningar.",
        "version": meta.get("release") or settings.METHODBANK_VERSION,
        "created": meta["created"],
        "homepage": base_url() + "/",
        "x-query": meta["query"],
        "x-site-version": settings.METHODBANK_VERSION,
        "x-vocabularies": vocabularies(),
        "resources": [
            {
                "name": "methods",
                "path": "methods.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "x-row-count": row_count,
                "schema": table_schema(),
            }
        ],
    }


def citation_cff(meta):
    created = meta["created"][:10]
    lines = [
        "cff-version: 1.2.0",
        'message: "Om du använder dessa data, citera dem så här."',
        "type: dataset",
        'title: "Metodbanken – export av metoder"',
        "authors:",
        '  - name: "Metodbanken"',
        f"version: {json.dumps(meta.get('release') or settings.METHODBANK_VERSION)}",
        f"date-released: {json.dumps(created)}",
        f"url: {json.dumps(base_url() + '/')}",
        f"abstract: {json.dumps('Export med frågan: ' + meta['query_text'], ensure_ascii=False)}",
        "keywords:",
        '  - "våldsbejakande extremism"',
        '  - "prevention"',
        '  - "avhoppare"',
    ]
    return "\n".join(lines) + "\n"


class _Hashing(io.RawIOBase):
    """A binary stream that counts and hashes what passes through it to another stream."""

    def __init__(self, target):
        self.target, self.digest, self.size = target, hashlib.sha256(), 0

    def writable(self):
        return True

    def write(self, data):
        self.digest.update(data)
        self.size += len(data)
        return self.target.write(data)


def write_zip(ids, stream, meta):
    """A Frictionless data package: methods.csv, datapackage.json (with the CSV's checksum), CITATION.cff, README.txt.

    ``meta["release"]``, when given, names a data release: the package's version and the date it was released.
    """
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        count = 0
        with archive.open("methods.csv", "w", force_zip64=True) as member:
            hashing = _Hashing(member)
            text = io.TextIOWrapper(hashing, encoding="utf-8", newline="", write_through=True)
            for i, chunk in enumerate(iter_csv(ids)):
                text.write(chunk)
                count = i
            text.flush()
            text.detach()
        package = datapackage(meta, count)
        package["resources"][0]["hash"] = "sha256:" + hashing.digest.hexdigest()
        package["resources"][0]["bytes"] = hashing.size
        archive.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
        archive.writestr("CITATION.cff", citation_cff(meta))
        release = meta.get("release")
        archive.writestr(
            "README.txt",
            "Metodbanken – datapaket\n\n"
            + (f"Dataversion: {release}\n" if release else "")
            + f"Skapat: {meta['created']}\nFråga: {meta['query_text']}\nAntal metoder: {count}\n"
            f"SHA-256 för methods.csv: {hashing.digest.hexdigest()}\n\n"
            "methods.csv följer importformatet och kan importeras igen med "
            "`manage.py import_methods`. datapackage.json beskriver kolumnerna (Frictionless Table Schema) "
            "och de kontrollerade vokabulärerna.\n",
        )


def export_meta(query_dict, query_text, count):
    return {
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "site": base_url(),
        "site_version": settings.METHODBANK_VERSION,
        "query": query_dict,
        "query_text": query_text,
        "count": count,
    }


def spooled():
    """A temporary file that stays in memory up to 8 MB and then moves to disk."""
    return tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)


def filename(stem, fmt):
    return f"{stem}-{datetime.date.today().isoformat()}.{FORMATS[fmt].extension}"


@dataclass
class ExportOptions:
    fmt: str
    delimiter: str = ","
    bom: bool = False
    labels: bool = False  # CSV with headings and labels for people


def parse_options(params):
    """Export options from request parameters or command options; raises ValueError with a message."""
    fmt = (params.get("format") or "").strip().lower()
    if fmt not in FORMATS:
        raise ValueError(
            f"Okänt format ”{fmt[:20]}”. Välj ett av: {', '.join(FORMATS)}."
            if fmt
            else f"Ange format med parametern format: {', '.join(FORMATS)}."
        )
    sep = (params.get("sep") or "comma").strip().lower()
    if sep not in ("comma", "semicolon"):
        raise ValueError("Parametern sep kan vara comma eller semicolon.")
    bom = (params.get("bom") or "0").strip()
    if bom not in ("0", "1"):
        raise ValueError("Parametern bom kan vara 0 eller 1.")
    labels = (params.get("labels") or "0").strip()
    if labels not in ("0", "1"):
        raise ValueError("Parametern labels kan vara 0 eller 1.")
    return ExportOptions(fmt, ";" if sep == "semicolon" else ",", bom == "1", labels == "1")


def iter_text(options, ids, meta):
    """Text chunks of a CSV, JSON or RIS export."""
    if options.fmt == "csv":
        return iter_csv(ids, options.delimiter, options.bom, options.labels)
    if options.fmt == "json":
        return iter_json(ids, meta)
    if options.fmt == "ris":
        return iter_ris(ids)
    raise ValueError(options.fmt)


def write_export(options, ids, stream, meta):
    """Write a whole export to a binary stream (used by the command and for XLSX and ZIP)."""
    if options.fmt == "xlsx":
        write_xlsx(ids, stream)
    elif options.fmt == "zip":
        write_zip(ids, stream, meta)
    else:
        for chunk in iter_text(options, ids, meta):
            stream.write(chunk.encode("utf-8"))


# --- HTTP responses -------------------------------------------------------------------------


def bad_request(message):
    """A plain-text 400 answer for download links (the message is for a person)."""
    return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")


def export_response(options, ids, meta, stem):
    """A download of ``ids`` in ``options.fmt``: text formats streamed, XLSX and ZIP spooled."""
    fmt = FORMATS[options.fmt]
    name = filename(stem, options.fmt)
    if options.fmt in ("csv", "json", "ris"):
        chunks = (chunk.encode("utf-8") for chunk in iter_text(options, ids, meta))
        response = StreamingHttpResponse(chunks, content_type=fmt.content_type)
        response["Content-Disposition"] = content_disposition_header(True, name)
    else:
        stream = spooled()
        write_export(options, ids, stream, meta)
        stream.seek(0)
        response = FileResponse(stream, as_attachment=True, filename=name, content_type=fmt.content_type)
    response["X-Method-Count"] = str(len(ids))
    response["Cache-Control"] = "no-store"
    return response
