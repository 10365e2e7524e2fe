"""Security: deploy checks, headers, and property-based tests that no input causes a 5xx or unescaped HTML."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from methods.dimensions import DIMENSIONS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.subprocess
def test_check_deploy_is_clean_in_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "metodbanken.example.se",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.subprocess
def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "kb.settings.production", "ALLOWED_HOSTS": "x.example"})
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/sok/", "/metoder/exit-fryshuset/", "/evidenskarta/"])
def test_security_headers_on_public_pages(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# --- property-based -------------------------------------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300) | st.sampled_from(
    ['"', "-", '"-"', "<script>alert(1)</script>", "' OR 1=1 --", "*", "NEAR(", "AND OR NOT", "ö" * 600]
)
SLUGS = st.sampled_from(["anstalt", "skola", "unga-under-18", "lovande", "kommun", "vit-makt", "avhopp", "x", ""])
PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": ANY_TEXT,
        "page": st.one_of(st.integers(-5, 10**12).map(str), ANY_TEXT),
        "sort": st.one_of(st.sampled_from(["relevance", "evidence", "updated", "title"]), ANY_TEXT),
        "format": st.one_of(st.sampled_from(["csv", "json", "ris", "xlsx"]), ANY_TEXT),
        "page_size": st.one_of(st.integers(-1, 500).map(str), ANY_TEXT),
        **{d.key: st.lists(st.one_of(SLUGS, ANY_TEXT), max_size=3) for d in DIMENSIONS},
    },
)
HYPOTHESIS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _strip_nul(params):
    # The test client (like a browser) cannot send NUL in a URL; everything else goes through.
    return {
        k: ([x.replace("\x00", "") for x in v] if isinstance(v, list) else v.replace("\x00", ""))
        for k, v in params.items()
    }


@pytest.mark.django_db
@HYPOTHESIS
@given(params=PARAMS)
def test_search_page_never_fails_or_reflects_raw_markup(client, params):
    response = client.get("/sok/", _strip_nul(params))
    assert response.status_code in (200, 400, 404)  # 404: a page past the last one
    html = response.content.decode()
    for value in [params.get("q", ""), *[v for d in DIMENSIONS for v in params.get(d.key, [])]]:
        if "<" in value and len(value) > 1:
            assert value not in html


@pytest.mark.django_db
@override_settings(THROTTLE_ENABLED=False)  # one client on purpose asks far more often than limits allow
@HYPOTHESIS
@given(params=PARAMS)
def test_every_public_endpoint_answers_any_parameters_without_a_server_error(client, params):
    params = _strip_nul(params)
    if params.get("format") == "xlsx":
        params["format"] = "csv"  # keep the run short; XLSX is covered elsewhere
    for path in [
        "/sok/export/",
        "/api/v1/methods/",
        "/api/v1/methods/exit-fryshuset/",
        "/sok/autocomplete/",
        "/evidenskarta/",
        "/metoder/",
        "/samlingar/stod-till-avhoppare/",
        "/samlingar/stod-till-avhoppare/export/",
        "/metoder/feed/",
        "/sprak/",
    ]:
        response = client.get(path, params)
        assert response.status_code < 500, (path, params)
        if response.streaming:
            b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/sok/", "/metoder/", "/evidenskarta/", "/metoder/exit-fryshuset/"])
def test_anonymous_public_pages_set_no_cookie(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies  # no CSRF token or session for people who only read


@pytest.mark.django_db
def test_old_language_links_lead_to_the_page_in_that_language_and_never_elsewhere(client):
    response = client.get("/sprak/", {"language": "en", "next": "/sok/?q=avhoppare"})
    assert response.status_code == 302 and response["Location"] == "/en/sok/?q=avhoppare"
    assert not response.cookies
    response = client.get("/sprak/", {"language": "sv", "next": "https://evil.invalid/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/sok/?q=avhoppare", "/metoder/exit-fryshuset/", "/en/sok/"])
def test_a_request_for_a_host_the_site_does_not_serve_gets_400_not_500(client, path):
    # A scanner's Host header: Django refuses it; the refusal page itself must not ask for the host again.
    client.raise_request_exception = False
    with override_settings(ALLOWED_HOSTS=["metodbanken.example.se"], DEBUG=False):
        response = client.get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.content.decode()
    client.get("/sok/")  # back to Swedish in this thread
