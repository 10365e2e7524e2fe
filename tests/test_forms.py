"""Request input (search/forms.py): the one place parameters are read, for page, export, API and gap map."""

import pytest
from django.http import QueryDict

from search.forms import ApiForm, ExportForm, GapMapForm, SearchForm

pytestmark = pytest.mark.django_db


def form_for(cls, query_string):
    form = cls(QueryDict(query_string))
    return form, form.is_valid()


def test_a_valid_search_builds_the_query():
    form, valid = form_for(SearchForm, "q=avhoppare&setting=anstalt&setting=frivard&evidence=lovande&sort=evidence")
    assert valid
    query = form.query()
    assert query.text == "avhoppare" and query.sort == "evidence" and query.sort_given
    assert query.filters == {"setting": ("anstalt", "frivard"), "evidence": ("lovande",)}


def test_defaults_relevance_with_text_and_title_without():
    assert form_for(SearchForm, "q=skola")[0].query().sort == "relevance"
    assert form_for(SearchForm, "")[0].query().sort == "title"
    assert form_for(SearchForm, "sort=relevance")[0].query().sort == "title"


@pytest.mark.parametrize(
    "query_string, message",
    [
        ("setting=fangelse", "Okänt värde för Verksamhet"),
        ("keyword=finns-inte", "Okänt värde för Nyckelord"),
        ("sort=slump", "Okänd sortering"),
        ("page=%C2%B2", "positivt heltal"),
        ("q=" + "x" * 501, "för lång"),
    ],
    ids=["unknown-setting", "unknown-keyword", "unknown-sort", "unicode-digit-page", "long-query"],
)
def test_bad_input_gets_a_swedish_message(query_string, message):
    form, valid = form_for(SearchForm, query_string)
    assert not valid
    assert message in form.error_message()


def test_control_characters_in_the_text_are_spaces_not_errors():
    form, valid = form_for(SearchForm, "q=radikal%00isering%1B")
    assert valid and form.query().text == "radikal isering"


def test_a_keyword_only_drafts_carry_is_unknown(make_method):
    from methods.models import Keyword

    draft = make_method(title="Utkast", publish=False)
    keyword = Keyword.objects.create(name="Hemligt ord", slug="hemligt-ord")
    draft.keywords.add(keyword)
    draft.save()
    assert not form_for(SearchForm, "keyword=hemligt-ord")[1]


def test_export_api_and_gap_map_forms_add_their_parameters():
    form, valid = form_for(ExportForm, "format=csv&sep=semicolon&bom=1&setting=anstalt")
    assert valid and form.cleaned_data["options"].delimiter == ";" and form.cleaned_data["options"].bom
    assert "Okänt format" in form_for(ExportForm, "format=pdf")[0].error_message()
    assert form_for(ApiForm, "page_size=100")[0].cleaned_data["page_size"] == 100
    assert "page_size" in form_for(ApiForm, "page_size=101")[0].error_message()
    form, valid = form_for(GapMapForm, "rows=environment&cols=mapped_by")
    assert valid and form.cleaned_data["rows"].key == "environment"
    assert "två olika" in form_for(GapMapForm, "rows=setting&cols=setting")[0].error_message()


def test_a_plain_dict_gives_the_same_query_as_a_query_string():
    # The evaluation command passes dicts: one value or a list per key.
    from_dict = SearchForm({"q": "avhoppare", "setting": "anstalt", "target_group": ["vuxna", "lagforda"]})
    assert from_dict.is_valid()
    from_qs = form_for(SearchForm, "q=avhoppare&setting=anstalt&target_group=vuxna&target_group=lagforda")[0]
    assert (
        from_dict.query().filters
        == from_qs.query().filters
        == {
            "setting": ("anstalt",),
            "target_group": ("vuxna", "lagforda"),
        }
    )


def test_every_problem_is_told_in_one_message_and_the_query_text_is_kept_for_the_page():
    form, valid = form_for(SearchForm, "q=avhoppare&sort=nyast&page=%C2%B2")
    assert not valid
    sort_error, page_error = form.errors["sort"][0], form.errors["page"][0]
    assert sort_error.startswith("Okänd sortering ”nyast”")
    assert form.error_message() == f"{sort_error} {page_error}"
    assert form.partial_text() == "avhoppare"
    assert form_for(SearchForm, "sort=nyast")[0].partial_text() == ""  # no text: an empty box
    long_form, _valid = form_for(SearchForm, "q=" + "a" * 1000 + "&sort=nyast")
    assert long_form.partial_text() == "a" * 500  # cut to the longest query accepted


def test_an_unknown_gap_map_axis_is_named_with_every_choice(settings):
    settings.LANGUAGE_CODE = "sv"
    form, valid = form_for(GapMapForm, "rows=fangelse&cols=setting")
    assert not valid
    assert form.error_message() == (
        "Okänd dimension ”fangelse” för rows. "
        "Välj en av: setting, target_group, mapped_by, prevention_level, environment, outcome."
    )
    form, valid = form_for(GapMapForm, "rows=setting&cols=" + "x" * 200)
    assert not valid and "”" + "x" * 30 + "” för cols" in form.error_message()


