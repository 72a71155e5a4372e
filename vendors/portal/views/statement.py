"""Portal views: her money. What sold, the shop's commission, what was paid
out, and her balance, month by month, on screen or downloaded as CSV or
PDF. Only ever her own ledger (vendors.ledger), however the URL is made."""

import datetime

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.views.generic import TemplateView, View

from vendors import ledger, statements
from vendors.portal.mixins import ProducerMixin

# Months outside these years are typing mistakes (and dates near the ends
# of the calendar overflow): they show this month instead.
FIRST_YEAR, LAST_YEAR = 2000, 2200


def month_bounds(value, today=None):
    """(start, end) of the month "YYYY-MM" in the shop's time zone, or of
    this month when the value is missing or not a month."""
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        first = None
    if first is None or not FIRST_YEAR <= first.year <= LAST_YEAR:
        first = today.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return _midnight(first), _midnight(following)


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def month_navigation(statement):
    """The month a statement shows, and the months before and after it
    (none after this month), for links with ?bulan=."""
    start = timezone.localdate(statement.start)
    following = timezone.localdate(statement.end)
    return {
        "month": start.strftime("%Y-%m"),
        "month_label": date_format(start, "F Y"),
        "previous_month": (start - datetime.timedelta(days=1)).strftime("%Y-%m"),
        "next_month": following.strftime("%Y-%m") if following <= timezone.localdate() else None,
    }


class StatementMixin(ProducerMixin):
    def get_statement(self):
        start, end = month_bounds(self.request.GET.get("bulan"))
        return ledger.statement(self.producer, start, end)


class StatementView(StatementMixin, TemplateView):
    template_name = "vendors/portal/statement.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statement = self.get_statement()
        context.update(
            statement=statement,
            summary=statements.summary(statement),
            rows=statements.rows(statement),
            balance_now=ledger.balance(self.producer),
            **month_navigation(statement),
        )
        context["balance_sentence"] = statements.balance_sentence(context["balance_now"])
        return context


class StatementDownloadView(StatementMixin, View):
    formats = {
        "csv": ("text/csv; charset=utf-8", statements.to_csv),
        "pdf": ("application/pdf", statements.to_pdf),
    }

    def get(self, request, *args, **kwargs):
        if kwargs["format"] not in self.formats:
            raise Http404
        content_type, render = self.formats[kwargs["format"]]
        statement = self.get_statement()
        response = HttpResponse(render(statement), content_type=content_type)
        name = statements.filename(statement, kwargs["format"])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path("<slug:producer>/saldo/", StatementView.as_view(), name="statement"),
    path(
        "<slug:producer>/saldo/unduh.<str:format>",
        StatementDownloadView.as_view(),
        name="statement-download",
    ),
]
