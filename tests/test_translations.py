"""The English translation is complete: every Swedish UI string has an English text, and the catalogue is current."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text):
    """(flags, msgid, msgstr texts) of every entry but the header."""
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            yield flags, fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")]


def test_every_string_has_an_english_translation():
    untranslated = [
        msgid
        for flags, msgid, translations in _entries(PO.read_text(encoding="utf-8"))
        if "fuzzy" in flags or not all(translations)
    ]
    assert untranslated == []


@pytest.mark.skipif(not Path("/usr/bin/xgettext").exists(), reason="GNU gettext is not installed")
def test_the_catalogue_holds_every_string_in_the_code():
    """makemessages on a copy finds no string that the committed catalogue lacks."""
    committed = PO.read_bytes()
    before = {msgid for _f, msgid, _t in _entries(committed.decode("utf-8"))}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "-v0", "--no-obsolete"]
        + [f"--ignore={d}" for d in (".venv", "bench", "tests", "staticfiles", "media", "test-artifacts")],
        cwd=ROOT,
        check=True,
    )
    try:
        after = {msgid for _f, msgid, _t in _entries(PO.read_text(encoding="utf-8"))}
    finally:
        PO.write_bytes(committed)
    assert after - before == set()


def test_every_string_in_wagtails_admin_javascript_has_swedish():
    """The admin's JavaScript catalogue (Wagtail's Swedish plus locale/sv/LC_MESSAGES/djangojs.po) covers every
    string Wagtail's bundles translate, so no "Autosave in progress…" is left in English."""
    import wagtail
    from django.utils.translation.trans_real import DjangoTranslation

    bundles = Path(wagtail.__file__).parent.glob("**/static/**/*.js")
    call = re.compile(r"\(0,[A-Za-z_$]+\.(?:AP|gettext)\)\(\"((?:\\.|[^\"\\])*)\"\)")
    strings = {m.group(1) for path in bundles for m in call.finditer(path.read_text(encoding="utf-8", errors="ignore"))}
    assert len(strings) > 50  # the pattern still finds Wagtail's calls
    apps = [Path(wagtail.__file__).parent / "admin" / "locale"]
    catalogue = DjangoTranslation("sv", domain="djangojs", localedirs=[str(p) for p in apps])
    words = [s for s in sorted(strings) if any(c.isalpha() for c in re.sub(r"%\(\w+\)s", "", s))]
    english = [s for s in words if catalogue.gettext(s) == s]
    assert english == []
