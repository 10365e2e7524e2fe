"""Publishing a revision just saved from a page held in memory, as Wagtail's publish would (methods.publishing)."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import PageLogEntry
from wagtail.signals import page_published

from methods.models import EvidenceLevel, MethodPage, Setting
from methods.publishing import publish_saved

pytestmark = pytest.mark.django_db


def draft(make_method, title, settings=("anstalt",)):
    page = make_method(title=title, publish=False, settings=settings)
    return MethodPage.objects.get(pk=page.pk)


def state(page):
    page = MethodPage.objects.get(pk=page.pk)
    return {
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "live_revision": page.live_revision_id == page.latest_revision_id,
        "first_published": page.first_published_at is not None,
        "settings": sorted(page.settings.values_list("slug", flat=True)),
        "summary": page.summary,
        "logged": list(PageLogEntry.objects.filter(page=page).order_by("id").values_list("action", flat=True)),
    }


def test_publish_saved_leaves_the_page_as_wagtails_publish_does(make_method):
    admin = User.objects.create_superuser("granskare", "g@example.se", "lösenord-för-test-123")
    ours, theirs = draft(make_method, "Metod A"), draft(make_method, "Metod B")
    sent = []

    def receiver(sender, instance, **kwargs):
        sent.append(instance.pk)

    page_published.connect(receiver)
    try:
        for page in (ours, theirs):
            page.summary = "Ändrad sammanfattning."
            page.settings.set([Setting.objects.get(slug="frivard")])
        publish_saved(ours.save_revision(user=admin, log_action=True), ours, user=admin)
        theirs.save_revision(user=admin, log_action=True).publish(user=admin)
    finally:
        page_published.disconnect(receiver)
    assert state(ours) == state(theirs)
    assert state(ours)["live"] and state(ours)["settings"] == ["frivard"]
    assert "wagtail.publish" in state(ours)["logged"]
    assert sent == [ours.pk, theirs.pk]
    entry = PageLogEntry.objects.filter(page=ours, action="wagtail.publish").get()
    assert entry.user == admin


def test_publish_saved_checks_the_users_right_to_publish(make_method):
    editor = User.objects.create_user("redaktor", "r@example.se", "lösenord-för-test-123")
    editor.groups.add(Group.objects.get(name="Redaktörer"))
    page = draft(make_method, "Metod C")
    revision = page.save_revision(user=editor)
    with pytest.raises(PublishPagePermissionError):
        publish_saved(revision, page, user=editor)
    assert not MethodPage.objects.get(pk=page.pk).live
    publish_saved(revision, page, user=editor, skip_permission_checks=True)
    assert MethodPage.objects.get(pk=page.pk).live


def test_publish_saved_refuses_a_page_the_revision_was_not_saved_from(make_method):
    page, other = draft(make_method, "Metod D"), draft(make_method, "Metod E")
    revision = page.save_revision()
    with pytest.raises(ValueError):
        publish_saved(revision, other)
    page.save_revision()  # a newer revision: the first is no longer the one just saved
    with pytest.raises(ValueError):
        publish_saved(revision, page)
    assert not MethodPage.objects.filter(pk__in=[page.pk, other.pk], live=True).exists()


def test_publishing_a_page_created_from_the_revision_writes_only_the_publishing_fields(method_index):
    """``content_written``: the state is Wagtail's, and the save neither validates again nor rewrites tags."""
    admin = User.objects.create_superuser("granskare", "g@example.se", "lösenord-för-test-123")
    pages = []
    for title in ("Metod F", "Metod G"):
        slug = title.lower().replace(" ", "-")
        page = MethodPage(title=title, slug=slug, method_id=slug, summary="Kort.", live=False)
        page.evidence_level = EvidenceLevel.objects.get(slug="erfarenhetsbaserad")
        page.settings.set([Setting.objects.get(slug="anstalt")])
        method_index.add_child(instance=page)
        pages.append(page)
    ours, theirs = pages
    revision = ours.save_revision(user=admin, log_action=True)
    with CaptureQueriesContext(connection) as queries:
        publish_saved(revision, ours, user=admin, content_written=True)
    theirs.save_revision(user=admin, log_action=True).publish(user=admin)
    assert state(ours) == state(theirs)
    assert state(ours)["live"] and state(ours)["settings"] == ["anstalt"]
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "wagtailcore_page" SET')]
    assert updates and all('"title"' not in sql and '"live" = ' in sql for sql in updates)
    assert not [q for q in queries.captured_queries if "DELETE" in q["sql"] or 'INTO "methods_tagged' in q["sql"]]
    assert "save" not in vars(ours)  # the page's save is the model's again
