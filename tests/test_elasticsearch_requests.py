"""What Metodbanken sends to Elasticsearch, captured through the official client with a recording transport.

No Elasticsearch server runs here (docs/elasticsearch.md says how to verify against a real
cluster). These tests pin the index settings and mappings, the query bodies for words,
phrases and exclusions, and the behaviour around them: one client per process, only
primary keys read from hits, the health check that lets the database answer for an index
that cannot, indexes created with their mapping, and the admin on the database backend.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from methods.models import MethodPage
from search import breaker
from search.backends import MAX_MATCHES, PUBLIC_BACKEND, client_options, registry, search_backends
from search.backends.elasticsearch import record_pending
from search.models import PendingIndexUpdate
from tests import es_cluster
from tests.es_cluster import FakeCluster, RecordingNode, query_fields

URL = "http://es.test:9200"
INDEX = "metodbanken_wagtailcore_page"
TERMS = "methods_methodpage__search_terms"
CLOSED_PORT_URL = "http://127.0.0.1:9"
ROOT = Path(__file__).resolve().parent.parent


def recording(url=URL, **options):
    return search_backends(url, options={**client_options(**options), "node_class": RecordingNode})


@pytest.fixture
def cluster(db):
    es_cluster.CLUSTER = FakeCluster()
    breaker.reset()
    registry.forget()
    with override_settings(WAGTAILSEARCH_BACKENDS=recording()):
        yield es_cluster.CLUSTER
    registry.forget()
    breaker.reset()


@pytest.fixture
def indexed(cluster):
    call_command("update_index", backend_name=PUBLIC_BACKEND, verbosity=0)
    cluster.requests.clear()
    return cluster


def created_index(cluster):
    return next(r for r in cluster.requests if r.method == "PUT" and r.path.strip("/").count("/") == 0)


def listed_titles(response):
    return [result["method"].title for result in response.context["results"]]


# --- index settings and mapping --------------------------------------------------------------------


def test_update_index_creates_the_index_with_swedish_analysis_and_no_query_decompounding(cluster):
    call_command("update_index", backend_name=PUBLIC_BACKEND, verbosity=0)
    settings = created_index(cluster).body["settings"]
    analyzers = settings["analysis"]["analyzer"]
    assert analyzers["default"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "swedish_stemmer", "asciifolding"],
    }
    assert analyzers["metodbanken_terms"] == {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
    assert analyzers["autocomplete_search"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["asciifolding", "lowercase"],
    }
    assert settings["analysis"]["filter"]["swedish_stemmer"] == {"type": "stemmer", "language": "swedish"}
    assert "decompounder" not in json.dumps(settings)
    assert settings["index"]["max_result_window"] == MAX_MATCHES


def test_mapping_keeps_the_analysed_terms_from_a_second_stemming_and_folds_autocomplete_queries(cluster):
    call_command("update_index", backend_name=PUBLIC_BACKEND, verbosity=0)
    properties = cluster.indexes[cluster.aliases[INDEX]]["mappings"]["properties"]
    assert properties[TERMS] == {"type": "text", "analyzer": "metodbanken_terms"}  # no copy to the stemmed catch-all
    assert "_all_text" in properties["title"]["copy_to"] and "analyzer" not in properties["title"]
    for name in ("_edgengrams", "title_edgengrams", "methods_methodpage__summary_edgengrams"):
        assert properties[name]["analyzer"] == "edgengram_analyzer"
        assert properties[name]["search_analyzer"] == "autocomplete_search"


def test_documents_carry_the_terms_the_python_analysis_produced(cluster):
    call_command("update_index", backend_name=PUBLIC_BACKEND, verbosity=0)
    docs = cluster.indexes[cluster.aliases[INDEX]]["docs"]
    method = MethodPage.objects.get(method_id="exit-fryshuset")
    assert docs[str(method.pk)][TERMS] == method.search_terms
    assert {"avhop", "avhopparverksam", "fryshus"} <= set(method.search_terms.split())


# --- query bodies --------------------------------------------------------------------------------


def _matches(node):
    """Every ``match`` clause in a compiled query."""
    if isinstance(node, list):
        return [m for item in node for m in _matches(item)]
    if not isinstance(node, dict):
        return []
    return [node["match"]] if "match" in node else [m for value in node.values() for m in _matches(value)]


def text_searches(cluster):
    """Searches for matches (not the size-0 requests that count facets)."""
    return [r for r in cluster.searches() if r.body.get("size") != 0]


def search_bodies(cluster):
    return [r.body for r in text_searches(cluster)]


def test_a_word_is_searched_once_on_the_analysed_field_reading_only_primary_keys(client, indexed):
    response = client.get("/sok/", {"q": "avhoppare"})
    assert response.status_code == 200
    searches = text_searches(indexed)
    assert len(searches) == 1
    request = searches[0]
    assert "scroll" not in request.params
    body = request.body
    assert query_fields(body["query"]["bool"]["must"]) == {TERMS}
    assert "dis_max" not in json.dumps(body)
    assert {"operator": "and", "query": "avhop"} in [m[TERMS] for m in _matches(body["query"]["bool"]["must"])]
    assert body["query"]["bool"]["filter"] == {"match": {"_django_content_type": "methods.MethodPage"}}
    assert body["_source"] is False and body["stored_fields"] == "pk" and body["size"] == MAX_MATCHES


def test_an_exclusion_is_compiled_once_so_it_excludes(client, indexed):
    client.get("/sok/", {"q": "propaganda -desinformation"})
    body = search_bodies(indexed)[0]
    assert "dis_max" not in json.dumps(body)
    assert query_fields(body["query"]) == {TERMS, "_django_content_type"}
    must = body["query"]["bool"]["must"]
    clauses = json.dumps(must)
    assert '"must_not"' in clauses and "desinformation" in clauses


def test_a_phrase_is_a_phrase_of_the_analysed_terms(client, indexed):
    client.get("/sok/", {"q": '"våldsbejakande extremism"'})
    body = search_bodies(indexed)[0]
    assert body["query"]["bool"]["must"] == {"match_phrase": {TERMS: "valdsbejak extremism"}}


def test_autocomplete_asks_the_edge_ngrams(client, indexed):
    response = client.get("/sok/autocomplete/", {"q": "Källkrit"})
    assert response.status_code == 200
    body = search_bodies(indexed)[0]
    assert query_fields(body["query"]["bool"]["must"]) == {"_edgengrams"}


def test_the_database_decides_what_the_public_sees_among_the_hits(client, indexed, make_method):
    draft = make_method(title="Utkast om avhoppare", publish=False)
    visible = MethodPage.objects.get(method_id="exit-fryshuset")
    indexed.hits = [(draft.pk, 9.0), (visible.pk, 1.0)]
    response = client.get("/sok/", {"q": "qwzxv"})  # a word no method has: what is listed comes from the hits
    assert listed_titles(response) == [visible.title]
    assert "Utkast om avhoppare" not in response.content.decode()


def test_one_client_serves_every_search_of_a_process(client, indexed):
    registry.backend(PUBLIC_BACKEND)
    nodes = indexed.nodes_created
    for query in ("avhoppare", "skola", "familj"):
        client.get("/sok/", {"q": query})
    assert len(indexed.searches()) >= 3
    assert indexed.nodes_created == nodes


# --- connection options --------------------------------------------------------------------------


def test_api_key_certificate_authority_and_fingerprint_reach_the_client(cluster, tmp_path):
    ca = tmp_path / "http_ca.crt"
    ca.write_text("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
    config = recording("https://es.test:9200", api_key="bWV0b2Q6a2V5", ca_certs=str(ca), fingerprint="AA:bb:CC")
    with override_settings(WAGTAILSEARCH_BACKENDS=config):
        backend = registry.backend(PUBLIC_BACKEND)
        node = backend.es.transport.node_pool.get()
        assert node.config.scheme == "https"
        assert node.config.ca_certs == str(ca)
        assert node.config.ssl_assert_fingerprint == "aabbcc"
        backend.es.indices.exists(index=INDEX)
    assert cluster.requests[-1].headers["authorization"] == "ApiKey bWV0b2Q6a2V5"


@pytest.mark.subprocess
def test_settings_read_the_connection_options_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.test",
        "ELASTICSEARCH_URL": "https://es.example:9200",
        "ELASTICSEARCH_API_KEY": "a2V5",
        "ELASTICSEARCH_CA_CERTS": "/etc/metodbanken/http_ca.crt",
        "ELASTICSEARCH_TIMEOUT": "5",
    }
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS, default=str))"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    backends = json.loads(out.stdout.strip().splitlines()[-1])
    assert backends["default"]["BACKEND"] == "search.backends.database"
    public = backends[PUBLIC_BACKEND]
    assert public["URLS"] == ["https://es.example:9200"] and public["TIMEOUT"] == 5
    assert public["OPTIONS"]["api_key"] == "a2V5"
    assert public["OPTIONS"]["ca_certs"] == "/etc/metodbanken/http_ca.crt"


# --- health: the database answers for an index that cannot ----------------------------------------


def test_a_missing_index_is_never_asked_and_the_database_answers(client, cluster):
    response = client.get("/sok/", {"q": "avhoppare"})
    assert "EXIT" in " ".join(listed_titles(response))
    assert cluster.searches() == []


def test_an_index_created_by_a_stray_document_is_not_trusted(client, cluster):
    cluster.indexes[INDEX] = {"settings": {}, "mappings": {"properties": {"title": {"type": "text"}}}, "docs": {}}
    response = client.get("/sok/", {"q": "avhoppare"})
    assert "EXIT" in " ".join(listed_titles(response))
    assert cluster.searches() == []


def test_an_index_missing_documents_is_not_trusted(client, indexed):
    docs = indexed.indexes[indexed.aliases[INDEX]]["docs"]
    docs.pop(str(MethodPage.objects.get(method_id="exit-fryshuset").pk))
    response = client.get("/sok/", {"q": "avhoppare"})
    assert "EXIT" in " ".join(listed_titles(response))
    assert indexed.searches() == []


def test_waiting_updates_are_written_before_the_index_answers_again(client, indexed):
    method = MethodPage.objects.get(method_id="exit-fryshuset")
    indexed.indexes[indexed.aliases[INDEX]]["docs"].pop(str(method.pk))
    record_pending("add", method, "ConnectionError")
    client.get("/sok/", {"q": "avhoppare"})
    assert not PendingIndexUpdate.objects.exists()
    assert str(method.pk) in indexed.indexes[indexed.aliases[INDEX]]["docs"]
    assert len(text_searches(indexed)) == 1  # healthy again: Elasticsearch answered


def test_a_save_before_update_index_creates_the_index_with_its_mapping(cluster, make_method):
    page = make_method(title="Sparad före update_index")
    writes = [(r.method, r.path) for r in cluster.requests if r.method != "GET"]
    assert writes[:3] == [("HEAD", f"/{INDEX}"), ("PUT", f"/{INDEX}"), ("PUT", f"/{INDEX}/_mapping")]
    mapping = cluster.indexes[INDEX]["mappings"]["properties"]
    assert mapping[TERMS]["analyzer"] == "metodbanken_terms"
    assert str(page.pk) in cluster.indexes[INDEX]["docs"]
    health = registry.health(PUBLIC_BACKEND, MethodPage)
    assert not health.ok and health.in_index < health.in_database  # the rest comes with update_index


def test_check_search_index_reports_drift_and_repair_rebuilds(indexed, capsys):
    call_command("check_search_index")
    assert "Sökindexet stämmer med databasen." in capsys.readouterr().out
    indexed.indexes[indexed.aliases[INDEX]]["docs"].pop(str(MethodPage.objects.get(method_id="exit-fryshuset").pk))
    registry.forget()
    with pytest.raises(CommandError, match="stämmer inte"):
        call_command("check_search_index")
    assert "dokument i indexet" in capsys.readouterr().out
    call_command("check_search_index", "--repair")
    assert "Sökindexet stämmer med databasen." in capsys.readouterr().out


# --- Elasticsearch away: the admin and update_index ------------------------------------------------


@pytest.fixture
def away(db):
    breaker.reset()
    registry.forget()
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(CLOSED_PORT_URL, timeout=1)):
        yield
    registry.forget()
    breaker.reset()


def test_admin_search_and_choosers_work_while_elasticsearch_is_away(client, django_user_model, away):
    admin = django_user_model.objects.create_superuser("admin", "a@example.se", "lösenord-för-test-123")
    client.force_login(admin)
    response = client.get("/admin/pages/search/", {"q": "Fryshuset"})
    assert response.status_code == 200
    assert "EXIT" in response.content.decode()
    chooser = client.get("/admin/choose-page/search/", {"q": "Fryshuset"})
    assert chooser.status_code == 200
    assert "EXIT" in chooser.content.decode()


def test_update_index_rebuilds_the_database_backend_when_elasticsearch_fails_first(db, capsys):
    from wagtail.search.models import IndexEntry

    backends = search_backends(CLOSED_PORT_URL, timeout=1)
    elasticsearch_first = {PUBLIC_BACKEND: backends[PUBLIC_BACKEND], "default": backends["default"]}
    IndexEntry.objects.all().delete()
    with override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_first):
        with pytest.raises(CommandError, match="elasticsearch"):
            call_command("update_index", verbosity=0)
    assert IndexEntry.objects.filter(object_id=str(MethodPage.objects.get(method_id="exit-fryshuset").pk)).exists()
    registry.forget()


def test_the_dashboard_tells_administrators_why_the_index_cannot_answer(client, cluster, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.se", "lösenord-för-test-123")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert "Sökindexet i Elasticsearch kan inte svara: Indexet metodbanken_wagtailcore_page finns inte." in page
    call_command("update_index", backend_name=PUBLIC_BACKEND, verbosity=0)
    assert "Sökindexet i Elasticsearch" not in client.get("/admin/").content.decode()


# --- facet counts from the engine's aggregations ---------------------------------------------------

FACET_PARAMS = [
    {},
    {"setting": ["anstalt"]},
    {"setting": ["anstalt", "frivard"]},
    {"setting": ["anstalt"], "target_group": ["lagforda", "unga-under-18"], "fakta": ["anvands-inom-kriminalvarden"]},
    {"environment": ["vit-makt", "islamistiska"], "mapped_by": ["cve"]},
    {"evidence": ["lovande"], "fakta": ["anvands-inom-sis"]},
    {"keyword": ["avhopp", "samverkan"], "fakta": ["anvands-inom-socialtjansten"]},
]


def shown_facets(params):
    """Every facet value as the search page shows it: (dimension, value, count, ticked)."""
    from django.http import QueryDict

    from search.forms import SearchForm
    from search.results import MethodSearch

    data = QueryDict(mutable=True)
    for key, values in params.items():
        data.setlist(key, values)
    form = SearchForm(data)
    assert form.is_valid(), form.errors
    search = MethodSearch(form.query())
    return [
        (facet.dimension.key, value.term.slug, value.count, value.selected)
        for facet in search.facets()
        for value in [*facet.values, *facet.more]
    ], search


@pytest.mark.parametrize("params", FACET_PARAMS, ids=lambda p: "-".join(f"{k}-{'-'.join(v)}" for k, v in p.items()))
def test_facet_counts_from_aggregations_equal_the_tag_index(indexed, params, make_method):
    make_method(title="Utkast på anstalt", publish=False, settings=["anstalt"], target_groups=["lagforda"])
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends("")):
        expected, _ = shown_facets(params)
    shown, search = shown_facets(params)
    assert search._aggregated is not None  # counted by the engine
    assert [r for r in indexed.searches() if r.body.get("size") == 0]
    assert shown == expected
    assert any(count for _, _, count, _ in shown)


def test_facet_aggregations_count_only_what_the_database_lets_the_public_see(client, indexed, make_method):
    draft = make_method(title="Hemligt utkast", publish=False, settings=["hakte"])
    call_command("update_index", backend_name=PUBLIC_BACKEND, verbosity=0)  # the draft is in the index too
    registry.forget()
    indexed.requests.clear()
    indexed.hits = [(draft.pk, 5.0), (MethodPage.objects.get(method_id="exit-fryshuset").pk, 1.0)]
    response = client.get("/sok/", {"q": "qwzxv"})
    aggregation = next(r for r in indexed.searches() if r.body.get("size") == 0)
    base = aggregation.body["query"]["bool"]["filter"]
    exit_pk = str(MethodPage.objects.get(method_id="exit-fryshuset").pk)
    assert base[1] == {"terms": {"pk": [exit_pk]}}  # the visible matches the database kept, not the hits
    hakte = next(v for f in response.context["facets"] for v in f.values if v.term.slug == "hakte")
    assert hakte.count == 0


def test_without_a_text_the_hidden_methods_are_excluded_by_key(indexed, make_method):
    draft = make_method(title="Hemligt utkast", publish=False)
    _, search = shown_facets({})
    aggregation = next(r for r in indexed.searches() if r.body.get("size") == 0)
    base = aggregation.body["query"]["bool"]["filter"][1]
    assert str(draft.pk) in base["bool"]["must_not"][0]["terms"]["pk"]


def test_facets_are_counted_from_the_tag_index_when_the_engine_fails(client, indexed):
    indexed.indexes.clear()  # the index is gone: the health check fails, the tag index counts
    registry.forget()
    shown, search = shown_facets({"setting": ["anstalt"]})
    assert search._aggregated is None
    assert any(count for _, _, count, _ in shown)
