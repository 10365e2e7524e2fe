"""``/evidensnivaer/``: the public explanation of the evidence scale, the outcomes, cost bands and review cycle."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from methods.models import EvidenceLevel, Outcome
from methods.models.evidence import COST_BANDS, DEFAULT_REVIEW_INTERVAL_MONTHS


@require_safe
def evidence_levels(request):
    levels = EvidenceLevel.objects.order_by("rank")
    return render(
        request,
        "search/evidence_levels.html",
        {
            "levels": levels,
            "outcomes": Outcome.objects.order_by("position", "name"),
            "cost_bands": COST_BANDS,
            "review_interval": DEFAULT_REVIEW_INTERVAL_MONTHS,
        },
    )
