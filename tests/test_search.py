"""Search behaviour: Swedish language handling, facets, filters, sorting, highlighting, bad input."""

import json
import re

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from methods.dimensions import DIMENSIONS
from methods.models import EvidenceLevel, MethodPage

pytestmark = pytest.mark.django_db


def result_ids(client, **params):
    response = client.get("/sok/", params)
    assert response.status_code == 200, response.content[:500]
    html = response.content.decode()
    slugs = re.findall(r'class="method-card__title"[^>]*><a href="/metoder/([^/"]+)/"', html)
    return slugs


def total(client, **params):
    html = client.get("/sok/", params).content.decode()
    return int(re.search(r'id="results-heading"[^>]*>\s*(\d+) metod', html).group(1))


# --- Swedish --------------------------------------------------------------------------


def test_inflections_and_synonyms_radikaliserade_ungdomar(client):
    found = result_ids(client, q="radikaliserade ungdomar")
    # described with "radikalisering" and "unga", never with the query's own forms
    # These are described with "radikalisering"/"radikaliseras" and "unga", never with the query's forms.
    for method_id in ("personalutbildning-radikalisering", "orosbedomning-radikalisering"):
        page = MethodPage.objects.get(method_id=method_id)
        text = (page.summary + page.description_text()).lower()
        assert "radikaliserade" not in text and "ungdomar" not in text
        assert method_id in found[:10]


def test_compound_avhoppare_stod_finds_avhopparverksamhet(client):
    found = result_ids(client, q="avhoppare stöd")
    assert "exit-fryshuset" in found[:5]  # "EXIT – avhopparverksamhet vid Fryshuset"


def test_definite_plural_ungdomshemmen_finds_sarskilt_ungdomshem(client):
    found = result_ids(client, q="ungdomshemmen")
    assert {"undervisningsstod-ungdomshem", "dialogsamtal-ungdomshem"} <= set(found[:3])  # "ungdomshem" in title
    assert "screening-inskrivning" in found[:10]  # "särskilda ungdomshem" in its text


def test_diacritics_and_case_are_folded(client):
    assert result_ids(client, q="ATERVANDARE")[:2] == result_ids(client, q="återvändare")[:2]
    assert "vagledning-atervandare" in result_ids(client, q="ATERVANDARE")[:2]


def test_one_typo_in_long_word_is_tolerated(client):
    assert "motivationsarbete-lvm" in result_ids(client, q="misbruk")[:3]  # missing letter
    assert "kallkritik-propaganda" in result_ids(client, q="propagnada")[:3]  # swapped letters


def test_a_misspelt_compound_finds_what_the_word_meant_finds(client):
    """The correction stands for the word meant, with its parts: methods about "risk" and "bedömning" apart too."""
    meant = result_ids(client, q="riskbedömning")
    assert "screening-inskrivning" in meant
    assert result_ids(client, q="riskbedömnig") == meant  # a letter missing


def _method_text(method_id):
    page = MethodPage.objects.get(method_id=method_id)
    return " ".join([page.title, page.summary, page.description_text()]).lower()


def test_phrase_search_requires_adjacent_words(client):
    phrase = result_ids(client, q='"motiverande samtal"')
    assert "motiverande-samtal" in phrase
    for method_id in phrase:
        assert "motiverande samtal" in _method_text(method_id), method_id
    # Without quotes the words may stand apart; some such method is found, and the quotes leave it out.
    loose = result_ids(client, q="motiverande samtal")
    apart = [m for m in loose if "motiverande samtal" not in _method_text(m)]
    assert apart and not set(apart) & set(phrase)


def test_minus_excludes_a_word(client):
    with_word = result_ids(client, q="skolan")
    without = result_ids(client, q="skolan -demokrati")
    assert "demokratiundervisning" in with_word
    assert "demokratiundervisning" not in without
    assert without


def test_no_query_browses_everything_in_title_order(client):
    assert total(client) == MethodPage.objects.live().public().count()


# --- facets and filters ------------------------------------------------------------------


def db_count(**filters):
    queryset = MethodPage.objects.live().public()
    for relation, slugs in filters.items():
        queryset = queryset.filter(**{f"{relation}__slug__in": slugs})
    return queryset.distinct().count()


