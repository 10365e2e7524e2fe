"""A real site on 127.0.0.1 (its own SQLite database with the demo content) and headless Chromium.

The browser is Debian's /usr/bin/chromium driven by Playwright; no browser is ever
downloaded. Without it the tests are skipped with a message saying so.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.serving import MANAGE, ROOT, build_demo_site, free_port, site_env, wait_until_up

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(os.environ.get("AXE_CORE_PATH", ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"))
ARTIFACTS = ROOT / "test-artifacts"
EDITOR_PASSWORD = "redaktor-lösenord-2026"
REVIEWER_PASSWORD = "granskare-lösenord-2026"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: browser tests skipped (install Debian's chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Base URL of a freshly migrated demo site served by Django's server on loopback."""
    workdir = tmp_path_factory.mktemp("site")
    env = {**site_env(f"sqlite:///{workdir / 'site.sqlite3'}"), "DEBUG": "true"}
    build_demo_site(env)
    manage = MANAGE
    create_editor = (
        "from django.contrib.auth.models import Group, User;"
        f"u = User.objects.create_user('redaktor', 'redaktor@example.se', '{EDITOR_PASSWORD}');"
        "u.groups.add(Group.objects.get(name='Redaktörer'));"
        f"r = User.objects.create_user('granskare', 'granskare@example.se', '{REVIEWER_PASSWORD}');"
        "r.groups.add(Group.objects.get(name='Granskare'))"
    )
    subprocess.run([*manage, "shell", "-c", create_editor], env=env, check=True, cwd=ROOT, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_until_up(url + "/"):
        server.kill()
        pytest.fail("the site did not start")
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site, locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        message = f"axe-core not found at {AXE}: run `npm install --prefix .ci/node axe-core@4` (CI does)"
        if os.environ.get("METODBANKEN_REQUIRE_AXE"):
            pytest.fail(message)  # .ci/run: an accessibility check that did not run is a failure
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def _cleanup_artifacts():
    shutil.rmtree(ARTIFACTS / "screenshots", ignore_errors=True)
