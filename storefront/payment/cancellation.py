"""Cancelling an order nobody paid: it expired, or the operator cancels it.

Each open line is cancelled through vendors.fulfilment, which gives its stock
(or its share of a week's capacity) back exactly once; the payment is closed
and a card's PaymentIntent cancelled at Stripe first, so it cannot be paid
after. A paid order is never cancelled here: its lines are refunded
(payment.refunds), which cancels what had not left yet.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from storefront.payment import emails
from storefront.payment.confirmation import PaymentError
from vendors import fulfilment

Payment = get_model("payment", "Payment")
Order = get_model("order", "Order")


def cancel_unpaid(payment_id, *, by=None, reason, status=Payment.Status.CANCELLED, now=None):
    """Cancel an unpaid order and give back what it reserved.

    Returns the payment, or None when it turned out to be paid meanwhile
    (a card charged at the last moment, an operator's confirmation) or
    not due (expiry only: ``now`` before its deadline, or a receipt waiting
    to be checked). Raises PaymentError for an order that cannot be
    cancelled by hand.
    """
    payment = Payment.objects.get(pk=payment_id)
    if payment.method == "card" and payment.is_awaiting:
        from storefront.payment import cards

        if not cards.cancel_for_expiry(payment):
            return None
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if not payment.is_awaiting:
            if status == Payment.Status.EXPIRED:
                return None
            raise PaymentError(
                _("Only unpaid orders can be cancelled. Refund the lines of a paid order instead.")
            )
        if status == Payment.Status.EXPIRED and not _due(payment, now or timezone.now()):
            return None
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        lines = order.lines.exclude(status=fulfilment.CANCELLED)
        left = [line for line in lines if line.status in fulfilment.GOODS_LEFT]
        if left:
            raise PaymentError(
                _("Some lines have already been sent. Cancel the others one by one.")
            )
        for line in lines:
            fulfilment.change_status(line, fulfilment.CANCELLED, by, note=reason, notify=False)
        payment.status = status
        payment.save(update_fields=["status"])
        order.refresh_from_db(fields=["status"])
        if order.status != "Cancelled" and "Cancelled" in order.available_statuses():
            order.set_status("Cancelled")
        if status == Payment.Status.EXPIRED:
            transaction.on_commit(lambda: emails.expired(payment.pk))
        else:
            transaction.on_commit(
                lambda: fulfilment.notify_shopper_of_lines(
                    [line.pk for line in lines], fulfilment.CANCELLED, reason
                )
            )
    return payment


def _due(payment, now):
    """An awaited payment expires at its deadline, unless the shopper sent a
    receipt the operator has not checked yet: she may well have paid."""
    if payment.expires_at is None or payment.expires_at > now:
        return False
    return not payment.proofs.filter(verdict="submitted").exists()
