"""Search backend configuration: Elasticsearch settings, and the fallback when it is down.

No Elasticsearch server runs in CI or on the development machines, so these tests check
what the backend would send (index settings, mapping) and that search answers from the
database backend when the server cannot be reached. They do not prove a live cluster works.
"""

import logging

import elasticsearch
import pytest
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from methods.models import MethodPage
from search.backends import search_backends, swedish_index_settings

CLOSED_PORT_URL = "http://127.0.0.1:9"  # discard port: nothing listens, connections are refused


def test_elasticsearch_client_major_version_is_supported_by_wagtail():
    assert elasticsearch.__versionstr__.split(".")[0] == "9"


def test_without_url_the_database_backend_is_the_default():
    config = search_backends("")
    assert config == {"default": config["default"]}
    assert config["default"]["BACKEND"] == "search.backends.database"


def test_with_url_elasticsearch_is_default_and_database_is_kept_as_fallback():
    config = search_backends("http://es.example:9200")
    assert config["default"]["BACKEND"] == "search.backends.elasticsearch"
    assert config["default"]["URLS"] == ["http://es.example:9200"]
    assert config["database"]["BACKEND"] == "search.backends.database"


def test_swedish_analyzer_is_sent_in_index_settings():
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(CLOSED_PORT_URL)):
        backend = get_search_backend("default")
    analysis = backend.settings["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    assert default["tokenizer"] == "standard"
    assert default["filter"] == ["lowercase", "swedish_decompounder", "swedish_stemmer", "asciifolding"]
    assert analysis["filter"]["swedish_stemmer"] == {"type": "stemmer", "language": "swedish"}
    decompounder = analysis["filter"]["swedish_decompounder"]
    assert decompounder["type"] == "dictionary_decompounder"
    assert {"ungdom", "hem", "verksamhet", "avhoppare"} <= set(decompounder["word_list"])
    # Wagtail's own analyzers (autocomplete) are kept beside ours.
    assert "edgengram_analyzer" in analysis["analyzer"]
    assert swedish_index_settings()["settings"]["analysis"]["analyzer"]["default"] == default


def test_mapping_indexes_analysed_terms_as_text():
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(CLOSED_PORT_URL)):
        backend = get_search_backend("default")
    mapping = backend.mapping_class(MethodPage).get_mapping()
    properties = mapping["properties"]
    terms_field = next(v for k, v in properties.items() if k.endswith("search_terms"))
    assert terms_field["type"] == "text"
    title_field = next(v for k, v in properties.items() if k.endswith("__title") or k == "title")
    assert title_field["type"] == "text"
    assert properties["methods_methodpage__method_id_filter"] == {"type": "keyword"}


@pytest.mark.django_db
def test_search_answers_from_the_database_when_elasticsearch_is_down(client, caplog):
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(CLOSED_PORT_URL)):
        with caplog.at_level(logging.ERROR, logger="search.engine"):
            response = client.get("/sok/", {"q": "avhoppare stöd"})
    assert response.status_code == 200
    assert "exit-fryshuset" in response.content.decode() or "EXIT" in response.content.decode()
    assert any("answering from the database backend" in r.getMessage() for r in caplog.records)
