"""Abuse limits: admin login lockout (django-axes), password guesses at protected pages and downloads per client."""

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from wagtail.models import PageViewRestriction

from methods.models import MethodPage

pytestmark = pytest.mark.django_db


def test_admin_login_locks_after_repeated_wrong_passwords(client):
    User.objects.create_user("redaktor", "r@example.se", "rätt-lösenord-2026", is_staff=True)
    statuses = [client.post("/admin/login/", {"username": "redaktor", "password": "fel"}).status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]  # the fifth wrong password locks
    response = client.post("/admin/login/", {"username": "redaktor", "password": "rätt-lösenord-2026"})
    assert response.status_code == 429
    assert "spärrad" in response.content.decode()


def test_password_guesses_at_a_protected_page_are_limited(client):
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemligt-2026"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    statuses = [client.post(url, {"password": f"gissning-{i}", "return_url": page.url}).status_code for i in range(12)]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    response = client.post(url, {"password": "hemligt-2026", "return_url": page.url})
    assert response.status_code == 429  # even the right password waits until the window has passed
    assert "Vänta" in response.content.decode() and int(response["Retry-After"]) > 0


@override_settings(THROTTLE_LIMITS={"search:export": (3, 60)})
def test_downloads_are_limited_per_client(client):
    statuses = []
    for _ in range(5):
        response = client.get("/sok/export/", {"format": "json"}, REMOTE_ADDR="10.0.0.7")
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 429, 429]
    assert client.get("/sok/export/", {"format": "json"}, REMOTE_ADDR="10.0.0.8").status_code == 200


def test_migrate_creates_the_shared_counter_table():
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE metodbanken_throttle")
    call_command("migrate", verbosity=0)
    assert "metodbanken_throttle" in connection.introspection.table_names()
