"""The site's sections in every public template (methods.context_processors)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from methods.dataversions import one_reading
from methods.models import CollectionIndexPage, MethodIndexPage

pytestmark = pytest.mark.django_db


def nav_links(client):
    html = client.get("/sok/").content.decode()
    return html.split('class="header-nav"', 1)[1].split("</nav>", 1)[0]


def test_every_page_links_the_method_list_and_the_collections(client):
    nav = nav_links(client)
    assert f'href="{MethodIndexPage.objects.get().url}"' in nav
    assert f'href="{CollectionIndexPage.objects.get().url}"' in nav


def test_sections_are_looked_up_once_per_version_of_the_page_tree(rf):
    from methods.context_processors import site_sections

    methods_pk = MethodIndexPage.objects.get().pk

    def lookup():
        with one_reading(), CaptureQueriesContext(connection) as ctx:
            sections = site_sections(rf.get("/sok/"))["site_sections"]
            assert sections["method_index"].pk == methods_pk
        return [q["sql"] for q in ctx.captured_queries]

    lookup()
    page_queries = [sql for sql in lookup() if "wagtailcore_page" in sql and "methods_" not in sql]
    assert len(page_queries) == 1  # the site with its root page; the sections come from the cache
    Page.objects.filter(pk=methods_pk).update(title="Alla metoder")  # any page write
    assert len([sql for sql in lookup() if "wagtailcore_page" in sql and "methods_" not in sql]) == 2


def test_a_section_changed_in_another_process_is_linked_as_it_is_now(client):
    nav_links(client)
    collections = CollectionIndexPage.objects.get()
    Page.objects.filter(pk=collections.pk).update(live=False)  # a direct write, as another process might
    methods = MethodIndexPage.objects.get()
    Page.objects.filter(pk=methods.pk).update(
        slug="metodlista", url_path=methods.url_path.replace("metoder", "metodlista")
    )
    nav = nav_links(client)
    assert 'href="/metodlista/"' in nav
    assert collections.url not in nav
