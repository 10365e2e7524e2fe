"""A keyword must not repeat a setting: the one rule the admin form and the import both apply.

Settings are a controlled vocabulary with a filter of their own; the same word again as a free
keyword splits the facet ("anstalt" beside "Anstalt (Kriminalvården)") and says nothing new. A
keyword names a setting when, ignoring case, it is the setting's Swedish or English label, that label
without its part in brackets, or one half of a label of the form "X och Y" ("skola", "elevhälsa" for
"Skola och elevhälsa"). Alternative labels are not used: they are search words ("rektor",
"övervakning"), and as keywords they can say more than the setting does.
"""

import re

from django.utils.translation import gettext as _

from .dimensions import SETTING

_BRACKETS = re.compile(r"\s*\([^)]*\)\s*")


def names_of(term):
    """The lower-case words that count as naming ``term`` (a setting)."""
    names = set()
    for label in (term.name, term.name_en):
        if not label:
            continue
        bare = _BRACKETS.sub(" ", label).strip().lower()
        names |= {label.strip().lower(), bare}
        names |= {part.strip() for part in bare.split(" och ") if part.strip()} if " och " in bare else set()
    return names


def setting_named_by(keyword, settings):
    """The setting among ``settings`` (Term or model objects) that ``keyword`` names, or None."""
    word = " ".join(keyword.split()).lower()
    for term in settings:
        if word in names_of(term):
            return term
    return None


def repeated_setting_problem(keyword, setting, ticked):
    """The error for ``keyword``, which names ``setting``; ``ticked``: the method already has the setting."""
    if ticked:
        return _(
            "Nyckelordet ”%(keyword)s” upprepar verksamheten %(setting)s, som metoden redan har. Ta bort nyckelordet."
        ) % {"keyword": keyword, "setting": setting.name}
    return _(
        "Nyckelordet ”%(keyword)s” är verksamheten %(setting)s. Ange den som verksamhet i stället för som nyckelord."
    ) % {"keyword": keyword, "setting": setting.name}


def repeated_setting_notice(keyword, setting):
    """What an import report says when it leaves out a keyword that repeats one of the row's settings."""
    return _("nyckelordet ”%(keyword)s” upprepar verksamheten %(setting)s och lästes inte in") % {
        "keyword": keyword,
        "setting": setting.name,
    }


def all_settings():
    return list(SETTING.model.objects.all())
