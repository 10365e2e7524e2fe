"""Page tree rules, rendering, privacy and query counts of the public pages."""

import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from methods.models import CollectionIndexPage, CollectionPage, EvidenceLevel, HomePage, MethodIndexPage, MethodPage

pytestmark = pytest.mark.django_db


def test_page_tree_rules():
    assert MethodPage.can_create_at(MethodIndexPage.objects.get())
    assert not MethodPage.can_create_at(HomePage.objects.get())
    assert MethodIndexPage.can_create_at(HomePage.objects.get())
    assert not MethodIndexPage.can_create_at(MethodIndexPage.objects.get())
    assert CollectionIndexPage in HomePage.allowed_subpage_models()
    assert not CollectionIndexPage.can_create_at(HomePage.objects.get())  # only one collection list
    assert CollectionPage.can_create_at(CollectionIndexPage.objects.get())
    assert not CollectionPage.can_create_at(HomePage.objects.get())
    assert not HomePage.can_create_at(HomePage.objects.get())  # only one home page
    assert MethodPage.allowed_subpage_models() == []


@pytest.mark.parametrize(
    "url_getter",
    [
        lambda: HomePage.objects.get().url,
        lambda: MethodIndexPage.objects.get().url,
        lambda: MethodPage.objects.get(method_id="exit-fryshuset").url,
        lambda: CollectionIndexPage.objects.get().url,
        lambda: CollectionPage.objects.get().url,
    ],
    ids=["home", "method-index", "method", "collection-index", "collection"],
)
def test_every_page_type_renders(client, url_getter):
    response = client.get(url_getter())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html and 'id="main"' in html


def test_method_page_shows_tags_evidence_references_and_related(client):
    page = MethodPage.objects.get(method_id="vera-2r")
    html = client.get(page.url).content.decode()
    assert page.title in html
    assert page.evidence_level.label in html
    assert page.evidence_level.description in html  # the definition is shown to users
    assert 'href="/sok/?setting=anstalt"' in html  # tags link to the filtered list
    assert "Evidensen senast granskad" in html
    assert "Liknande metoder" in html
    assert "Källdokument" in html


def test_method_page_with_strong_evidence_lists_its_reference(client):
    page = MethodPage.objects.filter(evidence_level__rank__lte=3).first()
    reference = page.references.first()
    assert reference is not None
    assert reference.title in client.get(page.url).content.decode()


def test_evidence_level_is_required(method_index):
    page = MethodPage(title="Utan evidens", slug="utan-evidens", method_id="utan-evidens", summary="Text.")
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    assert "evidence_level" in excinfo.value.message_dict


def test_method_id_is_unique(make_method):
    make_method(method_id="unik-metod")
    page = MethodPage(
        title="Dubblett",
        slug="dubblett",
        method_id="unik-metod",
        summary="Text.",
        evidence_level=EvidenceLevel.objects.first(),
    )
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    assert "method_id" in excinfo.value.message_dict


def test_method_id_cannot_change_after_publishing(make_method):
    page = make_method(method_id="stabil-metod")
    page.method_id = "ny-identitet"
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    assert "stabil-metod" in str(excinfo.value)


def test_method_id_may_change_before_first_publication(make_method):
    page = make_method(method_id="utkast-metod", publish=False)
    page.method_id = "utkast-metod-2"
    page.full_clean()  # no error


def test_restricted_method_is_hidden_from_anonymous_users(client, make_method):
    page = make_method(title="Hemlig metod om avhoppare", method_id="hemlig-metod")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(page.url).status_code == 302  # redirected to login
    index_html = client.get(MethodIndexPage.objects.get().url).content.decode()
    assert "Hemlig metod" not in index_html
    search_html = client.get("/sok/", {"q": "hemlig"}).content.decode()
    assert "Hemlig metod" not in search_html
    assert "Hemlig" not in client.get("/sok/autocomplete/", {"q": "hemlig"}).content.decode()
    assert "hemlig-metod" not in client.get("/sitemap.xml").content.decode()


def test_unpublished_method_is_not_listed(client, make_method):
    make_method(title="Opublicerad testmetod", method_id="opublicerad", publish=False)
    assert "Opublicerad testmetod" not in client.get("/metoder/").content.decode()
    assert "Opublicerad testmetod" not in client.get("/sok/", {"q": "opublicerad"}).content.decode()


@pytest.mark.parametrize(
    "where",
    ["method index", "/sok/?q=extra+metod", "/sok/?setting=anstalt&sort=updated", "/", "/evidenskarta/", "method page"],
)
def test_lists_of_methods_use_the_same_number_of_queries_whatever_their_length(
    client, django_assert_max_num_queries, make_method, where
):
    """Every list of methods (cards, related methods, counts) reads a bounded number of rows' worth of queries:
    25 more methods, all of them in the list, cost no extra query (no field read per method)."""
    first = make_method(title="Extra metod 0", settings=["anstalt"], target_groups=["vuxna"])
    url = {"method index": MethodIndexPage.objects.get().url, "method page": first.url}.get(where, where)
    client.get(url)  # warm caches (site root paths, tag index)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    baseline = len(few)
    assert baseline <= 25
    for n in range(1, 26):
        make_method(title=f"Extra metod {n}", settings=["anstalt"], target_groups=["vuxna"])
    client.get(url)
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", "", response.content.decode())  # titles may carry <mark>s
    assert "Extra metod" in text or where == "/evidenskarta/"


