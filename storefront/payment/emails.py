"""Emails to the shopper about paying: received, receipt rejected, reminder
before the order expires, order expired.

Each is sent after the change it reports has committed, in the village
shop's language, and takes the payment's id (not the object) so it reads
what was committed. A mail failure is logged and never undoes or repeats a
payment step.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from storefront import shops
from vendors.fulfilment import order_status_url

Payment = get_model("payment", "Payment")
PaymentProof = get_model("payment", "PaymentProof")

logger = logging.getLogger("storefront.payment")


def _send(payment, template, subject, **context):
    order = payment.order
    if not order.email:
        return
    try:
        with translation.override(shops.language_of(payment.site)):
            context.update(
                order=order,
                payment=payment,
                status_url=order_status_url(order, payment.site),
            )
            body = render_to_string(f"storefront/payment/email/{template}.txt", context)
            send_mail(
                subject() % {"number": order.number},
                body,
                settings.DEFAULT_FROM_EMAIL,
                [order.email],
            )
    except Exception:
        logger.exception("Order %s: payment email %s failed", order.number, template)


def _payment(payment_id):
    return Payment.objects.select_related("order", "site").get(pk=payment_id)


def payment_received(payment_id):
    _send(_payment(payment_id), "paid", lambda: _("Order %(number)s: payment received"))


def proof_rejected(proof_id):
    proof = PaymentProof.objects.get(pk=proof_id)
    _send(
        _payment(proof.payment_id),
        "proof_rejected",
        lambda: _("Order %(number)s: we could not accept your receipt"),
        proof=proof,
    )


def expiry_warning(payment_id):
    _send(
        _payment(payment_id),
        "expiry_warning",
        lambda: _("Order %(number)s: please pay before it is cancelled"),
    )


def expired(payment_id):
    _send(
        _payment(payment_id),
        "expired",
        lambda: _("Order %(number)s: cancelled because it was not paid in time"),
    )
