"""Comparing what the shop thinks was paid with what the money says.

``reconcile`` checks orders against their payments, Oscar's payment
sources and refunds, and card payments against Stripe's PaymentIntents
(every one Stripe knows, so an intent for an order nobody here recorded
shows up too). It changes nothing: it lists each mismatch for the operator,
in words, and ``manage.py reconcile_payments`` prints them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from oscar.core.loading import get_model

from storefront.payment import cards
from vendors.statuses import AWAITING_PAYMENT, CANCELLED

Payment = get_model("payment", "Payment")
Refund = get_model("payment", "Refund")
Order = get_model("order", "Order")


@dataclass(frozen=True)
class Mismatch:
    order_number: str
    problem: str

    def __str__(self):
        return f"{self.order_number}: {self.problem}"


def reconcile(with_stripe=True):
    """Every mismatch found, orders first, then Stripe's view."""
    mismatches = list(_check_orders())
    if with_stripe:
        mismatches.extend(_check_stripe())
    return mismatches


def _check_orders():
    payments = {p.order_id: p for p in Payment.objects.all()}
    orders = Order.objects.prefetch_related("sources", "lines").order_by("number")
    for order in orders.iterator(chunk_size=500):
        payment = payments.get(order.pk)
        if payment is None:
            yield Mismatch(order.number, "order has no payment record")
            continue
        yield from _check_order(order, payment)


def _check_order(order, payment):
    number = order.number
    if payment.is_paid and order.status == AWAITING_PAYMENT:
        yield Mismatch(number, "payment is paid but the order still awaits payment")
    if (
        not payment.is_paid
        and payment.method != "cod"
        and order.status
        not in (
            AWAITING_PAYMENT,
            CANCELLED,
        )
    ):
        yield Mismatch(number, f"order is {order.status} but its payment is {payment.status}")
    if payment.status in (Payment.Status.EXPIRED, Payment.Status.CANCELLED) and (
        order.status != CANCELLED
    ):
        yield Mismatch(number, f"payment is {payment.status} but the order is {order.status}")
    debited = sum((source.amount_debited for source in order.sources.all()), Decimal(0))
    refunded_in_sources = sum((s.amount_refunded for s in order.sources.all()), Decimal(0))
    # Cash is due only for what was delivered (confirmation.confirm_cash).
    expected = payment.amount_due if payment.method == "cod" else order.total_incl_tax
    if payment.is_paid and debited != expected:
        yield Mismatch(number, f"paid, but {debited} taken instead of {expected}")
    if not payment.is_paid and debited:
        yield Mismatch(number, f"not paid, yet {debited} recorded as taken")
    done = Refund.objects.filter(order=order, status=Refund.Status.DONE)
    refunded = done.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if not payment.is_paid:
        return  # only a card charged after cancellation is refunded here (_check_stripe)
    if refunded != refunded_in_sources:
        yield Mismatch(
            number, f"refunds add up to {refunded} but {refunded_in_sources} left the source"
        )
    if refunded > order.total_incl_tax:
        yield Mismatch(number, f"refunded {refunded}, more than the order's {order.total_incl_tax}")
    if done.filter(lines__isnull=True).exists():
        yield Mismatch(number, "a refund made outside the shop is not assigned to any line")
    if payment.method != "cod":  # cash is only paid for what was delivered
        cancelled = [line for line in order.lines.all() if line.status == CANCELLED]
        refunded_lines = set(
            Refund.objects.filter(order=order)
            .exclude(status=Refund.Status.FAILED)
            .values_list("lines__line", flat=True)
        )
        for line in cancelled:
            if line.pk not in refunded_lines:
                yield Mismatch(
                    number, f"line “{line.title}” was cancelled after payment: refund it"
                )


def _check_stripe():
    """Every PaymentIntent Stripe has, against the order it names."""
    card_payments = {
        p.order.number: p for p in Payment.objects.filter(method="card").select_related("order")
    }
    succeeded = {}
    intents = cards.client().v1.payment_intents.list(params={"limit": 100})
    for intent in map(cards.plain, intents.auto_paging_iter()):
        number = (intent.get("metadata") or {}).get("order_number")
        payment = card_payments.get(number)
        if payment is None:
            yield Mismatch(number or "?", f"Stripe has PaymentIntent {intent['id']} for no order")
            continue
        if intent["status"] == cards.SUCCEEDED:
            if number in succeeded:
                yield Mismatch(
                    number, f"charged twice: {succeeded[number]} and {intent['id']} succeeded"
                )
            succeeded[number] = intent["id"]
            expected = cards.to_stripe_amount(payment.amount_due)
            if intent["amount"] != expected or intent["currency"] != cards.CURRENCY:
                yield Mismatch(
                    number,
                    f"Stripe took {intent['amount']} {intent['currency']}, "
                    f"expected {expected} {cards.CURRENCY}",
                )
            if not payment.is_paid and not _returned_in_full(intent):
                yield Mismatch(
                    number, f"Stripe charged the card ({intent['id']}) but the order is unpaid"
                )
            if payment.is_paid:
                yield from _check_stripe_refunds(payment, intent)
    for number, payment in card_payments.items():
        if payment.is_paid and number not in succeeded:
            yield Mismatch(number, "paid here, but Stripe has no successful PaymentIntent")


def _returned_in_full(intent):
    """A card charged after its order was cancelled, and refunded since."""
    found = cards.client().v1.refunds.list(params={"payment_intent": intent["id"]})
    returned = sum(
        refund["amount"]
        for refund in map(cards.plain, found.auto_paging_iter())
        if refund["status"] == "succeeded"
    )
    return returned >= intent["amount"]


def _check_stripe_refunds(payment, intent):
    stripe_refunds = cards.client().v1.refunds.list(params={"payment_intent": intent["id"]})
    at_stripe = sum(
        refund["amount"]
        for refund in map(cards.plain, stripe_refunds.auto_paging_iter())
        if refund["status"] == "succeeded"
    )
    here = (
        Refund.objects.filter(order=payment.order, status=Refund.Status.DONE).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    if at_stripe != cards.to_stripe_amount(here):
        yield Mismatch(
            payment.order.number,
            f"Stripe refunded {cards.from_stripe_amount(at_stripe)}, the shop recorded {here}",
        )
