"""Import throughput and the public site during an import, on SQLite.

    .venv/bin/python bench/import.py --rows 1000 [--rows 10000]

For each size: a fresh SQLite database (migrate, demo site), a CSV of N methods made
from the bundled records with new ids, gunicorn with two workers serving the database and
the task worker (``db_worker``, as ``make run`` starts it), then ``import_methods FILE
--publish`` in another process while a client on loopback asks the public site for pages,
searches and exports. Prints rows/s until the import has written every row, the seconds
until the worker has also indexed them (the task queue drained: every new method
searchable) and the public requests that failed in all that time; the results go to
bench/results/import-<N>.json.
"""

import argparse
import csv
import io
import json
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

from tests.serving import build_demo_site, free_port, site_env, start_gunicorn, stop, wait_until_up  # noqa: E402

PUBLIC = ["/", "/sok/", "/sok/?q=avhoppare", "/sok/?setting=anstalt", "/metoder/exit-fryshuset/", "/api/v1/methods/"]


def corpus(n):
    rows = list(csv.reader(io.StringIO((ROOT / "methods" / "fixtures" / "methods.csv").read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rows[0])
    for i in range(n):
        row = rows[1 + i % (len(rows) - 1)]
        writer.writerow([f"{row[0]}-{i}", f"{row[1]} ({i})", *row[2:]])
    return out.getvalue()


def run(n):
    workdir = RESULTS / f"import-{n}"
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "site.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {**site_env(f"sqlite:///{db}"), "TASKS_BACKEND": "database"}
    build_demo_site({**env, "TASKS_BACKEND": "immediate"})
    data = workdir / "methods.csv"
    data.write_text(corpus(n), encoding="utf-8")
    port = free_port()
    server = start_gunicorn(env, port, 2)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-reload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "worker.log", "w"),  # noqa: SIM115 (closed with the process)
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    stats = {"requests": 0, "failed": 0, "statuses": {}}
    done = threading.Event()

    def client():
        i = 0
        while not done.is_set():
            path = PUBLIC[i % len(PUBLIC)]
            i += 1
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = "error"
            stats["requests"] += 1
            stats["statuses"][str(status)] = stats["statuses"].get(str(status), 0) + 1
            if status != 200:
                stats["failed"] += 1

    try:
        assert wait_until_up(base + "/sok/"), "gunicorn did not start"
        thread = threading.Thread(target=client)
        thread.start()
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "manage.py", "import_methods", str(data), "--publish"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        while pending_tasks(db):
            time.sleep(0.5)
        indexed = time.perf_counter() - started
        done.set()
        thread.join()
    finally:
        stop(server)
        stop(worker)
    summary = {
        "rows": n,
        "seconds": round(seconds, 1),
        "rows_per_s": round(n / seconds, 1),
        "seconds_until_indexed": round(indexed, 1),
        "tasks_failed": failed_tasks(db),
        "import_output": (result.stdout + result.stderr).strip()[-300:],
        "public_requests": stats["requests"],
        "public_failed": stats["failed"],
        "public_statuses": stats["statuses"],
    }
    (RESULTS / f"import-{n}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print(json.dumps(summary, ensure_ascii=False, indent=2))


def pending_tasks(db):
    """Tasks the worker has still to run (search index and reference index updates)."""
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
        ).fetchone()[0]


def failed_tasks(db):
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
        ).fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, action="append", default=[])
    args = parser.parse_args()
    for n in args.rows or [1000]:
        run(n)


if __name__ == "__main__":
    main()
