"""Marking an order paid: the operator saw a transfer, a QRIS payment or the
cash arrive, or Stripe says a card payment succeeded.

Everything goes through ``mark_paid``, which locks the payment row first:
two clicks, two operators, a webhook racing the shopper's browser or a
replayed event all end with the payment taken once. Rows are always locked
in the same order (payment, then order, then its lines, as vendors.fulfilment
does) so no two of these can wait for each other.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from storefront import tasks
from storefront.payment import emails
from vendors import ledger
from vendors.statuses import AWAITING_PAYMENT, CANCELLED, DELIVERED, PROCESSING

Payment = get_model("payment", "Payment")
PaymentProof = get_model("payment", "PaymentProof")
Order = get_model("order", "Order")

REASON_MAX_LENGTH = PaymentProof._meta.get_field("rejection_reason").max_length


class PaymentError(Exception):
    """A step that cannot be taken; ``message`` is for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _not_awaiting(payment):
    return PaymentError(
        _("This payment is not awaited any more: it is “%(status)s”.")
        % {"status": payment.get_status_display()}
    )


@transaction.atomic
def mark_paid(payment_id, *, by=None, reference="", cash_held_by="", intent_id=""):
    """Take the payment: mark it and its order paid, accept the receipt the
    shopper sent, credit the producers for lines already delivered. For a
    card, ``intent_id`` is the PaymentIntent that took the money: the one
    refunds then go back through.

    Returns (payment, changed); changed is False when it was already paid,
    which callers that may repeat (webhooks, double clicks) treat as done.
    """
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.is_paid:
        return payment, False
    if not payment.is_awaiting:
        raise _not_awaiting(payment)
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    if order.status == CANCELLED:
        raise PaymentError(_("This order was cancelled: it cannot be paid any more."))
    payment.order = order
    now = timezone.now()
    payment.status = Payment.Status.PAID
    payment.paid_at = now
    payment.confirmed_by = by
    payment.cash_held_by = cash_held_by
    payment.stripe_payment_intent = intent_id or payment.stripe_payment_intent
    payment.save(
        update_fields=["status", "paid_at", "confirmed_by", "cash_held_by", "stripe_payment_intent"]
    )
    for source in order.sources.all():
        owed = source.amount_allocated - source.amount_debited
        if owed > 0:
            source.debit(owed, reference=reference or intent_id or payment.method)
    payment.proofs.filter(verdict=PaymentProof.Verdict.SUBMITTED).update(
        verdict=PaymentProof.Verdict.ACCEPTED, reviewed_at=now, reviewed_by=by
    )
    if order.status == AWAITING_PAYMENT:
        order.set_status(PROCESSING)
    ledger.credit_order(order)
    if cash_held_by == Payment.CashHolder.PRODUCERS:
        ledger.record_cash_collected(order)
    if payment.method != "cod":
        transaction.on_commit(lambda: tasks.enqueue(emails.payment_received, payment.pk))
    return payment, True


def confirm_received(payment_id, user):
    """The operator saw a transfer or QRIS payment of the exact amount
    arrive. A second confirmation is refused, so she knows it was done."""
    payment, changed = mark_paid(payment_id, by=user)
    if not changed:
        raise PaymentError(_("This payment was already confirmed."))
    return payment


@transaction.atomic
def confirm_cash(payment_id, user, held_by):
    """The operator confirms the cash of a cash-on-delivery order was paid,
    once every line of it is delivered (or cancelled), and says who holds
    it: the producers who delivered, or the shop's collection point."""
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.method != "cod":
        raise PaymentError(_("Only cash-on-delivery orders are paid in cash."))
    if held_by not in Payment.CashHolder.values:
        raise PaymentError(_("Say who holds the cash."))
    if payment.is_paid:
        raise PaymentError(_("This payment was already confirmed."))
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    lines = list(order.lines.all())
    statuses = {line.status for line in lines}
    if not statuses <= {DELIVERED, CANCELLED} or statuses == {CANCELLED}:
        raise PaymentError(
            _("Confirm the cash once the producers have marked every line delivered.")
        )
    # Cash is paid for what was handed over: lines cancelled before delivery
    # were never paid for, so they are neither received nor owed back.
    due = order.shipping_incl_tax + sum(
        (line.line_price_incl_tax for line in lines if line.status == DELIVERED), Decimal(0)
    )
    payment.amount_due = due
    payment.save(update_fields=["amount_due"])
    order.sources.update(amount_allocated=due)
    payment, _changed = mark_paid(payment.pk, by=user, cash_held_by=held_by)
    return payment


@transaction.atomic
def reject_proof(proof_id, user, reason):
    """The receipt does not show the money arriving (wrong amount, another
    order's receipt, unreadable): tell the shopper why; her order keeps
    waiting for payment and she may send another."""
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError(_("Say why, so the shopper knows what to send."))
    if len(reason) > REASON_MAX_LENGTH:
        raise PaymentError(
            _("Keep the reason short: at most %(count)d characters.") % {"count": REASON_MAX_LENGTH}
        )
    # The payment first, as everywhere (see the module docstring).
    payment_id = PaymentProof.objects.values_list("payment_id", flat=True).get(pk=proof_id)
    Payment.objects.select_for_update().get(pk=payment_id)
    proof = PaymentProof.objects.select_for_update().select_related("payment").get(pk=proof_id)
    if proof.verdict != PaymentProof.Verdict.SUBMITTED:
        raise PaymentError(_("This receipt was already checked."))
    if not proof.payment.is_awaiting:
        raise _not_awaiting(proof.payment)
    now = timezone.now()
    proof.verdict = PaymentProof.Verdict.REJECTED
    proof.rejection_reason = reason
    proof.reviewed_at = now
    proof.reviewed_by = user
    proof.save(update_fields=["verdict", "rejection_reason", "reviewed_at", "reviewed_by"])
    # A receipt waiting to be checked holds the order's expiry
    # (cancellation._due); after a late rejection she still gets the
    # warning period to pay or send a better receipt.
    grace = now + datetime.timedelta(hours=settings.PASAR_EXPIRY_WARNING_HOURS)
    Payment.objects.filter(pk=proof.payment_id, expires_at__lt=grace).update(expires_at=grace)
    transaction.on_commit(lambda: tasks.enqueue(emails.proof_rejected, proof.pk))
    return proof
