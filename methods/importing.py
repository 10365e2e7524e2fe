"""Import method records into pages: validate and plan everything first, then write atomically.

Existing methods are matched by ``id`` (``method_id``). Without ``update`` they are
left alone; with it, a changed method gets a new revision. Importing the same file
twice changes nothing the second time.

Every row is validated and planned before anything is written. A file of up to
``BATCH_SIZE`` methods is written in one transaction; a larger one batch by batch, each
batch atomic, and a database failure names the first row that was not written (running
the same file again completes it).

The editorial trust model holds for every row, whoever imports (the admin view or
``import_methods --user``):

- a new method needs the right to add pages to the method list, a changed one the
  right to edit that page; a row the user may not write is refused with its number;
- only users who may publish get live changes (with ``publish``, or when they update a
  live method); everyone else's new and changed methods are saved as drafts and
  submitted to the section's review workflow (Granskning);
- every revision records who made it: the user, or for the command line without
  ``--user`` the system identity ``SYSTEM_USERNAME``.

``plan`` is the pure validation pass (the admin preview and ``--dry-run``): it reads the
database and writes nothing.
"""

import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from .batching import collecting_saves
from .blocks import text_to_description
from .dimensions import DIMENSIONS, EVIDENCE
from .evidence_columns import apply
from .evidence_rules import headline_problem, rating_problem
from .models import EvidenceLevel, MethodIndexPage, MethodPage, MethodSource, Organisation, SourceDocument
from .publishing import publish_saved
from .records import RowError, Vocabulary, read_rows, record_values, validate

SYSTEM_USERNAME = "metodbanken-system"
# Rows written per transaction: a file up to this size is all or nothing; a larger one is
# written batch by batch, so the database is never held for long and progress can be shown.
BATCH_SIZE = 250
# Seconds an import waits between batches on SQLite, where one writer holds the whole database:
# long enough for a writer that waits (the task worker, an editor saving a page; SQLite's busy
# handler retries every 100 ms) to get its turn, rather than time out behind batch after batch.
SQLITE_BATCH_PAUSE = 0.3


class ImportError_(Exception):
    """The import could not be written; nothing was saved."""


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    submitted: list = field(default_factory=list)  # saved as drafts and sent to review
    errors: list = field(default_factory=list)
    notices: list = field(default_factory=list)  # rows accepted with a remark (a retired slug read as its successor)
    dry_run: bool = False
    written: bool = False

    @property
    def total(self):
        return len(self.created) + len(self.updated) + len(self.unchanged)


@dataclass
class Step:
    record: object
    action: str  # "create", "update" or "unchanged"
    page: object = None  # the latest revision as a page, for updates
    publish: bool = False
    submit: bool = False  # the user may not publish: the draft goes to review


