"""Editorial groups (Redaktörer, Granskare) and the review workflow "Granskning"."""

from django.db import migrations

EDITORS = "Redaktörer"
REVIEWERS = "Granskare"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    for group in (editors, reviewers):
        group.permissions.add(access_admin)
    # Import of spreadsheets (admin view) and the review report need these model permissions.
    method_type, _ = ContentType.objects.get_or_create(app_label="methods", model="methodpage")
    for codename, name in [("add_methodpage", "Can add metod"), ("change_methodpage", "Can change metod")]:
        permission, _ = Permission.objects.get_or_create(
            content_type=method_type, codename=codename, defaults={"name": name}
        )
        editors.permissions.add(permission)
        reviewers.permissions.add(permission)
    # Editors may add free keywords and source documents; vocabularies stay with administrators.
    for model in ("keyword", "sourcedocument", "organisation"):
        model_type, _ = ContentType.objects.get_or_create(app_label="methods", model=model)
        for action in ("add", "change"):
            permission, _ = Permission.objects.get_or_create(
                content_type=model_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
            )
            editors.permissions.add(permission)
            reviewers.permissions.add(permission)

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name="Granskning av metod").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Granskning av metod", active=True, content_type=task_type)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name="Granskning", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0003_collections"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
