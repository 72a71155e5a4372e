"""Programme reports (/program/laporan/) for shop operators and programme
partners: clusters at a date, movement between clusters, the producers
behind each movement, and sales.

Thin views over programme.reports: a filter form read from the query
string, the report's table on the page, a chart of it, and the same table
as CSV or XLSX with ?format=csv / ?format=xlsx on the same URL. Phone
numbers appear (on the page and in the files) only for readers who may see
contacts (ReportReaderMixin.sees_contacts); otherwise the column is not in
the table at all. A filter that cannot be read is a message on the page.
"""

import datetime
from decimal import Decimal

from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from programme import charts, exports, reports, sales_report
from programme.forms_reports import ClustersForm, SalesForm, TransitionListForm, TransitionsForm
from programme.views.mixins import ReportReaderMixin


def shown(value):
    """A table cell as text for the page (the files keep the raw value)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if isinstance(value, Decimal):
        return number_format(int(value), force_grouping=True)
    if isinstance(value, (int, float)):
        return number_format(value, force_grouping=True)
    return str(value)


def _is_number(value):
    """Numbers (and their empty cells) align right, words left."""
    return value is None or isinstance(value, (int, float, Decimal))


@method_decorator(never_cache, name="dispatch")
class ReportPage(ReportReaderMixin, TemplateView):
    form_class = None
    page = ""  # which entry of the reports' nav is current
    has_totals = False  # the table's last row is its totals

    def get(self, request, *args, **kwargs):
        self.form = self.form_class(request.GET)
        report = self.build(self.form) if self.form.is_valid() else None
        file_format = request.GET.get("format")
        if report is not None and file_format in exports.FORMATS:
            return exports.download(report.table(), file_format, self.file_name(report))
        return self.render_to_response(self.get_context_data(report=report))

    def build(self, form):
        raise NotImplementedError

    def query(self, **changes):
        """The filter as a query string (defaults filled in), with `changes`."""
        data = self.form.data.copy()
        data.pop("format", None)
        for key, value in changes.items():
            data[key] = value
        return data.urlencode()

    def get_context_data(self, report=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, report=report, report_page=self.page)
        if report is not None:
            table = report.table()
            rows = [[(shown(cell), _is_number(cell)) for cell in row] for row in table.rows]
            totals = rows.pop() if self.has_totals and rows else None
            context.update(
                headers=table.headers,
                rows=rows,
                totals=totals,
                downloads=[
                    ("csv", _("Download CSV"), "?" + self.query(format="csv")),
                    ("xlsx", _("Download Excel (XLSX)"), "?" + self.query(format="xlsx")),
                ],
            )
        return context


class ClustersView(ReportPage):
    template_name = "programme/reports/clusters.html"
    form_class = ClustersForm
    page = "clusters"
    has_totals = True

    def build(self, form):
        data = form.cleaned_data
        return reports.clusters_at(data["date"], data["level"], data["unit"], form.area)

    def file_name(self, report):
        return f"klaster-{report.on_date.isoformat()}"

    def get_context_data(self, report=None, **kwargs):
        context = super().get_context_data(report=report, **kwargs)
        if report is not None:
            context["chart"] = charts.clusters_chart(
                report,
                _("Clusters on %(date)s") % {"date": date_format(report.on_date, "j F Y")},
            )
        return context


class TransitionsView(ReportPage):
    template_name = "programme/reports/transitions.html"
    form_class = TransitionsForm
    page = "transitions"

    def build(self, form):
        data = form.cleaned_data
        return reports.transitions(data["from"], data["to"], data["unit"], form.area)

    def file_name(self, report):
        return f"perpindahan-{report.start.isoformat()}-{report.end.isoformat()}"

    def get_context_data(self, report=None, **kwargs):
        context = super().get_context_data(report=report, **kwargs)
        if report is None:
            return context
        list_url = reverse("programme:report-transition-list")
        context["matrix"] = [
            (
                before,
                [
                    (after, count, f"{list_url}?{self.query(pair=reports.pair_text(pair))}")
                    for after, pair, count in cells
                ],
            )
            for before, cells in report.matrix()
        ]
        context["summary"] = report.summary
        context["chart"] = charts.movement_chart(report, _("Movement between clusters"))
        return context


class TransitionListView(ReportPage):
    template_name = "programme/reports/transition_list.html"
    form_class = TransitionListForm
    page = "transitions"

    def build(self, form):
        data = form.cleaned_data
        return reports.transition_list(
            data["from"],
            data["to"],
            data["pair"],
            data["unit"],
            form.area,
            with_contacts=self.sees_contacts,
        )

    def file_name(self, report):
        before, after = report.pair
        return f"daftar-{before or 'baru'}-{after}-{report.end.isoformat()}"

    def get_context_data(self, report=None, **kwargs):
        context = super().get_context_data(report=report, **kwargs)
        data = self.form.data.copy()
        data.pop("pair", None)
        data.pop("format", None)
        context["back_url"] = f"{reverse('programme:report-transitions')}?{data.urlencode()}"
        return context


class SalesView(ReportPage):
    template_name = "programme/reports/sales.html"
    form_class = SalesForm
    page = "sales"
    has_totals = True

    def build(self, form):
        data = form.cleaned_data
        return sales_report.sales_by_month(data["from"], data["to"], form.area)

    def file_name(self, report):
        return f"penjualan-{report.end.isoformat()}"

    def get_context_data(self, report=None, **kwargs):
        context = super().get_context_data(report=report, **kwargs)
        if report is not None:
            context["chart"] = charts.sales_chart(report, _("Sales per month"))
            for row, month in zip(context["rows"], report.months, strict=False):
                row[0] = (date_format(month.month, "F Y"), False)
        return context


urlpatterns = [
    path("laporan/", ClustersView.as_view(), name="report-clusters"),
    path("laporan/perpindahan/", TransitionsView.as_view(), name="report-transitions"),
    path(
        "laporan/perpindahan/daftar/",
        TransitionListView.as_view(),
        name="report-transition-list",
    ),
    path("laporan/penjualan/", SalesView.as_view(), name="report-sales"),
]
