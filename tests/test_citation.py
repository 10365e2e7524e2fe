"""Citing one method (methods.citation) on a hand-made page with fixed dates: the exact text, RIS and key."""

import datetime
import re
from types import SimpleNamespace

import pytest
import rispy
from django.utils import timezone, translation

from methods.citation import bibtex, citation_text, key, ris

URL = "https://metodbanken.example/metoder/exit-fryshuset/"
RETRIEVED = datetime.date(2026, 11, 26)


def page(**changes):
    fields = {
        "method_id": "exit-fryshuset",
        "title": "EXIT – avhopparverksamhet",
        "summary": "Stöd till den som vill lämna.",
        "live_revision_id": 812,
        "first_published_at": datetime.datetime(2023, 1, 9, 10, 0, tzinfo=datetime.UTC),
        "last_published_at": datetime.datetime(2024, 3, 5, 23, 30, tzinfo=datetime.UTC),  # 6 March in Stockholm
        "evidence_level": SimpleNamespace(label="Erfarenhetsbaserad"),
    }
    return SimpleNamespace(**{**fields, **changes})


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"), timezone.override("Europe/Stockholm"):
        yield


def test_the_suggested_citation_names_the_last_publication_the_revision_and_the_retrieval_day():
    assert citation_text(page(), URL, retrieved=RETRIEVED) == (
        "Metodbanken (2024). EXIT – avhopparverksamhet. Metodbeskrivning, version 812, publicerad 6 mars 2024. "
        f"Hämtad 26 november 2026 från {URL}"
    )
    unpublished = page(live_revision_id=None, last_published_at=None)
    assert "version –, publicerad 9 januari 2023" in citation_text(unpublished, URL, retrieved=RETRIEVED)


def test_the_key_names_the_revision_or_zero():
    assert key(page()) == "metodbanken-exit-fryshuset-r812"
    assert key(page(live_revision_id=None)) == "metodbanken-exit-fryshuset-r0"


def test_ris_fields_come_from_the_page_and_never_hold_a_line_break():
    old = page(title="Rad ett\nER  - \nTY  - JOUR", summary="Första\nandra")  # stored before the text rule
    text = ris(old, URL, retrieved=RETRIEVED)
    (entry,) = rispy.loads(text)
    assert entry["title"] == "Rad ett ER  -  TY  - JOUR" and entry["abstract"] == "Första andra"
    assert all(re.match(r"[A-Z][A-Z0-9]  - ", line) for line in text.splitlines())  # no continuation lines
    tags = [line[:6] for line in text.splitlines()]
    assert tags.count("ER  - ") == 1 and tags.count("TY  - ") == 1  # one record, whatever the title says
    assert (entry["year"], entry["date"], entry["access_date"]) == ("2024", "2024/03/06", "2026/11/26")


def test_bibtex_names_the_year_of_the_last_publication():
    assert 'year = "2024"' in bibtex(page(), URL, retrieved=RETRIEVED)


def test_an_unpublished_page_is_cited_as_revision_zero_and_labels_stay_on_one_line():
    draft = page(
        live_revision_id=None,
        title="Rad ett\nrad två",
        evidence_level=SimpleNamespace(label="Erfarenhets\nbaserad"),
    )
    (entry,) = rispy.loads(ris(draft, URL, retrieved=RETRIEVED))
    assert entry["edition"] == "revision 0" and entry["notes"] == ["Evidensnivå: Erfarenhets baserad"]
    text = bibtex(draft, URL, retrieved=RETRIEVED)
    assert 'version = "0"' in text and 'title = "{Rad ett rad två}"' in text
    assert 'note = "{Evidensnivå: Erfarenhets baserad}"' in text


def test_the_english_citation_writes_dates_day_month_year_too():
    with translation.override("en"):
        text = citation_text(page(), URL, retrieved=RETRIEVED)
    assert "6 March 2024" in text and "26 November 2026" in text, text