def test_facet_counts_match_the_database(client):
    response = client.get("/sok/", {"setting": "anstalt"})
    facets = {f.dimension.key: f for f in response.context["facets"]}
    # Counts in other dimensions: methods with this value AND setting=anstalt.
    for value in facets["target_group"].values:
        expected = db_count(settings=["anstalt"], target_groups=[value.term.slug])
        assert value.count == expected, value.term.slug
    # In the filtered dimension itself: an unticked value shows the results after adding it (OR within a
    # dimension), 0 when it would bring no new method; the ticked value shows its own results.
    for value in facets["setting"].values:
        if value.term.slug == "anstalt":
            assert value.selected and value.count == db_count(settings=["anstalt"])
            continue
        after = db_count(settings=["anstalt", value.term.slug])
        expected = after if after > db_count(settings=["anstalt"]) else 0
        assert value.count == expected, value.term.slug
        if expected:
            assert total(client, setting=["anstalt", value.term.slug]) == value.count, value.term.slug
    evidence_counts = dict(
        MethodPage.objects.live()
        .filter(settings__slug="anstalt")
        .order_by()
        .values_list("evidence_level__slug")
        .annotate(n=Count("pk", distinct=True))
    )
    for value in facets["evidence"].values:
        assert value.count == evidence_counts.get(value.term.slug, 0)


def test_zero_count_values_are_shown_disabled(client):
    html = client.get("/sok/", {"setting": "hakte", "target_group": "lagforda"}).content.decode()
    facets = client.get("/sok/", {"setting": "hakte", "target_group": "lagforda"}).context["facets"]
    zero = [v for f in facets for v in f.values if v.count == 0 and not v.selected]
    assert zero, "expected some impossible combinations"
    assert "disabled" in html


def test_or_within_and_across_dimensions(client):
    either = total(client, setting=["anstalt", "skola"])
    assert either == db_count(settings=["anstalt", "skola"])
    both = total(client, setting=["anstalt", "skola"], target_group="unga-under-18")
    assert both == db_count(settings=["anstalt", "skola"], target_groups=["unga-under-18"])
    assert both < either


def test_text_and_filters_combine(client):
    found = result_ids(client, q="riskbedömning", setting="frivard")
    assert found
    for method_id in found:
        assert MethodPage.objects.get(method_id=method_id).settings.filter(slug="frivard").exists()


def test_sort_by_evidence_rank(client):
    found = result_ids(client, sort="evidence")
    ranks = [MethodPage.objects.get(method_id=m).evidence_level.rank for m in found]
    assert ranks == sorted(ranks)
    assert ranks[0] == 1


def test_sort_by_title_uses_swedish_alphabet(client, make_method):
    make_method(title="Ödmjuk testmetod")
    make_method(title="Zebra testmetod")
    found = result_ids(client, q="testmetod", sort="title")
    assert found.index("testmetod-2") < found.index("testmetod-1")  # Z before Ö


def test_sort_by_updated(client, make_method):
    make_method(title="Alldeles ny metod", method_id="alldeles-ny")
    assert result_ids(client, sort="updated")[0] == "alldeles-ny"


def test_editors_pick_shown_above_results(client):
    html = client.get("/sok/", {"q": "exit"}).content.decode()
    assert "Redaktionens tips" in html
    assert html.index("Redaktionens tips") < html.index('class="result-list"')


# --- highlighting ------------------------------------------------------------------------


def test_highlight_marks_matching_words(client):
    html = client.get("/sok/", {"q": "riskbedömning"}).content.decode()
    assert re.search(r"<mark>[Rr]iskbedömning", html) or "<mark>bedöm" in html


