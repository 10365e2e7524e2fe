"""Helpers for tests that serve the site from its own database in another process."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_env(database_url):
    """Environment for a served demo site on ``database_url`` (never Elasticsearch)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "THROTTLE_ENABLED": "false",  # the tests are one client asking many times on purpose
        "TASKS_BACKEND": "immediate",  # no worker process beside these test sites
    }
    env.pop("ELASTICSEARCH_URL", None)
    return env


def manage(env, *args, **kwargs):
    return subprocess.run([*MANAGE, *args], env=env, check=True, cwd=ROOT, **kwargs)


def build_demo_site(env):
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "-v0", stdout=subprocess.DEVNULL)


def start_gunicorn(env, port, workers):
    """gunicorn serving the site on 127.0.0.1:``port`` in its own process group (stop it with ``stop``)."""
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kb.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "-t", "60"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)


def wait_until_up(url, attempts=100):
    """True once ``url`` answers (any HTTP status), False after ``attempts`` tries."""
    for _ in range(attempts):
        try:
            urllib.request.urlopen(url, timeout=5)
            return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.2)
    return False
