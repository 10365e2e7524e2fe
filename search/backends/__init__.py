"""Search backend configuration.

The ``default`` backend is always Wagtail's database backend (SQLite FTS5 on the embedded
default, PostgreSQL full text search on PostgreSQL). It serves the Wagtail admin (page
search, listings, choosers) and is kept up to date on every save, so the admin keeps
working whatever happens to an external search service.

With ``ELASTICSEARCH_URL``, Wagtail's Elasticsearch 9 backend is added under the name
``elasticsearch`` (``PUBLIC_BACKEND``) and answers public search; when it fails, its circuit
breaker is open or its index is unhealthy, the database backend answers instead
(``search.engine.with_fallback``).

Analysis on Elasticsearch is right by construction (see docs/elasticsearch.md):

- The words of a method are analysed once, in Python (``search.analysis``: Swedish stems,
  compound parts, word families), into the ``search_terms`` field; queries are analysed by
  the same code. Elasticsearch indexes and searches that field with ``metodbanken_terms``,
  which only splits on white space and lower-cases: no second stemming, no decompounding of
  queries. Public queries go to that field only (``ANALYSED_FIELD``), as one compiled query,
  so exclusions exclude.
- The raw text fields (title, summary) use the ``default`` analyzer: Swedish stemming and
  folding of accents, for any other search of them.
- Autocomplete (edge n-grams, folded) gets a search analyzer that folds accents too
  (``autocomplete_search``), so "Källkritik" finds "Källkritik".
"""

PUBLIC_BACKEND = "elasticsearch"
ANALYSED_FIELD = "search_terms"
# Matches a public search reads at most in one request (``index.max_result_window`` is raised to it).
MAX_MATCHES = 100_000


def swedish_index_settings():
    return {
        "settings": {
            # A search reads up to MAX_MATCHES hits in one request; facet counts send up to as many keys.
            "index": {"max_result_window": MAX_MATCHES, "max_terms_count": MAX_MATCHES},
            "analysis": {
                "filter": {
                    "swedish_stemmer": {"type": "stemmer", "language": "swedish"},
                },
                "analyzer": {
                    # Raw text (title, summary, the catch-all field): Swedish stems, accents folded.
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "swedish_stemmer", "asciifolding"],
                    },
                    # ``search_terms`` holds terms search.analysis produced; queries carry the same terms.
                    "metodbanken_terms": {
                        "type": "custom",
                        "tokenizer": "whitespace",
                        "filter": ["lowercase"],
                    },
                    # The query side of autocomplete folds accents as the index side does.
                    "autocomplete_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["asciifolding", "lowercase"],
                    },
                },
            },
        }
    }


# On PostgreSQL the database backend uses the built-in ``swedish`` text search
# configuration (SQLite's FTS5 backend takes no configuration and ignores it). The
# analysed ``search_terms`` are already Swedish stems; PostgreSQL's Swedish stemmer
# leaves them as they are and adds Swedish stemming of the raw title.
DATABASE_BACKEND = {"BACKEND": "search.backends.database", "AUTO_UPDATE": True, "SEARCH_CONFIG": "swedish"}


def client_options(api_key="", ca_certs="", fingerprint="", username="", password="", verify_certs=True):
    """Options for the official Elasticsearch client, from the environment's connection settings.

    Elasticsearch 9 starts with TLS and a self-signed certificate: give its CA certificate
    (``ca_certs``) or the certificate's SHA-256 fingerprint, and an API key or a user.
    """
    options = {"max_retries": 0, "retry_on_timeout": False}
    if api_key:
        options["api_key"] = api_key
    if username:
        options["basic_auth"] = (username, password)
    if ca_certs:
        options["ca_certs"] = ca_certs
    if fingerprint:
        options["ssl_assert_fingerprint"] = fingerprint.replace(":", "").lower()
    if not verify_certs:
        options["verify_certs"] = False
    return options


def search_backends(elasticsearch_url="", timeout=2, options=None):
    """The WAGTAILSEARCH_BACKENDS setting for an Elasticsearch URL (or none)."""
    backends = {"default": dict(DATABASE_BACKEND)}
    if elasticsearch_url:
        backends[PUBLIC_BACKEND] = {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [elasticsearch_url],
            "INDEX_PREFIX": "metodbanken_",
            "TIMEOUT": timeout,
            "OPTIONS": {**client_options(), **(options or {})},
            "INDEX_SETTINGS": swedish_index_settings(),
            "AUTO_UPDATE": True,
        }
    return backends
