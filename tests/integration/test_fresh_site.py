"""A site built with ``migrate`` alone (no demo), as an institution starting from nothing would build it."""

import json
import subprocess

from tests.serving import MANAGE, ROOT, manage, site_env

REPORT = """
import json
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Workflow
from methods.models import MethodIndexPage, MethodPage, CollectionIndexPage
index = MethodIndexPage.objects.get()
workflow = Workflow.objects.get(name="Granskning")
print(json.dumps({
    "groups": sorted(Group.objects.values_list("name", flat=True)),
    "page_permissions": sorted(
        [p.group.name, p.permission.codename, p.page.specific_class.__name__]
        for p in GroupPagePermission.objects.select_related("group", "permission", "page")
    ),
    "workflow_on_index": index.get_workflow() == workflow,
    "task_groups": [list(t.specific.groups.values_list("name", flat=True)) for t in workflow.tasks.all()],
    "collections": CollectionIndexPage.objects.count(),
    "methods": MethodPage.objects.count(),
    "live": MethodPage.objects.live().public().count(),
}))
"""


def test_migrate_alone_gives_page_tree_editorial_groups_workflow_and_an_import_that_publishes(tmp_path):
    env = site_env(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    manage(env, "migrate", "--noinput", "-v0")

    def report():
        out = subprocess.run([*MANAGE, "shell", "-c", REPORT], env=env, cwd=ROOT, check=True, capture_output=True)
        return json.loads(out.stdout.decode().strip().splitlines()[-1])

    fresh = report()
    assert {"Granskare", "Redaktörer"} <= set(fresh["groups"])  # beside Wagtail's own Editors and Moderators
    assert ["Granskare", "publish_page", "MethodIndexPage"] in fresh["page_permissions"]
    assert ["Redaktörer", "change_page", "MethodIndexPage"] in fresh["page_permissions"]
    assert not [p for p in fresh["page_permissions"] if p[0] == "Redaktörer" and p[1] == "publish_page"]
    assert fresh["workflow_on_index"] and fresh["task_groups"] == [["Granskare"]]
    assert fresh["collections"] == 1 and fresh["methods"] == 0

    manage(env, "import_methods", str(ROOT / "methods" / "fixtures" / "methods.csv"), "--publish", "-v0")
    after = report()
    assert after["methods"] == after["live"] == 44
