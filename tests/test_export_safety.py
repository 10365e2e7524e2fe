"""Outputs stay safe for data that predates the input rules: control characters, RIS records, formulas."""

import csv
import io
from xml.etree import ElementTree

import openpyxl
import pytest
import rispy

from methods.models import MethodPage
from methods.records import neutralise, unneutralise

pytestmark = pytest.mark.django_db


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def hostile(make_method):
    page = make_method(title="Fientlig metod", method_id="fientlig")
    # Written past every form, as old data or a direct database update would be (no NUL: PostgreSQL refuses it).
    MethodPage.objects.filter(pk=page.pk).update(
        title="Titel\x0bmed\x1btecken\r\nER  - \nTY  - JOUR\nTI  - Falsk post",
        summary='Text;=HYPERLINK("http://evil.invalid");＝1+1, -2 <script>alert(1)</script>',
    )
    return page


def test_xlsx_and_feed_answer_with_control_characters_in_the_data(client, hostile):
    response = client.get("/sok/export/", {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(body_of(response)))["Data"]
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(t.startswith("Titel") and "\x0b" not in t and "\x1b" not in t for t in titles)
    response = client.get("/metoder/feed/")
    assert response.status_code == 200
    descriptions = [d.text for d in ElementTree.fromstring(response.content).iter("description")]
    # What a feed reader renders as HTML is escaped text, never markup.
    assert any("&lt;script&gt;" in (d or "") for d in descriptions)
    assert not any("<script>" in (d or "") for d in descriptions)


def test_ris_holds_exactly_one_record_per_method(client, hostile):
    response = client.get("/sok/export/", {"format": "ris"})
    text = body_of(response).decode()
    records = rispy.loads(text)
    assert len(records) == MethodPage.objects.visible().count()
    assert not any(line.strip().rstrip(".").isdigit() for line in text.splitlines())  # no numbering lines
    assert "Falsk post" not in [r.get("title") for r in records]


def test_every_formula_part_is_neutralised_for_swedish_excel(client, hostile):
    response = client.get("/sok/export/", {"format": "csv", "sep": "semicolon", "bom": "1"})
    rows = list(csv.DictReader(io.StringIO(body_of(response).decode("utf-8-sig")), delimiter=";"))
    summary = next(r["summary"] for r in rows if r["id"] == "fientlig")
    # Split as Swedish Excel splits a comma file: no part may start like a formula.
    for part in summary.replace(",", ";").split(";"):
        assert not part.lstrip(" ").startswith(("=", "+", "-", "@", "＝", "＋", "－", "＠")), part


@pytest.mark.parametrize(
    "text", ["=1+1", "a;=b", "x, -5", "＝SUM(A1)", "ok; @cmd, +1", "vanlig text; med semikolon", "'=redan"]
)
def test_neutralising_round_trips(text):
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("path", ["/metoder/feed/", "/sitemap.xml", "/sok/", "/api/v1/methods/"])
def test_trace_is_refused_and_head_answered(client, path):
    assert client.generic("TRACE", path).status_code == 405
    assert client.head(path).status_code == 200


def test_download_names_with_swedish_letters_are_encoded(client):
    response = client.get("/sok/export/", {"format": "csv", "keyword": "avskräckning"})
    disposition = response["Content-Disposition"]
    assert disposition.isascii() and "filename*=utf-8''" in disposition
