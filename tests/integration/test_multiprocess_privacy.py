"""Privacy and labels in every process: gunicorn with three workers, changes made from outside them.

The site is served from its own database (a SQLite file, or a fresh PostgreSQL database
when DATABASE_URL points at a PostgreSQL server). Every worker is warmed first; then a
separate process restricts one method, moves one under a login-restricted section,
unpublishes one and renames a vocabulary term. Every public channel is then asked
often enough that every worker answers: none may show or count the hidden methods,
and all must show the new label.
"""

import io
import json
import os
import re
import urllib.error
import urllib.request
import uuid
import zipfile

import pytest
from openpyxl import load_workbook

from tests.serving import build_demo_site, free_port, manage, site_env, start_gunicorn, stop, wait_until_up

WORKERS = 3
ROUNDS = 4 * WORKERS  # requests per URL after the change
HIDDEN = {
    "restricted": "exit-fryshuset",  # also an editors' pick and in the demo collection
    "moved": "mentorskap-avhoppare",
    "unpublished": "anhorigstod",
}
NEW_LABEL = "Kriminalvårdsanstalt (omdöpt)"

CHANGE = f"""
from wagtail.models import PageViewRestriction
from methods.models import HomePage, MethodIndexPage, MethodPage, Setting
restricted = MethodPage.objects.get(method_id={HIDDEN["restricted"]!r})
PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
home = HomePage.objects.get()
internal = MethodIndexPage(title="Internt", slug="internt")
home.add_child(instance=internal)
internal.save_revision().publish()
PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
MethodPage.objects.get(method_id={HIDDEN["moved"]!r}).move(internal, pos="last-child")
MethodPage.objects.get(method_id={HIDDEN["unpublished"]!r}).unpublish()
Setting.objects.filter(slug="anstalt").update(name={NEW_LABEL!r})
"""


def _database_url(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_path / 'site.sqlite3'}", None
    import psycopg

    name = f"metodbanken_mp_{uuid.uuid4().hex[:8]}"
    base, _sep, _db = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}", (base, name)


def _drop(database):
    if database is None:
        return
    import psycopg

    base, name = database
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("multiprocess")
    url, database = _database_url(tmp_path)
    env = site_env(url)
    build_demo_site(env)
    port = free_port()
    server = start_gunicorn(env, port, WORKERS)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until_up(base + "/sok/"), "gunicorn did not start"
        yield base, (lambda code: manage(env, "shell", "-c", code))
    finally:
        stop(server)
        _drop(database)


def _get(url):
    request = urllib.request.Request(url, headers={"Connection": "close"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def _text(body, content_type):
    """Readable text of any response: zip members and spreadsheet cells included."""
    if "zip" in content_type:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    if "spreadsheetml" in content_type:
        sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        return "\n".join(" ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True))
    return body.decode("utf-8")


CHANNELS = [
    "/",
    "/sok/",
    "/sok/?q=avhoppare",
    "/sok/?q=exit",
    "/sok/?q=anh%C3%B6riga",
    "/sok/?setting=anstalt",
    "/sok/autocomplete/?q=exit",
    "/sok/autocomplete/?q=mentor",
    "/sok/autocomplete/?q=anh",
    *[f"/sok/export/?format={fmt}" for fmt in ("csv", "json", "ris", "xlsx", "zip")],
    "/api/v1/methods/?page_size=100",
    "/api/v1/vocabularies/",
    "/metoder/feed/",
    "/sitemap.xml",
    "/evidenskarta/",
    "/metoder/",
    "/samlingar/stod-till-avhoppare/",
    "/samlingar/stod-till-avhoppare/export/?format=json",
    "/metoder/konsultationsteam-avhoppare/",  # related methods
    "/metoder/frigivningsforberedelser/",  # tagged with the renamed term; its article is cached per worker
]
# Pages that must show the new label: the search page, the vocabularies, a cached method page article.
LABELLED = ("/sok/", "/api/v1/vocabularies/", "/metoder/frigivningsforberedelser/")


def _mentions(text, method_id):
    return re.search(rf"(?<![a-z0-9-]){re.escape(method_id)}(?![a-z0-9-])", text) is not None


def test_every_channel_in_every_worker_follows_the_database(served):
    base, run_elsewhere = served
    # Before: the methods are public (so the test can see a leak), and every worker has served every channel.
    listing = json.loads(_get(base + "/api/v1/methods/?page_size=100")[1])
    assert listing["count"] == 44
    assert all(_mentions(json.dumps(listing), method_id) for method_id in HIDDEN.values())
    # Each hidden method's own page too, so that every worker holds its article in its cache.
    own_pages = [f"/metoder/{method_id}/" for method_id in HIDDEN.values()]
    for _ in range(2 * WORKERS):
        for path in CHANNELS + own_pages:
            assert _get(base + path)[0] == 200, path

    run_elsewhere(CHANGE)

    leaks, stale, errors = [], [], []
    for _ in range(ROUNDS):
        for path in CHANNELS + [f"/api/v1/methods/{method_id}/" for method_id in HIDDEN.values()]:
            status, body, content_type = _get(base + path)
            if path.startswith("/api/v1/methods/") and path.rstrip("/").rsplit("/", 1)[-1] in HIDDEN.values():
                if status != 404:
                    leaks.append((path, status))
                continue
            if status != 200:
                errors.append((path, status))
                continue
            text = _text(body, content_type)
            leaks.extend((path, m) for m in HIDDEN.values() if _mentions(text, m))
            if path.startswith("/metoder/") and path in LABELLED:
                text = text[text.index('<article class="method">') : text.index("</article>")]  # not the related cards
            if path in LABELLED and NEW_LABEL not in text:
                stale.append(path)
        listing = json.loads(_get(base + "/api/v1/methods/?page_size=100")[1])
        if listing["count"] != 41:
            leaks.append(("count", listing["count"]))
        html = _get(base + "/sok/")[1].decode()
        if not re.search(r'id="results-heading"[^>]*>\s*41 metoder', html):
            leaks.append(("search total", re.search(r'id="results-heading"[^>]*>\s*(\d+)', html).group(1)))
    assert errors == []
    assert leaks == []
    assert stale == []
    # Each hidden method's own page refuses the public (login restriction, or gone), in every worker.
    for _ in range(2 * WORKERS):
        for method_id in HIDDEN.values():
            status, body, _type = _get(f"{base}/metoder/{method_id}/")
            assert status in (302, 404) or "login" in body.decode(errors="replace").lower()
