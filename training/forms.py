"""Forms of the instructors' pages; the rules live in the services
(training.enrolment, training.login_codes, training.simulation)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from regions.models import Village
from training.models import Cohort

# A class longer than this is a typing mistake (and its chart a year of days).
MAX_DAYS = 366


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, village):
        return f"{village.name} ({village.district.name})"


class CohortForm(forms.ModelForm):
    """A class: its name, learning centre, village shop, village and dates."""

    class Meta:
        model = Cohort
        fields = ["name", "learning_centre", "site", "village", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {"village": VillageChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Trainees sell in a village shop, never in the regional portal.
        self.fields["site"].queryset = Site.objects.filter(is_default_site=False).order_by(
            "site_name"
        )
        self.fields["site"].label_from_instance = lambda site: site.site_name or site.hostname
        self.fields["village"].queryset = Village.objects.select_related("district").order_by(
            "name", "district__name"
        )
        self.fields["name"].help_text = _("For example Kelas Pemasaran Digital.")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", _("The class cannot end before it starts. Check the two dates.")
            )
        elif starts_on and ends_on and (ends_on - starts_on).days > MAX_DAYS:
            self.add_error("ends_on", _("A class lasts a year at most. Check the two dates."))
        return cleaned


class EnrolmentForm(forms.Form):
    """The class list, pasted or as a CSV file."""

    trainees = forms.CharField(
        label=_("Trainees, one a line"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": "Euis Komariah, 0812 3456 7890, Lampegan"}
        ),
        help_text=_("Name, phone number and, if it is not the class's village, her village."),
    )
    file = forms.FileField(
        label=_("Or a CSV file"),
        required=False,
        help_text=_("Columns: name, phone, village (optional). Commas or semicolons."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = (cleaned.get("trainees") or "").strip(), cleaned.get("file")
        if not text and not upload:
            raise forms.ValidationError(_("Paste the list of trainees or choose a CSV file."))
        if text and upload:
            raise forms.ValidationError(_("Use the pasted list or the file, not both at once."))
        return cleaned
