"""End-to-end in headless Chromium: search, facets, method page, export, editor workflow, accessibility."""

import csv
import io
import json
import re

import pytest

from .conftest import EDITOR_PASSWORD, REVIEWER_PASSWORD, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "search": "/sok/?q=avhoppare+st%C3%B6d",
    "method": "/metoder/exit-fryshuset/",
    "method-rated": "/metoder/avskrackande-fangelsebesok/",
    "compare": "/jamfor/?metod=avskrackande-fangelsebesok&metod=sammanhallen-insats-vald&metod=art&lagg_till=samtal",
    "evidence-levels": "/evidensnivaer/",
    "gap-map": "/evidenskarta/",
    "gap-map-outcome": "/evidenskarta/?rows=outcome&cols=setting",
    "accessibility": "/tillganglighet/",
    "login": "/admin/login/",
}


def test_search_filter_open_method_and_export_csv(page):
    page.goto("/")
    page.get_by_label("Sök bland metoderna", exact=True).last.fill("ungdomshemmen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sok/?q=ungdomshemmen*")
    assert page.locator(".result-list li").count() > 0
    before = int(page.locator("#results-heading").inner_text().split()[0])

    page.get_by_role("group", name="Målgrupp").get_by_label("Unga under 18 år").check()  # JS submits the form
    page.wait_for_url("**target_group=unga-under-18*")
    after = int(page.locator("#results-heading").inner_text().split()[0])
    assert 0 < after <= before

    first = page.locator(".result-list .method-card__title a").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
    assert page.locator(".evidence-box").is_visible()

    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV för Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    # The Swedish Excel variant: UTF-8 with BOM, semicolons.
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read()), delimiter=";"))
    assert len(rows) == after


def test_keyboard_only_search_and_filter(page):
    page.goto("/sok/")
    page.keyboard.press("Tab")  # skip link is the first stop
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    page.locator("#q").focus()
    page.keyboard.type("riskbedömning")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=riskbed*")
    checkbox = page.get_by_role("group", name="Verksamhet").get_by_role("checkbox").first
    checkbox.focus()
    for _ in range(3):  # move to an enabled value with Tab, as a keyboard user would
        if checkbox.is_enabled():
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.wait_for_url("**setting=*")
    focused_outline = page.evaluate(
        "() => { const el = document.querySelector('#q'); el.focus(); return getComputedStyle(el).outlineStyle; }"
    )
    assert focused_outline != "none"


