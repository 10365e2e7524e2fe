"""Import method records into pages: validate everything first, then write atomically.

Existing methods are matched by ``id`` (``method_id``). Without ``update`` they are
left alone; with it, a changed method gets a new revision (published if the method
was live or ``publish`` is given). Importing the same file twice changes nothing the
second time.
"""

from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .blocks import text_to_description
from .dimensions import DIMENSIONS, EVIDENCE
from .models import EvidenceLevel, MethodIndexPage, MethodPage, MethodSource, Organisation, SourceDocument
from .records import Vocabulary, read_rows, record_values, validate


class ImportError_(Exception):
    """The import could not be written; nothing was saved."""


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def total(self):
        return len(self.created) + len(self.updated) + len(self.unchanged)


def import_file(data, filename="", *, publish=False, update=False, dry_run=False, skip_invalid=False, parent=None):
    """Validate and import ``data`` (bytes of a CSV or XLSX file). Raises FileFormatError for unreadable files."""
    header, rows = read_rows(data, filename)
    try:
        vocabulary = Vocabulary()
    except DatabaseError as exc:
        raise ImportError_(
            _("Databasen kunde inte läsas (%(error)s). Ingenting har sparats.") % {"error": exc}
        ) from exc
    records, errors = validate(header, rows, vocabulary)
    report = ImportReport(errors=errors, dry_run=dry_run)
    if errors and not skip_invalid:
        return report
    parent = parent or MethodIndexPage.objects.first()
    if parent is None and not dry_run:
        raise ImportError_(_("Det finns ingen metodlista (MethodIndexPage) att lägga metoderna under."))
    try:
        with transaction.atomic():
            _apply(records, report, parent, publish=publish, update=update)
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as exc:
        raise ImportError_(
            _("Databasen tog inte emot importen (%(error)s). Ingenting har sparats.") % {"error": exc}
        ) from exc
    report.written = not dry_run
    return report


def _apply(records, report, parent, *, publish, update):
    existing = {p.method_id: p for p in MethodPage.objects.filter(method_id__in=[r.method_id for r in records])}
    evidence = {e.slug: e for e in EvidenceLevel.objects.all()}
    tag_objects = {d.column: {t.slug: t for t in d.model.objects.all()} for d in DIMENSIONS if d.controlled}
    for record in records:
        page = existing.get(record.method_id)
        if page is None:
            page = MethodPage(method_id=record.method_id, slug=record.method_id, live=False)
            _fill(page, record, evidence, tag_objects)
            parent.add_child(instance=page)
            revision = page.save_revision(log_action=True)
            if publish:
                revision.publish()
            report.created.append(record.method_id)
            continue
        page = page.get_latest_revision_as_object()
        if _same(page, record):
            report.unchanged.append(record.method_id)
            continue
        if not update:
            report.unchanged.append(record.method_id)
            continue
        _fill(page, record, evidence, tag_objects)
        revision = page.save_revision(log_action=True)
        if publish or page.live:
            revision.publish()
        report.updated.append(record.method_id)


def _fill(page, record, evidence, tag_objects):
    page.title = record.title
    page.summary = record.summary
    page.description = text_to_description(record.description)
    page.evidence_level = evidence[record.evidence_level]
    for dimension in DIMENSIONS:
        if dimension is EVIDENCE:
            continue
        values = record.tags[dimension.column]
        manager = getattr(page, dimension.relation)
        if dimension.controlled:
            manager.set([tag_objects[dimension.column][slug] for slug in values])
        else:
            manager.set(values)
    document = _source_document(record)
    page.sources = [MethodSource(document=document)] if document else []


def _same(page, record):
    """Whether the page already holds exactly what the record says (import columns only)."""
    from .exporting import import_values

    return import_values(page) == record_values(record)


def _source_document(record):
    """The record's source document: a snippet shared by every method that cites it."""
    if not record.source_title:
        return None
    document, _created = SourceDocument.objects.get_or_create(
        title=record.source_title,
        url=record.source_url,
        year=record.source_year,
        defaults={"organisation": _organisation_for(record.source_url)},
    )
    return document


def _organisation_for(url):
    host = urlparse(url).hostname or ""
    for organisation in Organisation.objects.exclude(url=""):
        org_host = urlparse(organisation.url).hostname or ""
        if org_host and (host == org_host or host.endswith("." + org_host.removeprefix("www."))):
            return organisation
    return None
