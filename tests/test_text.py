"""Clean text at the door (methods.text): what becomes a newline or space, what is refused, and how."""

import pytest
from django.core.exceptions import ValidationError

from methods.text import check, forbidden_characters, normalise, normalise_alt_labels, printable


def test_pasted_line_breaks_become_newlines_or_spaces_in_single_line_fields():
    assert normalise("a\r\nb\x0bc\u2028d") == "a\nb\nc\nd"
    assert normalise("  Titel\x0bmed\tflik\n ", multiline=False) == "Titel med flik"
    assert normalise("e\u0301") == "é"  # NFC
    assert normalise(None) == ""


def test_control_characters_are_refused_naming_each_one():
    assert forbidden_characters("a\x00b\x1bc\x1b") == ["U+0000", "U+001B"]
    assert forbidden_characters("") == [] and forbidden_characters("rad\nrad\tflik") == []
    with pytest.raises(ValidationError) as refused:
        check("Titel\x1b")
    assert refused.value.messages == ["innehåller otillåtna kontrolltecken (U+001B); ta bort dem och försök igen"]
    with pytest.raises(ValidationError, match=r"\(U\+0000, U\+001B\)"):
        check("a\x1bb\x00")
    check("Vanlig text\nmed radbrytning")  # no error


def test_printable_strips_them_for_outputs_even_for_old_data():
    assert printable("A\x00B\x0bC") == "AB\nC"


def test_alternative_labels_one_per_line_trimmed_and_without_duplicates():
    assert normalise_alt_labels("  LVU ; ungdomshem\n\nlvu\nsärskilda   ungdomshem ") == (
        "LVU\nungdomshem\nsärskilda ungdomshem"
    )
    with pytest.raises(ValidationError):
        normalise_alt_labels("LVU\x1b")