def test_highlight_is_html_safe(client, make_method):
    make_method(
        title="Skriptmetod",
        summary='Metod <script>alert("x")</script> om <b>skriptsäkerhet</b> & radikalisering.',
        method_id="skriptmetod",
    )
    html = client.get("/sok/", {"q": "skriptmetod radikalisering <img src=x onerror=alert(1)>"}).content.decode()
    assert "<script>alert" not in html
    assert "<b>skriptsäkerhet" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>radikalisering</mark>" in html


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"setting": "fangelse"}, 400, "Okänt värde"),
        ({"page": "abc"}, 400, "inte ett positivt heltal"),
        ({"page": "0"}, 400, "inte ett positivt heltal"),
        ({"sort": "random"}, 400, "Okänd sortering"),
        ({"q": "x" * 10_000}, 400, "för lång"),
        ({"page": "99999"}, 404, "Sidan 99999 finns inte"),
        ({"q": '"unbalanced quote'}, 200, "metod"),
        ({"q": "radikal\x00isering\x1b[31m\u202e"}, 200, "metod"),
        ({"q": "---"}, 200, "metod"),
        ({"q": '""'}, 200, "metod"),
    ],
)
def test_bad_parameters_get_a_clear_answer(client, params, status, message):
    response = client.get("/sok/", params)
    assert response.status_code == status
    assert message in response.content.decode()


# --- autocomplete --------------------------------------------------------------------------


def test_autocomplete_suggests_titles_and_tags(client):
    data = json.loads(client.get("/sok/autocomplete/", {"q": "avhopp"}).content)
    labels = [s["label"] for s in data["suggestions"]]
    assert any("avhopparverksamhet" in label for label in labels)
    assert any(s["type"] == "target_group" for s in data["suggestions"])
    assert all(s["url"].startswith("/") for s in data["suggestions"])


def test_autocomplete_handles_empty_and_odd_input(client):
    for q in ["", " ", "<script>", "\x00", "ö" * 500]:
        response = client.get("/sok/autocomplete/", {"q": q})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"


# --- efficiency ------------------------------------------------------------------------------


def test_search_queries_are_bounded_whatever_the_number_of_methods(client, make_method):
    client.get("/sok/", {"q": "metod"})
    with CaptureQueriesContext(connection) as before:
        client.get("/sok/", {"q": "metod", "setting": "anstalt"})
    baseline = len(before)
    for n in range(30):
        make_method(title=f"Metod nummer {n}", settings=["anstalt"], target_groups=["vuxna"])
    client.get("/sok/", {"q": "metod"})
    with CaptureQueriesContext(connection) as after:
        response = client.get("/sok/", {"q": "metod", "setting": "anstalt"})
    assert len(response.context["results"]) == 20
    assert len(after) <= baseline + 2  # (the re-ranking window may add one)
    assert len(after) <= 25


def test_every_dimension_is_a_facet_and_then_the_implementation_facts(client):
    keys = [f.dimension.key for f in client.get("/sok/").context["facets"]]
    assert keys == [d.key for d in DIMENSIONS] + ["fakta"]


def test_evidence_levels_have_definitions_for_users():
    assert all(level.description for level in EvidenceLevel.objects.all())


def test_export_links_on_the_search_page_carry_format_and_query(client):
    html = client.get("/sok/", {"q": "skolan", "setting": "skola"}).content.decode()
    links = re.findall(r'href="(/sok/export/\?[^"]+)"', html)
    assert len(links) == 7  # Excel CSV, plain-language CSV, comma CSV, XLSX, JSON, RIS, data package
    assert "sep=semicolon" in links[0] and "bom=1" in links[0]  # the first CSV opens as columns in Swedish Excel
    for link in links:
        assert "format=" in link and "q=skolan" in link and "setting=skola" in link
        assert client.get(link.replace("&amp;", "&")).status_code == 200


