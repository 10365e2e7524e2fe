import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

# Sites that tests start in other processes (their settings read the environment) keep their page fragments in a
# temporary directory, never in the working tree.
os.environ.setdefault("FRAGMENT_CACHE_DIR", str(Path(tempfile.gettempdir()) / "metodbanken-test-fragments"))

# Hypothesis keeps no example database, and its caches live outside the working tree (no .hypothesis/).
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "metodbanken-hypothesis")
hypothesis_settings.register_profile("metodbanken", database=None)
hypothesis_settings.load_profile("metodbanken")


# A migrated SQLite database with the demo site, built once by `make mutants`: each of the many short
# test sessions of a mutation run starts from a copy of it instead of migrating and loading the demo.
TEMPLATE_DB = os.environ.get("METODBANKEN_TEST_DB")

if TEMPLATE_DB:

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_blocker):
        from django.conf import settings
        from django.db import connections

        copy = Path(tempfile.mkdtemp(prefix="metodbanken-test-db-")) / "demo.sqlite3"
        shutil.copyfile(TEMPLATE_DB, copy)
        for settings_dict in (settings.DATABASES["default"], connections["default"].settings_dict):
            settings_dict["NAME"] = str(copy)
            settings_dict.setdefault("TEST", {})["NAME"] = str(copy)
        connections["default"].close()
        yield
        shutil.rmtree(copy.parent, ignore_errors=True)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(items):
        """Tests without the database first, each group in the order given (mutmut's: fastest first).

        pytest-django runs database tests before the others, as Django does, so in a mutation
        run a mutant that a quick unit test kills waited for every database test reaching
        its function first. Tests that never touch the database can run in any place.
        """

        def uses_db(item):
            names = getattr(item, "fixturenames", ())
            return bool(item.get_closest_marker("django_db")) or "db" in names or "transactional_db" in names

        items.sort(key=uses_db)

else:

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_setup, django_db_blocker):
        """Every test database starts with the demo site (44 published methods)."""
        with django_db_blocker.unblock():
            call_command("load_demo", verbosity=0)


@pytest.fixture
def method_index(db):
    from methods.models import MethodIndexPage

    return MethodIndexPage.objects.get()


@pytest.fixture
def make_method(method_index):
    """Create (and by default publish) a method page under the method index."""
    from methods.models import EvidenceLevel, MethodPage, Setting, TargetGroup

    counter = {"n": 0}

    def make(title="Testmetod", publish=True, evidence="erfarenhetsbaserad", settings=(), target_groups=(), **fields):
        counter["n"] += 1
        method_id = fields.pop("method_id", f"testmetod-{counter['n']}")
        page = MethodPage(
            title=title,
            slug=method_id,
            method_id=method_id,
            summary=fields.pop("summary", "En kort sammanfattning."),
            evidence_level=EvidenceLevel.objects.get(slug=evidence),
            live=False,
            **fields,
        )
        page.settings.set(list(Setting.objects.filter(slug__in=settings)))
        page.target_groups.set(list(TargetGroup.objects.filter(slug__in=target_groups)))
        method_index.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    return make
