"""The evidence model: the scale and its retired slug, ratings per outcome, the shared reference rule,
implementation facts, dates and the review cycle, the evidence levels page and the compare page."""

import datetime
import importlib

import pytest
from django.apps import apps
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset

from methods.importing import import_file
from methods.models import EvidenceLevel, MethodPage, MethodReference, Outcome, OutcomeRating
from methods.reviewdates import add_months
from methods.vocabularies import OUTCOMES

from .test_editorial import edit_data, user_in

pytestmark = pytest.mark.django_db

HEADER = (
    "id,title,summary,description,mapped_by,settings,target_groups,evidence_level,prevention_levels,"
    "environments,keywords,source_title,source_url,source_year\n"
)


def csv_row(method_id, level, source_title=""):
    cells = [method_id, f"Titel {method_id}", "Sammanfattning.", "Text.", "sis", "anstalt", "vuxna", level]
    return ",".join(cells + ["riktad", "vit-makt", "", source_title, "", ""]) + "\n"


# --- the scale --------------------------------------------------------------------------------


def test_the_scale_separates_no_effect_from_harm_and_has_not_rated_last():
    levels = list(EvidenceLevel.objects.order_by("rank").values_list("slug", "requires_reference"))
    assert levels == [
        ("starkt-stod", True),
        ("visst-stod", True),
        ("lovande", True),
        ("erfarenhetsbaserad", False),
        ("otillrackligt-underlag", False),
        ("ingen-effekt", True),
        ("risk-for-skada", True),
        ("ej-bedomd", False),
    ]
    assert EvidenceLevel.objects.get(slug="risk-for-skada").name == "Risk för skada – avråds"


def test_the_migration_turns_the_old_harmful_level_into_risk_of_harm_and_keeps_its_methods():
    migration = importlib.import_module("methods.migrations.0011_evidence_model")
    harmful = EvidenceLevel.objects.get(slug="risk-for-skada")
    method = MethodPage.objects.get(method_id="avskrackande-fangelsebesok")
    assert method.evidence_level == harmful
    # The database as it was before: the old level at rank 6, no "ingen effekt" or "ej bedömd".
    EvidenceLevel.objects.filter(slug__in=["ingen-effekt", "ej-bedomd"]).delete()
    EvidenceLevel.objects.filter(pk=harmful.pk).update(
        slug="ingen-effekt-eller-skadlig", name="Ingen effekt eller skadlig", rank=6, requires_reference=False
    )
    migration.evidence_scale(apps, None)
    harmful.refresh_from_db()
    assert (harmful.slug, harmful.rank, harmful.requires_reference) == ("risk-for-skada", 7, True)
    method.refresh_from_db()
    assert method.evidence_level_id == harmful.pk
    assert EvidenceLevel.objects.get(slug="ingen-effekt").rank == 6
    assert EvidenceLevel.objects.get(slug="ej-bedomd").rank == 8


@pytest.mark.parametrize("path", ["/sok/", "/api/v1/methods/", "/sok/export/?format=json"])
def test_old_links_with_the_retired_slug_still_work(client, path):
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}evidence=ingen-effekt-eller-skadlig")
    assert response.status_code == 200
    body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
    assert "avskrackande-fangelsebesok" in body or "Avskräckande fängelsebesök" in body
    if path == "/sok/":
        assert "har bytt namn och visas nu som ”Risk för skada – avråds”" in body


def test_an_import_with_the_retired_slug_is_read_as_its_successor_with_a_notice():
    data = (HEADER + csv_row("gammal-niva", "ingen-effekt-eller-skadlig", "En rapport")).encode()
    report = import_file(data, "f.csv", publish=True)
    assert report.errors == []
    assert [str(n) for n in report.notices] == [
        "rad 1 (rad 2 i kalkylarket), kolumn evidence_level: "
        "”ingen-effekt-eller-skadlig” har ersatts av ”risk-for-skada” och lästes in som den"
    ]
    assert MethodPage.objects.get(method_id="gammal-niva").evidence_level.slug == "risk-for-skada"


