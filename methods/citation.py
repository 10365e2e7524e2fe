"""How to cite one method as published: a suggested citation, RIS and BibTeX.

A citation names the revision that was live when it was made and the day it was
retrieved, so a reader can find exactly the text that was cited (``revision_id`` is
also in every export and in the API).
"""

import rispy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pybtex.database import BibliographyData, Entry

from .text import printable

PUBLISHER = "Metodbanken"


class RisWriter(rispy.RisWriter):
    """RIS without the numbering line rispy puts before each record."""

    def set_header(self, count):
        return ""


def _published(page):
    return page.last_published_at or page.first_published_at or timezone.now()


def citation_text(page, url, retrieved=None):
    """The suggested citation, in the reader's language."""
    retrieved = retrieved or timezone.localdate()
    published = timezone.localtime(_published(page)).date()
    return _(
        "%(publisher)s (%(year)s). %(title)s. Metodbeskrivning, version %(revision)s, publicerad %(published)s. "
        "Hämtad %(retrieved)s från %(url)s"
    ) % {
        "publisher": PUBLISHER,
        "year": published.year,
        "title": page.title,
        "revision": page.live_revision_id or "–",
        "published": date_format(published, "j F Y"),
        "retrieved": date_format(retrieved, "j F Y"),
        "url": url,
    }


def key(page):
    return f"metodbanken-{page.method_id}-r{page.live_revision_id or 0}"


def ris(page, url, retrieved=None):
    retrieved = retrieved or timezone.localdate()
    entry = {
        "type_of_reference": "ELEC",
        "id": key(page),
        "title": printable(page.title, multiline=False),
        "abstract": printable(page.summary, multiline=False),
        "publisher": PUBLISHER,
        "year": str(timezone.localtime(_published(page)).year),
        "date": timezone.localtime(_published(page)).strftime("%Y/%m/%d"),
        "access_date": retrieved.strftime("%Y/%m/%d"),
        "urls": [url],
        "edition": f"revision {page.live_revision_id or 0}",
        "notes": [printable(f"{_('Evidensnivå')}: {page.evidence_level.label}", multiline=False)],
    }
    return rispy.dumps([entry], implementation=RisWriter)


def _bib(text):
    """A BibTeX field value kept as written: braces and backslashes (which BibTeX reads as markup) replaced."""
    cleaned = printable(text, multiline=False).replace("{", "(").replace("}", ")").replace("\\", "/")
    return "{" + cleaned + "}"


def bibtex(page, url, retrieved=None):
    retrieved = retrieved or timezone.localdate()
    published = timezone.localtime(_published(page))
    entry = Entry(
        "misc",
        fields={
            "title": _bib(page.title),
            "author": _bib(PUBLISHER),
            "year": str(published.year),
            "howpublished": f"\\url{{{url}}}",
            "url": url,
            "version": str(page.live_revision_id or 0),
            "urldate": retrieved.isoformat(),
            "note": _bib(f"{_('Evidensnivå')}: {page.evidence_level.label}"),
        },
    )
    return BibliographyData(entries={key(page): entry}).to_string("bibtex")
