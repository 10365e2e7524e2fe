"""Clean text at the door: the one rule for control characters, used by import, the admin and every export.

Text fields keep ordinary characters, and newlines where the field is multi-line. Line
breaks that editors paste from word processors (Word's Shift+Enter is a vertical tab,
page breaks, Unicode line and paragraph separators) become newlines, or spaces in
single-line fields. Other control characters (NUL, escape, C1 controls, non-characters)
are refused with a message naming the character. ``printable`` makes any text safe for
outputs whose formats forbid such characters (XML in XLSX and RSS), also for data stored
before this rule.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 controls except tab and newline, DEL, C1 controls, non-characters, lone surrogates.
FORBIDDEN = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def normalise(value, multiline=True):
    """NFC, one kind of line break (``\\n``, or a space in single-line fields), tabs as spaces in single-line."""
    value = unicodedata.normalize("NFC", value or "")
    value = LINE_BREAKS.sub("\n", value)
    if not multiline:
        value = " ".join(value.replace("\t", " ").split("\n")).strip()
    return value


def forbidden_characters(value):
    """The forbidden characters in ``value``, as ``U+XXXX`` codes (empty if none)."""
    return sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(value or "")})


def check(value):
    """Raise ValidationError (Swedish) if ``value`` holds a forbidden control character."""
    found = forbidden_characters(value)
    if found:
        raise ValidationError(
            _("innehåller otillåtna kontrolltecken (%(chars)s); ta bort dem och försök igen")
            % {"chars": ", ".join(found)}
        )


def printable(value, multiline=True):
    """Text safe for any output format: forbidden characters removed, line breaks normalised."""
    return FORBIDDEN.sub("", normalise(value, multiline))


def normalise_alt_labels(value):
    """Alternative labels as stored: one per line, trimmed, no empty lines, no duplicates (case-insensitive).

    Editors may also separate them with semicolons."""
    check(value)
    seen, labels = set(), []
    for line in normalise(value).replace(";", "\n").split("\n"):
        label = " ".join(line.split())
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            labels.append(label)
    return "\n".join(labels)
