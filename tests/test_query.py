"""search/query.py: the query object's parameters, description and record, with values written out by hand."""

from search.query import MethodQuery


def a_query(sort_given=True):
    return MethodQuery(
        text="avhoppare stöd",
        filters={"setting": ("anstalt", "frivard"), "evidence": ("lovande",)},
        sort="evidence",
        sort_given=sort_given,
    )


def test_params_keep_a_chosen_order_and_leave_the_default_out():
    assert a_query().params() == [
        ("q", "avhoppare stöd"),
        ("setting", "anstalt"),
        ("setting", "frivard"),
        ("evidence", "lovande"),
        ("sort", "evidence"),
    ]
    assert ("sort", "evidence") not in a_query(sort_given=False).params()
    assert a_query().params(page=2)[-1] == ("page", 2)


def test_describe_is_one_line_a_person_reads_in_an_export():
    assert a_query().describe() == "q=avhoppare stöd; setting=anstalt|frivard; evidence=lovande; sort=evidence"
    assert MethodQuery(sort="title").describe() == "sort=title"


def test_as_dict_is_the_query_record_of_exports_and_the_api():
    assert a_query().as_dict() == {
        "q": "avhoppare stöd",
        "filters": {"setting": ["anstalt", "frivard"], "evidence": ["lovande"]},
        "sort": "evidence",
    }


def parts(text):
    from search.query import parse_text

    parsed = parse_text(text)
    return parsed.words, parsed.phrases, parsed.excluded


def test_words_phrases_and_exclusions_are_told_apart():
    assert parts('avhoppare "våldsbejakande extremism" -skola -"vit makt"') == (
        ["avhoppare"],
        [["våldsbejakande", "extremism"]],
        ["skola", ["vit", "makt"]],
    )
    assert parts('"a b"') == ([], [["a", "b"]], [])
    assert parts('-"ensam"') == ([], [], ["ensam"])  # an excluded one-word phrase is an excluded word


def test_an_unclosed_quote_runs_to_the_end_and_empty_quotes_are_skipped():
    assert parts('"öppen fras') == ([], [["öppen", "fras"]], [])
    assert parts('a "b" "c d') == (["a"], [["b"], ["c", "d"]], [])
    assert parts('"" stöd "" familj') == (["stöd", "familj"], [], [])
    assert parts('"!!" -skola familj') == (["familj"], [], ["skola"])  # reading goes on after a wordless phrase


def test_a_text_of_stopwords_only_searches_for_them():
    assert parts("och i") == (["och", "i"], [], [])
    assert parts("och familj") == (["familj"], [], [])
    assert parts('""och') == (["och"], [], [])


def test_an_excluded_phrase_is_cut_to_the_longest_phrase_searched():
    words = " ".join(f"ord{i}" for i in range(12))
    assert parts(f'-"{words}"')[2] == [[f"ord{i}" for i in range(8)]]  # MAX_PHRASE_WORDS


def test_control_characters_become_spaces_between_words():
    from search.query import clean_text

    assert clean_text("rad ett\x0brad\ttvå\x00 ") == "rad ett rad två"
