"""Oscar's order dashboard, limited so a producer only sees her own lines.

Oscar lets any partner user who can open an order see every line of it, the
order totals, payment details and notes, and change the order status. In a
village marketplace one order often mixes several producers, so here:

* operators (staff) keep Oscar's full dashboard, plus the payment box
  (payment_actions): confirm a transfer, QRIS or cash payment, reject a
  receipt, refund lines; status changes go through the payment services;
* a producer sees only her own lines and their total, the customer's name,
  contact and delivery address (she delivers), and may only change the
  status of, or record shipping for, her own lines.

Who may see what is decided in vendors.access; this module only applies it.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders.views import *  # noqa: F403  Oscar's fork convention
from oscar.apps.dashboard.orders.views import LineDetailView as OscarLineDetailView
from oscar.apps.dashboard.orders.views import OrderDetailView as OscarOrderDetailView
from oscar.apps.dashboard.orders.views import OrderListView as OscarOrderListView
from oscar.apps.dashboard.orders.views import OrderStatsView as OscarOrderStatsView
from oscar.apps.dashboard.orders.views import (
    ShippingAddressUpdateView as OscarShippingAddressUpdateView,
)
from oscar.core.loading import get_model

from storefront.dashboard.orders.payment_actions import PaymentActionsMixin, StatusHandlerMixin
from vendors import fulfilment
from vendors.access import is_operator, orders_for_user, producer_partners, visible_lines

Order = get_model("order", "Order")
Line = get_model("order", "Line")


def get_order_for_user_or_404(user, number):
    """The order with this number, if this user may open it."""
    queryset = orders_for_user(user).select_related(
        "shipping_address", "shipping_address__country", "user"
    )
    try:
        return queryset.get(number=number)
    except ObjectDoesNotExist:
        raise Http404() from None


def _own_lines_subquery(user, field, aggregate, output_field):
    """Per-order aggregate over the user's own lines only.

    A subquery rather than a join, so later filters on lines (search by
    product title, SKU...) cannot multiply the sum.
    """
    lines = (
        Line.objects.filter(order=OuterRef("pk"), partner__in=producer_partners(user))
        .order_by()
        .values("order")
        .annotate(value=aggregate(field))
        .values("value")
    )
    return Subquery(lines, output_field=output_field)


class OrderListView(StatusHandlerMixin, OscarOrderListView):
    """Order list: a producer sees her orders with her own lines' figures.

    Orders are annotated with own_total (sum of her lines, incl. tax) and
    own_num_items, which the template and the CSV show instead of the order
    total. Changing order statuses in bulk is for operators only.
    """

    template_name = "dashboard/orders/order_list.html"
    PRODUCER_CSV_COLUMNS = {
        "number": _("Order number"),
        "value": _("Your lines' total"),
        "date": _("Date of purchase"),
        "num_items": _("Number of your items"),
        "status": _("Order status"),
        "customer": _("Customer email address"),
        "shipping_address_name": _("Deliver to name"),
    }

    def dispatch(self, request, *args, **kwargs):
        self.is_operator = is_operator(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # dispatch() has set base_queryset by now; annotate it once.
        if not self.is_operator:
            self.base_queryset = self.annotate_own_figures(self.base_queryset)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.is_operator:
            self.base_queryset = self.annotate_own_figures(self.base_queryset)
        return super().post(request, *args, **kwargs)

    def annotate_own_figures(self, queryset):
        user = self.request.user
        money = DecimalField(max_digits=12, decimal_places=2)
        return queryset.annotate(
            own_total=Coalesce(
                _own_lines_subquery(user, "line_price_incl_tax", Sum, money), 0, output_field=money
            ),
            own_num_items=Coalesce(
                _own_lines_subquery(user, "quantity", Sum, IntegerField()),
                0,
                output_field=IntegerField(),
            ),
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.is_operator:
            return queryset
        # Sorting by the order total would leak other producers' amounts.
        if self.request.GET.get("sort") == "total_incl_tax":
            direction = "-" if self.request.GET.get("dir") == "desc" else ""
            queryset = queryset.order_by(f"{direction}own_total")
        # Searching by product/SKU must only match her own lines, or she could
        # probe what else is in an order.
        data = getattr(self.form, "cleaned_data", None) or {}
        own = Q(lines__partner__in=producer_partners(self.request.user))
        line_filters = {}
        if data.get("product_title"):
            line_filters["lines__title__istartswith"] = data["product_title"]
        if data.get("upc"):
            line_filters["lines__upc"] = data["upc"]
        if data.get("partner_sku"):
            line_filters["lines__partner_sku"] = data["partner_sku"]
        if line_filters:
            queryset = queryset.filter(own, **line_filters).distinct()
        return queryset

    def get_actions(self):
        actions = super().get_actions()
        if not self.is_operator:
            actions = {k: v for k, v in actions.items() if k != "change_order_statuses"}
        return actions

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["is_operator"] = self.is_operator
        if not self.is_operator:
            ctx["order_statuses"] = []
        return ctx

    def download_selected_orders(self, request, orders):
        if not self.is_operator:
            self.CSV_COLUMNS = self.PRODUCER_CSV_COLUMNS
        return super().download_selected_orders(request, orders)

    def get_row_values(self, order):
        row = super().get_row_values(order)
        if not self.is_operator:
            row["value"] = order.own_total
            row["num_items"] = order.own_num_items
            row.pop("billing_address_name", None)
        return row

    def change_order_statuses(self, request, orders):
        if not self.is_operator:
            messages.error(request, _("Only shop operators can change order statuses"))
            return redirect("dashboard:order-list")
        return super().change_order_statuses(request, orders)


class OrderStatsView(OscarOrderStatsView):
    """Statistics: a producer's revenue and line count are her own lines'."""

    def get_stats(self, filters):
        stats = super().get_stats(filters)
        user = self.request.user
        if not is_operator(user):
            orders = orders_for_user(user).filter(**filters)
            lines = Line.objects.filter(order__in=orders, partner__in=producer_partners(user))
            figures = lines.aggregate(count=Count("id"), revenue=Sum("line_price_incl_tax"))
            stats["total_lines"] = figures["count"]
            stats["total_revenue"] = figures["revenue"] or 0
        return stats


class OrderDetailView(PaymentActionsMixin, StatusHandlerMixin, OscarOrderDetailView):
    """One order: all of it for operators, only her own lines for a producer.

    Producers get no order-level actions (notes, order status, payment
    events) and only two line actions, which Oscar already applies to
    get_order_lines() alone, so a line id of another producer is rejected as
    "Invalid lines requested".
    """

    template_name = "dashboard/orders/order_detail.html"

    # Oscar's manual payment events would record money outside the payment
    # services; the payment box replaces them.
    operator_order_actions = (
        *(a for a in OscarOrderDetailView.order_actions if a != "create_order_payment_event"),
        *PaymentActionsMixin.payment_actions,
    )
    producer_order_actions = ()
    operator_line_actions = tuple(
        action for action in OscarOrderDetailView.line_actions if action != "create_payment_event"
    )
    producer_line_actions = ("change_line_statuses", "create_shipping_event")

    def get_object(self, queryset=None):
        return get_order_for_user_or_404(self.request.user, self.kwargs["number"])

    def get_order_lines(self):
        return visible_lines(self.request.user, self.object)

    def get_order_actions(self):
        if is_operator(self.request.user):
            return self.operator_order_actions
        return self.producer_order_actions

    def get_line_actions(self):
        if is_operator(self.request.user):
            return self.operator_line_actions
        return self.producer_line_actions

    def handle_order_action(self, request, order, action):
        if action not in self.get_order_actions():
            return self.reload_page(error=_("Invalid action"))
        return getattr(self, action)(request, order)

    def handle_line_action(self, request, order, action):
        if action not in self.get_line_actions():
            return self.reload_page(error=_("Invalid action"))
        return super().handle_line_action(request, order, action)

    def get_context_data(self, **kwargs):
        operator = is_operator(self.request.user)
        if not operator:
            # Oscar builds a note form from the URL's note id; producers have
            # no notes, so never look one up for them.
            self.kwargs.pop("note_id", None)
        ctx = super().get_context_data(**kwargs)
        ctx["is_operator"] = operator
        ctx["own_total"] = sum((line.line_price_incl_tax for line in ctx["lines"]), 0)
        if operator:
            ctx.update(self.payment_context())
        else:
            ctx["note_form"] = None
            ctx["order_status_form"] = None
            ctx["payment_event_types"] = []
            ctx["payment_transactions"] = []
            ctx["shipping_events"] = self.get_own_shipping_events(ctx["lines"])
        return ctx

    def get_own_shipping_events(self, lines):
        """Shipping events touching her lines, each with only her lines'
        quantities (an event may also cover another producer's lines)."""
        line_ids = {line.id for line in lines}
        events = []
        for event in self.object.shipping_events.all().prefetch_related("line_quantities__line"):
            quantities = [q for q in event.line_quantities.all() if q.line_id in line_ids]
            if quantities:
                events.append({"event": event, "line_quantities": quantities})
        return events

    def create_shipping_event(self, request, order, lines, quantities):
        # Oscar passes reference=None when the field is missing, which the
        # NOT NULL ShippingEvent.notes column turns into a server error.
        if request.POST.get("reference") is None:
            request.POST = request.POST.copy()
            request.POST["reference"] = ""
        return super().create_shipping_event(request, order, lines, quantities)

    def change_line_statuses(self, request, order, lines, quantities):
        """Through vendors.fulfilment, like the producer portal: one way to
        move a line, with its stock, history and shopper email."""
        new_status = request.POST.get("new_status", "").strip()
        note = request.POST.get("reason", "").strip()
        if new_status == fulfilment.CANCELLED and not note:
            note = str(_("Cancelled by the shop"))
        try:
            with transaction.atomic():
                for line in lines:
                    fulfilment.change_status(line, new_status, request.user, note=note)
        except fulfilment.FulfilmentError as error:
            return self.reload_page(error=str(error))
        messages.info(
            request, _("Status changed to “%(status)s”.") % {"status": fulfilment.label(new_status)}
        )
        return self.reload_page()


class LineDetailView(OscarLineDetailView):
    """One line: a producer may only open her own lines (404 otherwise)."""

    def get_object(self, queryset=None):
        order = get_order_for_user_or_404(self.request.user, self.kwargs["number"])
        try:
            return visible_lines(self.request.user, order).get(pk=self.kwargs["line_id"])
        except self.model.DoesNotExist:
            raise Http404() from None


class ShippingAddressUpdateView(OscarShippingAddressUpdateView):
    """Changing where an order goes is for operators only: the address is
    shared by every producer's lines in the order."""

    def dispatch(self, request, *args, **kwargs):
        if not is_operator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
