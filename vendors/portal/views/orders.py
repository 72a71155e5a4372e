"""Portal views: a producer's orders.

She sees only the orders that hold at least one of her lines, and of those
orders only her lines and their total: never another producer's products nor
the order total. She moves her lines through the steps of vendors.fulfilment.
"""

from decimal import Decimal

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import ListView, TemplateView, View
from oscar.core.loading import get_model

from storefront.shipping.methods import is_pickup
from vendors import access, fulfilment
from vendors.portal.mixins import ProducerMixin
from vendors.portal.views import practice

Order = get_model("order", "Order")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")
Payment = get_model("payment", "Payment")

# The tabs of the order list: (query-string value, label, line statuses shown
# or None for all). A status tab is named as fulfilment names the status.
NEEDS_ACTION = "todo"
ALL = "all"
lazy_label = lazy(fulfilment.label, str)
TABS = [
    (
        NEEDS_ACTION,
        gettext_lazy("Needs action"),
        (fulfilment.NEW, fulfilment.CONFIRMED, fulfilment.PACKED),
    ),
    *(
        (statuses[0], lazy_label(statuses[0]), statuses)
        for statuses in (
            (fulfilment.NEW,),
            (fulfilment.CONFIRMED,),
            (fulfilment.PACKED,),
            (fulfilment.SHIPPED, fulfilment.READY_FOR_PICKUP),
            (fulfilment.DELIVERED,),
            (fulfilment.CANCELLED,),
        )
    ),
    (ALL, gettext_lazy("All"), None),
]
TAB_STATUSES = {key: statuses for key, _label, statuses in TABS}


def my_total(lines):
    """What her lines of one order come to: never the order total."""
    return sum((line.line_price_incl_tax for line in lines), Decimal(0))


class OrderListView(ProducerMixin, ListView):
    """Her orders, newest first, each with only her lines. A fixed number of
    queries however many orders: her lines are prefetched in one query and
    totalled from there."""

    template_name = "vendors/portal/orders/order_list.html"
    context_object_name = "orders"
    paginate_by = 20

    def get_tab(self):
        tab = self.request.GET.get("status") or NEEDS_ACTION
        return tab if tab in TAB_STATUSES else NEEDS_ACTION

    def get_queryset(self):
        statuses = TAB_STATUSES[self.get_tab()]
        lines = access.producer_lines(self.producer)
        if statuses is not None:
            lines = lines.filter(status__in=statuses)
        return (
            Order.objects.filter(pk__in=lines.values("order_id"))
            .prefetch_related(
                Prefetch(
                    "lines",
                    queryset=access.producer_lines(self.producer).order_by("pk"),
                    to_attr="my_lines",
                )
            )
            .order_by("-date_placed", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        orders = list(context["orders"])
        for order in orders:
            order.my_total = my_total(order.my_lines)
        current = self.get_tab()
        context.update(
            orders=orders,
            object_list=orders,
            tabs=[
                {"key": key, "label": label, "current": key == current} for key, label, _s in TABS
            ],
            current_tab=current,
        )
        return context


class OrderDetailView(ProducerMixin, TemplateView):
    """One order as she needs it to deliver: her lines and their history, the
    shopper's name, phone and address (or pick-up), and a WhatsApp button.

    POST moves all her lines that can take the chosen step at once."""

    template_name = "vendors/portal/orders/order_detail.html"

    def get_order(self):
        order = get_object_or_404(
            Order.objects.select_related("shipping_address"), number=self.kwargs["number"]
        )
        lines = access.producer_lines_in_order(self.producer, order)
        if not lines:
            raise Http404
        return order, lines

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order, lines = self.get_order()
        pickup = is_pickup(order)
        # The step that fits the order's delivery comes first.
        preferred = fulfilment.READY_FOR_PICKUP if pickup else fulfilment.SHIPPED
        common = None
        for line in lines:
            nexts = line.available_statuses()
            line.can_cancel = fulfilment.CANCELLED in nexts
            steps = [s for s in nexts if s != fulfilment.CANCELLED]
            steps.sort(key=lambda s: s != preferred and s in fulfilment.GOODS_LEFT)
            line.next_steps = [
                {"status": s, "label": fulfilment.label(s), "primary": i == 0}
                for i, s in enumerate(steps)
            ]
            common = steps if common is None else [s for s in common if s in steps]
        context.update(
            order=order,
            lines=lines,
            my_total=my_total(lines),
            address=order.shipping_address,
            pickup=pickup,
            whatsapp=fulfilment.whatsapp_link(order, self.producer, lines),
            note_max_length=fulfilment.NOTE_MAX_LENGTH,
            payment=Payment.objects.filter(order=order).first(),
            simulation=practice.simulation_for(self.producer, order),
        )
        if len(lines) > 1 and common:
            context["all_steps"] = [{"status": s, "label": fulfilment.label(s)} for s in common]
        return context

    def post(self, request, *args, **kwargs):
        """Move every line of hers that can take this step; all or nothing."""
        order, lines = self.get_order()
        status = request.POST.get("status", "")
        movable = [line for line in lines if status in line.available_statuses()]
        if not movable:
            messages.error(request, _("None of your lines can take this step."))
            return redirect(order_url(self.producer, order))
        try:
            fulfilment.change_statuses(
                movable, status, request.user, note=request.POST.get("reason", "")
            )
        except fulfilment.FulfilmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d line marked %(status)s.",
                    "%(count)d lines marked %(status)s.",
                    len(movable),
                )
                % {"count": len(movable), "status": fulfilment.label(status)},
            )
        return redirect(order_url(self.producer, order))


def order_url(producer, order, line=None):
    url = reverse("portal:order-detail", kwargs={"producer": producer.code, "number": order.number})
    return f"{url}#line-{line.pk}" if line is not None else url


class OrderLineStatusView(ProducerMixin, View):
    """POST one step for one of her lines. The line must be in this order and
    be hers, or 404 and nothing changes."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        line = get_object_or_404(
            access.producer_lines(self.producer).select_related("order"),
            pk=kwargs["line_id"],
            order__number=kwargs["number"],
        )
        order = line.order
        status = request.POST.get("status", "")
        try:
            fulfilment.change_status(
                line, status, request.user, note=request.POST.get("reason", "")
            )
        except fulfilment.FulfilmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("“%(title)s” marked %(status)s.")
                % {"title": line.title, "status": fulfilment.label(status)},
            )
        return redirect(order_url(self.producer, order, line))


urlpatterns = [
    path("<slug:producer>/pesanan/", OrderListView.as_view(), name="order-list"),
    path(
        "<slug:producer>/pesanan/<str:number>/",
        OrderDetailView.as_view(),
        name="order-detail",
    ),
    path(
        "<slug:producer>/pesanan/<str:number>/baris/<int:line_id>/status/",
        OrderLineStatusView.as_view(),
        name="order-line-status",
    ),
]