def test_home_page_links_to_facets_and_latest_methods(client):
    html = client.get("/").content.decode()
    assert 'href="/sok/?setting=sarskilt-ungdomshem"' in html
    assert "Senast uppdaterade metoder" in html
    assert "illustrativa" in html  # the demo evidence disclaimer


def test_print_stylesheet_and_no_inline_script(client):
    html = client.get("/").content.decode()
    assert 'media="print"' in html
    assert "<script>" not in html


def test_welcome_page_replaced_by_home_page():
    assert not Page.objects.filter(depth=2).exclude(pk=HomePage.objects.get().pk).exists()


def test_every_tag_link_on_a_method_page_has_text(client):
    html = client.get(MethodPage.objects.get(method_id="exit-fryshuset").url).content.decode()
    links = __import__("re").findall(r'<a class="tag" href="[^"]+">([^<]*)</a>', html)
    assert links and all(text.strip() for text in links)
    assert 'href="/sok/?keyword=avhopp">avhopp</a>' in html


def test_swedish_by_default_english_under_en(client):
    html = client.get("/sok/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in html and "Sök metoder" in html  # the browser's language does not switch it
    assert '<a href="/en/sok/" lang="en" hreflang="en">English</a>' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/sok/">' in html
    english = client.get("/en/sok/", {"setting": "sarskilt-ungdomshem"})
    html = english.content.decode()
    assert '<html lang="en">' in html and english["Content-Language"] == "en"
    assert "Search methods" in html and "Special youth home (SiS)" in html
    assert '<a href="/sok/?setting=sarskilt-ungdomshem" lang="sv" hreflang="sv">Svenska</a>' in html
    page = client.get("/en/metoder/exit-fryshuset/")
    assert page.status_code == 200 and '<html lang="en">' in page.content.decode()
    assert 'href="/en/sok/?setting=' in page.content.decode()  # links stay in English
    # Each address has one language: nothing about the visitor changes it, so no Vary and no cookie.
    for response in (english, page, client.get("/sok/")):
        assert not response.has_header("Vary") and not response.cookies
    assert "Sök metoder" in client.get("/sok/").content.decode()


def test_page_titles_name_the_page_once_and_every_page_has_an_icon(client):
    home = client.get("/").content.decode()
    assert "<title>Metodbanken</title>" in home
    method = client.get("/metoder/exit-fryshuset/").content.decode()
    assert "<title>EXIT – avhopparverksamhet vid Fryshuset – Metodbanken</title>" in method
    from django.contrib.staticfiles import finders

    icon = __import__("re").search(r'<link rel="icon" href="/static/([^"]+)"', home).group(1)
    assert finders.find(icon)  # served by WhiteNoise in production
    assert client.get("/favicon.ico")["Location"] == "/static/" + icon


def test_vocabularies_are_listed_in_their_defined_order(client):
    facets = {f.dimension.key: f for f in client.get("/sok/").context["facets"]}
    assert [v.term.slug for v in facets["prevention_level"].values] == ["generell", "riktad", "individinriktad"]
    assert [v.term.slug for v in facets["setting"].values][:3] == ["sarskilt-ungdomshem", "lvm-hem", "anstalt"]


def test_the_method_list_shows_the_whole_demo_collection_on_one_page(client):
    html = client.get("/metoder/").content.decode()
    assert html.count('class="method-card"') == 44


def test_every_page_links_to_an_accessibility_statement_in_diggs_structure(client):
    from kb.models import AccessibilityContact

    for path in ("/", "/sok/", "/metoder/exit-fryshuset/", "/evidenskarta/"):
        assert 'href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in client.get(path).content.decode()
    html = client.get("/tillganglighet/").content.decode()
    for heading in (
        "Hur tillgänglig är webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ):
        assert heading in html
    assert "delvis förenlig" in html and "https://www.digg.se/tdosanmalan" in html
    assert "Kontaktuppgifter saknas" in html  # said plainly until the site's owner fills them in
    contact = AccessibilityContact.for_site(Site.objects.get(is_default_site=True))
    contact.organisation, contact.email = "Metodbankens förvaltning", "tillganglighet@example.se"
    contact.save()
    html = client.get("/tillganglighet/").content.decode()
    assert 'href="mailto:tillganglighet@example.se"' in html and "Kontaktuppgifter saknas" not in html
    assert client.get("/en/tillganglighet/").status_code == 200
    client.get("/")  # a request activates its address's language in this thread: leave it Swedish


def test_a_method_page_says_at_a_glance_what_is_known_and_what_is_not(client):
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    html = client.get(page.url).content.decode()
    glance = html[html.index('<aside class="glance"') : html.index("</aside>")]
    assert "I korthet" in glance
    assert page.evidence_level.label in glance and page.evidence_level.description in glance
    assert "Civilsamhälle" in glance and "Avhoppare" in glance
    assert "Uppgift saknas" in glance  # the demo states no training, staff time or cost: said so, never invented


def test_swedish_content_is_marked_as_swedish_on_english_pages(client):
    html = client.get("/en/metoder/exit-fryshuset/").content.decode()
    assert '<html lang="en">' in html
    assert '<header class="method__header" lang="sv">' in html  # title and summary are written in Swedish
    assert '<div lang="sv">' in html  # the description
    assert '<h2 id="description-heading">Description</h2>' in html  # the interface is English
    results = client.get("/en/sok/", {"q": "avhoppare"}).content.decode()
    assert 'class="method-card__title" lang="sv"' in results
    client.get("/sok/")  # back to Swedish in this thread


def _article(html):
    return html[html.index('<article class="method">') : html.index("</article>")]


def test_method_page_article_comes_from_the_cache_until_the_database_changes(client):
    """The article is rendered once and then served from the cache; any write to what it shows, by any
    means (here plain SQL-level updates that no Wagtail signal sees), gives it a new key."""
    from methods.models import MethodReference, Organisation, Setting

    page = MethodPage.objects.get(method_id="mentorskap-avhoppare")  # has a reference and a source
    client.get(page.url)
    with CaptureQueriesContext(connection) as cached:
        first = client.get(page.url).content.decode()
    tables = " ".join(q["sql"] for q in cached.captured_queries)
    assert "methods_methodreference" not in tables and "methods_taggedsetting" not in tables  # not rendered again

    Setting.objects.filter(slug="anstalt").update(name="Anstalt (nytt namn)")
    assert "Anstalt (nytt namn)" in _article(client.get(page.url).content.decode())
    assert MethodReference.objects.filter(page=page).update(title="En omdöpt studie") == 1
    assert "En omdöpt studie" in _article(client.get(page.url).content.decode())
    assert Organisation.objects.filter(pk__in=page.sources.values("document__organisation")).update(name="Ny myndighet")
    assert "Ny myndighet" in _article(client.get(page.url).content.decode())
    Page.objects.filter(pk=page.pk).update(title="Ny titel på mentorskapet")
    assert "Ny titel på mentorskapet" in _article(client.get(page.url).content.decode())
    assert _article(first) != _article(client.get(page.url).content.decode())


def test_cached_method_page_still_asks_who_may_see_it(client):
    page = MethodPage.objects.get(method_id="vera-2r")
    assert client.get(page.url).status_code == 200  # cached now
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    restriction.delete()
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_method_page_article_follows_the_language(client):
    page = MethodPage.objects.get(method_id="vera-2r")
    swedish = _article(client.get(page.url).content.decode())
    english = _article(client.get("/en" + page.url).content.decode())
    client.get("/sok/")  # back to Swedish in this thread (as test_swedish_by_default_english_under_en)
    assert "Evidensnivå" in swedish and "Evidence level" in english


def test_routing_to_a_method_page(client, make_method):
    draft = make_method(title="Utkast", publish=False)
    method = MethodPage.objects.get(method_id="vera-2r")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(method.url).status_code == 200
    # One query per level of the tree: the method page is read once, with its parent from the route.
    assert sum('FROM "methods_methodpage"' in q["sql"] and '"slug" = ' in q["sql"] for q in queries) == 1
    assert client.get(f"/metoder/{draft.slug}/").status_code == 404  # a draft has no public address
    assert client.get("/metoder/finns-inte/").status_code == 404
    assert client.get("/metoder/vera-2r/finns-inte/").status_code == 404
    assert client.get("/finns-inte/vera-2r/").status_code == 404
    assert client.get(CollectionPage.objects.get().url).status_code == 200  # through another section


def test_a_method_page_shows_its_published_tags_from_the_tag_index(client):
    page = MethodPage.objects.get(method_id="mentorskap-avhoppare")
    expected = {f"setting={quote(t.slug)}" for t in page.settings.all()}
    expected |= {f"keyword={quote(t.slug)}" for t in page.keywords.all()}
    client.get("/sok/")  # the process's tag index is built
    cache.clear()  # the article is not
    with CaptureQueriesContext(connection) as ctx:
        html = _article(client.get(page.url).content.decode())
    assert not [q for q in ctx.captured_queries if "methods_tagged" in q["sql"]]
    shown = set(re.findall(r'href="/sok/\?((?:setting|keyword)=[^"]+)"', html))
    assert shown == expected and expected


@pytest.mark.parametrize("url", ["/", "/metoder/", "/sok/", "/sok/?q=avhoppare", "/metoder/exit-fryshuset/"])
def test_every_method_card_names_its_evidence_level(client, url):
    html = client.get(url).content.decode()
    cards = re.findall(r'<span class="evidence evidence--([a-z0-9-]+)">([^<]*)</span>', html)
    assert cards and html.count('class="method-card"') == len(cards)
    names = dict(EvidenceLevel.objects.values_list("slug", "name"))
    assert all(label == names[slug] for slug, label in cards), cards[:3]
