"""A hung or absent Elasticsearch: searches answer from the database at once after the breaker opens, index
updates are recorded instead of lost, and check_search_index reports and repairs them.

No Elasticsearch server runs here: a loopback socket that accepts connections and never
answers plays the hung cluster, and a closed port the absent one.
"""

import socket
import threading

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from methods.models import MethodPage
from search import breaker
from search.backends import search_backends
from search.models import PendingIndexUpdate

pytestmark = pytest.mark.django_db
CLOSED_PORT_URL = "http://127.0.0.1:9"


class HungServer:
    """Accepts TCP connections on loopback and never answers; counts them."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(50)
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}"

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.socket.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def hung():
    """A hung cluster, and a circuit breaker that has seen nothing of it yet (and forgets it afterwards)."""
    breaker.reset()
    server = HungServer()
    yield server
    server.close()
    breaker.reset()


@pytest.fixture
def absent():
    """No cluster at all (a closed port), with a fresh circuit breaker."""
    breaker.reset()
    yield CLOSED_PORT_URL
    breaker.reset()


def test_after_three_time_outs_searches_stop_waiting_for_a_hung_cluster(client, hung):
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(hung.url, timeout=1)):
        for _ in range(3):
            assert client.get("/sok/", {"q": "avhoppare"}).status_code == 200
        tried = len(hung.connections)
        assert tried >= 3
        for _ in range(5):
            response = client.get("/sok/", {"q": "avhoppare"})
            assert response.status_code == 200 and response.context["total"] > 0
        assert len(hung.connections) == tried  # the open breaker sent nothing more to the cluster
        assert breaker.breaker().is_open


def test_index_updates_are_recorded_and_reported_while_the_cluster_is_away(make_method, absent):
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(absent, timeout=1)):
        page = make_method(title="Sparad under avbrott")  # the save succeeds
        assert PendingIndexUpdate.objects.filter(object_id=str(page.pk)).exists()
        with pytest.raises(CommandError, match="Väntande uppdateringar: 1"):
            call_command("check_search_index", "--repair", verbosity=0)
    assert MethodPage.objects.filter(pk=page.pk, live=True).exists()
    assert PendingIndexUpdate.objects.filter(object_id=str(page.pk)).exists()  # still waiting, not lost


def test_dashboard_warns_administrators_about_waiting_updates(client, make_method, django_user_model, absent):
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(absent, timeout=1)):
        make_method(title="Sparad under avbrott")
    admin = django_user_model.objects.create_superuser("admin", "a@example.se", "lösenord-för-test-123")
    client.force_login(admin)
    assert "väntar på att skrivas till sökindexet" in client.get("/admin/").content.decode()
