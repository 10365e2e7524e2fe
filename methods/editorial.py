"""Editorial set-up: groups, their permissions on the method section, and the review workflow.

The groups, the workflow and its task are created by a migration (0004) so every
database has them. Page permissions and the workflow assignment need the method index
page, which the demo loader (or an administrator) creates; ``ensure_editorial_setup``
grants and assigns them and is safe to run again.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

EDITORS = "Redaktörer"
REVIEWERS = "Granskare"
WORKFLOW = "Granskning"

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def ensure_editorial_setup(section):
    """Grant the editorial groups their permissions on ``section`` and assign the review workflow to it."""
    for group_name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)
    workflow = Workflow.objects.get(name=WORKFLOW)
    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
