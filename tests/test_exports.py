"""Exports, API, collections, gap map: same results as the search page, real parsers, privacy."""

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import rispy
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from methods.importing import import_file
from methods.models import CollectionPage, MethodPage
from methods.records import EXPORT_COLUMNS, FORMAT_COLUMNS

pytestmark = pytest.mark.django_db

SEARCHES = [
    {},
    {"q": "avhoppare stöd"},
    {"setting": ["anstalt", "frivard"], "target_group": "lagforda"},
    {"q": "skolan", "evidence": "lovande", "sort": "evidence"},
    {"q": "ungdomshemmen", "sort": "title"},
]


def search_page_ids(client, params):
    """Every method id the search page lists for ``params``, across all pages, in order."""
    ids, page = [], 1
    while True:
        response = client.get("/sok/", {**params, "page": page})
        if response.status_code != 200 or not response.context["results"]:
            break
        ids += [r["method"].method_id for r in response.context["results"]]
        page_obj = response.context["page_obj"]
        if not page_obj.has_next():
            break
        page += 1
    return ids


def export(client, fmt, params=None, path="/sok/export/", **extra):
    response = client.get(path, {**(params or {}), "format": fmt, **extra})
    assert response.status_code == 200, response.content[:300]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if hasattr(response, "file_to_stream") and not body:
        body = response.getvalue()
    return response, body


def csv_rows(body, delimiter=","):
    text = body.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


