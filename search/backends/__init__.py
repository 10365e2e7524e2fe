"""Search backend configuration.

Without ``ELASTICSEARCH_URL`` Wagtail's database backend serves search (SQLite FTS5 on
the embedded default, PostgreSQL full text search on PostgreSQL). With it, Wagtail's
Elasticsearch 9 backend is the default and the database backend is kept up to date
beside it as the ``database`` backend, which answers when Elasticsearch cannot.

The Elasticsearch index gets Swedish analysis through ``INDEX_SETTINGS``: the default
analyzer lower-cases, splits compounds with the same word list as the embedded
analyser (``dictionary_decompounder``), stems with the Swedish stemmer and folds
diacritics, so raw titles and the pre-analysed ``search_terms`` field are both
matched in Swedish.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _word_list():
    lines = (DATA_DIR / "sv_words.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def swedish_index_settings():
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "swedish_stemmer": {"type": "stemmer", "language": "swedish"},
                    "swedish_decompounder": {
                        "type": "dictionary_decompounder",
                        "word_list": _word_list(),
                        "min_subword_size": 3,
                        "only_longest_match": False,
                    },
                },
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "swedish_decompounder", "swedish_stemmer", "asciifolding"],
                    },
                },
            }
        }
    }


# On PostgreSQL the database backend uses the built-in ``swedish`` text search
# configuration (SQLite's FTS5 backend takes no configuration and ignores it). The
# analysed ``search_terms`` are already Swedish stems; PostgreSQL's Swedish stemmer
# leaves them as they are and adds Swedish stemming of the raw title.
DATABASE_BACKEND = {"BACKEND": "search.backends.database", "AUTO_UPDATE": True, "SEARCH_CONFIG": "swedish"}


def search_backends(elasticsearch_url="", timeout=2):
    """The WAGTAILSEARCH_BACKENDS setting for an Elasticsearch URL (or none)."""
    if not elasticsearch_url:
        return {"default": dict(DATABASE_BACKEND)}
    return {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [elasticsearch_url],
            "INDEX_PREFIX": "metodbanken_",
            "TIMEOUT": timeout,
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
            "INDEX_SETTINGS": swedish_index_settings(),
            "AUTO_UPDATE": True,
        },
        "database": dict(DATABASE_BACKEND),
    }
