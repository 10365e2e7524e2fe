"""Hostile search input is answered, never a server error: long words, many words, deep compounds, many
exclusions, Unicode digits as page numbers, on every channel that takes a query."""

import pytest

from search.query import MAX_EXCLUSIONS, MAX_WORDS, parse_text

pytestmark = pytest.mark.django_db

HOSTILE = [  # each within the 500 characters a query may have
    "a" * 499,
    " ".join(f"o{i}" for i in range(94))[:500],
    "ungdomshem" * 49,
    ("stöd " + " ".join(f"-u{i}" for i in range(100)))[:500],
    " ".join(f'"fras {i} ord"' for i in range(30))[:500],
]
CHANNELS = [
    ("/sok/", {}),
    ("/api/v1/methods/", {}),
    ("/evidenskarta/", {}),
    ("/sok/export/", {"format": "csv"}),
    ("/sok/export/", {"format": "ris"}),
]


# Plain ids: an id holding quotes or brackets cannot be named on the command line (mutmut names tests that way).
@pytest.mark.parametrize(
    "text", HOSTILE, ids=["long-word", "many-words", "deep-compound", "many-exclusions", "phrases"]
)
@pytest.mark.parametrize("path, extra", CHANNELS, ids=["search", "api", "gap-map", "export-csv", "export-ris"])
def test_hostile_text_gets_an_answer(client, path, extra, text):
    response = client.get(path, {"q": text, **extra})
    assert response.status_code == 200


def test_query_parts_are_capped():
    parsed = parse_text(" ".join(f"ord{i}" for i in range(94)) + " " + " ".join(f"-x{i}" for i in range(100)))
    assert len(parsed.words) == MAX_WORDS
    assert len(parsed.excluded) == MAX_EXCLUSIONS


@pytest.mark.parametrize("value", ["²", "①", "١", "1.5", "-1", "0"])
@pytest.mark.parametrize(
    "path, extra", [("/sok/", {}), ("/api/v1/methods/", {}), ("/metoder/", {}), ("/sok/export/", {"format": "json"})]
)
def test_page_numbers_are_ascii_digits_with_a_swedish_answer(client, path, extra, value):
    response = client.get(path, {"page": value, **extra})
    assert response.status_code == 400
    assert "positivt heltal" in response.content.decode()


def test_only_exclusions_lists_everything_else(client):
    from methods.models import MethodPage

    html = client.get("/sok/", {"q": "-avhoppare"}).content.decode()
    total = MethodPage.objects.visible().count()
    with_word = client.get("/api/v1/methods/", {"q": "avhoppare", "page_size": 100}).json()["count"]
    without = client.get("/api/v1/methods/", {"q": "-avhoppare", "page_size": 100}).json()["count"]
    assert 0 < without < total and without >= total - with_word
    assert f"{without} metoder" in html
