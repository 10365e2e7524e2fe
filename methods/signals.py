"""Keep the in-memory catalog in step with publishing, privacy and vocabulary changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import catalog


def connect():
    from .dimensions import DIMENSIONS
    from .models import MethodPage

    for signal in (page_published, page_unpublished):
        signal.connect(catalog.invalidate, dispatch_uid=f"catalog-{id(signal)}")
    post_page_move.connect(catalog.invalidate, dispatch_uid="catalog-move")
    for model in [MethodPage, PageViewRestriction] + [d.model for d in DIMENSIONS]:
        post_save.connect(catalog.invalidate, sender=model, dispatch_uid=f"catalog-save-{model.__name__}")
        post_delete.connect(catalog.invalidate, sender=model, dispatch_uid=f"catalog-delete-{model.__name__}")
