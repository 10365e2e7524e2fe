"""Publishing a revision the caller has just saved from a page it still holds.

Wagtail's ``revision.publish()`` reads the page back from the revision's JSON before it
publishes it (``revision.as_object()``: the page row, then every tag and related object
looked up again). The import has the page in memory, exactly as it saved the revision
from it, so ``publish_saved`` runs Wagtail's own publish action on that page instead: the
same checks, fields, save, signals, workflow and audit log, without the round trip (about
a quarter of an imported row's time).

A page created a moment ago from the same content (``add_child``, then ``save_revision``
with validation) already holds in its row and relations everything the revision says.
With ``content_written=True`` the publish action's save writes only the fields publishing
changes, unvalidated (``save_revision`` has just validated the content): no second
validation, no slug check reading the row back, no rewrite of every tag and relation.
"""

from contextlib import contextmanager
from functools import partial

from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.permissions import policy_registry

# What PublishRevisionAction._publish_revision sets on the object before it saves it.
PUBLISHING_FIELDS = (
    "live",
    "has_unpublished_changes",
    "expired",
    "first_published_at",
    "last_published_at",
    "live_revision",
)


class PublishSavedRevision(PublishPageRevisionAction):
    """``PublishPageRevisionAction`` for ``revision``, taking its page as ``page`` (the object it was saved from)."""

    def __init__(self, revision, page, user=None, changed=True, log_action=True, content_written=False):
        if str(revision.object_id) != str(page.pk) or page.latest_revision_id != revision.pk:
            raise ValueError("publish_saved needs the page the revision was just saved from")
        # What PublishRevisionAction.__init__ sets, with the page given rather than rebuilt from the revision.
        self.revision = revision
        self.object = page
        self.instance = page
        self.user = user
        self.permission_policy = policy_registry.get(page)
        self.changed = changed
        self.log_action = log_action
        self.previous_revision = None
        self.content_written = content_written

    def _publish_revision(self, revision, object, *args, **kwargs):
        if not self.content_written:
            return super()._publish_revision(revision, object, *args, **kwargs)
        with _saving_only(object, PUBLISHING_FIELDS):
            return super()._publish_revision(revision, object, *args, **kwargs)


@contextmanager
def _saving_only(page, fields):
    """While inside, ``page.save()`` writes ``fields`` alone, without validation; afterwards it is the model's again."""
    page.save = partial(type(page).save, page, clean=False, update_fields=list(fields))
    try:
        yield
    finally:
        del page.save


def publish_saved(revision, page, user=None, skip_permission_checks=False, content_written=False):
    """Publish ``revision``, just saved from ``page`` (``page.save_revision()``), as Wagtail's publish would.

    ``content_written``: the page row and its relations already hold the revision's
    content (the page was created from it just now), so only the publishing fields are written.
    """
    action = PublishSavedRevision(revision, page, user=user, content_written=content_written)
    return action.execute(skip_permission_checks=skip_permission_checks)
