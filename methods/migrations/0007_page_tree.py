"""A fresh site has its page tree: home page, method list and collection list, with editorial set-up.

After ``migrate`` alone, ``import_methods FILE --publish`` has a method list to publish
into, the Redaktörer and Granskare groups have their page permissions on it, and the
Granskning workflow is assigned to it. Databases that already have a home page are left
as they are.
"""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's materialised-path alphabet, 4 characters a step
EDITORS = "Redaktörer"
REVIEWERS = "Granskare"
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(4, "0")


def create_tree(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    ContentType = apps.get_model("contenttypes", "ContentType")
    HomePage = apps.get_model("methods", "HomePage")
    MethodIndexPage = apps.get_model("methods", "MethodIndexPage")
    CollectionIndexPage = apps.get_model("methods", "CollectionIndexPage")
    if HomePage.objects.exists():
        return
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    # Wagtail's own "Welcome to your new Wagtail site!" page goes, unless someone built on it.
    page_type = ContentType.objects.get_for_model(Page)
    Page.objects.filter(depth=2, content_type=page_type, numchild=0, slug="home").delete()
    locale = Locale.objects.order_by("pk").first()

    def content_type(model):
        return ContentType.objects.get_or_create(app_label="methods", model=model.__name__.lower())[0]

    def child_path(parent):
        siblings = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
        return parent.path + _step(siblings + 1)

    def add(model, parent, title, slug, introduction):
        page = model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            introduction=introduction,
            content_type=content_type(model),
            path=child_path(parent),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            live=True,
            locale=locale,
        )
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
        parent.numchild += 1
        return page

    home = add(HomePage, root, "Metodbanken", "metodbanken", "")
    home = Page.objects.get(pk=home.pk)
    index = add(MethodIndexPage, home, "Metoder", "metoder", "Alla publicerade metoder i bokstavsordning.")
    add(CollectionIndexPage, home, "Samlingar", "samlingar", "Redaktionellt sammanställda urval av metoder.")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True)
    else:
        site.root_page_id = home.pk
        site.site_name = site.site_name or "Metodbanken"
        site.save()

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for group_name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for codename in codenames:
            permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(group=group, page_id=index.pk, permission=permission)
    workflow = Workflow.objects.filter(name="Granskning").first()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0006_title_sort"),
        ("methods", "0004_editorial_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_tree, migrations.RunPython.noop)]
