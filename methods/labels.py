"""The name of a vocabulary term to show: English where the term has one and English is active, else Swedish.

One rule for the terms as models (``methods.models.taxonomy``) and as plain values
(``methods.terms``).
"""

from django.utils.translation import get_language


def active_label(name, name_en):
    if not name_en:  # keywords, and terms without an English name: no language lookup (a hot path)
        return name
    return name_en if (get_language() or "sv").startswith("en") else name
