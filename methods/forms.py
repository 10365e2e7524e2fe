"""Admin form for method pages: editorial rules that need the whole form (page and inline references), and the
controlled vocabularies as lists of checkboxes."""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .dimensions import DIMENSIONS
from .evidence_rules import headline_problem, rating_problem
from .keyword_rules import all_settings, repeated_setting_problem, setting_named_by
from .text import check, normalise

# The controlled vocabularies a method carries any number of: checkboxes of the existing terms.
CHECKBOX_DIMENSIONS = tuple(d for d in DIMENSIONS if d.controlled and d.multiple)


class VocabularyChoiceField(forms.ModelMultipleChoiceField):
    """The terms of one controlled vocabulary, in its defined order; a value that is not a term is an error."""

    def __init__(self, dimension, **kwargs):
        order = Case(
            *(When(slug=term.slug, then=Value(position)) for position, term in enumerate(dimension.vocabulary)),
            default=Value(len(dimension.vocabulary)),
            output_field=IntegerField(),
        )
        queryset = dimension.model.objects.annotate(position=order).order_by("position", "name")
        super().__init__(queryset=queryset, required=False, widget=forms.CheckboxSelectMultiple, **kwargs)
        self.error_messages["invalid_choice"] = _("”%(value)s” finns inte i vokabulären. Välj bland termerna.")


# Fields whose line breaks become spaces.
SINGLE_LINE_FIELDS = {"title", "draft_title", "seo_title"}


class MethodPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in CHECKBOX_DIMENSIONS:
            name = dimension.relation
            if name not in self.fields:
                continue
            original = self.fields[name]
            self.fields[name] = VocabularyChoiceField(
                dimension, label=original.label, help_text=_("Kryssa i de termer som gäller för metoden.")
            )
            if not self.is_bound:
                self.initial[name] = [term.pk for term in getattr(self.instance, name).all()]
        if "keywords" in self.fields:
            self.fields["keywords"].help_text = _(
                "Fria nyckelord, åtskilda med kommatecken (ett nyckelord kan innehålla mellanslag)."
            )
        if self.instance.pk and self.instance.first_published_at and "method_id" in self.fields:
            self.fields["method_id"].disabled = True
            self.fields["method_id"].help_text = _("Metod-id är låst eftersom metoden har publicerats.")
        elif "method_id" in self.fields:
            self.fields["method_id"].required = False
            self.fields["method_id"].help_text = _(
                "Lämna tomt så bildas det av titeln (å och ä blir a, ö blir o). Kan inte ändras när metoden har "
                "publicerats."
            )
        if "slug" in self.fields:
            self.fields["slug"].required = False  # empty: made from the title (also without JavaScript)
        if "evidence_level" in self.fields:
            # Each radio says what its level means (the definition people see on /evidensnivaer/).
            self.fields["evidence_level"].label_from_instance = lambda level: f"{level.label} – {level.description}"

    def clean(self):
        cleaned_data = super().clean()
        self._clean_text(cleaned_data)
        self._propose_method_id(cleaned_data)
        self._check_keywords(cleaned_data)
        studies = self._count_kept("references") + self._count_kept("sources")
        problem = headline_problem(cleaned_data.get("evidence_level"), studies)
        if problem:
            self.add_error("evidence_level", forms.ValidationError(problem, code="reference_required"))
        ratings = self.formsets.get("outcome_ratings")
        seen = set()
        for form in self._kept_forms("outcome_ratings"):
            outcome, level = form.cleaned_data.get("outcome"), form.cleaned_data.get("level")
            if outcome is not None and outcome.pk in seen:
                form.add_error("outcome", _("Utfallet är redan bedömt ovan. Ett utfall bedöms en gång per metod."))
            elif outcome is not None:
                seen.add(outcome.pk)
            problem = rating_problem(outcome, level, studies)
            if problem and ratings is not None:
                form.add_error("level", forms.ValidationError(problem, code="reference_required"))
        return cleaned_data

    def _check_keywords(self, cleaned_data):
        """A keyword that repeats a setting is an error (``keyword_rules``), never silently dropped."""
        if "keywords" not in self.fields:
            return
        ticked = {setting.slug for setting in cleaned_data.get("settings") or ()}
        settings = all_settings()
        for keyword in cleaned_data.get("keywords") or ():
            setting = setting_named_by(keyword, settings)
            if setting is not None:
                self.add_error("keywords", repeated_setting_problem(keyword, setting, setting.slug in ticked))

    def clean_slug(self):
        """An empty address becomes the ASCII slug of the title, as Wagtail's script would have written it."""
        slug = self.cleaned_data.get("slug") or ""
        if not slug:
            slug = slugify(self.cleaned_data.get("title") or "")[:255].strip("-")
        if not slug:
            raise forms.ValidationError(_("Ange en adress (slug), eller en titel att bilda den av."))
        return slug

    def _propose_method_id(self, cleaned_data):
        """An empty method id becomes the ASCII slug of the title (or the page's slug), if no other method has it."""
        if "method_id" not in self.fields or self.fields["method_id"].disabled or cleaned_data.get("method_id"):
            return
        proposal = slugify(cleaned_data.get("slug") or cleaned_data.get("title") or "")[:100].strip("-")
        if not proposal:
            self.add_error("method_id", _("Ange ett metod-id, eller en titel att bilda det av."))
            return
        taken = type(self.instance).objects.filter(method_id=proposal).exclude(pk=self.instance.pk).exists()
        if taken:
            self.add_error(
                "method_id",
                _("Metod-id ”%(id)s”, bildat av titeln, används redan av en annan metod. Ange ett eget.")
                % {"id": proposal},
            )
            return
        cleaned_data["method_id"] = proposal

    def _kept_forms(self, name):
        """The valid, filled and not deleted forms of an inline formset."""
        formset = self.formsets.get(name)
        return [
            form
            for form in (formset.forms if formset is not None else [])
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def _count_kept(self, name):
        return len(self._kept_forms(name))

    def _clean_text(self, cleaned_data):
        """The import's rule for text (``methods.text``): line breaks normalised, control characters refused."""
        for name, value in list(cleaned_data.items()):
            if not isinstance(value, str) or name in ("slug", "method_id"):
                continue
            try:
                check(value)
            except forms.ValidationError as error:
                self.add_error(name, error)
                continue
            cleaned_data[name] = normalise(value, multiline=name not in SINGLE_LINE_FIELDS)
