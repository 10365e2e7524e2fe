"""Citing one method (suggested text, RIS, BibTeX read back by real parsers) and its public rating history."""

import bibtexparser
import pytest
import rispy
from django.utils import timezone
from wagtail.models import PageViewRestriction

from methods.history import rating_history
from methods.models import EvidenceLevel, MethodPage, MethodReference, Outcome, OutcomeRating

pytestmark = pytest.mark.django_db


def test_ris_and_bibtex_name_the_revision_and_read_back_with_real_parsers(client, make_method):
    page = make_method(title="Samtal {om} 50% & mer \\ hopp", method_id="citat-metod")
    ris = client.get("/citera/citat-metod/", {"format": "ris"})
    assert ris.status_code == 200 and ris["Content-Type"].startswith("application/x-research-info-systems")
    published = timezone.localtime(page.last_published_at)
    today = timezone.localdate()
    assert ris.content.decode().startswith("TY  - ELEC")  # one record, no numbering line before it
    (entry,) = rispy.loads(ris.content.decode())
    assert entry == {
        "type_of_reference": "ELEC",
        "id": f"metodbanken-citat-metod-r{page.live_revision_id}",
        "title": page.title,
        "abstract": "En kort sammanfattning.",
        "publisher": "Metodbanken",
        "year": str(published.year),
        "date": published.strftime("%Y/%m/%d"),
        "access_date": today.strftime("%Y/%m/%d"),
        "urls": ["http://testserver/metoder/citat-metod/"],
        "edition": f"revision {page.live_revision_id}",
        "notes": ["Evidensnivå: Erfarenhetsbaserad"],
    }

    bib = client.get("/citera/citat-metod/", {"format": "bibtex"})
    assert bib["Content-Disposition"] == f'attachment; filename="metodbanken-citat-metod-r{page.live_revision_id}.bib"'
    library = bibtexparser.parse_string(bib.content.decode())
    assert library.failed_blocks == []
    (parsed,) = library.entries
    assert parsed.key == f"metodbanken-citat-metod-r{page.live_revision_id}"
    fields = {field.key: field.value for field in parsed.fields}
    assert parsed.entry_type == "misc"
    assert fields["version"] == str(page.live_revision_id)
    assert fields["url"] == "http://testserver/metoder/citat-metod/"
    assert fields["howpublished"] == "\\url{http://testserver/metoder/citat-metod/}"
    assert (fields["author"], fields["year"]) == ("{Metodbanken}", str(published.year))  # braced: kept as written
    assert (fields["urldate"], fields["note"]) == (today.isoformat(), "{Evidensnivå: Erfarenhetsbaserad}")
    assert "Samtal (om) 50\\% \\& mer / hopp" in fields["title"]  # braces and backslash cannot break the entry


def test_the_page_suggests_a_citation_with_revision_and_retrieval_date(client):
    page = MethodPage.objects.get(method_id="vera-2r")
    html = client.get(page.url).content.decode()
    assert f"Metodbeskrivning, version {page.live_revision_id}, publicerad" in html
    assert "Hämtad " in html and "http://testserver/metoder/vera-2r/" in html
    assert '/citera/vera-2r/?format=bibtex"' in html


@pytest.mark.parametrize("method_id", ["finns-inte", "utkast-citat", "hii"])
def test_hidden_methods_cannot_be_cited(client, make_method, method_id):
    make_method(title="Utkast", publish=False, method_id="utkast-citat")
    PageViewRestriction.objects.create(
        page=MethodPage.objects.get(method_id="hii"), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert client.get(f"/citera/{method_id}/", {"format": "ris"}).status_code == 404


def test_an_unknown_citation_format_is_a_400_in_swedish(client):
    response = client.get("/citera/vera-2r/", {"format": "endnote"})
    assert response.status_code == 400
    assert "Okänt format ”endnote”. Välj ris eller bibtex." in response.content.decode()


def test_history_lists_published_changes_only_with_before_after_and_justification(client, make_method):
    page = make_method(title="Historikmetod", method_id="historik")
    promising = EvidenceLevel.objects.get(slug="lovande")
    outcome = Outcome.objects.get(slug="aterfall-i-brott")
    page.references = [MethodReference(title="Uppföljning 2022", year=2022)]
    page.evidence_level = promising
    page.evidence_summary = "En uppföljning med 40 deltagare."
    page.outcome_ratings = [OutcomeRating(outcome=outcome, level=promising, justification="Färre nya brott.")]
    page.save_revision().publish()
    # A draft with another level is not public, so not history.
    page = MethodPage.objects.get(pk=page.pk)
    page.evidence_level = EvidenceLevel.objects.get(slug="starkt-stod")
    page.save_revision()

    def slug(level):
        return level.slug if level is not None else None

    changes = [(c.outcome, slug(c.before), slug(c.after), c.justification) for c in rating_history(page)]
    assert changes == [
        (None, None, "erfarenhetsbaserad", ""),
        (None, "erfarenhetsbaserad", "lovande", "En uppföljning med 40 deltagare."),
        (outcome, None, "lovande", "Färre nya brott."),
    ]
    html = client.get("/metoder/historik/").content.decode()
    assert "ändrad från Erfarenhetsbaserad till Lovande" in html
    assert "Starkt vetenskapligt stöd" not in html.split("Bedömningshistorik")[1].split("Citera metoden")[0]
    api = client.get("/api/v1/methods/historik/").json()
    assert [(c["outcome"], c["from"], c["to"]) for c in api["rating_history"]] == [
        (None, None, "erfarenhetsbaserad"),
        (None, "erfarenhetsbaserad", "lovande"),
        ("aterfall-i-brott", None, "lovande"),
    ]
    assert api["citation"].startswith("Metodbanken (")


def test_a_removed_rating_shows_as_removed(make_method):
    page = make_method(title="Borttagen bedömning", method_id="borttagen")
    outcome = Outcome.objects.get(slug="samverkan")
    level = EvidenceLevel.objects.get(slug="erfarenhetsbaserad")
    page.outcome_ratings = [OutcomeRating(outcome=outcome, level=level)]
    page.save_revision().publish()
    page = MethodPage.objects.get(pk=page.pk)
    page.outcome_ratings = []
    page.save_revision().publish()
    last = rating_history(page)[-1]
    assert (last.outcome, last.before.slug, last.after) == (outcome, level.slug, None)
