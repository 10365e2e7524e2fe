"""The evidence rules every way in shares (admin form, import): one wording, one decision.

A level that states what studies showed (``EvidenceLevel.requires_reference``: strong,
some or promising support, no effect, risk of harm) needs at least one study behind it:
a reference, or a source document (the import's ``source_title``). The rule holds for
the method's headline level and for every rating per outcome.
"""

from django.utils.translation import gettext as _


def headline_problem(level, studies):
    """The message for a headline level that needs a study when ``studies`` is 0, else ``None``."""
    if level is None or not level.requires_reference or studies:
        return None
    return _(
        "Evidensnivån ”%(level)s” kräver minst en referens eller ett källdokument. Lägg till studien eller "
        "utvärderingen, eller välj en lägre nivå."
    ) % {"level": level.label}


def rating_problem(outcome, level, studies):
    """The message for an outcome rating that needs a study when ``studies`` is 0, else ``None``."""
    if level is None or not level.requires_reference or studies:
        return None
    return _("Bedömningen ”%(level)s” för utfallet ”%(outcome)s” kräver minst en referens eller ett källdokument.") % {
        "level": level.label,
        "outcome": outcome.label if outcome is not None else "–",
    }
