"""The assessment form: one radio group per indicator of a rubric version,
the platform's suggestions pre-selected, a date and notes.

Indicator fields are named by their keys, the names AssessmentError uses,
so the service's messages land next to the right question. Whether an
answer is missing or the date is in the future is programme.assessments'
call (record), not the form's: the form only reads what was posted.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme import rubrics

VERSION_FIELD = "version"
META_FIELDS = ("assessed_on", "notes", VERSION_FIELD)


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Date of the assessment"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day you talked with her; answers from platform data are as of it."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, version, suggestions=None, **kwargs):
        """`suggestions` ({indicator key: prefill.Suggestion}) pre-select
        answers of an unbound form and mark them on the page."""
        super().__init__(*args, **kwargs)
        self.rubric_version = version
        self.suggestions = suggestions or {}
        self.fields[VERSION_FIELD].initial = version.pk
        self.fields["assessed_on"].initial = timezone.localdate
        for _variable, indicator in rubrics.indicators(version.definition):
            if indicator["key"] in META_FIELDS:
                continue  # programme.rubrics keys never clash with these in practice
            suggestion = self.suggestions.get(indicator["key"])
            self.fields[indicator["key"]] = forms.ChoiceField(
                label=indicator["label"],
                choices=[(option["value"], option["label"]) for option in indicator["options"]],
                widget=forms.RadioSelect,
                required=False,  # a missing answer is record()'s message
                initial=suggestion.value if suggestion else None,
            )

    def variables(self):
        """[(variable label, [(bound field, suggestion or None)])] in the
        rubric's order, for the template."""
        grouped = []
        for variable in self.rubric_version.definition["variables"]:
            rows = [
                (self[indicator["key"]], self.suggestions.get(indicator["key"]))
                for indicator in variable["indicators"]
                if indicator["key"] in self.fields and indicator["key"] not in META_FIELDS
            ]
            grouped.append((variable["label"], rows))
        return grouped

    def answers(self):
        """{indicator key: chosen value} of the answers given."""
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in META_FIELDS and value
        }

    def add_errors(self, errors):
        """AssessmentError.errors onto the fields they name ("" and unknown
        names on the form itself)."""
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
