"""Which keywords repeat a setting (methods.keyword_rules), on hand-made terms."""

from methods.keyword_rules import names_of, repeated_setting_notice, repeated_setting_problem, setting_named_by
from methods.terms import Term

ANSTALT = Term("anstalt", "Anstalt (Kriminalvården)", "Prison (Swedish Prison and Probation Service)")
SKOLA = Term("skola", "Skola och elevhälsa", "School and student health")
SAMVERKAN = Term("kommunal-samverkan", "Kommunal samverkan", "Municipal cooperation", alt_labels="SSPF\nkommunen")


def test_names_are_the_labels_without_brackets_and_the_halves_of_x_och_y():
    assert names_of(ANSTALT) == {
        "anstalt (kriminalvården)",
        "anstalt",
        "prison (swedish prison and probation service)",
        "prison",
    }
    assert {"skola och elevhälsa", "skola", "elevhälsa", "school and student health"} == names_of(SKOLA)


def test_a_keyword_names_a_setting_ignoring_case_and_spacing():
    settings = [ANSTALT, SKOLA, SAMVERKAN]
    assert setting_named_by("Anstalt", settings) is ANSTALT
    assert setting_named_by("  ELEVHÄLSA ", settings) is SKOLA
    assert setting_named_by("kommunal   samverkan", settings) is SAMVERKAN


def test_parts_of_a_label_and_alternative_labels_are_not_settings():
    settings = [ANSTALT, SKOLA, SAMVERKAN]
    for keyword in ("samverkan", "kommunen", "SSPF", "skolkurator", "kriminalvården", "anstalter"):
        assert setting_named_by(keyword, settings) is None, keyword


def test_a_term_without_a_swedish_label_is_named_by_its_english_one():
    assert names_of(Term("x", "", "Prison (Sweden)")) == {"prison (sweden)", "prison"}


def test_the_exact_words_people_read():
    assert repeated_setting_problem("anstalt", ANSTALT, True) == (
        "Nyckelordet ”anstalt” upprepar verksamheten Anstalt (Kriminalvården), som metoden redan har. "
        "Ta bort nyckelordet."
    )
    assert repeated_setting_problem("skola", SKOLA, False) == (
        "Nyckelordet ”skola” är verksamheten Skola och elevhälsa. Ange den som verksamhet i stället för som nyckelord."
    )
    assert repeated_setting_notice("skola", SKOLA) == (
        "nyckelordet ”skola” upprepar verksamheten Skola och elevhälsa och lästes inte in"
    )