# --- one reference rule ------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["lovande", "visst-stod", "risk-for-skada", "ingen-effekt"])
def test_an_import_refuses_a_level_that_needs_a_study_without_one_naming_row_and_column(level):
    before = MethodPage.objects.count()
    data = (HEADER + csv_row("utan-kalla", level)).encode()
    report = import_file(data, "f.csv", publish=True)
    assert [(e.row, e.column) for e in report.errors] == [(1, "evidence_level")]
    assert "kräver minst en referens eller ett källdokument" in report.errors[0].message
    # The import file's own terms for what counts as a study.
    assert report.errors[0].message.endswith(" I filen räknas varje rad i references och source_title som en referens.")
    assert MethodPage.objects.count() == before


@pytest.mark.parametrize("level", ["erfarenhetsbaserad", "otillrackligt-underlag", "ej-bedomd"])
def test_levels_that_state_no_study_result_import_without_a_source(level):
    report = import_file((HEADER + csv_row("utan-kalla", level)).encode(), "f.csv", publish=True)
    assert report.errors == []


def test_the_source_columns_count_as_the_reference():
    report = import_file((HEADER + csv_row("med-kalla", "lovande", "Utvärdering 2020")).encode(), "f.csv")
    assert report.errors == []


def _admin_post(client, page, extra=None, **changes):
    data = edit_data(page, **changes)
    data.update(extra or {})
    data["action-publish"] = "1"
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def _no_sources(page):
    return inline_formset(
        [{"id": s.pk, "document": s.document_id, "DELETE": "1"} for s in page.sources.all()],
        initial=page.sources.count(),
    )


def test_the_admin_refuses_a_rating_that_needs_a_study_without_one(client):
    client.force_login(user_in("Granskare", "granskare"))
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    outcome = Outcome.objects.get(slug="lamnat-extremistisk-miljo")
    promising = EvidenceLevel.objects.get(slug="lovande")
    rating = [{"outcome": outcome.pk, "level": promising.pk, "justification": "Uppföljning."}]
    response = _admin_post(client, page, sources=_no_sources(page), outcome_ratings=rating)
    assert response.status_code == 200
    assert "Bedömningen ”Lovande” för utfallet ”Lämnat extremistisk miljö” kräver minst en referens" in (
        response.content.decode()
    )
    assert not page.outcome_ratings.exists()

    study = [{"title": "Uppföljning av EXIT", "url": "", "year": "2019", "publisher": ""}]
    measures = {"references-0-outcomes": [outcome.pk]}  # the study's outcome checkboxes
    response = _admin_post(client, page, measures, sources=_no_sources(page), outcome_ratings=rating, references=study)
    assert response.status_code == 302, response.content.decode()[:2000]
    rated = MethodPage.objects.get(pk=page.pk).rated_outcomes()
    assert [(r.outcome.slug, r.level.slug, [s.title for s in studies]) for r, studies in rated] == [
        ("lamnat-extremistisk-miljo", "lovande", ["Uppföljning av EXIT"])
    ]


def test_the_admin_refuses_the_same_outcome_twice(client):
    client.force_login(user_in("Granskare", "granskare"))
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    outcome = Outcome.objects.get(slug="samverkan")
    level = EvidenceLevel.objects.get(slug="erfarenhetsbaserad")
    twice = [{"outcome": outcome.pk, "level": level.pk, "justification": ""}] * 2
    response = _admin_post(client, page, outcome_ratings=twice)
    assert response.status_code == 200
    assert "Utfallet är redan bedömt ovan" in response.content.decode()


# --- the method page ---------------------------------------------------------------------------


def test_the_method_page_shows_each_outcome_rating_its_studies_and_justification(client):
    html = client.get("/metoder/avskrackande-fangelsebesok/").content.decode()
    assert "Bedömning per utfall" in html
    assert "Återfall i brott" in html
    assert "1 studie" in html
    assert "inte minskar brottslighet och kan öka den" in html
    assert "Mäter: återfall i brott" in html


def test_unknown_facts_are_shown_as_unknown_and_known_ones_as_stated(client):
    html = client.get("/metoder/art/").content.decode()
    assert "SiS: ja" in html and "Kriminalvården: ja" in html  # the record: used in youth homes and prisons
    assert "Socialtjänsten: <span" in html  # not stated: "uppgift saknas"
    html = client.get("/metoder/exit-fryshuset/").content.decode()
    assert "Metoden har inte bedömts per utfall ännu." in html
    assert "Fryshuset (EXIT)" in html  # its owner, named by the record


