"""Search backend configuration: Elasticsearch settings, and the fallback when it is down.

No Elasticsearch server runs in CI or on the development machines, so these tests check
what the backend would send (index settings, mapping) and that search answers from the
database backend when the server cannot be reached. They do not prove a live cluster works.
"""

import logging

import elasticsearch
import pytest
from django.test import override_settings

from search.backends import PUBLIC_BACKEND, client_options, search_backends

CLOSED_PORT_URL = "http://127.0.0.1:9"  # discard port: nothing listens, connections are refused


def test_elasticsearch_client_major_version_is_supported_by_wagtail():
    assert elasticsearch.__versionstr__.split(".")[0] == "9"


def test_without_url_the_database_backend_is_the_only_backend():
    config = search_backends("")
    assert config == {"default": config["default"]}
    assert config["default"]["BACKEND"] == "search.backends.database"


def test_with_url_elasticsearch_is_added_for_public_search_and_the_admin_keeps_the_database():
    config = search_backends("http://es.example:9200")
    assert config["default"]["BACKEND"] == "search.backends.database"
    assert config[PUBLIC_BACKEND]["BACKEND"] == "search.backends.elasticsearch"
    assert config[PUBLIC_BACKEND]["URLS"] == ["http://es.example:9200"]
    assert config[PUBLIC_BACKEND]["OPTIONS"] == {"max_retries": 0, "retry_on_timeout": False}


def test_client_options_name_what_elasticsearch_9_needs_to_connect():
    assert client_options(api_key="k", ca_certs="/ca.crt", fingerprint="AB:cd") == {
        "max_retries": 0,
        "retry_on_timeout": False,
        "api_key": "k",
        "ca_certs": "/ca.crt",
        "ssl_assert_fingerprint": "abcd",
    }
    assert client_options(username="metodbanken", password="hemligt")["basic_auth"] == ("metodbanken", "hemligt")


@pytest.mark.django_db
def test_search_answers_from_the_database_when_elasticsearch_is_down(client, caplog):
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(CLOSED_PORT_URL)):
        with caplog.at_level(logging.ERROR, logger="search.engine"):
            response = client.get("/sok/", {"q": "avhoppare stöd"})
    assert response.status_code == 200
    assert "exit-fryshuset" in response.content.decode() or "EXIT" in response.content.decode()
    assert any("answering from the database backend" in r.getMessage() for r in caplog.records)
