import pytest
from django.core.management import call_command
from wagtail.models import Revision

from methods.dimensions import DIMENSIONS
from methods.models import MethodPage, SourceDocument

pytestmark = pytest.mark.django_db


def counts():
    return (
        MethodPage.objects.count(),
        MethodPage.objects.live().count(),
        Revision.objects.count(),
        SourceDocument.objects.count(),
    )


def test_demo_loader_is_idempotent():
    before = counts()
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert counts() == before


def test_demo_has_at_least_30_methods_tagged_in_every_dimension():
    methods = MethodPage.objects.live()
    assert methods.count() >= 30
    for page in methods:
        for dimension in DIMENSIONS:
            if dimension.multiple:
                assert getattr(page, dimension.relation).exists(), (page.method_id, dimension.key)
        assert page.sources.exists(), page.method_id