def system_user():
    """The identity recorded on revisions made by the command line without ``--user``."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "Metodbanken", "last_name": "(system)"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def import_file(
    data,
    filename="",
    *,
    user=None,
    publish=False,
    update=False,
    dry_run=False,
    skip_invalid=False,
    parent=None,
    progress=None,
):
    """Validate and import ``data`` (bytes of a CSV or XLSX file). Raises FileFormatError for unreadable files.

    ``user`` is who imports; ``None`` is the system identity (the command line), which
    may do everything. ``progress(done, total)`` is called after every written batch.
    """
    header, rows = read_rows(data, filename)
    try:
        vocabulary = Vocabulary()
        parent = parent or MethodIndexPage.objects.first()
        records, errors = validate(header, rows, vocabulary)
        if parent is None:
            raise ImportError_(_("Det finns ingen metodlista (MethodIndexPage) att lägga metoderna under."))
        steps, plan_errors = plan(records, parent, user, publish=publish, update=update, vocabulary=vocabulary)
    except DatabaseError as exc:
        raise ImportError_(
            _("Databasen kunde inte läsas (%(error)s). Ingenting har sparats.") % {"error": exc}
        ) from exc
    errors = sorted(errors + plan_errors, key=lambda e: (e.row, e.column))
    report = ImportReport(errors=errors, dry_run=dry_run, notices=[n for r in records for n in r.notices])
    for step in steps:
        {"create": report.created, "update": report.updated, "unchanged": report.unchanged}[step.action].append(
            step.record.method_id
        )
        if step.submit:
            report.submitted.append(step.record.method_id)
    if dry_run or (errors and not skip_invalid):
        return report
    writes = [step for step in steps if step.action != "unchanged"]
    acting = user or system_user()
    written = 0
    try:
        for start in range(0, max(len(writes), 1), BATCH_SIZE):
            batch = writes[start : start + BATCH_SIZE]
            with transaction.atomic():
                _apply(batch, parent, acting, vocabulary, system=user is None)
            written += len(batch)
            if progress:
                progress(written, len(writes))
            if written < len(writes) and connection.vendor == "sqlite":
                time.sleep(SQLITE_BATCH_PAUSE)
    except DatabaseError as exc:
        if not written:
            raise ImportError_(
                _("Databasen tog inte emot importen (%(error)s). Ingenting har sparats.") % {"error": exc}
            ) from exc
        first = writes[written].record.row
        raise ImportError_(
            _(
                "Databasen tog inte emot importen från rad %(row)s (%(error)s). %(n)s metoder före den raden sparades; "
                "importera samma fil igen för att slutföra (redan sparade rader lämnas orörda)."
            )
            % {"row": first, "error": exc, "n": written}
        ) from exc
    report.written = True
    return report


def plan(records, parent, user, *, publish, update, vocabulary=None):
    """(steps, errors): what each valid record would do, and the rows the user may not write. Writes nothing.

    The evidence rule (``evidence_rules``) is checked here, where an existing method's
    references are known: a file without a ``references`` column keeps them.
    """
    vocabulary = vocabulary or Vocabulary()
    existing = {p.method_id: p for p in MethodPage.objects.filter(method_id__in=[r.method_id for r in records])}
    sibling_slugs = set(
        parent.get_children().exclude(pk__in=[p.pk for p in existing.values()]).values_list("slug", flat=True)
    )
    parent_permissions = parent.permissions_for_user(user) if user is not None else None
    steps, errors = [], []
    for record in records:
        page = existing.get(record.method_id)
        latest = page.get_latest_revision_as_object() if page is not None else None
        problems = _evidence_problems(record, latest, vocabulary)
        if problems:
            errors.extend(problems)
            continue
        if page is None:
            if parent_permissions is not None and not parent_permissions.can_add_subpage():
                errors.append(
                    RowError(
                        record.row,
                        "id",
                        _("du får inte lägga till metoder i ”%(section)s”") % {"section": parent.title},
                    )
                )
                continue
            if record.method_id in sibling_slugs:
                errors.append(
                    RowError(
                        record.row,
                        "id",
                        _("en annan sida i ”%(section)s” har redan adressen ”%(slug)s”")
                        % {"section": parent.title, "slug": record.method_id},
                    )
                )
                continue
            can_publish = parent_permissions is None or parent_permissions.can_publish_subpage()
            steps.append(Step(record, "create", publish=publish and can_publish, submit=not can_publish))
            continue
        if not update or _same(latest, record):
            steps.append(Step(record, "unchanged"))
            continue
        permissions = page.permissions_for_user(user) if user is not None else None
        if permissions is not None and not permissions.can_edit():
            errors.append(
                RowError(record.row, "id", _("du får inte ändra metoden ”%(title)s”") % {"title": page.title})
            )
            continue
        can_publish = permissions is None or permissions.can_publish()
        steps.append(
            Step(record, "update", page=latest, publish=can_publish and (publish or page.live), submit=not can_publish)
        )
    return steps, errors


def _evidence_problems(record, page, vocabulary):
    """Row errors for a level or rating that needs a study the row (or the method it updates) lacks."""
    if "references" in record.extra:
        studies = len(record.extra["references"])
    else:
        studies = page.references.count() if page is not None else 0
    studies += 1 if record.source_title else 0
    if "outcome_ratings" in record.extra:
        ratings = [(outcome, level) for outcome, level, _j in record.extra["outcome_ratings"]]
    elif page is not None:
        ratings = [(r.outcome.slug, r.level.slug) for r in page.outcome_ratings.all()]
    else:
        ratings = []
    problems = []
    counts = _("I filen räknas varje rad i references och source_title som en referens.")
    problem = headline_problem(vocabulary.evidence_levels.get(record.evidence_level), studies)
    if problem:
        problems.append(RowError(record.row, "evidence_level", problem + " " + counts))
    for outcome, level in ratings:
        problem = rating_problem(vocabulary.outcomes.get(outcome), vocabulary.evidence_levels.get(level), studies)
        if problem:
            problems.append(RowError(record.row, "outcome_ratings", problem + " " + counts))
    return problems


def _apply(steps, parent, user, vocabulary, *, system):
    """Write ``steps`` (creates and updates only)."""
    evidence = {e.slug: e for e in EvidenceLevel.objects.all()}
    tag_objects = {d.column: {t.slug: t for t in d.model.objects.all()} for d in DIMENSIONS if d.controlled}
    written = []
    # Wagtail queues a reference index update, and the search app a search index update, after
    # each of a method's three saves (create, revision, publish); one of each per method, queued
    # after its last save, records the same. Both tasks read the page from the database when they
    # run: a draft sent to review leaves the live page (its references, its index entry) as it is.
    with disable_reference_index_auto_update(), collecting_saves():
        for step in steps:
            written.append(_write(step, parent, user, evidence, tag_objects, vocabulary, system))
    for page in written:
        update_reference_index_task.enqueue(MethodPage._meta.app_label, MethodPage._meta.model_name, str(page.pk))


def _write(step, parent, user, evidence, tag_objects, vocabulary, system):
    if step.action == "create":
        page = MethodPage(method_id=step.record.method_id, slug=step.record.method_id, live=False, owner=user)
        _fill(page, step.record, evidence, tag_objects, vocabulary)
        parent.add_child(instance=page)
    else:
        page = step.page
        _fill(page, step.record, evidence, tag_objects, vocabulary)
    # Validated in full here (``add_child`` of a draft checks only title and slug), as Wagtail's editor does.
    revision = page.save_revision(user=user, log_action=True)
    if step.publish:
        # Wagtail checks the user's right to publish again; the system identity holds no page permissions.
        # A page created from this very content holds it already: publishing writes only its own fields.
        publish_saved(revision, page, user=user, skip_permission_checks=system, content_written=step.action == "create")
    elif step.submit:
        _submit_for_review(page, user)
    return page


def _submit_for_review(page, user):
    """Send the draft to the section's workflow, unless it is already on its way through one."""
    workflow = page.get_workflow()
    if workflow is None or page.workflow_in_progress:
        return
    workflow.start(page, user)


def _fill(page, record, evidence, tag_objects, vocabulary):
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
    apply(page, record.extra, vocabulary)


def _same(page, record):
    """Whether the page already holds exactly what the record says (import columns only)."""
    from .exporting import import_values

    wanted = record_values(record)
    return import_values(page, columns=list(wanted)) == wanted


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
    """The organisation whose web address the URL is on (a subdomain too; "www." makes no difference), or None."""
    host = (urlparse(url).hostname or "").removeprefix("www.")
    for organisation in Organisation.objects.exclude(url=""):
        org_host = (urlparse(organisation.url).hostname or "").removeprefix("www.")
        if org_host and (host == org_host or host.endswith("." + org_host)):
            return organisation
    return None
