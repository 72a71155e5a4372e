"""Operators' view of the producers' ledger: who is owed what, each
producer's statement, and recording payouts. Staff only: the dashboard app
(storefront.dashboard.apps) requires it for these URLs."""

from django.contrib import messages
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import ListView, TemplateView
from oscar.core.loading import get_model

from storefront.dashboard.ledger.forms import PayoutForm
from vendors import ledger, statements
from vendors.portal.views.statement import month_bounds, month_navigation

Partner = get_model("partner", "Partner")


class BalanceListView(ListView):
    """Every producer with her balance, in one query whatever their number."""

    template_name = "dashboard/ledger/balance_list.html"
    context_object_name = "producers"
    paginate_by = 50

    def get_queryset(self):
        money = DecimalField(max_digits=14, decimal_places=2)
        return (
            Partner.objects.filter(is_practice=False)  # practice shops owe and are owed nothing
            .select_related("site", "village")
            .annotate(balance=Coalesce(Sum("ledger_entries__amount"), Value(0), output_field=money))
            .order_by("site__site_name", "name")
        )


class ProducerLedgerView(TemplateView):
    """One producer's month, and the form to record a payout."""

    template_name = "dashboard/ledger/producer_ledger.html"

    def dispatch(self, request, *args, **kwargs):
        self.producer = get_object_or_404(Partner, pk=kwargs["producer_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start, end = month_bounds(self.request.GET.get("bulan"))
        statement = ledger.statement(self.producer, start, end)
        balance = ledger.balance(self.producer)
        context.update(
            producer=self.producer,
            statement=statement,
            summary=statements.summary(statement),
            rows=statements.rows(statement),
            balance=balance,
            balance_sentence=statements.balance_sentence(balance),
            form=kwargs.get("form") or PayoutForm(),
            **month_navigation(statement),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = PayoutForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            ledger.record_payout(self.producer, user=request.user, **form.cleaned_data)
        except ledger.LedgerError as error:
            form.add_error("amount", error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, statements.balance_sentence(ledger.balance(self.producer)))
        return redirect(request.path)
