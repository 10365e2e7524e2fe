"""The editorial trust model and clean text on import: permissions per row, review instead of live changes,
revisions with their user, control characters and oversize values named by row and column."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, WorkflowState

from methods.exporting import import_values
from methods.importing import SYSTEM_USERNAME, import_file
from methods.models import HomePage, MethodIndexPage, MethodPage
from methods.records import IMPORT_COLUMNS

pytestmark = pytest.mark.django_db


def user_in(group_name, username):
    user = User.objects.create_user(username, f"{username}@example.se", "lösenord-för-test-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def csv_of(*rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=IMPORT_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def row_of(method_id, **changes):
    page = MethodPage.objects.filter(method_id=method_id).first()
    values = (
        import_values(page, columns=IMPORT_COLUMNS)
        if page
        else {
            **dict.fromkeys(IMPORT_COLUMNS, ""),
            "id": method_id,
            "title": "Ny metod",
            "summary": "En sammanfattning.",
            "evidence_level": "erfarenhetsbaserad",
        }
    )
    return {**values, **changes}


def test_an_editors_import_changes_nothing_live_and_goes_to_review(client):
    editor = user_in("Redaktörer", "redaktor")
    client.force_login(editor)
    live_title = MethodPage.objects.get(method_id="exit-fryshuset").title
    data = csv_of(row_of("exit-fryshuset", title="Ändrad titel"), row_of("helt-ny-metod"))
    upload = io.BytesIO(data)
    upload.name = "metoder.csv"
    response = client.post("/admin/metoder/import/", {"file": upload, "update": "on", "publish": "on"})
    assert response.status_code == 200
    client.post("/admin/metoder/import/", {"confirm": "1", "token": response.context["token"]})

    changed = MethodPage.objects.get(method_id="exit-fryshuset")
    assert changed.title == live_title  # the public still sees the reviewed version
    assert changed.live and changed.has_unpublished_changes
    assert changed.get_latest_revision().user == editor
    new = MethodPage.objects.get(method_id="helt-ny-metod")
    assert not new.live
    assert new.get_latest_revision().user == editor
    for page in (changed, new):
        state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == editor


def test_rows_in_a_section_the_user_may_not_edit_are_refused_by_row():
    editor = user_in("Redaktörer", "redaktor")
    home = HomePage.objects.get()
    other = MethodIndexPage(title="Annan avdelning", slug="annan")
    home.add_child(instance=other)
    GroupPagePermission.objects.filter(group__name="Redaktörer").delete()  # no rights anywhere
    before = MethodPage.objects.count()
    report = import_file(csv_of(row_of("ny-metod-1")), "f.csv", user=editor, parent=other)
    assert [(e.row, e.column) for e in report.errors] == [(1, "id")]
    assert "får inte lägga till" in report.errors[0].message
    report = import_file(csv_of(row_of("exit-fryshuset", title="Ny titel")), "f.csv", user=editor, update=True)
    assert [(e.row, e.column) for e in report.errors] == [(1, "id")]
    assert "får inte ändra" in report.errors[0].message
    assert MethodPage.objects.count() == before


def test_command_line_revisions_carry_the_system_identity_or_the_named_user(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(csv_of(row_of("exit-fryshuset", summary="Ny sammanfattning.")))
    call_command("import_methods", str(path), "--update", verbosity=0)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    assert page.get_latest_revision().user.username == SYSTEM_USERNAME
    assert page.summary == "Ny sammanfattning."  # the system identity may publish (the method was live)

    editor = user_in("Redaktörer", "redaktor")
    path.write_bytes(csv_of(row_of("exit-fryshuset", summary="Redaktörens sammanfattning.")))
    call_command("import_methods", str(path), "--update", "--user", "redaktor", verbosity=0)
    page.refresh_from_db()
    assert page.get_latest_revision().user == editor
    assert page.summary == "Ny sammanfattning."  # still live as before: the editor's change awaits review


def test_word_line_breaks_are_normalised_and_control_characters_refused():
    report = import_file(
        csv_of(row_of("radbrytning", title="Rad ett\x0bRad två", description="Stycke\x0bnästa rad")),
        "f.csv",
        publish=True,
    )
    assert not report.errors
    page = MethodPage.objects.get(method_id="radbrytning")
    assert page.title == "Rad ett Rad två"
    assert "\x0b" not in page.description_text()
    report = import_file(csv_of(row_of("nul-tecken", summary="Med\x00NUL och \x1b[31m")), "f.csv")
    assert [(e.row, e.column) for e in report.errors] == [(1, "summary")]
    assert "U+0000" in report.errors[0].message and "U+001B" in report.errors[0].message


def test_oversize_values_and_slug_clashes_are_row_errors_not_crashes():
    index = MethodIndexPage.objects.get()
    index.add_child(instance=Page(title="Om metoderna", slug="om-metoderna"))
    rows = [
        row_of("x" * 300),
        row_of("lang-kalla", source_title="K" * 401, source_url="https://example.se/"),
        row_of("langt-nyckelord", keywords="n" * 101),
        row_of("lang-beskrivning", description="ord " * 60_000),  # longer than Python's default CSV field limit
        row_of("om-metoderna"),
    ]
    before = MethodPage.objects.count()
    report = import_file(csv_of(*rows), "f.csv")
    assert {(e.row, e.column) for e in report.errors} == {(1, "id"), (2, "source_title"), (3, "keywords"), (5, "id")}
    assert MethodPage.objects.count() == before
    report = import_file(csv_of(*rows), "f.csv", skip_invalid=True)
    assert report.written and report.created == ["lang-beskrivning"]


def test_a_draft_sent_to_review_leaves_the_live_pages_references_as_they_are():
    from wagtail.models import ReferenceIndex

    from methods.models import SourceDocument

    editor = user_in("Redaktörer", "redaktor-ref")
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    live_source = page.sources.get().document
    row = row_of(
        "exit-fryshuset", source_title="Ett nytt källdokument", source_url="https://example.se/ny", source_year="2025"
    )
    report = import_file(csv_of(row), "x.csv", user=editor, update=True)
    assert report.submitted == ["exit-fryshuset"] and not report.errors
    new_source = SourceDocument.objects.get(title="Ett nytt källdokument")

    def users_of(document):
        return {ref.object_id for ref in ReferenceIndex.get_references_to(document)}

    assert str(page.pk) in users_of(live_source)  # the live page still cites its source
    assert str(page.pk) not in users_of(new_source)  # the draft's source is not the live page's


def test_a_new_draft_is_validated_by_the_model_like_a_published_one(monkeypatch):
    """A rule only the page model knows (here: a stand-in in ``clean``) stops a new draft as it stops a live method."""
    editor = user_in("Redaktörer", "redaktor")

    def refuse_marked_titles(page):
        if "Otillåten" in page.title:
            raise ValidationError({"title": "Otillåten titel"})

    monkeypatch.setattr(MethodPage, "clean", refuse_marked_titles)
    for user, publish in ((editor, False), (None, True)):
        with pytest.raises(ValidationError):
            import_file(csv_of(row_of("ny-otillaten", title="Otillåten metod")), "m.csv", user=user, publish=publish)
        assert not MethodPage.objects.filter(method_id="ny-otillaten").exists()


def test_a_new_method_is_owned_by_who_imported_it_and_its_publication_logged_with_them(tmp_path):
    """Wagtail lets page owners edit their own pages; the history names who published."""
    from wagtail.models import PageLogEntry

    publisher = user_in("Moderators", "granskare")
    report = import_file(csv_of(row_of("ny-metod-agd")), "m.csv", user=publisher, publish=True)
    assert report.created == ["ny-metod-agd"] and not report.errors
    page = MethodPage.objects.get(method_id="ny-metod-agd")
    assert page.live and page.owner == publisher
    logged = PageLogEntry.objects.filter(page=page).values_list("action", "user__username")
    assert set(logged) == {(action, "granskare") for action in ("wagtail.create", "wagtail.edit", "wagtail.publish")}
