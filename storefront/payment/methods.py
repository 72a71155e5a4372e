"""Payment methods offered at checkout, each a small pluggable class.

settings.PASAR_PAYMENT_METHODS lists them by dotted path. Checkout and the
payment pages only talk to the PaymentMethod interface below, so adding a
method (an e-wallet, say) means adding a class here, not changing views.

Every order is placed first and paid after, whatever the method: stock is
reserved when the order is placed, and a Payment row says what is still
owed. Transfers, QRIS and cards must be paid within
settings.PASAR_UNPAID_ORDER_HOURS or the order expires (payment.expiry);
cash is paid on delivery or pick-up.
"""

import datetime
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from storefront import shops
from storefront.models import ShopSettings
from storefront.payment import qris, unique_codes
from vendors import statuses

Payment = get_model("payment", "Payment")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


class PaymentMethod:
    code = ""
    name = ""
    description = ""
    #: Order status right after the order is placed.
    initial_order_status = statuses.AWAITING_PAYMENT
    #: Template included wherever the shopper is told how to pay (thank-you
    #: and order status pages); it gets ``order``, ``payment``, ``method``.
    instructions_template = ""
    #: Unpaid orders expire (and give their stock back) after
    #: settings.PASAR_UNPAID_ORDER_HOURS.
    expires = True
    #: The shopper may upload a photo or PDF of her receipt.
    accepts_proof = False
    #: The operator confirms by hand that the money arrived.
    confirmed_by_operator = True

    def is_available(self, request):
        return True

    def record_order(self, order, site):
        """Write what this method needs for a new order placed in the village
        shop ``site``. Runs inside the transaction that places the order, so
        a failure here places nothing."""
        source_type, _created = SourceType.objects.get_or_create(
            code=self.code, defaults={"name": str(self.name)}
        )
        Source.objects.create(
            order=order, source_type=source_type, amount_allocated=order.total_incl_tax
        )
        payment = Payment(
            order=order,
            site=site,
            method=self.code,
            amount_due=order.total_incl_tax,
            expires_at=self.expiry_time() if self.expires else None,
        )
        return self.save_payment(payment, ShopSettings.for_site(site) if site else None)

    def save_payment(self, payment, shop):
        """Complete and save the new payment (``shop``: the ShopSettings)."""
        payment.save()
        return payment

    def expiry_time(self):
        return timezone.now() + datetime.timedelta(hours=settings.PASAR_UNPAID_ORDER_HOURS)


class CashOnDelivery(PaymentMethod):
    code = "cod"
    name = _("Cash on delivery or pick-up")
    description = _("Pay in cash when you receive your order or pick it up.")
    initial_order_status = statuses.PROCESSING
    instructions_template = "storefront/payment/cod_instructions.html"
    expires = False


class BankTransfer(PaymentMethod):
    code = "bank-transfer"
    name = _("Bank transfer")
    description = _(
        "Transfer the exact amount shown, including the 3-digit code, so we can match your payment."
    )
    instructions_template = "storefront/payment/transfer_instructions.html"
    accepts_proof = True

    def is_available(self, request):
        shop = shops.shop_settings(request)
        return shop is not None and shop.accepts_bank_transfer

    def save_payment(self, payment, shop):
        payment.bank_name = shop.bank_name
        payment.account_number = shop.bank_account_number
        payment.account_holder = shop.bank_account_holder
        return unique_codes.assign(payment, payment.order.total_incl_tax)


class Qris(PaymentMethod):
    """QRIS: the shop's static merchant code made into a code for exactly
    this order's amount (with the 3-digit code, like a transfer), scanned
    with any Indonesian banking or e-wallet app."""

    code = "qris"
    name = _("QRIS (any banking or e-wallet app)")
    description = _("Scan the QR code with GoPay, OVO, DANA, ShopeePay or your bank's app.")
    instructions_template = "storefront/payment/qris_instructions.html"
    accepts_proof = True

    def is_available(self, request):
        shop = shops.shop_settings(request)
        return shop is not None and bool(shop.qris_merchant_payload)

    def save_payment(self, payment, shop):
        unique_codes.assign(payment, payment.order.total_incl_tax)
        payment.qris_payload = qris.dynamic_payload(shop.qris_merchant_payload, payment.amount_due)
        payment.save(update_fields=["qris_payload"])
        return payment


class Card(PaymentMethod):
    """Visa, Mastercard and other cards through Stripe, mostly for shoppers
    abroad. The PaymentIntent is made when the shopper opens the payment
    form (payment.cards), and Stripe confirms the payment, not the
    operator."""

    code = "card"
    name = _("Credit or debit card")
    description = _("Pay securely by card. Needs JavaScript in your browser.")
    instructions_template = "storefront/payment/card_instructions.html"
    confirmed_by_operator = False

    def is_available(self, request):
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


@cache
def all_methods():
    return [import_string(path)() for path in settings.PASAR_PAYMENT_METHODS]


def available_methods(request):
    return [method for method in all_methods() if method.is_available(request)]


def get_method(code):
    """The method with this code, or None: the code may come from a stale
    session or a tampered form."""
    return next((method for method in all_methods() if method.code == code), None)
