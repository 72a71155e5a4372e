"""The assessment form: one radio group per indicator of a rubric version,
the platform's suggestions pre-selected, a date and notes; and the small
date form (?on=) that picks the day the suggestions are made for.

Indicator fields are named by their keys, the names AssessmentError uses,
so the service's messages land next to the right question. Whether an
answer is missing is programme.assessments' call (record), not the form's.
The date is checked here too (from FIRST_DAY to today), because the view
computes the platform's suggestions for it before record() runs, and a
date like 0001-01-01 cannot be turned into a year of sales.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme import rubrics
from programme.forms_reports import FIRST_DAY

VERSION_FIELD = "version"
SUGGESTED_ON_FIELD = "suggested_on"
META_FIELDS = ("assessed_on", "notes", VERSION_FIELD, SUGGESTED_ON_FIELD)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_day(value):
    """`value` if an assessment may be dated so (FIRST_DAY to today), else
    ValidationError; the same messages as programme.assessments.record."""
    if value < FIRST_DAY:
        raise ValidationError(
            _("An assessment cannot be dated before %(year)s."),
            code="too_early",
            params={"year": FIRST_DAY.year},
        )
    if value > timezone.localdate():
        raise ValidationError(_("An assessment cannot be dated in the future."), code="future")
    return value


class DayForm(forms.Form):
    """?on=YYYY-MM-DD: the day the answers from platform data are for,
    today when empty. Also reads the form's hidden suggested_on back."""

    on = forms.DateField(label=_("Assess for another date"), required=False, widget=_date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_day_%s")  # no clash with the assessment form's ids
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate

    def clean_on(self):
        value = self.cleaned_data["on"]
        return check_day(value) if value else value

    def day(self):
        """The chosen day (today when empty), or None when it is not one."""
        if not self.is_valid():
            return None
        return self.cleaned_data["on"] or timezone.localdate()


def read_day(text):
    """The day `text` names ("" or None: today), or None when an assessment
    cannot have it (unreadable, too early, in the future)."""
    return DayForm({"on": text or ""}).day()


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Date of the assessment"),
        widget=_date_input(),
        help_text=_(
            "The day you talked with her. Answers from platform data are as of the date "
            "chosen at the top: to assess for another day, change it there first."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    # The day the suggestions on the page were made for (read with
    # read_day): a date typed into assessed_on that differs saves nothing.
    suggested_on = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, version, suggestions=None, on=None, **kwargs):
        """`suggestions` ({indicator key: prefill.Suggestion}), made for the
        day `on` (today by default), pre-select answers of an unbound form
        and mark them on the page, bound or not."""
        super().__init__(*args, **kwargs)
        self.rubric_version = version
        self.suggestions = suggestions or {}
        on = on or timezone.localdate()
        self.fields[VERSION_FIELD].initial = version.pk
        self.fields["assessed_on"].initial = on
        self.fields[SUGGESTED_ON_FIELD].initial = on.isoformat()
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

    def clean_assessed_on(self):
        return check_day(self.cleaned_data["assessed_on"])

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
