"""The controlled vocabularies: present after migrate, slugs as promised, labels in Swedish."""

import pytest

from methods import vocabularies
from methods.dimensions import DIMENSIONS
from methods.models import EvidenceLevel, MappedBy, Setting

pytestmark = pytest.mark.django_db

EXPECTED = {
    "setting": [
        "sarskilt-ungdomshem",
        "lvm-hem",
        "anstalt",
        "hakte",
        "frivard",
        "socialtjanst",
        "skola",
        "kommunal-samverkan",
        "civilsamhalle",
    ],
    "target_group": [
        "unga-under-18",
        "unga-vuxna-18-21",
        "vuxna",
        "avhoppare",
        "atervandare",
        "anhoriga",
        "personal",
        "lagforda",
    ],
    "evidence": [
        "starkt-stod",
        "visst-stod",
        "lovande",
        "erfarenhetsbaserad",
        "otillrackligt-underlag",
        "ingen-effekt",
        "risk-for-skada",
        "ej-bedomd",
    ],
    "mapped_by": ["sis", "kriminalvarden", "socialstyrelsen", "mucf", "cve", "kommun"],
    "prevention_level": ["generell", "riktad", "individinriktad"],
    "environment": ["vit-makt", "autonoma", "islamistiska", "miljooverskridande"],
}


@pytest.mark.parametrize("dimension", [d for d in DIMENSIONS if d.controlled], ids=lambda d: d.key)
def test_vocabulary_present_after_migrate(dimension):
    slugs = set(dimension.model.objects.values_list("slug", flat=True))
    assert set(EXPECTED[dimension.key]) <= slugs
    for term in dimension.model.objects.all():
        assert term.name and term.name_en and term.description


def test_evidence_levels_ordered_by_rank():
    assert list(EvidenceLevel.objects.order_by("rank").values_list("slug", flat=True)) == EXPECTED["evidence"]


def test_swedish_labels():
    assert Setting.objects.get(slug="sarskilt-ungdomshem").name == "Särskilt ungdomshem (SiS)"
    assert EvidenceLevel.objects.get(slug="starkt-stod").name == "Starkt vetenskapligt stöd"
    assert MappedBy.objects.get(slug="kriminalvarden").name == "Kriminalvården"


def test_controlled_vocabularies_refuse_free_tagging():
    for dimension in DIMENSIONS:
        assert getattr(dimension.model, "free_tagging", True) is (not dimension.controlled)


def test_vocabulary_module_matches_contract():
    assert [t.slug for t in vocabularies.EVIDENCE_LEVELS] == EXPECTED["evidence"]


def test_a_term_renamed_anywhere_shows_its_new_label_at_once(client):
    from methods.terms import all_terms

    assert all_terms()["setting"]["anstalt"].name == Setting.objects.get(slug="anstalt").name
    Setting.objects.filter(slug="anstalt").update(name="Fängelse (anstalt)")  # as another process might
    assert all_terms()["setting"]["anstalt"].name == "Fängelse (anstalt)"
    assert "Fängelse (anstalt)" in client.get("/sok/").content.decode()
    assert set(all_terms(only={"setting": ["anstalt"]})["setting"]) == {"anstalt"}