def test_the_page_shows_first_published_description_and_review_dates(client):
    page = MethodPage.objects.get(method_id="vera-2r")
    MethodPage.objects.filter(pk=page.pk).update(last_reviewed=datetime.date(2025, 1, 31), review_interval_months=13)
    html = client.get(page.url).content.decode()
    assert "Först publicerad" in html and "Beskrivningen senast ändrad" in html
    assert "31 januari 2025" in html
    assert "Granskas igen senast 28 februari 2026 (var 13:e månad)." in html


def test_the_description_date_follows_published_text_changes_only(make_method):
    page = make_method(title="Datummetod")
    assert page.description_updated == datetime.date.today()
    MethodPage.objects.filter(pk=page.pk).update(description_updated=datetime.date(2020, 1, 1))
    page = MethodPage.objects.get(pk=page.pk)
    page.staff_time = "En timme i veckan"  # not the description
    page.save_revision().publish()
    assert MethodPage.objects.get(pk=page.pk).description_updated == datetime.date(2020, 1, 1)
    page.summary = "En ny sammanfattning."
    page.save_revision()  # a draft: nothing public changed
    assert MethodPage.objects.get(pk=page.pk).description_updated == datetime.date(2020, 1, 1)
    page.get_latest_revision().publish()
    assert MethodPage.objects.get(pk=page.pk).description_updated == datetime.date.today()


def test_months_are_calendar_months_clamped_to_the_month_end():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 11, 25), 24) == datetime.date(2026, 11, 25)
    assert add_months(datetime.date(2024, 3, 15), -3) == datetime.date(2023, 12, 15)


# --- the evidence levels page ------------------------------------------------------------------


def test_the_levels_page_explains_every_level_outcome_and_cost_band(client):
    html = client.get("/evidensnivaer/").content.decode()
    for level in EvidenceLevel.objects.all():
        assert level.name in html and level.description in html
    for outcome in OUTCOMES:
        assert outcome.label in html
    assert "50 000 kr eller mer per deltagare" in html
    english = client.get("/en/evidensnivaer/").content.decode()
    assert "Risk of harm – advised against" in english and "How evidence is rated" in english
    client.get("/sok/")


# --- compare -----------------------------------------------------------------------------------


