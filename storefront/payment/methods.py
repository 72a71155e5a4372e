"""Payment methods offered at checkout, each a small pluggable class.

settings.PASAR_PAYMENT_METHODS lists them by dotted path. Checkout calls the
same three hooks on each, so adding a method (card, QRIS, e-wallet) means
adding a class here, not changing the checkout views.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from storefront import shops
from storefront.payment import transfers

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


class PaymentMethod:
    code = ""
    name = ""
    description = ""
    #: Order status right after the order is placed.
    initial_order_status = settings.OSCAR_INITIAL_ORDER_STATUS
    #: Template included on the thank-you and order status pages.
    instructions_template = ""

    def is_available(self, request):
        return True

    def record_order(self, order, request):
        """Write what this method needs for a new order. Runs inside the
        transaction that places the order, so a failure here places nothing."""
        source_type, _created = SourceType.objects.get_or_create(
            code=self.code, defaults={"name": str(self.name)}
        )
        Source.objects.create(
            order=order, source_type=source_type, amount_allocated=order.total_incl_tax
        )


class CashOnDelivery(PaymentMethod):
    code = "cod"
    name = _("Cash on delivery or pick-up")
    description = _("Pay in cash when you receive your order or pick it up.")
    instructions_template = "storefront/payment/cod_instructions.html"


class BankTransfer(PaymentMethod):
    code = "bank-transfer"
    name = _("Bank transfer")
    description = _(
        "Transfer the exact amount shown, including the 3-digit code, so we can match your payment."
    )
    initial_order_status = "Awaiting payment"
    instructions_template = "storefront/payment/transfer_instructions.html"

    def is_available(self, request):
        shop = shops.shop_settings(request)
        return shop is not None and shop.accepts_bank_transfer

    def record_order(self, order, request):
        super().record_order(order, request)
        transfers.create_for_order(order, shops.shop_settings(request))


@cache
def all_methods():
    return [import_string(path)() for path in settings.PASAR_PAYMENT_METHODS]


def available_methods(request):
    return [method for method in all_methods() if method.is_available(request)]


def get_method(code):
    """The method with this code, or None: the code may come from a stale
    session or a tampered form."""
    return next((method for method in all_methods() if method.code == code), None)


def method_for_order(order):
    """The method an order was placed with, from its payment source."""
    source = next(iter(order.sources.all()), None)
    return get_method(source.source_type.code) if source else None
