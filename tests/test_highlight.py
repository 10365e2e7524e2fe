"""Highlighted snippets (search/highlight.py): matches marked, the rest escaped, a window around the first hit."""

from search.analysis import stem
from search.highlight import snippet


def test_marks_every_inflection_of_a_query_word_and_escapes_the_rest():
    text = 'Stöd till avhoppare <script>alert("x")</script> & en avhoppares familj'
    html = snippet(text, {stem("avhoppare")})
    assert "<mark>avhoppare</mark>" in html
    assert "<mark>avhoppares</mark>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; en" in html


def test_no_snippet_without_a_match_or_without_terms():
    assert snippet("Motiverande samtal", {stem("avhoppare")}) == ""
    assert snippet("Motiverande samtal", set()) == ""


def test_a_long_text_gives_a_window_around_the_first_match():
    words = [f"ord{i}" for i in range(100)]
    words[60] = "radikalisering"
    html = snippet(" ".join(words), {stem("radikalisering")}, max_words=12)
    assert html.startswith("… ord56 ord57 ord58 ord59 <mark>radikalisering</mark> ord61")
    assert html.endswith("ord67 …")
    assert "ord55" not in html and "ord68" not in html


def test_a_whole_text_keeps_its_first_and_final_punctuation():
    html = snippet("(ERG 22+) Strukturerad riskbedömning av dömda.", {stem("riskbedömning")}, max_words=400)
    assert html == "(ERG 22+) Strukturerad <mark>riskbedömning</mark> av dömda."
