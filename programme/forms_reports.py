"""Filters of the programme reports, read from the query string (GET), so
a report is a link a partner can bookmark or send.

An empty field takes its default (today, a year ago...); a value that
cannot be read (a date like 2026-13-45, an unknown village, "²") is a
form error shown on the page, never a 500.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme import reports, sales_report
from regions.models import District, Regency, Village

# Outside these years a date is a typing mistake (and 0001-01-01 cannot
# even be turned into a time in Jakarta).
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
MAX_SALES_MONTHS = 60


def _date_field(label):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _in_range(value):
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s."),
            params={"first": FIRST_DAY.year, "last": LAST_DAY.year},
        )
    return value


class PlaceChoiceField(forms.ModelChoiceField):
    """Only plain ids: "²" or a 30-digit number is an unknown place, not a
    database error."""

    default_error_messages = {
        "invalid_choice": _("This place is not in the list. Choose one from the list."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        if not (text.isascii() and text.isdigit()) or len(text) > 10:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(text)


class ReportForm(forms.Form):
    """A filter bound to the query string, with every empty field given
    its default first, so the page, the chart and the download links all
    show the values the report used."""

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, default in self.defaults(data).items():
            if not data.get(name):
                data[name] = default
        super().__init__(data, **kwargs)

    def defaults(self, data):
        return {}


class AreaForm(ReportForm):
    """Regency, district and village selects: the most precise one chosen
    is the area; a village outside the chosen district is an error."""

    regency = PlaceChoiceField(
        queryset=Regency.objects.none(),
        required=False,
        label=_("Regency"),
        empty_label=_("All regencies"),
    )
    district = PlaceChoiceField(
        queryset=District.objects.none(),
        required=False,
        label=_("District"),
        empty_label=_("All districts"),
    )
    village = PlaceChoiceField(
        queryset=Village.objects.none(),
        required=False,
        label=_("Village"),
        empty_label=_("All villages"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].queryset = Regency.objects.order_by("name")
        self.fields["district"].queryset = District.objects.select_related("regency").order_by(
            "name", "regency__name"
        )
        self.fields["district"].label_from_instance = lambda d: f"{d.name} ({d.regency.name})"
        self.fields["village"].queryset = Village.objects.select_related("district").order_by(
            "name", "district__name"
        )
        self.fields["village"].label_from_instance = lambda v: f"{v.name} ({v.district.name})"

    def clean(self):
        cleaned = super().clean()
        regency, district, village = (cleaned.get(k) for k in ("regency", "district", "village"))
        if village and district and village.district_id != district.pk:
            self.add_error("village", _("This village is not in the district you chose."))
        elif district and regency and district.regency_id != regency.pk:
            self.add_error("district", _("This district is not in the regency you chose."))
        elif village and regency and village.district.regency_id != regency.pk:
            self.add_error("village", _("This village is not in the regency you chose."))
        return cleaned

    @property
    def area(self):
        for level in ("village", "district", "regency"):
            place = self.cleaned_data.get(level)
            if place is not None:
                return reports.Area(level, place.pk)
        return None


class UnitForm(AreaForm):
    unit = forms.ChoiceField(label=_("Count"), choices=list(reports.UNITS.items()))

    def defaults(self, data):
        return {**super().defaults(data), "unit": reports.PRODUCERS}


class ClustersForm(UnitForm):
    field_order = ["date", "level", "unit", "regency", "district", "village"]

    date = _date_field(_("On"))
    level = forms.ChoiceField(label=_("One row per"), choices=list(reports.LEVELS.items()))

    def defaults(self, data):
        today = timezone.localdate().isoformat()
        return {**super().defaults(data), "date": today, "level": "village"}

    def clean_date(self):
        return _in_range(self.cleaned_data["date"])


def _a_year_before(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day - datetime.timedelta(days=365)


class PeriodMixin:
    """The fields "from" and "to" (what the links carry): a Python name
    cannot be `from`, so they are added in __init__ rather than declared.
    Without dates: the year up to today."""

    max_months = None

    def add_period(self):
        self.fields["from"] = _date_field(_("From"))
        self.fields["to"] = _date_field(_("To"))
        self.order_fields(["from", "to", "unit"])

    def defaults(self, data):
        try:
            end = datetime.date.fromisoformat(data.get("to") or "")
        except ValueError:
            end = None
        if end is None or not FIRST_DAY <= end <= LAST_DAY:
            end = timezone.localdate()
        return {
            **super().defaults(data),
            "to": end.isoformat(),
            "from": self.default_start(end).isoformat(),
        }

    def default_start(self, end):
        return _a_year_before(end)

    def clean_from(self):
        return _in_range(self.cleaned_data["from"])

    def clean_to(self):
        return _in_range(self.cleaned_data["to"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end comes before the start. Check the two dates."))
        elif start and end and self.max_months:
            if len(list(sales_report.months_between(start, end))) > self.max_months:
                self.add_error(
                    "to", _("Choose at most %(count)s months.") % {"count": self.max_months}
                )
        return cleaned


class TransitionsForm(PeriodMixin, UnitForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_period()


class TransitionListForm(TransitionsForm):
    pair = forms.CharField(max_length=50, widget=forms.HiddenInput)

    def clean_pair(self):
        try:
            return reports.parse_pair(self.cleaned_data["pair"])
        except reports.ReportError:
            raise ValidationError(
                _("This link does not say which movement to list. Go back to the report.")
            ) from None


class SalesForm(PeriodMixin, AreaForm):
    max_months = MAX_SALES_MONTHS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_period()

    def default_start(self, end):
        """The first day of the month eleven months back: a year of months."""
        month = end.month - 11
        return datetime.date(end.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