# Plain ids: a test id holding brackets cannot be named on the command line (mutmut names tests that way).
@pytest.mark.parametrize("params", SEARCHES, ids=[f"search{i}" for i in range(len(SEARCHES))])
def test_every_format_lists_exactly_what_the_search_page_lists(client, params):
    expected = search_page_ids(client, params)
    assert expected

    response, body = export(client, "csv", params)
    assert [r["id"] for r in csv_rows(body)] == expected
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]

    _, body = export(client, "json", params)
    data = json.loads(body)
    assert [m["id"] for m in data["methods"]] == expected
    assert data["meta"]["count"] == len(expected)

    _, body = export(client, "xlsx", params)
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True)["Data"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_COLUMNS
    assert [r[0] for r in rows[1:]] == expected

    _, body = export(client, "ris", params)
    entries = rispy.loads(body.decode("utf-8"))
    assert [e["id"] for e in entries] == expected
    assert all(e["title"] and e["urls"] for e in entries)
    # Every RIS record carries the three dates and the revision it was exported from.
    assert all(e["date"] and e["edition"].startswith("revision ") for e in entries)
    assert all(any(n.startswith("Evidensen senast granskad: ") for n in e["notes"]) for e in entries)
    assert all(any(n.startswith("Beskrivningen senast ändrad: ") for n in e["notes"]) for e in entries)

    api_ids, page = [], 1
    while True:
        data = client.get("/api/v1/methods/", {**params, "page": page, "page_size": 7}).json()
        api_ids += [m["id"] for m in data["results"]]
        if not data["next"]:
            break
        page += 1
    assert api_ids == expected


CORPUS = Path(__file__).resolve().parents[1] / "methods" / "fixtures" / "methods.csv"


def corpus_ids(**wanted):
    """Ids of the corpus file's rows whose columns hold any of the wanted values (AND across columns),
    read straight from the file: an expectation that does not go through the search code."""
    rows = csv.DictReader(CORPUS.open(encoding="utf-8"))
    return {
        row["id"] for row in rows if all(set(row[column].split(";")) & set(values) for column, values in wanted.items())
    }


@pytest.mark.parametrize(
    "params, wanted",
    [
        ({"setting": "anstalt"}, {"settings": ["anstalt"]}),
        ({"setting": ["anstalt", "hakte"]}, {"settings": ["anstalt", "hakte"]}),
        (
            {"setting": "skola", "target_group": "unga-under-18"},
            {"settings": ["skola"], "target_groups": ["unga-under-18"]},
        ),
        (
            {
                "environment": "islamistiska",
                "prevention_level": ["individinriktad", "riktad"],
                "mapped_by": ["socialstyrelsen", "kriminalvarden"],
            },
            {
                "environments": ["islamistiska"],
                "prevention_levels": ["individinriktad", "riktad"],
                "mapped_by": ["socialstyrelsen", "kriminalvarden"],
            },
        ),
        ({"evidence": "lovande"}, {"evidence_level": ["lovande"]}),
    ],
)
def test_every_channel_filters_exactly_the_rows_the_corpus_file_tags(client, params, wanted):
    expected = corpus_ids(**wanted)
    assert expected
    assert set(search_page_ids(client, params)) == expected
    assert {r["id"] for r in csv_rows(export(client, "csv", params)[1])} == expected
    assert {m["id"] for m in json.loads(export(client, "json", params)[1])["methods"]} == expected
    assert {e["id"] for e in rispy.loads(export(client, "ris", params)[1].decode("utf-8"))} == expected
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx", params)[1]), read_only=True)["Data"]
    assert {r[0] for r in list(sheet.iter_rows(values_only=True))[1:]} == expected
    api = client.get("/api/v1/methods/", {**params, "page_size": 100}).json()
    assert {m["id"] for m in api["results"]} == expected and api["count"] == len(expected)


def test_csv_options_for_excel(client):
    _, body = export(client, "csv", {"setting": "anstalt"}, bom="1", sep="semicolon")
    assert body.startswith("\ufeff".encode())
    rows = csv_rows(body, delimiter=";")
    assert list(rows[0].keys()) == EXPORT_COLUMNS


def test_round_trip_export_import_export_gives_identical_rows(client):
    _, first = export(client, "csv")
    before = csv_rows(first)
    MethodPage.objects.all().delete()
    assert MethodPage.objects.count() == 0
    report = import_file(first, "export.csv", publish=True)
    assert not report.errors and len(report.created) == len(before)
    _, second = export(client, "csv")
    after = csv_rows(second)
    assert [{k: r[k] for k in FORMAT_COLUMNS} for r in after] == [{k: r[k] for k in FORMAT_COLUMNS} for r in before]
    # The evidence details travelled too (the demo has ratings, references with outcomes, use and owners).
    rated = next(r for r in after if r["id"] == "avskrackande-fangelsebesok")
    assert rated["outcome_ratings"].startswith("aterfall-i-brott | risk-for-skada | Utvärderingar har visat")
    assert rated["references"].endswith(" | aterfall-i-brott")
    assert next(r for r in after if r["id"] == "art")["used_in_sis"] == "ja"
    assert next(r for r in after if r["id"] == "exit-fryshuset")["method_owner"] == "fryshuset"


def test_xlsx_is_for_people_with_labels_frozen_headers_and_a_codebook(client):
    _, body = export(client, "xlsx", {"q": "fängelsebesök"})
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["Metoder", "Data", "Kodbok"]
    people = workbook["Metoder"]
    header = [c.value for c in people[1]]
    assert header[:3] == ["Metod-id", "Titel", "Sammanfattning"] and "Bedömning per utfall" in header
    assert people.freeze_panes == "C2" and people.column_dimensions["B"].width == 40
    row = dict(zip(header, [c.value for c in people[2]], strict=True))
    assert row["Metod-id"] == "avskrackande-fangelsebesok"
    assert row["Evidensnivå"] == "Risk för skada – avråds"  # labels, not slugs
    assert row["Verksamheter"] == "Anstalt (Kriminalvården); Skola och elevhälsa"
    assert row["Bedömning per utfall"].startswith("Återfall i brott: Risk för skada – avråds – Utvärderingar")
    codebook = {r[0]: r for r in workbook["Kodbok"].iter_rows(min_row=2, values_only=True)}
    assert set(codebook) == set(EXPORT_COLUMNS)  # every column explained
    assert "risk-for-skada = Risk för skada – avråds" in codebook["evidence_level"][3]
    assert "ja; delvis; nej" in codebook["swedish_material"][3]
    assert "aterfall-i-brott = Återfall i brott" in codebook["outcome_ratings"][3]


def test_xlsx_export_imports_again(client):
    _, body = export(client, "xlsx", {"setting": "skola"})
    report = import_file(body, "export.xlsx", update=True)
    assert not report.errors
    assert report.total > 0 and not report.created and not report.updated


def test_formula_injection_is_neutralised_in_csv_and_xlsx(client, make_method):
    page = make_method(
        title='=HYPERLINK("http://evil.invalid","klicka")',
        summary="+SUM(A1:A2) och @cmd",
        method_id="formel-metod",
    )
    params = {"q": "hyperlink"}
    _, body = export(client, "csv", {"setting": [], **params})
    rows = [r for r in csv_rows(body) if r["id"] == page.method_id]
    assert rows[0]["title"].startswith("'=") and rows[0]["summary"].startswith("'+")
    _, body = export(client, "xlsx", params)
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    for sheet in workbook.worksheets:  # the people's sheet, the data sheet and the codebook alike
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type in ("s", "inlineStr")  # text, never "f" (formula)
                assert not str(cell.value or "").startswith(("=", "+", "-", "@"))
    # Stored as text, unchanged.
    page.refresh_from_db()
    assert page.title.startswith("=HYPERLINK")


def test_data_package_describes_every_column_and_vocabulary(client):
    response, body = export(client, "zip", {"q": "avhoppare"})
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert {"methods.csv", "datapackage.json", "CITATION.cff", "README.txt"} <= set(archive.namelist())
    package = json.loads(archive.read("datapackage.json"))
    resource = package["resources"][0]
    fields = resource["schema"]["fields"]
    assert [f["name"] for f in fields] == EXPORT_COLUMNS
    assert all(f.get("description") for f in fields)
    rows = csv_rows(archive.read("methods.csv"))
    assert resource["x-row-count"] == len(rows) > 0
    assert package["x-query"]["q"] == "avhoppare"
    assert package["created"] and package["x-site-version"]
    vocab = package["x-vocabularies"]
    assert [t["slug"] for t in vocab["evidence"]][0] == "starkt-stod"
    evidence_enum = next(f for f in fields if f["name"] == "evidence_level")["constraints"]["enum"]
    for row in rows:  # every value satisfies the schema
        assert row["evidence_level"] in evidence_enum
        for field in fields:
            pattern = field.get("constraints", {}).get("pattern")
            if pattern:
                assert re.fullmatch(pattern, row[field["name"]]), (field["name"], row[field["name"]])
    citation = archive.read("CITATION.cff").decode()
    assert "cff-version: 1.2.0" in citation and "title:" in citation


@pytest.mark.parametrize(
    "params, message",
    [
        ({"format": "pdf"}, "Okänt format"),
        ({}, "Ange format"),
        ({"format": "csv", "setting": "fangelse"}, "Okänt värde"),
        ({"format": "csv", "sep": "tab"}, "sep"),
        ({"format": "csv", "page": "x"}, "positivt heltal"),
    ],
)
def test_bad_export_parameters_get_400_with_a_message(client, params, message):
    response = client.get("/sok/export/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_api_errors_are_json_with_a_message(client):
    response = client.get("/api/v1/methods/", {"page_size": "1000"})
    assert response.status_code == 400 and "page_size" in response.json()["error"]
    assert client.get("/api/v1/methods/", {"evidence": "bäst"}).status_code == 400
    assert client.get("/api/v1/methods/okand-metod/").status_code == 404


def test_export_command_writes_the_same_rows(client, tmp_path):
    out = tmp_path / "anstalt.csv"
    call_command("export_methods", "--format", "csv", "--setting", "anstalt", "--output", str(out))
    _, body = export(client, "csv", {"setting": "anstalt"})
    assert [r["id"] for r in csv_rows(out.read_bytes())] == [r["id"] for r in csv_rows(body)]


def test_collection_has_stable_url_and_exports_in_order(client):
    collection = CollectionPage.objects.get(slug="stod-till-avhoppare")
    assert collection.url == "/samlingar/stod-till-avhoppare/"
    html = client.get(collection.url).content.decode()
    expected = list(collection.items.order_by("sort_order").values_list("method__method_id", flat=True))
    assert expected[:3] == ["exit-fryshuset", "konsultationsteam-avhoppare", "mentorskap-avhoppare"]  # curated order
    for fmt in ["csv", "json", "xlsx", "ris", "zip"]:
        response = client.get(collection.url + "export/", {"format": fmt})
        assert response.status_code == 200, fmt
    _, body = export(client, "csv", path=collection.url + "export/")
    assert [r["id"] for r in csv_rows(body)] == expected
    assert html.index(expected[0][:4]) > 0


def test_gap_map_is_a_table_whose_counts_match_search(client):
    response = client.get("/evidenskarta/", {"rows": "setting", "cols": "target_group"})
    html = response.content.decode()
    assert "<table" in html and '<th scope="col">' in html and '<th scope="row">' in html and "<caption" in html
    table = response.context["table"]
    anstalt = next(r for r in table if r["term"].slug == "anstalt")
    cell = next(c for c in anstalt["cells"] if c["term"].slug == "lagforda")
    expected = search_page_ids(client, {"setting": "anstalt", "target_group": "lagforda"})
    assert cell["count"] == len(expected) > 0
    assert sum(n for _, n in cell["spread"]) == cell["count"]
    assert client.get("/evidenskarta/", {"rows": "setting", "cols": "setting"}).status_code == 400


def test_restricted_and_unpublished_methods_never_leak(client, make_method):
    secret = make_method(
        title="Sekretessbelagd avhoppsmetod",
        method_id="sekretess-metod",
        settings=["anstalt"],
        target_groups=["lagforda"],
    )
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x")
    make_method(
        title="Ej publicerad avhoppsmetod",
        method_id="utkast-metod",
        publish=False,
        settings=["anstalt"],
        target_groups=["lagforda"],
    )
    collection = CollectionPage.objects.get(slug="stod-till-avhoppare")
    from methods.models import CollectionItem

    CollectionItem.objects.create(collection=collection, method=secret, sort_order=99)
    CollectionItem.objects.create(
        collection=collection, method=MethodPage.objects.get(method_id="utkast-metod"), sort_order=100
    )
    channels = {
        "search": client.get("/sok/", {"q": "avhoppsmetod"}).content,
        "autocomplete": client.get("/sok/autocomplete/", {"q": "sekretess"}).content,
        "api": client.get("/api/v1/methods/", {"page_size": 100}).content,
        "sitemap": client.get("/sitemap.xml").content,
        "feed": client.get("/metoder/feed/").content,
        "collection": client.get(collection.url).content,
    }
    for fmt in ["csv", "json", "ris"]:
        channels[f"export-{fmt}"] = export(client, fmt)[1]
        channels[f"collection-{fmt}"] = export(client, fmt, path=collection.url + "export/")[1]
    for name, body in channels.items():
        text = body.decode("utf-8", "replace")
        assert "sekretess-metod" not in text and "Sekretessbelagd" not in text, name
        assert "utkast-metod" not in text and "Ej publicerad" not in text, name
    assert client.get("/api/v1/methods/sekretess-metod/").status_code == 404
    assert client.get("/api/v1/methods/utkast-metod/").status_code == 404
    gap = client.get("/evidenskarta/").context["table"]
    anstalt = next(r for r in gap if r["term"].slug == "anstalt")
    visible = search_page_ids(client, {"setting": "anstalt"})
    assert anstalt["total"] == len(visible)


def test_the_plain_language_csv_has_swedish_headings_and_labels_for_people(client, make_method):
    make_method(title="=HYPERLINK(1) i klartext", method_id="klartext-formel")
    _, body = export(client, "csv", {"q": "fängelsebesök"}, sep="semicolon", bom="1", labels="1")
    rows = csv_rows(body, delimiter=";")
    assert list(rows[0])[:3] == ["Metod-id", "Titel", "Sammanfattning"]
    row = next(r for r in rows if r["Metod-id"] == "avskrackande-fangelsebesok")
    assert row["Evidensnivå"] == "Risk för skada – avråds"
    assert row["Målgrupper"] == "Unga under 18 år"
    _, body = export(client, "csv", {"q": "klartext"}, labels="1")
    assert any(r["Titel"].startswith("'=") for r in csv_rows(body))  # neutralised here too
    html = client.get("/sok/").content.decode()
    assert "labels=1" in html and "CSV i klartext för Excel" in html
    assert client.get("/sok/export/", {"format": "csv", "labels": "ja"}).status_code == 400


# What each column of the format holds, written from its meaning (independent of the exporting code).
INTEGER_COLUMNS = {"source_year", "review_interval_months", "revision_id", "cost_band"}
DATE_COLUMNS = {"last_reviewed", "description_updated"}
DATETIME_COLUMNS = {"first_published_at", "last_published_at"}
MULTI_TERM_COLUMNS = {"mapped_by", "settings", "target_groups", "prevention_levels", "environments", "keywords"}


def test_the_data_package_is_valid_for_frictionless_and_its_schema_states_the_format(client, tmp_path):
    import frictionless

    from methods import vocabularies as vocabulary_source

    _, body = export(client, "zip", {})
    zipfile.ZipFile(io.BytesIO(body)).extractall(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 44

    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and package["name"] == "metodbanken-export"
    resource = package["resources"][0]
    assert (resource["path"], resource["format"], resource["encoding"]) == ("methods.csv", "csv", "utf-8")
    schema = resource["schema"]
    assert schema["primaryKey"] == ["id"] and schema["missingValues"] == [""]
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == EXPORT_COLUMNS
    for name, field in fields.items():
        expected = (
            "integer"
            if name in INTEGER_COLUMNS
            else "date"
            if name in DATE_COLUMNS
            else "datetime"
            if name in DATETIME_COLUMNS
            else "string"
        )
        assert field["type"] == expected, name
        assert field["description"].endswith(".") and len(field["description"]) > 5, name
    assert fields["id"]["constraints"] == {"required": True, "unique": True}
    assert fields["title"]["constraints"] == fields["summary"]["constraints"] == {"required": True}
    for name in MULTI_TERM_COLUMNS:
        assert fields[name]["x-separator"] == ";", name
    assert fields["settings"]["x-vocabulary"] == "setting"
    assert fields["settings"]["description"] == "Verksamhet: termer (slugs) åtskilda med semikolon."
    assert fields["evidence_level"]["description"] == "Evidensnivå: exakt en term (slug)."
    assert fields["evidence_level"]["constraints"]["required"] is True
    assert "x-vocabulary" not in fields["keywords"]  # free keywords: no vocabulary, no pattern
    assert "constraints" not in fields["keywords"]
    pattern = fields["settings"]["constraints"]["pattern"]
    assert re.fullmatch(pattern, "anstalt;frivard") and re.fullmatch(pattern, "")
    assert not re.fullmatch(pattern, "anstalt;") and not re.fullmatch(pattern, "fangelse")

    # Every controlled vocabulary, as methods/vocabularies.py defines it, with Swedish and English labels.
    listed = package["x-vocabularies"]
    for key, source in {
        "setting": vocabulary_source.SETTINGS,
        "target_group": vocabulary_source.TARGET_GROUPS,
        "environment": vocabulary_source.ENVIRONMENTS,
        "mapped_by": vocabulary_source.MAPPED_BY,
        "prevention_level": vocabulary_source.PREVENTION_LEVELS,
    }.items():
        assert {t["slug"] for t in listed[key]} == {term[0] for term in source}, key
        assert all(t["label_sv"] and t["label_en"] for t in listed[key]), key
    evidence = listed["evidence"]
    assert [t["rank"] for t in evidence] == sorted(t["rank"] for t in evidence)
    assert {t["slug"]: t["requires_reference"] for t in evidence}["starkt-stod"] is True
    assert listed["outcome"] and all(
        {"slug", "label_sv", "label_en", "description"} <= set(t) for t in listed["outcome"]
    )
    assert all({"slug", "name", "url"} == set(t) for t in listed["organisation"])


def test_an_empty_package_says_so_and_its_readme_and_citation_name_the_query(client):
    import yaml

    _, body = export(client, "zip", {"q": "zebrakrokodil"})  # a word no method has
    archive = zipfile.ZipFile(io.BytesIO(body))
    readme = archive.read("README.txt").decode("utf-8")
    assert readme.startswith("Metodbanken – datapaket\n\nSkapat: ") and "Dataversion" not in readme
    assert "\nFråga: q=zebrakrokodil; sort=relevance\nAntal metoder: 0\n" in readme
    assert readme.endswith(
        "methods.csv följer importformatet och kan importeras igen med `manage.py import_methods`. "
        "datapackage.json beskriver kolumnerna (Frictionless Table Schema) och de kontrollerade vokabulärerna.\n"
    )
    raw_citation = archive.read("CITATION.cff")
    assert "Export med frågan".encode() in raw_citation  # UTF-8, not \\u escapes
    citation = yaml.safe_load(raw_citation.decode("utf-8"))
    created, url = citation.pop("date-released"), citation.pop("url")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", created)
    assert url.startswith("http") and url.endswith("/")
    assert citation == {
        "cff-version": "1.2.0",
        "message": "Om du använder dessa data, citera dem så här.",
        "type": "dataset",
        "title": "Metodbanken – export av metoder",
        "authors": [{"name": "Metodbanken"}],
        "version": "0.1.0",
        "abstract": "Export med frågan: q=zebrakrokodil; sort=relevance",
        "keywords": ["våldsbejakande extremism", "prevention", "avhoppare"],
    }
    package = json.loads(archive.read("datapackage.json"))
    resource = package["resources"][0]
    assert resource["x-row-count"] == 0
    assert resource["dialect"] == {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
    assert package["description"] == (
        "Metoder för att förebygga våldsbejakande extremism och stödja avhoppare, exporterade ur Metodbanken. "
        "Evidensnivåerna i demoinnehåll är illustrativa, inte bedömningar."
    )
    assert all("description" in term for term in package["x-vocabularies"]["setting"])
    assert archive.read("methods.csv").decode("utf-8") == ",".join(EXPORT_COLUMNS) + "\r\n"


def test_a_ris_record_holds_the_methods_dates_labels_and_review_state():
    import datetime

    from methods.exporting import iter_ris
    from methods.models import Keyword

    page = MethodPage.objects.get(method_id="exit-fryshuset")
    # Dates unlike today's, so that neither can be taken for the date of the download.
    first, last = datetime.datetime(2019, 5, 2, tzinfo=datetime.UTC), datetime.datetime(2021, 3, 4, tzinfo=datetime.UTC)
    MethodPage.objects.filter(pk=page.pk).update(first_published_at=first, last_published_at=last)
    # A keyword written around the import's checks (an ORM update) cannot start a record of its own.
    Keyword.objects.filter(pk=page.keywords.first().pk).update(name="samtal\nER  - \nTY  - JOUR")
    page.refresh_from_db()
    text = "".join(iter_ris([page.pk]))
    (entry,) = rispy.loads(text)
    assert len(re.findall(r"^ER  -", text, re.M)) == 1 and len(re.findall(r"^TY  -", text, re.M)) == 1
    assert entry["type_of_reference"] == "ELEC"
    assert entry["id"] == "exit-fryshuset" and entry["title"] == page.title and entry["publisher"] == "Metodbanken"
    assert entry["year"] == "2021"
    assert entry["date"] == "2019/05/02"
    assert "Evidensen senast granskad: inte granskad" in entry["notes"]
    settings_labels = [s.name for s in page.settings.all()]
    assert settings_labels and set(settings_labels) <= set(entry["keywords"])
    assert all("\n" not in keyword for keyword in entry["keywords"])


def test_the_people_sheet_writes_labels_and_keeps_what_it_does_not_know(settings):
    from django.utils import translation

    from methods.exporting import PeopleLabels

    with translation.override("sv"):
        labels = PeopleLabels()
        assert labels.value("settings", "anstalt;;okand-term") == "Anstalt (Kriminalvården); okand-term"
        assert labels.value("used_in_kriminalvarden", "ja") == "Ja"
        assert labels.value("swedish_material", "delvis") == "Delvis"
        assert labels.value("used_in_sis", "kanske") == "kanske"
        assert labels.value("cost_band", 2) == "2 – 1 000–4 999 kr per deltagare"
        assert labels.value("cost_band", "9") == "9"
        assert labels.value("method_owner", "fryshuset") == "Fryshuset (EXIT)"
        assert labels.value("method_owner", "okand-organisation") == "okand-organisation"
        assert labels.value("keywords", "KBT;;samverkan;") == "KBT; samverkan"
        assert labels.value("title", "Titel") == "Titel"
        ratings = "aterfall-i-brott | lovande | En studie visade färre återfall.\nokant-utfall | okand-niva |"
        assert labels.value("outcome_ratings", ratings) == (
            "Återfall i brott: Lovande – En studie visade färre återfall.\nokant-utfall: okand-niva"
        )
        assert labels.designs and all(isinstance(v, str) and v != "None" for v in labels.designs.values())


def test_csv_rows_end_in_crlf_as_rfc_4180_says(client):
    _, body = export(client, "csv", {"setting": "anstalt"})
    lines = body.decode("utf-8").split("\r\n")
    assert len(lines) > 2 and lines[-1] == "" and not any("\n" in line for line in lines[:1])


def test_json_records_carry_the_revision_as_a_number_and_no_invented_dates(client):
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    MethodPage.objects.filter(pk=page.pk).update(description_updated=None)
    MethodPage.objects.filter(method_id="anhorigstod").update(live_revision=None)  # as a page made outside Wagtail
    _, body = export(client, "json")
    records = {r["id"]: r for r in json.loads(body)["methods"]}
    record = records["exit-fryshuset"]
    assert record["revision_id"] == page.live_revision_id and isinstance(record["revision_id"], int)
    assert record["description_updated"] in ("", None)  # not known: left empty
    assert records["anhorigstod"]["revision_id"] is None


def test_xlsx_cells_wrap_from_the_top_and_columns_have_readable_widths(client):
    _, body = export(client, "xlsx", {"q": "fängelsebesök"})
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    people = workbook["Metoder"]
    assert people["C2"].alignment.wrap_text and people["C2"].alignment.vertical == "top"
    assert people.column_dimensions["A"].width == 18  # an ordinary column; title 40, summary 60 …
    codebook = workbook["Kodbok"]
    assert [c.value for c in codebook[1]] == ["Kolumn", "Rubrik", "Innehåll", "Tillåtna värden"]
    rows = {r[0]: r for r in codebook.iter_rows(min_row=2, values_only=True)}
    assert rows["references"][3].startswith("Design: systematisk-oversikt = Systematisk översikt; ")
    assert rows["references"][3].endswith(". Utfall som för bedömning per utfall.")
