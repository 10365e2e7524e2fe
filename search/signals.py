"""Index-side analysis and index updates of method pages.

``fill_search_terms``: a method's ``search_terms`` (Swedish stems and compound parts),
filled before it is saved. The search app owns the analysis; the content model only
stores the result, which every search backend then indexes.

``queue_index_update``: after a save, the index update that modelsearch would queue
(``MethodPage.search_auto_update`` is off), unless the save is part of a batch
(``methods.batching``): then one update per page is queued when the batch ends.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

from methods.batching import collect, pages_saved
from methods.models import MethodPage

from .analysis import analyze_method, method_texts


def fill_search_terms(sender, instance, raw=False, update_fields=None, **kwargs):
    # A save of named fields that leaves search_terms out (Wagtail's save_revision) stores no analysis.
    if raw or (update_fields is not None and "search_terms" not in update_fields):
        return
    # A page saved again with the same texts (created, then published: an import's row) keeps its analysis.
    texts = method_texts(instance)
    analysed = getattr(instance, "_search_terms_of", None)
    if analysed is not None and analysed[0] == texts and instance.search_terms == analysed[1]:
        return
    instance.search_terms = analyze_method(instance, texts)
    instance._search_terms_of = (texts, instance.search_terms)


def queue_index_update(sender, instance, raw=False, **kwargs):
    if raw or collect(instance):
        return
    post_save_signal_handler(instance)


def queue_batch_index_updates(sender, pages, **kwargs):
    for page in pages:
        post_save_signal_handler(page)


def connect():
    pre_save.connect(fill_search_terms, sender=MethodPage, dispatch_uid="search-fill-search-terms")
    post_save.connect(queue_index_update, sender=MethodPage, dispatch_uid="search-queue-index-update")
    post_delete.connect(post_delete_signal_handler, sender=MethodPage, dispatch_uid="search-remove-from-index")
    pages_saved.connect(queue_batch_index_updates, dispatch_uid="search-queue-batch-index-updates")
