"""Bulk import: validation with row-level errors, atomicity, idempotence, updates as revisions."""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from wagtail.models import ReferenceIndex, Revision

from methods.importing import import_file
from methods.models import MethodPage

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
METHODS_CSV = Path(__file__).parent.parent / "methods" / "fixtures" / "methods.csv"


def state():
    return (MethodPage.objects.count(), Revision.objects.count(), MethodPage.objects.live().count())


def expected_bad_rows():
    lines = (DATA / "import-bad.expected.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {int(line.split("\t")[0]): line.split("\t")[1] for line in lines if line.strip()}


@pytest.fixture
def empty_site():
    MethodPage.objects.all().delete()
    return None


def test_valid_corpus_imports_and_second_import_changes_nothing(empty_site):
    call_command("import_methods", str(METHODS_CSV), "--publish", verbosity=0)
    after_first = state()
    assert after_first[0] == after_first[2] == 44
    call_command("import_methods", str(METHODS_CSV), "--publish", verbosity=0)
    assert state() == after_first
    call_command("import_methods", str(METHODS_CSV), "--publish", "--update", verbosity=0)
    assert state() == after_first


def test_imported_method_has_every_field(empty_site):
    """All 14 columns of one row, against values written out by hand from methods.csv."""
    call_command("import_methods", str(METHODS_CSV), "--publish", verbosity=0)
    page = MethodPage.objects.get(method_id="exit-fryshuset")

    def slugs(manager):
        return set(manager.values_list("slug", flat=True))

    assert (page.method_id, page.slug, page.live) == ("exit-fryshuset", "exit-fryshuset", True)
    assert page.title == "EXIT – avhopparverksamhet vid Fryshuset"
    assert page.summary == (
        "Stöd till personer som vill lämna vit makt-miljön och andra våldsbejakande miljöer, "
        "ofta genom före detta medlemmar som coacher."
    )
    assert page.description_text() == (
        "EXIT erbjuder samtalsstöd, praktisk hjälp och kontakt med myndigheter för den som vill hoppa av. "
        "Coacherna har ofta själva lämnat en extremistisk rörelse och kan därför möta avhopparen med "
        "trovärdighet. Verksamheten stöttar också anhöriga och föräldrar som oroar sig för en närstående. "
        "Arbetet finansieras delvis med statsbidrag via MUCF."
    )
    assert slugs(page.mapped_by) == {"mucf"}
    assert slugs(page.settings) == {"civilsamhalle"}
    assert slugs(page.target_groups) == {"avhoppare", "vuxna", "unga-vuxna-18-21", "anhoriga"}
    assert page.evidence_level.slug == "erfarenhetsbaserad"
    assert slugs(page.prevention_levels) == {"individinriktad"}
    assert slugs(page.environments) == {"vit-makt", "miljooverskridande"}
    # The file's third keyword, "civilsamhälle", repeats the method's setting Civilsamhälle and is left out.
    assert set(page.keywords.values_list("name", flat=True)) == {"avhopp", "coach"}
    source = page.sources.get().document
    assert source.title == "Förordning (2011:1508) om statsbidrag för verksamhet som värnar demokratin"
    assert (source.url, source.year) == ("https://www.mucf.se/statsbidrag-demokrati", 2011)
    # Keywords keep the case the file gives them (names and acronyms); their slugs are lower-case.
    sip = MethodPage.objects.get(method_id="samordnad-individuell-plan").keywords.get(slug="sip")
    assert sip.name == "SIP"


def test_imported_methods_appear_in_the_admins_usage_of_their_source_and_are_searchable(empty_site):
    # The reference index is updated once per method after its last save (not after each of its saves).
    call_command("import_methods", str(METHODS_CSV), "--publish", verbosity=0)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    document = page.sources.get().document
    users = {ref.object_id for ref in ReferenceIndex.get_references_to(document)}
    assert str(page.pk) in users
    assert str(page.pk) in {ref.object_id for ref in ReferenceIndex.get_references_to(page.evidence_level)}
    assert {"fryshus", "avhop"} <= set(page.search_terms.split())


def test_a_keyword_naming_a_setting_the_row_lacks_is_an_error_naming_row_and_column(empty_site):
    header = "id,title,summary,description,mapped_by,settings,target_groups,evidence_level,"
    header += "prevention_levels,environments,keywords,source_title,source_url,source_year"
    row = "ny-metod,Ny metod,Kort om metoden.,Text.,kommun,socialtjanst,vuxna,erfarenhetsbaserad,riktad,"
    row += "miljooverskridande,samtal;Anstalt,,,"
    report = import_file(f"{header}\n{row}\n".encode(), "x.csv", publish=True)
    assert [(e.row, e.column) for e in report.errors] == [(1, "keywords")]
    assert "är verksamheten Anstalt (Kriminalvården)" in report.errors[0].message
    assert not MethodPage.objects.filter(method_id="ny-metod").exists()


def says(message, reason):
    """Whether a report message says what the expected file's English reason says."""
    rules = [
        (r"missing", lambda m: message == "saknas"),
        (r"unknown slug (\S+)", lambda m: message == f"okänd term ”{m[1]}”"),
        (r"two values", lambda m: message.startswith("har 2 värden")),
        (r"duplicate of row (\d+)", lambda m: message == f"samma id som rad {m[1]}"),
        (r"spaces and uppercase", lambda m: "inte ett giltigt id" in message and re.search(r"[ A-Z]", message)),
        (r"malformed", lambda m: "inte en giltig webbadress" in message),
        (r"not a year", lambda m: "inte ett årtal" in message),
        (
            r"longer than (\d+) characters",
            lambda m: int(re.match(r"är (\d+) tecken", message)[1]) > int(m[1]),
        ),
        (
            r"row has (\d+) columns, header has (\d+)",
            lambda m: message == f"raden har {m[1]} kolumner, rubrikraden har {m[2]}",
        ),
    ]
    for pattern, check in rules:
        match = re.fullmatch(pattern, reason)
        if match:
            return bool(check(match))
    raise AssertionError(f"no rule for the expected reason {reason!r}")


def test_bad_file_reports_every_invalid_row_with_its_reason_and_writes_nothing():
    before = state()
    report = import_file((DATA / "import-bad.csv").read_bytes(), "import-bad.csv", publish=True)
    expected = expected_bad_rows()
    assert {e.row for e in report.errors} == set(expected)
    for row, reason in expected.items():
        column, _sep, text = reason.rpartition(": ") if ": " in reason else ("", "", reason)
        found = [(e.column, e.message) for e in report.errors if e.row == row]
        assert any(c == column and says(m, text) for c, m in found), (row, reason, found)
    assert not report.written
    assert state() == before


def test_command_names_row_and_column_and_fails(capsys):
    before = state()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_methods", str(DATA / "import-bad.csv"))
    assert "Ingenting har sparats" in str(excinfo.value)
    err = capsys.readouterr().err
    assert "rad 3 (rad 4 i kalkylarket), kolumn title: saknas" in err
    assert "rad 5 (rad 6 i kalkylarket), kolumn settings: okänd term ”fangelse”" in err
    assert "rad 26 (rad 27 i kalkylarket)" in err and "15 kolumner" in err
    assert state() == before


def test_skip_invalid_writes_only_valid_rows(empty_site):
    report = import_file((DATA / "import-bad.csv").read_bytes(), "import-bad.csv", publish=True, skip_invalid=True)
    assert len(report.created) == 30 - len(expected_bad_rows())
    assert MethodPage.objects.count() == len(report.created)
    assert not MethodPage.objects.filter(method_id="stodtelefon-vbe-imp").exists()  # row 3, no title


def test_formula_text_is_stored_as_text(empty_site):
    import_file((DATA / "import-bad.csv").read_bytes(), "import-bad.csv", skip_invalid=True)
    page = MethodPage.objects.get(method_id="frigivningsforberedelser-imp")
    assert page.get_latest_revision_as_object().description_text().startswith('=HYPERLINK("http://example.invalid/x"')


def test_dry_run_writes_nothing(empty_site):
    report = import_file(METHODS_CSV.read_bytes(), "methods.csv", publish=True, dry_run=True)
    assert len(report.created) == 44
    assert MethodPage.objects.count() == 0


def test_update_creates_a_revision_not_a_duplicate():
    page = MethodPage.objects.get(method_id="vera-2r")
    revisions = page.revisions.count()
    rows = list(csv.reader(io.StringIO(METHODS_CSV.read_text(encoding="utf-8"))))
    header = rows[0]
    row = next(r for r in rows if r[0] == "vera-2r")
    row[header.index("summary")] = "Uppdaterad sammanfattning om strukturerad riskbedömning."
    data = io.StringIO()
    csv.writer(data).writerows([header, row])
    without_update = import_file(data.getvalue().encode(), "one.csv")
    assert without_update.unchanged == ["vera-2r"]
    report = import_file(data.getvalue().encode(), "one.csv", update=True)
    assert report.updated == ["vera-2r"]
    page.refresh_from_db()
    assert page.revisions.count() == revisions + 1
    assert page.summary == "Uppdaterad sammanfattning om strukturerad riskbedömning."  # live, so published
    assert MethodPage.objects.filter(method_id="vera-2r").count() == 1


def test_swedish_excel_csv_with_bom_and_semicolons(empty_site):
    rows = list(csv.reader(io.StringIO(METHODS_CSV.read_text(encoding="utf-8"))))
    data = io.StringIO()
    csv.writer(data, delimiter=";").writerows(rows[:6])
    report = import_file(("\ufeff" + data.getvalue()).encode("utf-8"), "excel.csv")
    assert not report.errors and len(report.created) == 5


def test_xlsx_import(empty_site):
    rows = list(csv.reader(io.StringIO(METHODS_CSV.read_text(encoding="utf-8"))))
    workbook = openpyxl.Workbook()
    for row in rows[:4]:
        workbook.active.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    report = import_file(stream.getvalue(), "metoder.xlsx")
    assert not report.errors and len(report.created) == 3


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "tom"),
        (b"\xff\xfe\x00n\x00o", "UTF-8"),
        (b"id,title\nx,y\n", "Kolumner saknas"),
        (b"PK\x03\x04 broken", "XLSX"),
    ],
)
def test_unreadable_files_get_a_clear_error(tmp_path, content, message):
    path = tmp_path / ("fil.xlsx" if content.startswith(b"PK") else "fil.csv")
    path.write_bytes(content)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_methods", str(path))
    assert message in str(excinfo.value)