def test_works_without_javascript(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/sok/?q=skolan")
    page.get_by_role("group", name="Verksamhet").get_by_label("Skola och elevhälsa").check()
    page.get_by_role("button", name="Visa resultat").click()
    page.wait_for_url("**setting=skola*")
    assert page.locator(".result-list li").count() > 0
    context.close()


def test_autocomplete_suggests_while_typing(page):
    page.goto("/")
    box = page.locator("#home-q")
    box.type("avhopp", delay=30)
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    listbox.locator("li").first.wait_for()
    assert "avhopp" in listbox.inner_text().lower()
    assert box.get_attribute("aria-expanded") == "true"


def test_editor_logs_in_edits_and_submits_for_review(page):
    page.goto("/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/pages/search/?q=Mentorskap")
    page.get_by_role("link", name="Mentorskap för personer som lämnar extremistmiljöer").first.click()
    page.wait_for_url("**/edit/")
    page.fill("#id_title", "Mentorskap för personer som lämnar extremistmiljöer (reviderad)")
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Lämna in till Granskning").click()
    page.wait_for_load_state()
    assert "inlämnad för moderering" in page.locator(".messages").inner_text()
    # The live page still shows the old title until a reviewer approves.
    page.goto("/metoder/mentorskap-avhoppare/")
    assert page.locator("h1").inner_text() == "Mentorskap för personer som lämnar extremistmiljöer"


def axe_violations(page, axe_source):
    """WCAG 2.1 A and AA violations axe-core finds in what the page shows now."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/admin/")


def test_reviewer_creates_tags_and_publishes_a_method_then_staff_find_it(browser, site, axe_source):
    """The whole editorial path in the admin's own widgets, checked by axe-core on every tab of the form."""
    context = browser.new_context(
        base_url=site, bypass_csp=True, locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    log_in(page, "granskare", REVIEWER_PASSWORD)
    page.goto("/admin/pages/")  # a reviewer's explorer opens at the method list
    page.locator("a[href$='/add_subpage/']").first.click()
    page.wait_for_url("**/add/methods/methodpage/**")

    title = "Föräldracirkel för föräldrar till radikaliserade unga"
    page.fill("#id_title", title)
    page.fill("#id_summary", "Samtalsgrupper där föräldrar delar erfarenheter och får stöd av socialtjänsten.")
    page.locator("[data-contentpath=description] button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Text").click()
    page.locator("[data-contentpath=description] .public-DraftEditor-content").click()
    page.keyboard.type("Gruppen träffas varannan vecka under ett halvår och leds av två socialsekreterare.")
    problems = {"Beskrivning": axe_violations(page, axe_source)}

    page.get_by_role("tab", name="Evidens").click()
    page.get_by_label(re.compile(r"^\s*Erfarenhetsbaserad")).check()
    problems["Evidens"] = axe_violations(page, axe_source)

    page.get_by_role("tab", name="Taxonomi").click()
    page.locator("[data-contentpath=settings]").get_by_label("Socialtjänst", exact=True).check()
    page.locator("[data-contentpath=target_groups]").get_by_label("Anhöriga", exact=True).check()
    keyword_box = page.get_by_role("textbox", name="Nyckelord")
    keyword_box.fill("föräldrastöd")
    keyword_box.press("Enter")
    keyword_box.fill("SIP")
    keyword_box.press("Enter")
    problems["Taxonomi"] = axe_violations(page, axe_source)
    for tab in ("Genomförande", "Källor", "Publicering"):
        page.get_by_role("tab", name=tab).click()
        problems[tab] = axe_violations(page, axe_source)
    screenshot(page, "admin-new-method")
    assert {tab: found for tab, found in problems.items() if found} == {}, json.dumps(problems, ensure_ascii=False)

    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Publicera").click()
    page.wait_for_load_state()
    assert "publicerad" in page.locator(".messages").inner_text()

    # The edit form of a method with references, ratings per outcome and a source, every tab.
    page.goto("/admin/pages/")
    page.get_by_role("link", name="Avskräckande fängelsebesök för unga", exact=True).first.click()
    page.wait_for_url("**/edit/")
    assert page.locator("#id_references-0-title").count() == page.locator("#id_outcome_ratings-0-outcome").count() == 1
    problems = {}
    for tab in ("Beskrivning", "Genomförande", "Evidens", "Taxonomi", "Källor", "Publicering"):
        page.get_by_role("tab", name=tab).click()
        problems[tab] = axe_violations(page, axe_source)
    page.get_by_role("tab", name="Evidens").click()
    screenshot(page, "admin-edit-method-evidence")
    assert {tab: found for tab, found in problems.items() if found} == {}, json.dumps(problems, ensure_ascii=False)
    context.close()

    # Staff, anonymous, find it by a word of its title, with the setting ticked, and see what the editor tagged.
    public = browser.new_context(base_url=site, locale="sv-SE").new_page()
    public.goto("/sok/?q=f%C3%B6r%C3%A4ldracirkel&setting=socialtjanst")
    public.get_by_role("link", name=title).click()
    assert public.locator("h1").inner_text() == title
    body = public.locator("main").inner_text()
    assert "Erfarenhetsbaserad" in body and "Anhöriga" in body
    assert "föräldrastöd" in body and "SIP" in body
    assert public.url.endswith("/metoder/foraldracirkel-for-foraldrar-till-radikaliserade-unga/")
    public.context.close()


@pytest.mark.parametrize("name, path", PAGES.items(), ids=list(PAGES))
def test_no_wcag_a_or_aa_violations_and_screenshots(browser, site, axe_source, name, path):
    # bypass_csp lets the test inject axe-core; the site's own CSP forbids inline scripts.
    context = browser.new_context(base_url=site, bypass_csp=True)
    page = context.new_page()
    for width, height, label in [(390, 844, "phone"), (1280, 900, "desktop")]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        page.add_script_tag(content=axe_source)
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        violations = [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        screenshot(page, f"{name}-{label}")
        assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sok/?q=avhoppare+st%C3%B6d",
        "/metoder/",
        "/metoder/exit-fryshuset/",
        "/evidenskarta/",
        "/evidensnivaer/",
        "/evidenskarta/?rows=outcome&cols=setting",
        "/metoder/avskrackande-fangelsebesok/",
        "/jamfor/?metod=avskrackande-fangelsebesok&metod=sammanhallen-insats-vald&metod=art&metod=hii",
        "/samlingar/",
        "/tillganglighet/",
        "/data/",
        "/en/sok/?q=avhoppare",
    ],
)
def test_no_public_page_is_wider_than_the_screen(browser, site, path):
    context = browser.new_context(base_url=site)
    page = context.new_page()
    for width in (320, 390, 768, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
    context.close()


def test_on_a_phone_results_come_first_and_a_filter_returns_to_them(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto("/sok/?q=avhoppare")
    first = page.locator(".result-list li").first.bounding_box()
    assert first["y"] < 844, "the first result is below the first screen"
    header = page.locator(".site-header").bounding_box()
    screenshot(page, "search-phone-first-result")
    page.get_by_role("link", name="Filtrera").click()
    page.get_by_label("Anstalt (Kriminalvården)").check()
    page.get_by_role("button", name="Visa resultat").click()
    page.wait_for_url("**setting=anstalt*#results")
    assert page.get_by_role("link", name="Filtrera (1 valt)").is_visible()
    assert page.evaluate("window.scrollY") > 0  # the browser went to the results, past the header and search box
    assert header["height"] <= 120, header
    # "Meny" leads to the site's pages at the foot of the page.
    page.get_by_role("link", name="Meny").click()
    assert page.locator("#site-menu").get_by_role("link", name="Evidenskarta").is_visible()
    context.close()


def test_method_page_at_a_glance_beside_the_text_on_desktop_and_first_on_a_phone(browser, site):
    context = browser.new_context(base_url=site)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/metoder/exit-fryshuset/")
    glance = page.locator(".glance").bounding_box()
    text = page.locator("#description-heading").bounding_box()
    assert glance["x"] > text["x"] + text["width"], "the summary box stands beside the description"
    assert page.locator(".site-header").bounding_box()["height"] < 90, "the header is one row at 1280 px"
    screenshot(page, "method-glance-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/metoder/exit-fryshuset/")
    assert page.locator(".glance").bounding_box()["y"] < page.locator("#description-heading").bounding_box()["y"]
    screenshot(page, "method-glance-phone")
    context.close()


def test_compare_methods_picked_from_the_results_without_javascript(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto("/sok/?q=v%C3%A5ld")
    boxes = page.locator(".compare-pick input")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Jämför valda metoder (högst fyra)").click()
    page.wait_for_url("**/jamfor/?metod=*")
    headers = page.locator("table.compare thead th")
    assert headers.count() == 2
    assert page.get_by_role("rowheader", name="Samlad evidensnivå").is_visible()
    screenshot(page, "compare-phone")
    # Remove one, then add one back by title.
    page.locator(".compare__remove").first.click()
    assert page.locator("table.compare thead th").count() == 1
    page.get_by_label("Lägg till en metod (sök på titeln)").fill("fängelsebesök")
    page.get_by_role("button", name="Sök metod").click()
    page.get_by_role("link", name="Lägg till Avskräckande fängelsebesök för unga").click()
    assert page.locator("table.compare thead th").count() == 2
    assert "Risk för skada – avråds" in page.locator("table.compare").inner_text()
    context.close()