def test_compare_shows_the_methods_side_by_side_in_the_order_asked(client):
    response = client.get("/jamfor/", {"metod": ["art", "avskrackande-fangelsebesok"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Aggression Replacement Training") < html.index("Avskräckande fängelsebesök")
    assert '<th scope="row">Återfall i brott</th>' in html
    assert "Risk för skada – avråds" in html
    assert 'scope="col"' in html and 'scope="rowgroup"' in html


def test_compare_answers_unknown_draft_and_restricted_methods_alike(client, make_method, method_index):
    draft = make_method(title="Utkast i jämförelsen", publish=False, method_id="utkast-jamfor")
    secret = MethodPage.objects.get(method_id="hii")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for method_id, title in [("finns-inte", None), (draft.method_id, draft.title), ("hii", secret.title)]:
        response = client.get("/jamfor/", {"metod": ["art", method_id]})
        html = response.content.decode()
        assert response.status_code == 400
        assert f"Det finns ingen publicerad metod med id {method_id}." in html
        assert "Aggression Replacement Training" in html  # the known one is still shown
        if title:
            assert title not in html


def test_compare_takes_at_most_four(client):
    response = client.get("/jamfor/", {"metod": ["art", "hii", "fft", "erg22", "vera-2r"]})
    assert response.status_code == 400
    assert "Högst 4 metoder kan jämföras åt gången; du valde 5." in response.content.decode()


def test_compare_finds_methods_to_add_by_title_without_listing_hidden_ones(client, make_method):
    make_method(title="Dialog i utkast", publish=False)
    html = client.get("/jamfor/", {"metod": "art", "lagg_till": "dialog"}).content.decode()
    assert "Lägg till Dialogsamtal" in html
    assert "Dialog i utkast" not in html


def test_compare_uses_the_same_number_of_queries_for_one_or_four(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/jamfor/", {"metod": "avskrackande-fangelsebesok"})
    with CaptureQueriesContext(connection) as one:  # one method with a rating
        client.get("/jamfor/", {"metod": "avskrackande-fangelsebesok"})
    with django_assert_max_num_queries(len(one)):
        client.get("/jamfor/", {"metod": ["art", "hii", "fft", "avskrackande-fangelsebesok"]})


def test_rating_studies_are_the_references_measuring_that_outcome():
    page = MethodPage.objects.get(method_id="avskrackande-fangelsebesok")
    rating = OutcomeRating.objects.get(page=page)
    assert [r.title for r in rating.studies()] == [r.title for r in MethodReference.objects.filter(page=page)]


# --- the record format's evidence columns ----------------------------------------------------------

FULL_HEADER = (
    HEADER.rstrip("\n")
    + ",outcome_ratings,references,last_reviewed,review_interval_months,used_in_sis,cost_band,method_owner\n"
)


def full_row(method_id, ratings, references, reviewed="2025-03-01", interval="12", sis="ja", cost="2", owner="cve"):
    import csv
    import io

    out = io.StringIO()
    base = next(csv.reader([csv_row(method_id, "lovande").strip()]))
    csv.writer(out, lineterminator="\n").writerow(base + [ratings, references, reviewed, interval, sis, cost, owner])
    return out.getvalue()


def test_an_import_carries_ratings_studies_facts_and_dates():
    row = full_row(
        "full-metod",
        "aterfall-i-brott | lovande | En uppföljning visade färre nya brott.\nsamverkan | erfarenhetsbaserad",
        "Uppföljning 2021 | 2021 | https://example.se/r | CVE | fore-efter | Sverige | 120 | aterfall-i-brott",
    )
    report = import_file((FULL_HEADER + row).encode(), "f.csv", publish=True)
    assert report.errors == []
    page = MethodPage.objects.get(method_id="full-metod")
    assert [(r.outcome.slug, r.level.slug, [s.title for s in st]) for r, st in page.rated_outcomes()] == [
        ("aterfall-i-brott", "lovande", ["Uppföljning 2021"]),
        ("samverkan", "erfarenhetsbaserad", []),
    ]
    study = page.references.get()
    assert (study.year, study.design, study.country, study.participants) == (2021, "fore-efter", "Sverige", 120)
    assert (page.last_reviewed, page.review_interval_months) == (datetime.date(2025, 3, 1), 12)
    assert (page.used_in_sis, page.cost_band, page.method_owner.slug) == ("ja", 2, "cve")
    # The same file again changes nothing; without the optional columns, nothing of them is lost.
    again = import_file((FULL_HEADER + row).encode(), "f.csv", publish=True, update=True)
    assert again.unchanged == ["full-metod"]
    plain = import_file((HEADER + csv_row("full-metod", "lovande", "Rapport")).encode(), "f.csv", update=True)
    assert plain.errors == [] and plain.updated == ["full-metod"]
    page = MethodPage.objects.get(method_id="full-metod")
    assert page.outcome_ratings.count() == 2 and page.references.count() == 1 and page.cost_band == 2


@pytest.mark.parametrize(
    "column, ratings, references, extra, message",
    [
        ("outcome_ratings", "okant-utfall | lovande", "Studie", {}, "okänt utfall ”okant-utfall”"),
        ("outcome_ratings", "samverkan | mycket-bra", "Studie", {}, "okänd evidensnivå ”mycket-bra”"),
        ("outcome_ratings", "samverkan | lovande\nsamverkan | lovande", "Studie", {}, "är redan bedömt"),
        ("references", "", "Studie | tjugo", {}, "”tjugo” är inte ett årtal"),
        ("references", "", "Studie | 2020 | inte-en-adress", {}, "”inte-en-adress” är inte en giltig webbadress"),
        ("references", "", "Studie | 2020 | | | rct", {}, "okänd studiedesign ”rct”"),
        ("references", "", " | 2020", {}, "titeln saknas"),
        ("last_reviewed", "", "Studie", {"reviewed": "1/3 2025"}, "”1/3 2025” är inget datum"),
        ("review_interval_months", "", "Studie", {"interval": "²"}, "inte ett antal månader"),
        ("used_in_sis", "", "Studie", {"sis": "kanske"}, "”kanske” är inte ett av: ja, nej"),
        ("cost_band", "", "Studie", {"cost": "6"}, "ingen kostnadsnivå"),
        ("method_owner", "", "Studie", {"owner": "okand-org"}, "okänd organisation ”okand-org”"),
    ],
)
def test_bad_evidence_cells_are_named_by_row_and_column(column, ratings, references, extra, message):
    before = MethodPage.objects.count()
    report = import_file((FULL_HEADER + full_row("fel-metod", ratings, references, **extra)).encode(), "f.csv")
    assert [(e.row, e.column) for e in report.errors] == [(1, column)], report.errors
    assert message in report.errors[0].message
    assert MethodPage.objects.count() == before


def test_a_rating_that_needs_a_study_is_refused_on_import_without_one():
    row = full_row("utan-studie", "samverkan | visst-stod", "")
    row = row.replace(",lovande,", ",erfarenhetsbaserad,")
    report = import_file((FULL_HEADER + row).encode(), "f.csv")
    assert [(e.row, e.column) for e in report.errors] == [(1, "outcome_ratings")]
    assert "Bedömningen ”Visst vetenskapligt stöd” för utfallet ”Samverkan” kräver" in report.errors[0].message


# --- the gap map by outcome ---------------------------------------------------------------------


def _outcome_cell(client, params, row_label, column):
    import re

    html = client.get("/evidenskarta/", params).content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    row = next(r for r in table.split("<tr>") if f"{row_label} <span" in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", cells[column]).split())


def test_the_gap_map_shows_rated_methods_strongest_rating_and_studies_per_outcome(client):
    settings = ["sarskilt-ungdomshem", "lvm-hem", "anstalt"]
    cell = _outcome_cell(client, {"rows": "outcome", "cols": "setting"}, "Återfall i brott", settings.index("anstalt"))
    assert cell == "1 bedömd metod Starkast: Risk för skada – avråds 1 studie"
    # The map follows the query: a text that leaves the method out empties the cell.
    cell = _outcome_cell(client, {"rows": "outcome", "cols": "setting", "q": "mentorskap"}, "Återfall i brott", 2)
    assert cell == "Ingen bedömning"


def test_the_gap_map_by_outcome_never_counts_a_hidden_method(client):
    page = MethodPage.objects.get(method_id="avskrackande-fangelsebesok")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert _outcome_cell(client, {"rows": "outcome", "cols": "setting"}, "Återfall i brott", 2) == "Ingen bedömning"


def test_the_gap_map_by_outcome_works_transposed_and_refuses_outcome_twice(client):
    response = client.get("/evidenskarta/", {"rows": "target_group", "cols": "outcome"})
    assert response.status_code == 200 and "Lämnat extremistisk miljö" in response.content.decode()
    response = client.get("/evidenskarta/", {"rows": "outcome", "cols": "outcome"})
    assert response.status_code == 400


# --- implementation facts as filters ---------------------------------------------------------------


def _api_ids(client, **params):
    return {m["id"] for m in client.get("/api/v1/methods/", {**params, "page_size": 100}).json()["results"]}


def test_fact_filters_list_the_methods_that_have_every_ticked_fact_on_every_channel(client):
    sis = set(MethodPage.objects.visible().filter(used_in_sis="ja").values_list("method_id", flat=True))
    prison = set(MethodPage.objects.visible().filter(used_in_kriminalvarden="ja").values_list("method_id", flat=True))
    assert sis and prison and sis & prison != sis
    assert _api_ids(client, fakta="anvands-inom-sis") == sis
    both = _api_ids(client, fakta=["anvands-inom-sis", "anvands-inom-kriminalvarden"])
    assert both == sis & prison  # facts combine with AND
    export = client.get("/sok/export/", {"format": "json", "fakta": "anvands-inom-sis"})
    assert export["X-Method-Count"] == str(len(sis))
    html = client.get("/sok/", {"fakta": "anvands-inom-sis"}).content.decode()
    assert f'Används inom SiS <span class="count">({len(sis)}' in html
    assert "Genomförande: Används inom SiS" in html  # among the chosen filters


def test_a_fact_set_by_any_write_filters_at_once_and_hidden_methods_never_count(client):
    assert _api_ids(client, fakta="svenskt-material") == set()
    MethodPage.objects.filter(method_id__in=["exit-fryshuset", "hii"]).update(swedish_material="delvis")
    assert _api_ids(client, fakta="svenskt-material") == {"exit-fryshuset", "hii"}
    PageViewRestriction.objects.create(
        page=MethodPage.objects.get(method_id="hii"), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert _api_ids(client, fakta="svenskt-material") == {"exit-fryshuset"}


def test_an_unknown_fact_is_a_400_naming_the_choices(client):
    response = client.get("/sok/", {"fakta": "gratis"})
    assert response.status_code == 400
    assert "Okänt värde för Genomförande (fakta): gratis. Välj bland: svenskt-material" in response.content.decode()
