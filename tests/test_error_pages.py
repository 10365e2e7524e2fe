"""Error pages people meet with DEBUG off (as in production): Swedish, or English under /en/, never Django's own."""

import pytest

import search.forms

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_404_in_swedish_with_a_way_on(client, settings):
    settings.DEBUG = False
    response = client.get("/finns-inte-alls/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert "Sidan finns inte" in html and 'href="/sok/"' in html
    assert "Not Found" not in html  # Django's bare default page


def test_a_missing_page_under_en_answers_404_in_english(client, settings):
    settings.DEBUG = False
    html = client.get("/en/no-such-page/").content.decode()
    assert "Page not found" in html and "Sidan finns inte" not in html
    client.get("/")  # leave Swedish active for the next test


def test_a_server_error_answers_500_with_the_swedish_page(client, settings, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False

    def broken(self, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(search.forms.SearchForm, "clean_q", broken)
    response = client.get("/sok/?q=avhoppare")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="sv"' in html and "Något gick fel" in html
    assert "a bug" not in html and "Traceback" not in html
