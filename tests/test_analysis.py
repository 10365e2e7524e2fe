"""Swedish analysis (search/analysis.py): compounds split with a wordfreq-derived lexicon, word families joined."""

import pytest

from search import lexicon
from search.analysis import TypoIndex, analyze_query_word, analyze_text, compound_parts, family_term, stem


def test_the_committed_lexicon_is_what_wordfreq_and_the_stemmer_give():
    pytest.importorskip("wordfreq")
    committed = lexicon.PATH.read_text(encoding="utf-8")
    assert committed == lexicon.build_lines() + "\n", "run manage.py build_lexicon and commit the file"


@pytest.mark.parametrize(
    "word, parts",
    [
        ("terroristbrott", ["terrorist", stem("brott")]),
        ("stödtelefon", [stem("stöd"), stem("telefon")]),
        ("familjeterapi", [stem("familj"), stem("terapi")]),
        ("personalutbildning", [stem("personal"), stem("utbildning")]),
        ("påverkansprogram", [stem("påverkan"), stem("program")]),
        ("avhopparverksamhet", [stem("avhoppare"), stem("verksamhet")]),
        # The stem cuts "-arbete" to "arb", which splits off as "sarb": split as written, the parts are right.
        ("säkerhetsarbete", [stem("säkerhet"), stem("arbete")]),
        ("behandlingsarbete", [stem("behandling"), stem("arbete")]),
        ("skyddsfaktorer", [stem("skydd"), stem("faktorer")]),
    ],
)
def test_compounds_are_split_into_their_most_likely_words(word, parts):
    assert compound_parts(word) == parts


@pytest.mark.parametrize("word", ["ungdom", "relevant", "utbildning", "verksamhet", "mentorskap"])
def test_ordinary_words_are_not_cut_into_short_words(word):
    assert compound_parts(word) == []


def test_derived_words_join_their_family():
    assert family_term("extremism") == family_term("extremister") == stem("extrema")
    assert family_term("islamistiska") == family_term("islamism") == stem("islam")
    assert family_term("mentorskap") == stem("mentor")
    assert family_term("traumatiska") == stem("trauma")
    assert family_term("vänsterextremism") == stem("vänsterextrema")
    assert family_term("samverkan") == ""
    assert family_term("motivation") == stem("motiverande") == stem("motivera")
    assert family_term("information") == stem("informera")
    assert family_term("relation") == ""  # "rel" is too short to be a base


def test_a_method_about_motivation_work_shares_a_term_with_motivating_conversations():
    query = analyze_query_word("motiverande")
    stems, parts = analyze_text("Strukturerat motivationsarbete på LVM-hem")
    assert query.all_terms & set(stems + parts)


def test_a_query_word_and_a_text_of_its_family_share_a_term():
    variants = analyze_query_word("islamism")
    stems, parts = analyze_text("Den våldsbejakande islamistiska miljön")
    assert variants.all_terms & set(stems + parts)
    query = analyze_query_word("vänsterextremism")
    stems, parts = analyze_text("unga som dras till militanta vänsterextrema grupper")
    assert query.all_terms & set(stems + parts)


def test_a_typo_correction_brings_the_meant_words_parts_and_synonyms():
    index = TypoIndex({stem("riskbedömning"), stem("risk"), stem("bedömning"), stem("säkerhetspolisen"), "sapo"})
    compound = analyze_query_word("riskbedömnig", index)
    assert stem("riskbedömning") in compound.alternatives
    assert compound.parts == [stem("risk"), stem("bedömning")]
    assert stem("säpo") in analyze_query_word("säkerhetspolisn", index).alternatives  # the synonym of the word meant
    assert index.corrected_words("riskbedömning") == []  # a word the collection holds is never corrected
