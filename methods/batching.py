"""Saving many method pages in one go: what each save would queue runs once per page instead.

An imported method is saved three times (created, its revision, published), and each
save would queue its own search index update. Inside ``collecting_saves()`` the search
app's save handler hands the page to ``collect`` instead; when the block ends (inside the
caller's transaction, so the updates are queued with the rows they describe, or not at
all) ``pages_saved`` is sent once with every page saved in it, each once. The search app
(``search.signals``) queues their index updates then.

A ContextVar rather than a process-wide switch: a save in another thread or request of the
same process is indexed as usual.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

# Sent when a ``collecting_saves()`` block ends without an error, with ``pages``: the method pages
# saved in the block, once each, as last saved.
pages_saved = Signal()

_collected = ContextVar("metodbanken_collected_pages", default=None)


@contextmanager
def collecting_saves():
    if _collected.get() is not None:  # nested: the outer block sends the pages
        yield
        return
    pages = {}
    token = _collected.set(pages)
    try:
        yield
    finally:
        _collected.reset(token)
    if pages:
        pages_saved.send(sender=collecting_saves, pages=list(pages.values()))


def collect(page):
    """Keep ``page`` for the end of the current ``collecting_saves()`` block; False outside one."""
    pages = _collected.get()
    if pages is None:
        return False
    pages[page.pk] = page
    return True
