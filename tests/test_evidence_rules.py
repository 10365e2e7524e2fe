"""The evidence rule (methods.evidence_rules) on hand-made levels: who needs a study, and the exact words."""

from types import SimpleNamespace

from methods.evidence_rules import headline_problem, rating_problem


def level(name, requires_reference):
    return SimpleNamespace(label=name, requires_reference=requires_reference)


STRONG = level("Starkt vetenskapligt stöd", True)
EXPERIENCE = level("Erfarenhetsbaserad", False)
OUTCOME = SimpleNamespace(label="Minskad återfallsrisk")


def test_a_level_stating_what_studies_showed_needs_one_study():
    assert headline_problem(STRONG, 0) == (
        "Evidensnivån ”Starkt vetenskapligt stöd” kräver minst en referens eller ett källdokument. "
        "Lägg till studien eller utvärderingen, eller välj en lägre nivå."
    )
    assert headline_problem(STRONG, 1) is None
    assert headline_problem(EXPERIENCE, 0) is None
    assert headline_problem(None, 0) is None


def test_a_rating_per_outcome_follows_the_same_rule():
    assert rating_problem(OUTCOME, STRONG, 0) == (
        "Bedömningen ”Starkt vetenskapligt stöd” för utfallet ”Minskad återfallsrisk” kräver minst en referens "
        "eller ett källdokument."
    )
    assert rating_problem(OUTCOME, STRONG, 2) is None
    assert rating_problem(OUTCOME, EXPERIENCE, 0) is None
    assert rating_problem(OUTCOME, None, 0) is None
    # A rating whose outcome is not chosen yet is still named in the message.
    assert "för utfallet ”–”" in rating_problem(None, STRONG, 0)
