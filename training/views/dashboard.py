"""The instructor's cohort page: every trainee's checklist as a sortable
table, the same as a spreadsheet (CSV), and the cohort's progress as a chart.

Only the cohorts the user runs (training.access.cohorts_for) are found;
anyone else gets the 404 of a cohort that does not exist. Sorting is done
on the server from links (?sort=...&dir=...), so it works without
JavaScript; an unknown value sorts by name.
"""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from training import charts, progress
from training.access import cohorts_for
from vendors.portal.mixins import PortalLoginRequiredMixin

SORT_KEYS = ("name", "phone", *progress.STEP_KEYS, "last_active")


class CohortMixin(PortalLoginRequiredMixin):
    """Resolves self.cohort from <pk>, among the user's own cohorts."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.cohort = get_object_or_404(
            cohorts_for(request.user).select_related("site"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def sorting(self):
        sort = self.request.GET.get("sort", "name")
        if sort not in SORT_KEYS:
            sort = "name"
        descending = self.request.GET.get("dir") == "desc"
        return sort, descending

    def rows(self):
        sort, descending = self.sorting()
        return sort_rows(progress.cohort_progress(self.cohort), sort, descending)


def sort_rows(rows, sort, descending=False):
    """Rows sorted by a column. A step not reached counts as later than any
    date, so ascending puts those trainees last and descending first; ties
    go by name."""
    rows = sorted(rows, key=lambda row: row.name.casefold())  # stable tie-break
    if sort == "name":
        return rows[::-1] if descending else rows
    if sort == "phone":
        return sorted(rows, key=lambda row: row.phone, reverse=descending)

    def when(row):
        value = row.last_active if sort == "last_active" else row.reached.get(sort)
        return (value is None, value or timezone.now())

    return sorted(rows, key=when, reverse=descending)


def next_direction(key, sort, descending):
    """A click on the sorted column turns it round; any other sorts up."""
    return "asc" if key != sort or descending else "desc"


@method_decorator(never_cache, name="dispatch")  # names and phone numbers
class CohortDetailView(CohortMixin, TemplateView):
    template_name = "training/cohort_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort, descending = self.sorting()
        rows = self.rows()
        columns = [
            ("name", _("Name"), ""),
            ("phone", _("Phone"), ""),
            *((step.key, step.short_label, step.label) for step in progress.STEPS),
            ("last_active", _("Last active"), ""),
        ]
        context.update(
            cohort=self.cohort,
            instructors=list(self.cohort.instructors.order_by("first_name", "username")),
            rows=rows,
            steps=progress.STEPS,
            reached_counts=[
                sum(row.reached.get(step.key) is not None for row in rows)
                for step in progress.STEPS
            ],
            headers=[
                {
                    "key": key,
                    "label": label,
                    "title": title,
                    "current": key == sort,
                    "descending": descending,
                    "dir": next_direction(key, sort, descending),
                }
                for key, label, title in columns
            ],
            sort=sort,
            direction="desc" if descending else "asc",
        )
        return context


def csv_bytes(rows):
    """UTF-8 with a BOM, so Excel and phone spreadsheets show the names
    right; dates as ISO (YYYY-MM-DD, local time), empty when not reached.
    A name that a spreadsheet would run as a formula ("=...") is written
    as text."""

    def day(value):
        return timezone.localdate(value).isoformat() if value else ""

    def text(value):
        return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [_("Name"), _("Phone"), *(str(step.label) for step in progress.STEPS), _("Last active")]
    )
    for row in rows:
        writer.writerow(
            [
                text(row.name),
                text(row.phone),
                *(day(when) for _step, when in row.steps),
                day(row.last_active),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class CohortCsvView(CohortMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(csv_bytes(self.rows()), content_type="text/csv; charset=utf-8")
        name = f"kemajuan-{slugify(self.cohort.name) or self.cohort.pk}.csv"
        response["Content-Disposition"] = content_disposition_header(True, name)
        response["Cache-Control"] = "private, no-store"  # names and phone numbers
        return response


class CohortChartView(CohortMixin, View):
    def get(self, request, *args, **kwargs):
        rows = progress.cohort_progress(self.cohort)
        days, series = progress.cumulative_by_day(self.cohort, rows)
        svg = charts.progress_svg(
            _("Progress of %(cohort)s") % {"cohort": self.cohort.name},
            days,
            series,
            [(step.key, str(step.label)) for step in progress.STEPS],
            total=len(rows),
        )
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Cache-Control"] = "private, no-cache"
        return response


urlpatterns = [
    path("<int:pk>/", CohortDetailView.as_view(), name="cohort-detail"),
    path("<int:pk>/kemajuan.csv", CohortCsvView.as_view(), name="cohort-csv"),
    path("<int:pk>/kemajuan.svg", CohortChartView.as_view(), name="cohort-chart"),
]
