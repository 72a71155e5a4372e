"""Placing an order, all or nothing: the one way both the checkout pages and
the API turn a basket into an order.

Placing an order reserves its stock, writes the order, its commissions, its
payment record and the basket's submitted state in one transaction
(vendors.stock says why many shoppers racing for the last unit cannot all
get it). The confirmation email is queued only after that commits
(storefront.checkout.emails), and a mail failure is logged, never shown as
a failed order (which would tempt the shopper to order twice).
"""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_class

from storefront import money, tasks
from storefront.checkout import emails
from storefront.payment import unique_codes
from vendors import ledger, stock

OrderPlacementMixin = get_class("checkout.mixins", "OrderPlacementMixin")


class AllOrNothingPlacementMixin:
    """For classes with Oscar's OrderPlacementMixin and a ``request``."""

    def place_paid_later(self, method, *, basket, order_total, **order_kwargs):
        """Place the basket's order, to be paid with ``method`` after (no
        method takes money before the order exists: each records what the
        shopper owes, record_order). Raises UnableToPlaceOrder with a message
        for the shopper, and then nothing is written."""
        if not money.is_whole(order_total.incl_tax):
            raise UnableToPlaceOrder(
                _("This order's total is not a whole rupiah amount. Please contact the shop.")
            )
        try:
            with transaction.atomic():
                stock.reserve_basket(basket)
                order = self.place_order(
                    basket=basket,
                    order_total=order_total,
                    status=method.initial_order_status,
                    **order_kwargs,
                )
                ledger.fix_commissions(order)
                method.record_order(order, getattr(self.request, "site", None))
                basket.submit()
        except stock.NotEnoughStock as error:
            raise UnableToPlaceOrder(error.message) from None
        except unique_codes.NoFreeCode:
            raise UnableToPlaceOrder(
                _(
                    "Too many orders of this amount are waiting for payment. "
                    "Choose another way to pay."
                )
            ) from None
        return order

    def send_order_placed_email(self, order):
        context = self.get_message_context(order)
        args = (order.pk, translation.get_language())
        args += (context.get("status_path"), context.get("status_url"))
        transaction.on_commit(lambda: tasks.enqueue(emails.order_placed, *args))


class OrderPlacement(AllOrNothingPlacementMixin, OrderPlacementMixin):
    """Order placement without the checkout pages (the API): the basket, the
    address and the method come from the caller instead of the session."""

    def __init__(self, request):
        self.request = request

    def place(self, method, *, user, basket, **order_kwargs):
        order = self.place_paid_later(
            method,
            order_number=self.generate_order_number(basket),
            user=user,
            basket=basket,
            **order_kwargs,
        )
        self.send_order_placed_email(order)
        return order
