"""Editors in the Wagtail admin: permissions, review workflow, validation, the review report."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from methods.models import EvidenceLevel, MethodIndexPage, MethodPage, Setting
from methods.views import review_due_queryset

pytestmark = pytest.mark.django_db


def user_in(group_name, username):
    user = User.objects.create_user(username, f"{username}@example.se", "lösenord-för-test-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor():
    return user_in("Redaktörer", "redaktor")


@pytest.fixture
def reviewer():
    return user_in("Granskare", "granskare")


def edit_data(page, **changes):
    """The POST data of the method edit form, as the admin would send it."""
    evidence = changes.pop("evidence_level", page.evidence_level)
    references = changes.pop(
        "references",
        [
            {"id": r.pk, "title": r.title, "url": r.url, "year": r.year or "", "publisher": r.publisher}
            for r in page.references.all()
        ],
    )
    ratings = changes.pop(
        "outcome_ratings",
        [
            {"id": r.pk, "outcome": r.outcome_id, "level": r.level_id, "justification": r.justification}
            for r in page.outcome_ratings.all()
        ],
    )
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "description": streamfield([("paragraph", rich_text(f"<p>{page.description_text()}</p>"))]),
        "who_can_use": page.who_can_use,
        "training": page.training,
        "staff_time": page.staff_time,
        "costs": page.costs,
        "contact": page.contact,
        "evidence_level": evidence.pk,
        "evidence_summary": page.evidence_summary,
        "last_reviewed": page.last_reviewed.isoformat() if page.last_reviewed else "",
        "review_interval_months": page.review_interval_months,
        "swedish_material": page.swedish_material,
        "training_in_sweden": page.training_in_sweden,
        "training_provider": page.training_provider,
        "used_in_sis": page.used_in_sis,
        "used_in_kriminalvarden": page.used_in_kriminalvarden,
        "used_in_social_services": page.used_in_social_services,
        "usage_source": page.usage_source,
        "cost_band": page.cost_band or "",
        "licence": page.licence,
        "method_owner": page.method_owner_id or "",
        "outcome_ratings": inline_formset(ratings, initial=len([r for r in ratings if "id" in r])),
        "references": inline_formset(references, initial=len([r for r in references if "id" in r])),
        "method_id": page.method_id,
        "settings": [t.pk for t in page.settings.all()],
        "target_groups": [t.pk for t in page.target_groups.all()],
        "mapped_by": [t.pk for t in page.mapped_by.all()],
        "prevention_levels": [t.pk for t in page.prevention_levels.all()],
        "environments": [t.pk for t in page.environments.all()],
        "keywords": ", ".join(t.name for t in page.keywords.all()),
        "sources": inline_formset(
            [{"id": s.pk, "document": s.document_id} for s in page.sources.all()], initial=page.sources.count()
        ),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(changes)
    # Checkbox lists are sent as repeated values of one name, which nested_form_data would number.
    lists = {key: data.pop(key) for key in list(data) if isinstance(data[key], list)}
    return {**nested_form_data(data), **lists}


def test_anonymous_user_cannot_reach_the_admin(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    page = MethodPage.objects.first()
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_is_in_swedish(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert 'lang="sv"' in html
    assert "Sidor" in html or "Instrumentpanel" in html


def test_edit_form_has_the_tabs(client, editor):
    client.force_login(editor)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    for tab in ["Beskrivning", "Genomförande", "Evidens", "Taxonomi", "Källor"]:
        assert tab in html


def test_editor_cannot_publish_without_review(client, editor):
    client.force_login(editor)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    assert not page.permissions_for_user(editor).can_publish()
    data = edit_data(page, title="Ny titel från redaktören")
    data["action-publish"] = "1"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert page.title != "Ny titel från redaktören"  # live page unchanged
    assert page.get_latest_revision_as_object().title == "Ny titel från redaktören"  # saved as a draft


def test_workflow_submit_then_approve_publishes(client, editor, reviewer):
    page = MethodPage.objects.get(method_id="mentorskap-avhoppare")
    assert page.get_workflow() == Workflow.objects.get(name="Granskning")
    client.force_login(editor)
    data = edit_data(page, title="Mentorskap – reviderad")
    data["action-submit"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk), status="in_progress")
    page.refresh_from_db()
    assert page.title != "Mentorskap – reviderad"  # not live yet

    client.force_login(reviewer)
    task_state = state.current_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    response = client.post(url, {"comment": "Bra."})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    state.refresh_from_db()
    assert state.status == "approved"
    assert page.title == "Mentorskap – reviderad"


def test_reviewer_can_reject(client, editor, reviewer):
    page = MethodPage.objects.get(method_id="anhorigstod")
    client.force_login(editor)
    data = edit_data(page, title="Anhörigstöd – förslag")
    data["action-submit"] = "1"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    client.force_login(reviewer)
    client.post(f"/admin/pages/workflow/action/{page.pk}/reject/{state.current_task_state.pk}/", {"comment": "Nej"})
    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == "needs_changes"
    assert page.title == "Anhörigstöd vid radikalisering"  # the live page is unchanged


def test_strong_evidence_requires_a_reference(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")  # erfarenhetsbaserad, no references
    strong = EvidenceLevel.objects.get(slug="visst-stod")
    without_sources = inline_formset(
        [{"id": s.pk, "document": s.document_id, "DELETE": "1"} for s in page.sources.all()],
        initial=page.sources.count(),
    )
    data = edit_data(page, evidence_level=strong, sources=without_sources)
    data["action-publish"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "kräver minst en referens" in response.content.decode()
    page.refresh_from_db()
    assert page.evidence_level.slug == "erfarenhetsbaserad"

    data = edit_data(
        page,
        evidence_level=strong,
        sources=without_sources,
        references=[{"title": "Utvärdering 2022", "url": "", "year": "2022", "publisher": "CVE"}],
    )
    data["action-publish"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.evidence_level.slug == "visst-stod"


def test_summary_length_is_bounded(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    response = client.post(f"/admin/pages/{page.pk}/edit/", edit_data(page, summary="x" * 401))
    assert response.status_code == 200
    assert "400" in response.content.decode()


def test_method_id_field_is_locked_once_published(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    data = edit_data(page, method_id="nytt-id")
    data["action-publish"] = "1"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert page.method_id == "exit-fryshuset"


def test_controlled_vocabularies_are_checkboxes_and_an_unknown_value_is_an_error(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    form = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    anstalt = Setting.objects.get(slug="anstalt")
    assert f'type="checkbox" name="settings" value="{anstalt.pk}"' in form
    assert "A comma-separated list of tags" not in form  # Wagtail's English hint, for the keywords too
    civil = Setting.objects.get(slug="civilsamhalle")
    data = edit_data(page, settings=[civil.pk, 999999])
    data["action-publish"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert "finns inte i vokabulären" in response.content.decode()  # refused with a message, never dropped
    page.refresh_from_db()
    assert list(page.settings.values_list("slug", flat=True)) == ["civilsamhalle"]
    data = edit_data(page, settings=[civil.pk, anstalt.pk])
    data["action-publish"] = "1"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert sorted(page.settings.values_list("slug", flat=True)) == ["anstalt", "civilsamhalle"]
    assert "anstalt" in MethodPage.objects.get(pk=page.pk).get_latest_revision_as_object().settings.values_list(
        "slug", flat=True
    )


def test_revisions_and_preview(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    before = page.revisions.count()
    client.post(f"/admin/pages/{page.pk}/edit/", edit_data(page, title="EXIT – utkast"))
    assert page.revisions.count() == before + 1
    response = client.post(f"/admin/pages/{page.pk}/edit/preview/", edit_data(page, title="Förhandsvisad titel"))
    assert response.json()["is_valid"]
    assert "Förhandsvisad titel" in client.get(f"/admin/pages/{page.pk}/edit/preview/").content.decode()


def test_a_preview_shows_the_drafts_tags_and_the_public_page_the_published_ones(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    lvm = Setting.objects.get(slug="lvm-hem")
    assert lvm not in page.settings.all()
    client.get(page.url)  # the public article, cached
    data = edit_data(page, settings=[lvm.pk], keywords="förhandsvisningsord")
    assert client.post(f"/admin/pages/{page.pk}/edit/preview/", data).json()["is_valid"]
    preview = client.get(f"/admin/pages/{page.pk}/edit/preview/").content.decode()
    assert f"setting={lvm.slug}" in preview and "förhandsvisningsord" in preview
    client.logout()
    public = client.get(page.url).content.decode()
    assert f"setting={lvm.slug}" not in public.split('class="tag-list"', 1)[1].split("</dl>", 1)[0]
    assert "förhandsvisningsord" not in public


def test_scheduled_publishing(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    go_live = (timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    data = edit_data(page, title="EXIT – schemalagd", go_live_at=go_live)
    data["action-publish"] = "1"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert page.title != "EXIT – schemalagd"
    assert page.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_review_report_lists_exactly_the_overdue_methods(client, reviewer):
    today = timezone.localdate()
    MethodPage.objects.update(last_reviewed=today)
    old = MethodPage.objects.get(method_id="vera-2r")
    old.last_reviewed = today - datetime.timedelta(days=800)  # past the default 24-month cycle
    old.save()
    short = MethodPage.objects.get(method_id="exit-fryshuset")
    short.last_reviewed, short.review_interval_months = today - datetime.timedelta(days=400), 12
    short.save()
    never = MethodPage.objects.get(method_id="erg22")
    never.last_reviewed = None
    never.save()
    recent = MethodPage.objects.get(method_id="hii")
    recent.last_reviewed = today - datetime.timedelta(days=400)  # within its 24 months
    recent.save()
    assert set(review_due_queryset().values_list("method_id", flat=True)) == {"vera-2r", "erg22", "exit-fryshuset"}
    client.force_login(reviewer)
    html = client.get("/admin/reports/behover-granskas/").content.decode()
    assert old.title in html and never.title in html and recent.title not in html
    response = client.get("/admin/reports/behover-granskas/", {"export": "csv"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    lines = body.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 4  # header and the three overdue methods
    assert lines[1].startswith("erg22")  # never reviewed first
    sorted_desc = client.get("/admin/reports/behover-granskas/", {"ordering": "-last_reviewed"})
    assert sorted_desc.status_code == 200


def test_editor_groups_exist_after_migrate():
    assert Group.objects.filter(name__in=["Redaktörer", "Granskare"]).count() == 2
    workflow = Workflow.objects.get(name="Granskning")
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Granskare"]
    assert MethodIndexPage.objects.get().get_workflow() == workflow


def test_evidence_level_is_a_list_of_radio_buttons_and_slugs_are_ascii(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    form = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    lovande = EvidenceLevel.objects.get(slug="lovande")
    assert f'type="radio" name="evidence_level" value="{lovande.pk}"' in form
    data = edit_data(page, slug="exit-för-alla")
    data["action-publish"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200  # the form again, with the error
    page.refresh_from_db()
    assert page.slug == "exit-fryshuset"


def test_the_evidence_radios_say_what_each_level_means(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    form = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    for level in EvidenceLevel.objects.all():
        assert f"{level.name} – {level.description}" in form


def test_a_new_method_gets_its_id_from_the_title_in_ascii(client, reviewer):
    client.force_login(reviewer)
    index = MethodIndexPage.objects.get()
    template = MethodPage.objects.get(method_id="exit-fryshuset")
    document = template.sources.first().document_id
    data = edit_data(
        template,
        title="Trappstegssamtal för placerade ungdomar",
        slug="",
        method_id="",
        references=[],
        outcome_ratings=[],
        sources=inline_formset([{"document": document}]),
    )
    data["action-publish"] = "1"
    response = client.post(f"/admin/pages/add/methods/methodpage/{index.pk}/", data)
    form = response.context["form"] if response.status_code == 200 else None
    assert response.status_code == 302, (form.errors, {k: f.errors for k, f in form.formsets.items()})
    page = MethodPage.objects.get(title="Trappstegssamtal för placerade ungdomar")
    assert page.method_id == page.slug == "trappstegssamtal-for-placerade-ungdomar"
    assert page.url == "/metoder/trappstegssamtal-for-placerade-ungdomar/"
    # The same title again: the proposal is taken, and the editor is asked for an id.
    response = client.post(f"/admin/pages/add/methods/methodpage/{index.pk}/", data)
    assert response.status_code == 200
    assert "används redan av en annan metod" in response.content.decode()


def test_the_page_editor_has_no_english_left_from_wagtail(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Sidopanelens bredd" in html and "Side panel width" not in html
    assert "Automatisk sparning är" in html and "Autosave is" not in html


def test_a_keyword_that_repeats_a_setting_is_refused_with_a_message_and_nothing_changes(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")  # setting: Civilsamhälle
    before = sorted(page.keywords.values_list("name", flat=True))
    for keywords, message in [
        ("avhopp, Civilsamhälle", "upprepar verksamheten Civilsamhälle, som metoden redan har"),
        ("avhopp, anstalt", "är verksamheten Anstalt (Kriminalvården). Ange den som verksamhet"),
        ("avhopp, elevhälsa", "är verksamheten Skola och elevhälsa"),
    ]:
        data = edit_data(page, keywords=keywords)
        data["action-publish"] = "1"
        response = client.post(f"/admin/pages/{page.pk}/edit/", data)
        assert response.status_code == 200
        assert message in response.content.decode()
        page.refresh_from_db()
        assert sorted(page.keywords.values_list("name", flat=True)) == before
    # A word that is only a search word for a setting ("rektor" for Skola och elevhälsa) is a keyword like any other.
    data = edit_data(page, keywords="avhopp, rektor")
    data["action-publish"] = "1"
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    assert sorted(MethodPage.objects.get(pk=page.pk).keywords.values_list("name", flat=True)) == ["avhopp", "rektor"]


def test_a_control_character_in_the_admin_is_refused_with_its_code_and_nothing_changes(client, reviewer):
    client.force_login(reviewer)
    page = MethodPage.objects.get(method_id="exit-fryshuset")
    data = edit_data(page, summary="Stöd till avhoppare\x1b.")
    data["action-publish"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "otillåtna kontrolltecken (U+001B)" in response.content.decode()
    page.refresh_from_db()
    assert "\x1b" not in page.summary
