"""No public channel shows, links or counts a method the public may not see, for anonymous and logged-in people.

Three hidden methods share a setting, a target group and a keyword with a published one, so every
list, count and "Liknande metoder" box that ignored privacy would show them.
"""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from methods.models import MethodPage

pytestmark = pytest.mark.django_db

# More shared terms than any demo method has with the twin: hidden methods would top its "Liknande metoder".
SETTINGS = ["anstalt", "hakte", "lvm-hem", "frivard"]
GROUPS = ["lagforda", "atervandare", "personal", "anhoriga"]
HIDDEN = {
    "password": ("Hemlig lösenordsmetod", "hemlig-losenord"),
    "login": ("Hemlig inloggningsmetod", "hemlig-inloggning"),
    "draft": ("Hemlig utkastmetod", "hemlig-utkast"),
}
SECRET_SUMMARY = "Zebrakrokodil beskriver det som ingen utanför får läsa."


@pytest.fixture
def hidden(make_method):
    pages = {}
    for kind, (title, method_id) in HIDDEN.items():
        page = make_method(
            title=title,
            method_id=method_id,
            summary=SECRET_SUMMARY,
            publish=kind != "draft",
            settings=SETTINGS,
            target_groups=GROUPS,
        )
        page.keywords.add("zebrakrokodil")
        revision = page.save_revision()
        if kind != "draft":
            revision.publish()
        pages[kind] = page
    PageViewRestriction.objects.create(page=pages["password"], restriction_type="password", password="x")
    PageViewRestriction.objects.create(page=pages["login"], restriction_type="login")
    # A published twin that every "similar methods" box would pair them with.
    twin = make_method(title="Öppen tvillingmetod", method_id="oppen-tvilling", settings=SETTINGS, target_groups=GROUPS)
    twin.keywords.add("zebrakrokodil")
    twin.save_revision().publish()
    for page in pages.values():
        SearchPromotion.objects.create(query=Query.get("zebrakrokodil"), page=page, sort_order=0, description="Tips")
    return pages


def bodies(client, twin_url):
    """Every public channel's response body, by name."""
    get = client.get
    channels = {
        "home": get("/"),
        "method-index": get("/metoder/"),
        "twin-page (related methods)": get(twin_url),
        "search": get("/sok/", {"q": "zebrakrokodil"}),
        "search-all": get("/sok/", {"setting": "anstalt", "target_group": "lagforda"}),
        "search-keyword": get("/sok/", {"keyword": "zebrakrokodil"}),
        "autocomplete": get("/sok/autocomplete/", {"q": "hemlig"}),
        "api-list": get("/api/v1/methods/", {"page_size": 100}),
        "api-vocabularies": get("/api/v1/vocabularies/"),
        "sitemap": get("/sitemap.xml"),
        "feed": get("/metoder/feed/"),
        "gap-map": get("/evidenskarta/", {"q": "zebrakrokodil"}),
        "data-releases": get("/data/"),
    }
    for fmt in ("csv", "json", "ris", "xlsx", "zip"):
        channels[f"export-{fmt}"] = get("/sok/export/", {"q": "zebrakrokodil", "format": fmt})
    out = {}
    for name, response in channels.items():
        assert response.status_code in (200, 400), (name, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if body[:2] == b"PK":  # XLSX and data package: read every member
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                body = b"".join(archive.read(n) for n in archive.namelist())
        out[name] = body.decode("utf-8", "replace")
    return out


def assert_nothing_hidden(client):
    twin = MethodPage.objects.get(method_id="oppen-tvilling")
    for name, text in bodies(client, twin.url).items():
        for title, method_id in HIDDEN.values():
            assert title not in text and method_id not in text, (name, title)
        assert "Zebrakrokodil beskriver" not in text, name
    # The twin is found, so the channels did look.
    search = client.get("/sok/", {"q": "zebrakrokodil"})
    assert [r["method"].method_id for r in search.context["results"]] == ["oppen-tvilling"]
    assert "Redaktionens tips" not in search.content.decode()
    for _title, method_id in HIDDEN.values():
        for path in (f"/api/v1/methods/{method_id}/", f"/citera/{method_id}/"):
            assert client.get(path).status_code == 404, path
        compare = client.get("/jamfor/", {"metod": [method_id, "oppen-tvilling"]}).content.decode()
        main = compare[compare.index("<main") : compare.index("</main>")]  # the address itself echoes the request
        assert "Hemlig" not in compare and "Zebrakrokodil beskriver" not in compare and f'"{method_id}"' not in main


def test_anonymous_people_see_no_hidden_method_anywhere(client, hidden):
    assert_nothing_hidden(client)
    password_page = client.get(hidden["password"].url)
    assert SECRET_SUMMARY not in password_page.content.decode()  # the password form, not the method
    assert client.get(hidden["login"].url).status_code == 302  # to the login page
    assert client.get(f"/metoder/{HIDDEN['draft'][1]}/").status_code == 404


def test_logged_in_staff_see_no_hidden_method_in_public_channels(client, hidden):
    editor = User.objects.create_user("redaktor-test", password="x")
    editor.groups.add(Group.objects.get(name="Redaktörer"))
    client.force_login(editor)
    assert_nothing_hidden(client)
    # Wagtail lets a logged-in person read a login-restricted page itself; lists still leave it out.
    assert SECRET_SUMMARY in client.get(hidden["login"].url).content.decode()
    assert client.get(f"/metoder/{HIDDEN['draft'][1]}/").status_code == 404
