"""Cancelling an order nobody paid: it expired, or the operator cancels it.

Each open line is cancelled through vendors.fulfilment, which gives its stock
(or its share of a week's capacity) back exactly once; the payment is closed
and a card's PaymentIntent cancelled at Stripe first, so it cannot be paid
after. A paid order is never cancelled here: its lines are refunded
(payment.refunds), which cancels what had not left yet.
"""

import stripe
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from storefront import tasks
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
    cancelled by hand, or not right now.
    """
    payment = Payment.objects.get(pk=payment_id)
    closed_intent = _close_card_payment(payment, manual=status != Payment.Status.EXPIRED)
    if closed_intent is False:
        return None
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if not payment.is_awaiting:
            if status == Payment.Status.EXPIRED:
                return None
            raise PaymentError(
                _("Only unpaid orders can be cancelled. Refund the lines of a paid order instead.")
            )
        if closed_intent is not None and payment.stripe_payment_intent != closed_intent:
            # The shopper started a new card attempt while its intent was
            # being closed: leave the order be (expiry tries again later).
            if status == Payment.Status.EXPIRED:
                return None
            raise PaymentError(_("A card payment has just started. Try again in a minute."))
        if status == Payment.Status.EXPIRED and not _due(payment, now or timezone.now()):
            return None
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        lines = fulfilment.in_lock_order(order.lines.exclude(status=fulfilment.CANCELLED))
        if any(line.status in fulfilment.GOODS_LEFT for line in lines):
            raise PaymentError(
                _("Some lines have already been sent. Cancel the others one by one.")
            )
        # Closed first, so cancelling the last line finds nothing to close.
        payment.status = status
        payment.save(update_fields=["status"])
        for line in lines:
            fulfilment.change_status(line, fulfilment.CANCELLED, by, note=reason, notify=False)
        order.refresh_from_db(fields=["status"])
        if (
            order.status != fulfilment.CANCELLED
            and fulfilment.CANCELLED in order.available_statuses()
        ):
            order.set_status(fulfilment.CANCELLED)
        if status == Payment.Status.EXPIRED:
            transaction.on_commit(lambda: tasks.enqueue(emails.expired, payment.pk))
        else:
            transaction.on_commit(
                lambda: tasks.enqueue(
                    fulfilment.notify_shopper_of_lines,
                    [line.pk for line in lines],
                    fulfilment.CANCELLED,
                    reason,
                )
            )
    return payment


def _close_card_payment(payment, manual):
    """Cancel a card payment's PaymentIntent at Stripe before the order is
    cancelled, so it cannot be charged after. Returns the intent closed
    ("" when there was none), None for a payment not by card, or False when
    Stripe says the card was in fact charged (the order is paid now)."""
    if payment.method != "card" or not payment.is_awaiting:
        return None
    from storefront.payment import cards

    try:
        if not cards.cancel_for_expiry(payment):
            return False
    except stripe.StripeError:
        if manual:
            raise PaymentError(
                _("Stripe cannot be reached to stop the card payment. Try again in a few minutes.")
            ) from None
        raise
    return payment.stripe_payment_intent


def _due(payment, now):
    """An awaited payment expires at its deadline, unless the shopper sent a
    receipt the operator has not checked yet: she may well have paid."""
    if payment.expires_at is None or payment.expires_at > now:
        return False
    return not payment.proofs.filter(verdict="submitted").exists()
