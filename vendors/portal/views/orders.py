"""Portal views: a producer's orders.

She sees only the orders that hold at least one of her lines, and of those
orders only her lines and their total: never another producer's products nor
the order total. She moves her lines through the steps of vendors.fulfilment.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import DecimalField, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import ListView, TemplateView, View
from oscar.core.loading import get_model

from vendors import fulfilment
from vendors.portal.mixins import ProducerMixin

Order = get_model("order", "Order")
Line = get_model("order", "Line")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")

PICKUP_CODE = "pickup"

# The tabs of the order list: (query-string value, label, line statuses).
NEEDS_ACTION = "todo"
TABS = [
    (
        NEEDS_ACTION,
        gettext_lazy("Needs action"),
        (fulfilment.NEW, fulfilment.CONFIRMED, fulfilment.PACKED),
    ),
    (fulfilment.NEW, gettext_lazy("New"), (fulfilment.NEW,)),
    (fulfilment.CONFIRMED, gettext_lazy("Confirmed"), (fulfilment.CONFIRMED,)),
    (fulfilment.PACKED, gettext_lazy("Packed"), (fulfilment.PACKED,)),
    (
        fulfilment.SHIPPED,
        gettext_lazy("Shipped"),
        (fulfilment.SHIPPED, fulfilment.READY_FOR_PICKUP),
    ),
    (fulfilment.DELIVERED, gettext_lazy("Delivered"), (fulfilment.DELIVERED,)),
    (fulfilment.CANCELLED, gettext_lazy("Cancelled"), (fulfilment.CANCELLED,)),
    ("all", gettext_lazy("All"), None),
]
TAB_STATUSES = {key: statuses for key, _label, statuses in TABS}


def is_pickup(order):
    return order.shipping_code == PICKUP_CODE


def producer_lines(producer):
    return Line.objects.filter(partner=producer)


def with_my_total(orders, producer):
    """Annotate each order with the total and count of this producer's lines."""
    mine = Q(lines__partner=producer)
    return orders.annotate(
        my_total=Sum(
            "lines__line_price_incl_tax",
            filter=mine,
            output_field=DecimalField(max_digits=12, decimal_places=2),
        ),
    )


class OrderListView(ProducerMixin, ListView):
    """Her orders, newest first, each with only her lines. A fixed number of
    queries however many orders: the total is annotated and her lines are
    prefetched in one query."""

    template_name = "vendors/portal/orders/order_list.html"
    context_object_name = "orders"
    paginate_by = 20

    def get_tab(self):
        tab = self.request.GET.get("status") or NEEDS_ACTION
        return tab if tab in TAB_STATUSES else NEEDS_ACTION

    def get_queryset(self):
        statuses = TAB_STATUSES[self.get_tab()]
        lines = producer_lines(self.producer)
        if statuses is not None:
            lines = lines.filter(status__in=statuses)
        orders = Order.objects.filter(pk__in=lines.values("order_id"))
        return (
            with_my_total(orders, self.producer)
            .prefetch_related(
                Prefetch(
                    "lines",
                    queryset=producer_lines(self.producer).order_by("pk"),
                    to_attr="my_lines",
                )
            )
            .order_by("-date_placed", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = self.get_tab()
        context["tabs"] = [
            {"key": key, "label": label, "current": key == current} for key, label, _s in TABS
        ]
        context["current_tab"] = current
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
        lines = list(
            producer_lines(self.producer)
            .filter(order=order)
            .select_related("stockrecord")
            .prefetch_related(
                Prefetch(
                    "fulfilment_events",
                    queryset=FulfilmentEvent.objects.order_by("created_at", "pk"),
                )
            )
            .order_by("pk")
        )
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
            nexts = fulfilment.next_statuses(line)
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
            my_total=sum((line.line_price_incl_tax for line in lines), 0),
            address=order.shipping_address,
            pickup=pickup,
            whatsapp=fulfilment.whatsapp_link(order, self.producer),
        )
        if len(lines) > 1 and common:
            context["all_steps"] = [{"status": s, "label": fulfilment.label(s)} for s in common]
        return context

    def post(self, request, *args, **kwargs):
        """Move every line of hers that can take this step; all or nothing."""
        order, lines = self.get_order()
        status = request.POST.get("status", "")
        movable = [line for line in lines if status in fulfilment.next_statuses(line)]
        if not movable:
            messages.error(request, _("None of your lines can take this step."))
            return redirect(order_url(self.producer, order))
        try:
            with transaction.atomic():
                for line in movable:
                    fulfilment.change_status(
                        line, status, request.user, note=request.POST.get("reason", "")
                    )
                    audit_step(self, order, line, status)
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


def audit_step(view, order, line, status):
    view.audit(
        _("Order %(number)s: “%(title)s” marked %(status)s")
        % {"number": order.number, "title": line.title, "status": fulfilment.label(status)}
    )


def order_url(producer, order, line=None):
    url = reverse("portal:order-detail", kwargs={"producer": producer.code, "number": order.number})
    return f"{url}#line-{line.pk}" if line is not None else url


class OrderLineStatusView(ProducerMixin, View):
    """POST one step for one of her lines. The line must be in this order and
    be hers, or 404 and nothing changes."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        line = get_object_or_404(
            producer_lines(self.producer).select_related("order"),
            pk=kwargs["line_id"],
            order__number=kwargs["number"],
        )
        order = line.order
        status = request.POST.get("status", "")
        try:
            with transaction.atomic():
                fulfilment.change_status(
                    line, status, request.user, note=request.POST.get("reason", "")
                )
                audit_step(self, order, line, status)
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
