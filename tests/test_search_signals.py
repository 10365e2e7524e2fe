"""A method's ``search_terms``, filled from search/ before every save that writes it, and its index updates
queued after saves, once per page in a batch (search.signals, methods.batching)."""

import csv
import io
import threading

import pytest

from methods.batching import collect, collecting_saves
from methods.importing import import_file
from methods.models import MethodPage, Setting
from methods.records import IMPORT_COLUMNS
from search.analysis import analyze_method

pytestmark = pytest.mark.django_db


def stored_terms(page):
    return MethodPage.objects.values_list("search_terms", flat=True).get(pk=page.pk).split()


def test_every_save_of_changed_texts_stores_their_analysis(make_method):
    page = make_method(title="Samtalsmetod")
    before = stored_terms(page)
    page.title = "Zygotprogrammet"
    page.save()
    assert "zygotprogram" in stored_terms(page)
    assert stored_terms(page) != before
    assert stored_terms(page) == analyze_method(MethodPage.objects.get(pk=page.pk)).split()
    page.settings.set([Setting.objects.get(slug="frivard")])  # a tag's name is part of the analysed text
    page.save()
    assert stored_terms(page) == analyze_method(MethodPage.objects.get(pk=page.pk)).split()


def test_a_save_of_other_fields_leaves_the_analysis_alone(make_method):
    page = make_method(title="Samtalsmetod")
    before = stored_terms(page)
    page.title = "Zygotprogrammet"
    page.save(update_fields=["draft_title"])  # as Wagtail's save_revision does: the page row's text is not written
    assert stored_terms(page) == before


def test_an_unchanged_page_saved_again_keeps_its_terms_even_if_the_field_was_overwritten(make_method):
    page = make_method(title="Samtalsmetod")
    expected = stored_terms(page)
    page.search_terms = "något annat"
    page.save()
    assert stored_terms(page) == expected


@pytest.fixture
def index_updates(monkeypatch):
    """Primary keys of the pages whose index update is queued, in order (the update itself still runs)."""
    from search import signals

    queued, queue = [], signals.post_save_signal_handler

    def record(instance, **kwargs):
        queued.append(instance.pk)
        queue(instance, **kwargs)

    monkeypatch.setattr(signals, "post_save_signal_handler", record)
    return queued


def test_an_import_queues_one_index_update_per_method_and_they_are_searchable(client, index_updates):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=IMPORT_COLUMNS)
    writer.writeheader()
    for n in (1, 2):
        row = dict.fromkeys(IMPORT_COLUMNS, "")
        row.update(
            id=f"zygotmetod-{n}", title=f"Zygotmetoden {n}", summary="Kort.", evidence_level="erfarenhetsbaserad"
        )
        writer.writerow(row)
    report = import_file(out.getvalue().encode(), "m.csv", publish=True)
    pages = list(MethodPage.objects.filter(method_id__in=report.created).order_by("pk").values_list("pk", flat=True))
    assert len(pages) == 2 and sorted(index_updates) == pages  # three saves each, one update each
    html = client.get("/sok/", {"q": "zygotmetoden"}).content.decode()
    assert "/metoder/zygotmetod-1/" in html and "/metoder/zygotmetod-2/" in html


def test_a_save_outside_a_batch_or_in_another_thread_is_queued_at_once(make_method, index_updates):
    page = make_method(title="Samtalsmetod")
    index_updates.clear()
    page.save()
    assert index_updates == [page.pk]
    index_updates.clear()
    with collecting_saves():
        page.save()
        page.save()
        assert index_updates == []  # kept for the end of the batch
        collected_elsewhere = []
        other = threading.Thread(target=lambda: collected_elsewhere.append(collect(page)))
        other.start()  # another request of the same process: its saves are not the batch's
        other.join()
        assert collected_elsewhere == [False]
    assert index_updates == [page.pk]  # the batch's one update


def test_a_batch_that_fails_queues_nothing(make_method, index_updates):
    page = make_method(title="Samtalsmetod")
    index_updates.clear()
    with pytest.raises(RuntimeError), collecting_saves():
        page.save()
        raise RuntimeError
    assert index_updates == []
