"""Search statistics from a served site: a gunicorn worker's background thread writes them, requests never do."""

import sqlite3
import time
import urllib.request

from tests.serving import build_demo_site, free_port, site_env, start_gunicorn, stop, wait_until_up


def test_a_worker_writes_zero_result_counts_in_the_background(tmp_path):
    db = tmp_path / "site.sqlite3"
    env = {**site_env(f"sqlite:///{db}"), "SEARCH_LOG_FLUSH_SECONDS": "1"}
    build_demo_site(env)
    port = free_port()
    server = start_gunicorn(env, port, 1)
    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_until_up(base + "/sok/")
        for _ in range(3):
            urllib.request.urlopen(base + "/sok/?q=xqzxqz", timeout=30).read()
        counts = []
        for _ in range(50):
            with sqlite3.connect(db) as connection:
                counts = connection.execute("SELECT query, zero_results, count FROM search_searchquerystat").fetchall()
            if counts and counts[0][2] == 3:  # the three may come in one flush or in two
                break
            time.sleep(0.2)
        assert counts == [("xqzxqz", 1, 3)]
    finally:
        stop(server)
