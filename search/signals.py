"""Index-side analysis: fill a method's ``search_terms`` (Swedish stems and compound parts) before it is saved.

The search app owns the analysis; the content model only stores the result, which
every search backend then indexes.
"""

from django.db.models.signals import pre_save

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


def connect():
    pre_save.connect(fill_search_terms, sender=MethodPage, dispatch_uid="search-fill-search-terms")
