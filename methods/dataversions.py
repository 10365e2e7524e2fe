"""Tokens the database changes on every write to a group of tables, set by triggers.

``DataVersion`` rows hold one token per group; a trigger on each watched table gives the
group a new random token on every insert, update or delete, whichever process or
statement made it (a rolled-back change leaves the old token, and the next change
draws a new one). In-process indexes are keyed by these tokens and read them on every
use (``current_tokens``), so they are never older than the database.

Django rebuilds SQLite tables for some schema changes, which drops their triggers; so
``ensure_triggers`` also runs after every ``migrate`` and creates what is missing.
"""

import contextvars
import secrets
from contextlib import contextmanager

from django.db import connection as default_connection

# Within one read-only request the tokens are read once (``one_reading``); everywhere else, on every use.
_reading = contextvars.ContextVar("data_version_reading", default=None)

WATCHED = {
    "tags": [
        "methods_taggedsetting",
        "methods_taggedtargetgroup",
        "methods_taggedmappedby",
        "methods_taggedpreventionlevel",
        "methods_taggedenvironment",
        "methods_taggedkeyword",
    ],
    "methods": ["methods_methodpage"],
    "terms": [
        "methods_setting",
        "methods_targetgroup",
        "methods_mappedby",
        "methods_preventionlevel",
        "methods_environment",
        "methods_keyword",
        "methods_evidencelevel",
    ],
    # Everything else a method page shows: the page tree and its rows (titles, addresses, publishing),
    # references, sources and their organisations, outcome ratings. Keys cached method pages.
    "pages": [
        "wagtailcore_page",
        "methods_methodreference",
        "methods_methodreference_outcomes",
        "methods_methodsource",
        "methods_outcomerating",
        "methods_outcome",
        "methods_sourcedocument",
        "methods_organisation",
    ],
    # Wagtail's search index on the database (full-text scores of recent queries are cached under it).
    "index": ["wagtailsearch_indexentry"],
}


def watch(name, tables):
    """Give another app's tables a token group of their own (called from its ``AppConfig.ready``).

    The triggers are created by the next ``migrate``; until then ``current_tokens()`` has no
    entry for ``name``, and callers must treat that as "unknown" (read the database).
    """
    WATCHED[name] = list(tables)


def ensure_triggers(connection=None, **kwargs):
    connection = connection or default_connection
    vendor = connection.vendor
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for name, tables in WATCHED.items():
            cursor.execute("SELECT COUNT(*) FROM methods_dataversion WHERE name = %s", [name])
            if not cursor.fetchone()[0]:
                # A random first token: keys built from tokens never repeat those of another database.
                cursor.execute(
                    "INSERT INTO methods_dataversion (name, token) VALUES (%s, %s)", [name, secrets.randbits(62)]
                )
            if vendor == "postgresql":
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION methods_bump_{name}() RETURNS trigger AS $$ BEGIN "
                    f"UPDATE methods_dataversion SET token = floor(random() * 9e18)::bigint WHERE name = '{name}'; "
                    "RETURN NULL; END $$ LANGUAGE plpgsql"
                )
            # A table a later migration creates gets its trigger from the run after that migration.
            for table in (t for t in tables if t in existing):
                if vendor == "postgresql":
                    cursor.execute(
                        f"CREATE OR REPLACE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
                        f"FOR EACH STATEMENT EXECUTE FUNCTION methods_bump_{name}()"
                    )
                elif vendor == "sqlite":
                    for event in ("INSERT", "UPDATE", "DELETE"):
                        cursor.execute(
                            f"CREATE TRIGGER IF NOT EXISTS {table}_version_{event.lower()} AFTER {event} ON {table} "
                            f"BEGIN UPDATE methods_dataversion SET token = random() WHERE name = '{name}'; END"
                        )
                else:
                    raise NotImplementedError(f"No data-version triggers for {vendor}")


def current_tokens():
    """``{group name: token}`` as the database holds them now (one small query; once per read-only request)."""
    memo = _reading.get()
    if memo is not None and "tokens" in memo:
        return memo["tokens"]
    with default_connection.cursor() as cursor:
        cursor.execute("SELECT name, token FROM methods_dataversion")
        tokens = dict(cursor.fetchall())
    if memo is not None:
        memo["tokens"] = tokens
    return tokens


@contextmanager
def one_reading():
    """Read the tokens once for everything inside (a GET or HEAD request, which writes nothing)."""
    reset = _reading.set({})
    try:
        yield
    finally:
        _reading.reset(reset)


class DataVersionMiddleware:
    """Safe requests read the data versions once, when they first need them, at the start of their work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with one_reading():
            return self.get_response(request)