def test_a_renamed_evidence_level_is_told_once_in_words_and_nothing_is_said_otherwise(settings):
    settings.LANGUAGE_CODE = "sv"
    form, valid = form_for(SearchForm, "evidence=ingen-effekt-eller-skadlig")
    assert valid and form.query().filters["evidence"] == ("risk-for-skada",)
    assert form.renamed_notice() == (
        "Evidensnivån ”ingen-effekt-eller-skadlig” har bytt namn och visas nu som ”Risk för skada – avråds”."
    )
    twice, valid = form_for(SearchForm, "evidence=ingen-effekt-eller-skadlig&evidence=ingen-effekt-eller-skadlig")
    assert valid and twice.renamed_notice() == form.renamed_notice()  # one sentence, not two
    form, valid = form_for(SearchForm, "evidence=lovande&q=avhoppare")
    assert valid and form.renamed_notice() == ""


@pytest.mark.parametrize(
    "value, ok",
    [("1", True), ("100", True), ("0", False), ("101", False), ("²", False)],
    ids=["one", "hundred", "zero", "hundred-one", "superscript-two"],
)
def test_page_size_is_an_ascii_number_from_1_to_100(settings, value, ok):
    settings.LANGUAGE_CODE = "sv"
    form, valid = form_for(ApiForm, f"page_size={value}")
    assert valid is ok
    if not ok:
        assert form.error_message() == "page_size måste vara ett heltal mellan 1 och 100."


def test_the_same_dimension_twice_is_refused_in_words(settings):
    settings.LANGUAGE_CODE = "sv"
    form, valid = form_for(GapMapForm, "rows=setting&cols=setting")
    assert not valid and form.error_message() == "Välj två olika dimensioner för rader och kolumner."


def test_a_plain_dict_of_parameters_works_like_a_query_string():
    form = SearchForm({"q": "avhoppare", "setting": ["anstalt", "frivard"], "fakta": "anvands-inom-sis"})
    assert form.is_valid(), form.errors
    query = form.query()
    assert query.filters == {"setting": ("anstalt", "frivard"), "fakta": ("anvands-inom-sis",)}
    form = SearchForm({"q": "avhoppare"})
    assert form.is_valid() and form.query().filters == {}


def test_limits_are_exact_and_their_messages_say_what_to_do(settings):
    from search.query import MAX_QUERY_LENGTH, MAX_VALUES_PER_PARAMETER

    settings.LANGUAGE_CODE = "sv"
    assert form_for(SearchForm, "q=" + "x" * MAX_QUERY_LENGTH)[1]
    form, valid = form_for(SearchForm, "q=" + "x" * (MAX_QUERY_LENGTH + 1))
    assert not valid and form.error_message() == "Sökfrågan är för lång (501 tecken). Använd högst 500 tecken."
    keywords = "&".join(f"keyword=k{i}" for i in range(MAX_VALUES_PER_PARAMETER + 1))
    form, valid = form_for(SearchForm, keywords)
    assert not valid and form.error_message() == "För många värden för keyword."
    form, valid = form_for(SearchForm, "&".join(f"keyword=k{i}" for i in range(MAX_VALUES_PER_PARAMETER)))
    assert "För många" not in form.error_message()


def test_unknown_values_are_named_and_listed(settings):
    from methods.facts import BY_SLUG
    from search.query import SORTS

    settings.LANGUAGE_CODE = "sv"
    form, valid = form_for(SearchForm, "setting=fangelse&setting=skogen")
    assert not valid and form.error_message() == (
        "Okänt värde för Verksamhet (setting): fangelse, skogen. Välj bland filtren på söksidan."
    )
    form, valid = form_for(SearchForm, "setting=x&target_group=" + "y" * 60)  # every dimension is told, values cut
    assert not valid and form.error_message() == (
        "Okänt värde för Verksamhet (setting): x. Välj bland filtren på söksidan. "
        "Okänt värde för Målgrupp (target_group): " + "y" * 50 + ". Välj bland filtren på söksidan."
    )
    many = "&".join(f"setting=s{i}" for i in range(51))
    form, valid = form_for(SearchForm, many + "&target_group=okand")
    assert not valid and form.error_message() == (
        "För många värden för setting. Okänt värde för Målgrupp (target_group): okand. Välj bland filtren på söksidan."
    )
    form, valid = form_for(SearchForm, "sort=" + "s" * 40)
    choices = ", ".join(SORTS)
    assert not valid and form.error_message() == "Okänd sortering ”" + "s" * 30 + f"”. Välj en av: {choices}."
    every_fact = "&".join(f"fakta={slug}" for slug in BY_SLUG)
    assert form_for(SearchForm, every_fact)[1]  # every fact at once is allowed
    form, valid = form_for(SearchForm, "&".join(f"fakta={i}" + "z" * 60 for i in range(7)))
    five_cut = ", ".join(f"{i}" + "z" * 49 for i in range(5))  # at most five values, 50 characters each
    assert not valid and f": {five_cut}. Välj bland: " in form.error_message()
    form, valid = form_for(SearchForm, "fakta=x1&fakta=x2")
    assert not valid and form.error_message() == (
        "Okänt värde för Genomförande (fakta): x1, x2. Välj bland: " + ", ".join(BY_SLUG) + "."
    )