def lock_database_at_third_method(monkeypatch):
    """The database refuses the third new method page ("database is locked"), as under another writer."""
    from methods.models import MethodIndexPage

    calls = {"n": 0}
    original = MethodIndexPage.add_child

    def flaky_add_child(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OperationalError("database is locked")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MethodIndexPage, "add_child", flaky_add_child)


def test_database_failure_mid_import_writes_nothing(empty_site, monkeypatch):
    lock_database_at_third_method(monkeypatch)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_methods", str(METHODS_CSV), "--publish")
    assert "database is locked" in str(excinfo.value) and "Ingenting har sparats" in str(excinfo.value)
    assert MethodPage.objects.count() == 0


def test_admin_import_preview_then_confirm(client, empty_site):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("granskare2", "g@example.se", "lösenord-för-test-123")
    user.groups.add(Group.objects.get(name="Granskare"))
    client.force_login(user)
    with METHODS_CSV.open("rb") as handle:
        response = client.post("/admin/metoder/import/", {"file": handle, "publish": "on"})
    assert response.status_code == 200
    assert "44 nya metoder" in response.content.decode()
    assert MethodPage.objects.count() == 0  # preview only
    token = response.context["token"]
    response = client.post("/admin/metoder/import/", {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert MethodPage.objects.live().count() == 44


def test_admin_import_shows_row_errors(client):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("redaktor2", "r@example.se", "lösenord-för-test-123")
    user.groups.add(Group.objects.get(name="Redaktörer"))
    client.force_login(user)
    before = state()
    with (DATA / "import-bad.csv").open("rb") as handle:
        html = client.post("/admin/metoder/import/", {"file": handle}).content.decode()
    assert "okänd term ”fangelse”" in html
    # Row numbers as the spreadsheet shows them: data row 5 is the sixth row of the file.
    assert "<tr><td>6</td><td>settings</td><td>okänd term ”fangelse”</td></tr>" in html
    assert "Rad i kalkylarket" in html
    assert "Genomför importen" not in html
    assert state() == before


@pytest.fixture(scope="module")
def file_site(tmp_path_factory):
    """A separate SQLite file database with the demo site, for lock and read-only tests."""
    import os
    import subprocess
    import sys

    db = tmp_path_factory.mktemp("file-site") / "site.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kb.settings.dev", "DATABASE_URL": f"sqlite:///{db}"}
    root = Path(__file__).resolve().parent.parent
    for args in (["migrate", "--noinput", "-v0"], ["load_demo", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=root, env=env, check=True)
    return db, env, root


def _import(env, root, path):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "manage.py", "import_methods", str(path), "--publish", "--update"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _count(db):
    import sqlite3

    with sqlite3.connect(db) as con:
        return con.execute("select count(*) from methods_methodpage").fetchone()[0]


@pytest.mark.subprocess
def test_database_locked_by_another_writer_gives_a_clear_error(file_site, tmp_path):
    import sqlite3

    db, env, root = file_site
    before = _count(db)
    rows = list(csv.reader(io.StringIO(METHODS_CSV.read_text(encoding="utf-8"))))
    rows[1][0] = "ny-metod-under-las"
    new_file = tmp_path / "one.csv"
    with new_file.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[:2])
    other = sqlite3.connect(db, timeout=1)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        result = _import(env, root, new_file)
    finally:
        other.rollback()
        other.close()
    assert result.returncode != 0
    assert "database is locked" in result.stderr and "Ingenting har sparats" in result.stderr
    assert "Traceback" not in result.stderr
    assert _count(db) == before


@pytest.mark.subprocess
def test_read_only_database_gives_a_clear_error(file_site, tmp_path):
    db, env, root = file_site
    before = _count(db)
    new_file = tmp_path / "one.csv"
    rows = list(csv.reader(io.StringIO(METHODS_CSV.read_text(encoding="utf-8"))))
    rows[1][0] = "ny-metod-skrivskydd"
    with new_file.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[:2])
    # SQLite's query_only pragma makes the connection read-only (a chmod would not stop root, as in CI).
    env = {**env, "DATABASE_URL": f"sqlite:///{db}?init_command=PRAGMA%20query_only%3DON"}
    result = _import(env, root, new_file)
    assert result.returncode != 0, result.stdout
    assert "Ingenting har sparats" in result.stderr and "Traceback" not in result.stderr
    assert _count(db) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_import_templates_hold_every_column_and_an_example_row_that_passes(client, fmt):
    from django.contrib.auth.models import Group, User

    from methods.records import FORMAT_COLUMNS

    editor = User.objects.create_user("mallredaktor", password="lösenord-för-test-123")
    editor.groups.add(Group.objects.get(name="Redaktörer"))
    client.force_login(editor)
    response = client.get(f"/admin/metoder/import/mall.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="metodbanken-importmall.{fmt}"'
    report = import_file(response.content, f"mall.{fmt}", dry_run=True)
    assert report.errors == [] and report.created == ["exempel-metod"]
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == ["Data", "Kodbok"]
        assert [c.value for c in workbook["Data"][1]] == FORMAT_COLUMNS
        documented = [row[0] for row in workbook["Kodbok"].iter_rows(min_row=2, values_only=True)]
        assert documented == FORMAT_COLUMNS
    else:
        header = response.content.decode("utf-8-sig").splitlines()[0]
        assert header.split(",") == FORMAT_COLUMNS
    assert client.get("/admin/metoder/import/mall.pdf").status_code == 404


def test_an_update_sets_owner_and_ratings_and_logs_the_revision_in_the_history():
    from wagtail.models import PageLogEntry

    from methods.exporting import iter_csv
    from methods.importing import system_user

    page = MethodPage.objects.get(method_id="exit-fryshuset")
    rows = list(csv.DictReader(io.StringIO("".join(iter_csv([page.pk])), newline="")))
    rows[0]["method_owner"] = "cve"
    rows[0]["outcome_ratings"] = "aterfall-i-brott | erfarenhetsbaserad | Erfarenheter från verksamheten."
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    report = import_file(out.getvalue().encode(), "uppdatering.csv", update=True, publish=True)
    assert report.updated == ["exit-fryshuset"], report
    page.refresh_from_db()
    assert page.method_owner.slug == "cve"
    assert [(r.outcome.slug, r.level.slug) for r in page.outcome_ratings.all()] == [
        ("aterfall-i-brott", "erfarenhetsbaserad")
    ]
    entry = PageLogEntry.objects.filter(page=page, action="wagtail.edit").latest("timestamp")
    assert entry.user == system_user()


def test_the_system_identity_is_created_named_inactive_and_without_a_password(django_user_model):
    from methods.importing import SYSTEM_USERNAME, system_user

    django_user_model.objects.filter(username=SYSTEM_USERNAME).delete()
    user = system_user()
    assert (user.username, user.get_full_name(), user.is_active) == (SYSTEM_USERNAME, "Metodbanken (system)", False)
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert system_user().pk == user.pk


def test_a_source_document_belongs_to_the_organisation_of_its_web_address():
    from methods.importing import _organisation_for

    assert _organisation_for("https://fryshuset.se/exit").slug == "fryshuset"
    assert _organisation_for("https://exit.fryshuset.se/om").slug == "fryshuset"  # a subdomain
    assert _organisation_for("https://cve.se/rapport").slug == "cve"  # "www." left out of the address
    assert _organisation_for("https://www.fryshuset.se/").slug == "fryshuset"  # or added to it
    assert _organisation_for("https://eximple.se/") is None
    assert _organisation_for("") is None


def test_a_file_named_xlsx_is_read_as_a_workbook_whatever_it_holds():
    from methods.records import FileFormatError

    with pytest.raises(FileFormatError, match=r"^Filen kunde inte läsas som XLSX: "):
        import_file(b"id,title\nx,y\n", "metoder.xlsx")


def test_a_dry_run_report_says_it_is_one(empty_site):
    assert import_file(METHODS_CSV.read_bytes(), "methods.csv", dry_run=True).dry_run is True
    assert import_file(METHODS_CSV.read_bytes(), "methods.csv").dry_run is False


def test_a_database_that_cannot_be_read_is_said_so_before_anything_is_written(monkeypatch):
    from methods import importing
    from methods.importing import ImportError_

    def unreadable(*args, **kwargs):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(importing, "Vocabulary", unreadable)
    with pytest.raises(ImportError_) as excinfo:
        import_file(METHODS_CSV.read_bytes(), "methods.csv", publish=True)
    assert str(excinfo.value) == "Databasen kunde inte läsas (disk I/O error). Ingenting har sparats."


def test_a_failure_after_some_batches_names_the_first_row_not_written(empty_site, monkeypatch):
    from methods import importing
    from methods.importing import ImportError_

    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    monkeypatch.setattr(importing, "SQLITE_BATCH_PAUSE", 0)
    lock_database_at_third_method(monkeypatch)
    with pytest.raises(ImportError_) as excinfo:
        import_file(METHODS_CSV.read_bytes(), "methods.csv", publish=True)
    assert str(excinfo.value) == (
        "Databasen tog inte emot importen från rad 3 (database is locked). 2 metoder före den raden sparades; "
        "importera samma fil igen för att slutföra (redan sparade rader lämnas orörda)."
    )
    assert MethodPage.objects.count() == 2


def test_on_sqlite_an_import_lets_waiting_writers_in_between_its_batches(empty_site, monkeypatch):
    """The task worker or an editor saving a page gets the database between two batches, not after the import."""
    from django.db import connection

    from methods import importing

    monkeypatch.setattr(importing, "BATCH_SIZE", 20)
    pauses = []
    monkeypatch.setattr(importing.time, "sleep", pauses.append)
    report = import_file(METHODS_CSV.read_bytes(), "methods.csv", publish=True)
    assert len(report.created) == 44
    expected = [importing.SQLITE_BATCH_PAUSE] * 2 if connection.vendor == "sqlite" else []
    assert pauses == expected  # three batches: a pause after each but the last


def test_an_id_taken_by_another_page_in_the_section_is_a_row_error():
    from methods.models import MethodIndexPage

    index = MethodIndexPage.objects.get()
    taken = MethodPage.objects.get(method_id="exit-fryshuset")
    MethodPage.objects.filter(pk=taken.pk).update(method_id="annat-id")
    rows = list(csv.reader(io.StringIO(METHODS_CSV.read_text(encoding="utf-8"))))
    row = next(r for r in rows if r[0] == "exit-fryshuset")
    data = _csv_bytes([rows[0], row])
    report = import_file(data, "x.csv", publish=True)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (1, "id", f"en annan sida i ”{index.title}” har redan adressen ”exit-fryshuset”")
    ]


def _csv_bytes(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def test_a_draft_import_logs_its_revision_in_the_page_history(empty_site):
    from wagtail.models import PageLogEntry

    import_file(METHODS_CSV.read_bytes(), "methods.csv")
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    assert not page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.edit", revision__isnull=False).exists()


def test_an_imported_source_document_belongs_to_the_organisation_of_its_address(empty_site):
    from methods.models import Organisation, SourceDocument

    fryshuset = Organisation.objects.get(slug="fryshuset")
    rows = list(csv.reader(io.StringIO(METHODS_CSV.read_text(encoding="utf-8"))))
    header = rows[0]
    row = dict(zip(header, next(r for r in rows if r[0] == "exit-fryshuset"), strict=True))
    row.update(source_title="En ny rapport från Fryshuset", source_url="https://fryshuset.se/ny-rapport")
    import_file(_csv_bytes([header, [row[c] for c in header]]), "x.csv", publish=True)
    assert SourceDocument.objects.get(title="En ny rapport från Fryshuset").organisation == fryshuset
