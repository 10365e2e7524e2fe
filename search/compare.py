"""``/jamfor/``: up to four methods side by side (``?metod=<id>&metod=<id>``), without JavaScript.

Only methods the public may see now can be compared; any other id is reported as unknown,
exactly like one that never existed. ``lagg_till`` finds methods by title to add.
"""

from django import forms
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from methods.models import MethodPage, Outcome

from .query import clean_text

MAX_METHODS = 4
MAX_FOUND = 10


class CompareForm(forms.Form):
    """The methods to compare (repeatable ``metod``) and an optional title search to add one more."""

    lagg_till = forms.CharField(required=False, max_length=200, label=gettext_lazy("Lägg till en metod"))

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        raw = data.getlist("metod") if hasattr(data, "getlist") else list(data.get("metod", []))
        self.ids = list(dict.fromkeys(clean_text(value)[:100] for value in raw if clean_text(value)))

    def clean(self):
        cleaned = super().clean()
        if len(self.ids) > MAX_METHODS:
            raise forms.ValidationError(
                _("Högst %(max)s metoder kan jämföras åt gången; du valde %(n)s.")
                % {"max": MAX_METHODS, "n": len(self.ids)}
            )
        found = {
            page.method_id: page for page in _comparable(MethodPage.objects.visible().filter(method_id__in=self.ids))
        }
        cleaned["methods"] = [found[i] for i in self.ids if i in found]
        cleaned["unknown"] = [i for i in self.ids if i not in found]
        return cleaned


def _comparable(queryset):
    return queryset.select_related("evidence_level", "method_owner").prefetch_related(
        "outcome_ratings__outcome", "outcome_ratings__level", "settings", "target_groups"
    )


def _link(ids):
    return "?" + urlencode([("metod", i) for i in ids])


@require_safe
def compare(request):
    form = CompareForm(request.GET)
    if not form.is_valid():
        return render(
            request, "search/compare.html", {"error": " ".join(form.non_field_errors()), "methods": []}, status=400
        )
    methods = form.cleaned_data["methods"]
    ids = [m.method_id for m in methods]
    context = {
        "form": form,
        "methods": [{"page": method, "remove": _link([i for i in ids if i != method.method_id])} for method in methods],
        "unknown": form.cleaned_data["unknown"],
        "rows": _rows(methods),
        "can_add": len(methods) < MAX_METHODS,
        "max_methods": MAX_METHODS,
        "ids": ids,
    }
    text = form.cleaned_data["lagg_till"].strip()
    if text and context["can_add"]:
        candidates = MethodPage.objects.visible().filter(title__icontains=text).exclude(method_id__in=ids)
        context["found"] = [
            (page, _link(ids + [page.method_id])) for page in candidates.order_by("title_sort")[:MAX_FOUND]
        ]
        context["searched"] = text
    status = 400 if form.cleaned_data["unknown"] else 200
    return render(request, "search/compare.html", context, status=status)


def _rows(methods):
    """``[(group, [(label, [cell per method])])]``: what the table shows, one row per fact."""
    if not methods:
        return []
    ratings = [{r.outcome_id: r for r in m.outcome_ratings.all()} for m in methods]
    rated = {pk for per_method in ratings for pk in per_method}
    outcomes = [o for o in Outcome.objects.filter(pk__in=rated).order_by("position")]
    unknown = None  # a cell with nothing known: the template writes "Uppgift saknas"

    def labels(tags):
        return ", ".join(sorted(t.label for t in tags)) or unknown

    evidence = [(_("Samlad evidensnivå"), [m.evidence_level.label for m in methods])]
    evidence += [
        (o.label, [per_method[o.pk].level.label if o.pk in per_method else unknown for per_method in ratings])
        for o in outcomes
    ]
    scope = [
        (_("Verksamheter"), [labels(m.settings.all()) for m in methods]),
        (_("Målgrupper"), [labels(m.target_groups.all()) for m in methods]),
    ]
    implementation = [
        (_("Material på svenska"), [m.get_swedish_material_display() or unknown for m in methods]),
        (_("Utbildning i Sverige"), [m.get_training_in_sweden_display() or unknown for m in methods]),
        (_("Används inom SiS"), [m.get_used_in_sis_display() or unknown for m in methods]),
        (_("Används inom Kriminalvården"), [m.get_used_in_kriminalvarden_display() or unknown for m in methods]),
        (_("Används inom socialtjänsten"), [m.get_used_in_social_services_display() or unknown for m in methods]),
        (_("Personaltid"), [m.staff_time or unknown for m in methods]),
        (_("Kostnad"), [m.get_cost_band_display() or m.costs or unknown for m in methods]),
        (_("Licens"), [m.licence or unknown for m in methods]),
        (_("Metodägare"), [m.method_owner.name if m.method_owner else unknown for m in methods]),
    ]
    dates = [
        (_("Först publicerad"), [m.first_published_at.date() if m.first_published_at else unknown for m in methods]),
        (_("Beskrivningen senast ändrad"), [m.description_updated or unknown for m in methods]),
        (_("Evidensen senast granskad"), [m.last_reviewed or unknown for m in methods]),
    ]
    return [
        (_("Evidens"), evidence),
        (_("Omfattning"), scope),
        (_("Genomförande"), implementation),
        (_("Datum"), dates),
    ]