def test_pagination_links_keep_the_query(client):
    html = client.get("/sok/", {"setting": ["anstalt", "socialtjanst", "skola"], "sort": "title"}).content.decode()
    nxt = re.search(r'href="\?([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "setting=anstalt" in nxt and "setting=skola" in nxt and "sort=title" in nxt and nxt.endswith("page=2")
    second = client.get("/sok/?" + nxt)
    assert second.status_code == 200 and second.context["page_obj"].number == 2


def test_searching_writes_nothing_to_the_database(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get("/sok/", {"q": "en helt ny sökfråga som ingen har ställt"})
    writes = [q["sql"] for q in ctx if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_a_quoted_phrase_is_required_alongside_free_words(client):
    found = result_ids(client, q='"motiverande samtal" missbruk')
    assert found and "motiverande-samtal" in found
    for method_id in found:
        page = MethodPage.objects.get(method_id=method_id)
        text = " ".join([page.title, page.summary, page.description_text()]).lower()
        assert "motiverande samtal" in text, method_id


def test_titles_show_their_matches_and_summaries_keep_their_punctuation(client):
    html = client.get("/sok/", {"q": "riskbedömning"}).content.decode()
    assert "Strukturerad <mark>riskbedömning</mark> för våldsbejakande extremism (VERA-2R)</a>" in html
    page = MethodPage.objects.get(method_id="vera-2r")
    assert page.summary.rstrip().endswith(".")
    card = html[html.index("(VERA-2R)</a>") :]
    summary = card[card.index('class="method-card__summary" lang="sv">') : card.index("</p>")]
    assert summary.endswith(".")


def test_a_search_without_results_suggests_a_spelling_and_ways_to_browse(client):
    response = client.get("/sok/", {"q": "kälkritiik"})  # two typos: too far for the typo correction
    assert response.context["total"] == 0
    body = response.content.decode()
    assert 'Menade du: <a href="/sok/?q=k%C3%A4llkritik">källkritik</a>?' in body
    assert client.get("/sok/", {"q": "källkritik"}).context["total"] > 0
    assert "Bläddra bland metoderna i stället" in body
    assert 'href="/sok/?setting=anstalt"' in body
    assert "Ladda ner resultatet" not in body and 'class="facet"' not in body
    found = client.get("/sok/", {"q": "källkritik"}).content.decode()
    assert "Menade du" not in found and "Bläddra bland metoderna i stället" not in found


def test_did_you_mean_uses_only_words_the_public_may_see(client, make_method):
    from search.suggestions import did_you_mean

    make_method(title="Hemligordet metod", publish=False)
    terms = {}
    titles = MethodPage.objects.live().public().values_list("title", flat=True)
    assert did_you_mean("hemligordett", terms, titles) == ""
    assert did_you_mean("källkritikk", terms, titles) == "källkritik"


def test_a_compound_also_finds_its_head_below_the_compound_itself(client):
    """ "terroristbrott" finds the methods on terrorism-related "brott" too, after those that say "terroristbrott"."""
    response = client.get("/sok/", {"q": "terroristbrott"})
    ranked = [r["method"].method_id for r in response.context["results"]]
    assert "frivard-stod-kontroll" in ranked and "hii" in ranked
    assert ranked.index("frivard-stod-kontroll") < ranked.index("hii")
    hii = MethodPage.objects.get(method_id="hii")
    assert "terroristbrott" not in (hii.title + hii.summary + hii.description_text()).lower()


def test_keywords_beyond_the_first_fifteen_are_behind_visa_fler(client):
    response = client.get("/sok/")
    keyword = next(f for f in response.context["facets"] if f.dimension.key == "keyword")
    assert len(keyword.values) == 15 and keyword.more
    assert all(v.count for v in keyword.more)
    html = response.content.decode()
    hidden = keyword.more[-1].term.slug
    details = html[html.index('<details class="facet__more">') :]
    assert f"Visa fler ({len(keyword.more)})" in details
    assert f'name="keyword" value="{hidden}"' in details[: details.index("</details>")]
    assert f'id="f-keyword-{15 + len(keyword.more)}"' in details
    assert total(client, keyword=hidden) == keyword.more[-1].count


def test_each_active_filter_has_a_link_that_removes_only_it_and_returns_to_page_one(client):
    from urllib.parse import parse_qs, urlsplit

    query = {"mapped_by": ["kommun", "kriminalvarden"], "page": "2"}  # 31 methods: two pages
    html = client.get("/sok/", query).content
    links = re.findall(r'<a href="\?([^"]*)">Kartlagd av: Kriminalvården', html.decode())
    assert len(links) == 1
    params = parse_qs(urlsplit("?" + links[0].replace("&amp;", "&")).query)
    assert params == {"mapped_by": ["kommun"]}  # and no page 2, which might not exist any more
