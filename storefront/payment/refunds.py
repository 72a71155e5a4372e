"""Giving a shopper her money back for some lines of a paid order.

What may be refunded, line by line:

* a line not yet sent (New, Confirmed, Packed, Ready for pickup) or already
  cancelled: all of it; an open line is cancelled when the refund is done,
  which gives its stock back (vendors.fulfilment) exactly once;
* a line shipped or delivered: any part of it; when the goods come back the
  operator may put them back in stock, once per refunded line.

Each refunded line's amount is its share of the line price, computed on
everything refunded of it so far, so several partial refunds add up to the
line price exactly. When the refund leaves nothing of the order unrefunded,
the delivery fee goes back too.

Card refunds go through Stripe. The refund is saved as pending before
Stripe is asked, with the refund's id as idempotency key, and takes effect
(lines cancelled, stock back, ledger) only once Stripe says it succeeded:
if this server dies in between, Stripe's webhook (apply_stripe_refund)
finishes it, and Stripe never refunds twice. Other methods are paid back by
the operator (a transfer, cash) and take effect at once.
"""

import logging
from decimal import Decimal

import stripe
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from storefront import money, shops, tasks
from storefront.ids import parse_id
from storefront.payment import cards
from storefront.payment.confirmation import PaymentError
from vendors import fulfilment, ledger

Payment = get_model("payment", "Payment")
Refund = get_model("payment", "Refund")
RefundLine = get_model("payment", "RefundLine")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")

logger = logging.getLogger("storefront.payment")

WHOLE_ONLY = {
    fulfilment.NEW,
    fulfilment.CONFIRMED,
    fulfilment.PACKED,
    fulfilment.READY_FOR_PICKUP,
    fulfilment.CANCELLED,
}
OPEN = WHOLE_ONLY - {fulfilment.CANCELLED}
REASON_MAX_LENGTH = Refund._meta.get_field("reason").max_length
NOT_FAILED = [Refund.Status.PENDING, Refund.Status.DONE]


def refunded_quantities(order):
    """{line id: units refunded or being refunded} for an order, in one query."""
    rows = (
        RefundLine.objects.filter(line__order=order, refund__status__in=NOT_FAILED)
        .values("line")
        .annotate(quantity=Sum("quantity"))
    )
    return {row["line"]: row["quantity"] for row in rows}


def refunded_quantity(line):
    """How many of the line were refunded, or are being refunded."""
    return (
        RefundLine.objects.filter(line=line, refund__status__in=NOT_FAILED).aggregate(
            quantity=Sum("quantity")
        )["quantity"]
        or 0
    )


def refund(order, quantities, *, user, reason, restock=False):
    """Refund ``quantities`` ({line id: quantity}) of a paid order, or raise
    PaymentError and change nothing. Returns the Refund (pending for a card
    until Stripe answers, done otherwise)."""
    refund = _record(order, quantities, user=user, reason=reason, restock=restock)
    if refund.status == Refund.Status.PENDING:
        send_to_stripe(refund)
        refund.refresh_from_db()
    return refund


@transaction.atomic
def _record(order, quantities, *, user, reason, restock):
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError(_("Say why the shopper gets her money back."))
    if len(reason) > REASON_MAX_LENGTH:
        raise PaymentError(
            _("Keep the reason short: at most %(count)d characters.") % {"count": REASON_MAX_LENGTH}
        )
    payment = Payment.objects.select_for_update().get(order=order)
    if not payment.is_paid:
        raise PaymentError(_("Only paid orders can be refunded. Cancel an unpaid order instead."))
    order = Order.objects.select_for_update().get(pk=order.pk)
    wanted = {int(line_id): int(quantity) for line_id, quantity in quantities.items() if quantity}
    if not wanted or any(quantity < 0 for quantity in wanted.values()):
        raise PaymentError(_("Choose how many of which products to refund."))
    lines = {line.pk: line for line in order.lines.select_for_update().filter(pk__in=wanted)}
    if set(lines) != set(wanted):
        raise PaymentError(_("Those lines are not part of this order."))

    refund = Refund.objects.create(order=order, amount=Decimal(1), reason=reason, created_by=user)
    total = Decimal(0)
    for line_id, quantity in sorted(wanted.items()):
        total += _add_line(refund, lines[line_id], quantity, restock)
    refund.shipping = _shipping_left(order) if _nothing_left(order) else Decimal(0)
    refund.amount = total + refund.shipping
    if refund.amount <= 0:
        raise PaymentError(_("There is nothing to refund on these lines."))
    refund.save(update_fields=["amount", "shipping"])
    if payment.method != "card":
        _complete(refund, reference="")
    return refund


def _add_line(refund, line, quantity, restock):
    already = refunded_quantity(line)
    if quantity > line.quantity - already:
        raise PaymentError(
            _("Only %(count)d of “%(title)s” can still be refunded.")
            % {"count": line.quantity - already, "title": line.title}
        )
    if line.status in WHOLE_ONLY and quantity != line.quantity:
        raise PaymentError(
            _("“%(title)s” has not been sent: refund all of it, which cancels it.")
            % {"title": line.title}
        )
    amount = money.share(line.line_price_incl_tax, already + quantity, line.quantity) - (
        money.share(line.line_price_incl_tax, already, line.quantity)
    )
    # Goods that left and came back go on the shelf again; a line still
    # open (ready for pickup, say) is cancelled instead, which does that.
    wants_restock = (
        restock
        and line.status in fulfilment.GOODS_LEFT
        and line.status not in OPEN
        and line.stockrecord_id
    )
    RefundLine.objects.create(
        refund=refund, line=line, quantity=quantity, amount=amount, restocked=bool(wants_restock)
    )
    return amount


def _nothing_left(order):
    """True when every unit of every line of the order is now refunded."""
    return all(refunded_quantity(line) >= line.quantity for line in order.lines.all())


def _shipping_left(order):
    refunded = order.refunds.filter(status__in=NOT_FAILED).aggregate(total=Sum("shipping"))
    return max(order.shipping_incl_tax - (refunded["total"] or 0), Decimal(0))


def _complete(refund, reference):
    """The money went back: mark the refund done and do what it implies, all
    in the caller's transaction and only once (the refund is done once).

    Lines still open are cancelled, which gives their stock back; goods that
    came back are put on the shelf again; the order's payment source and
    the producers' ledger give back what was refunded."""
    refund.status = Refund.Status.DONE
    refund.done_at = timezone.now()
    refund.reference = reference or refund.reference
    refund.save(update_fields=["status", "done_at", "reference", "stripe_refund"])
    cancelled = []
    # In the order stock records are locked everywhere (fulfilment.in_lock_order).
    refund_lines = refund.lines.select_related("line").order_by("line__stockrecord_id", "line_id")
    for refund_line in refund_lines:
        line = refund_line.line
        if line.status in OPEN:
            fulfilment.change_status(
                line, fulfilment.CANCELLED, refund.created_by, note=refund.reason, notify=False
            )
            cancelled.append(line.pk)
        if refund_line.restocked:
            StockRecord.objects.filter(pk=line.stockrecord_id, num_in_stock__isnull=False).update(
                num_in_stock=F("num_in_stock") + refund_line.quantity
            )
    for source in refund.order.sources.all()[:1]:
        source.refund(refund.amount, reference=refund.stripe_refund or refund.reference or "")
    ledger.record_refund(refund)
    if cancelled:
        transaction.on_commit(
            lambda: tasks.enqueue(
                fulfilment.notify_shopper_of_lines, cancelled, fulfilment.CANCELLED, refund.reason
            )
        )


#: Stripe's own "no": the refund was not made and never will be.
REFUSED = (stripe.InvalidRequestError, stripe.CardError, stripe.PermissionError)


def send_to_stripe(refund):
    """Ask Stripe to refund a pending card refund; again, if need be: the
    idempotency key makes Stripe do it once. Only Stripe's own refusal
    fails the refund. When the answer is lost (network, Stripe down) the
    refund stays pending, for the retry button or Stripe's webhook."""
    refund.refresh_from_db()
    if refund.status != Refund.Status.PENDING:
        return refund
    payment = Payment.objects.get(order=refund.order_id)
    try:
        made = _already_made(payment, refund)
        if made is not None:  # a lost answer: Stripe did it the first time
            return apply_stripe_refund(made)
        stripe_refund = cards.client().v1.refunds.create(
            params={
                "payment_intent": payment.stripe_payment_intent,
                "amount": cards.to_stripe_amount(refund.amount),
                "metadata": {"refund": str(refund.pk), "order_number": refund.order.number},
            },
            options={"idempotency_key": f"pasardesa-refund-{refund.pk}"},
        )
    except REFUSED as error:
        logger.warning(
            "Stripe refused refund %s of order %s: %s", refund.pk, refund.order.number, error
        )
        Refund.objects.filter(pk=refund.pk, status=Refund.Status.PENDING).update(
            status=Refund.Status.FAILED, failure_message=str(error.user_message or error)[:300]
        )
        return None
    except stripe.StripeError:
        logger.exception(
            "Refund %s of order %s: no answer from Stripe", refund.pk, refund.order.number
        )
        return None
    return apply_stripe_refund(cards.plain(stripe_refund))


@transaction.atomic
def apply_stripe_refund(stripe_refund):
    """Bring our refund in line with a Stripe refund object (from our own
    request or a webhook). A refund made in Stripe's dashboard is recorded
    too, without lines, so reconciliation shows it for the operator to
    assign. The payment and the order are locked first, as every payment
    step does, so two refunds of one order finishing at once both count."""
    stripe_refund = cards.plain(stripe_refund)
    refund = _find(stripe_refund)
    payment = _payment_of(stripe_refund, refund)
    if payment is None:
        logger.warning("Stripe refund %s is for no order here", stripe_refund["id"])
        return None
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    Order.objects.select_for_update().get(pk=payment.order_id)
    if refund is None:
        refund = _from_stripe_dashboard(stripe_refund, payment)
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    status = stripe_refund["status"]
    if refund.status == Refund.Status.DONE:
        return refund
    if refund.status == Refund.Status.FAILED:
        # Stripe refused it when asked: a success now is not this refund's
        # to take. Reconciliation shows the difference.
        logger.error("Stripe reports refund %s as %s, the shop as failed", refund.pk, status)
        return refund
    if status in ("failed", "canceled"):
        refund.status = Refund.Status.FAILED
        refund.failure_message = str(stripe_refund.get("failure_reason") or status)[:300]
        refund.stripe_refund = stripe_refund["id"]
        refund.save(update_fields=["status", "failure_message", "stripe_refund"])
        return refund
    if status != "succeeded":
        refund.stripe_refund = stripe_refund["id"]
        refund.save(update_fields=["stripe_refund"])
        return refund
    refund.stripe_refund = stripe_refund["id"]
    if payment.is_paid:
        _complete(refund, reference=stripe_refund["id"])
    else:  # the return of a card charged after its order was cancelled
        _complete_late(refund)
    return refund


def _already_made(payment, refund):
    """The Stripe refund made for ``refund`` before, if any: asked before
    asking again, so a retry never refunds twice even where idempotency
    keys have expired."""
    found = cards.client().v1.refunds.list(
        params={"payment_intent": payment.stripe_payment_intent, "limit": 100}
    )
    for stripe_refund in map(cards.plain, found.auto_paging_iter()):
        if (stripe_refund.get("metadata") or {}).get("refund") == str(refund.pk):
            return stripe_refund
    return None


def _find(stripe_refund):
    found = Refund.objects.filter(stripe_refund=stripe_refund["id"]).first()
    if found is None:
        refund_id = parse_id((stripe_refund.get("metadata") or {}).get("refund"))
        if refund_id:
            found = Refund.objects.filter(pk=refund_id).first()
    return found


def _payment_of(stripe_refund, refund):
    if refund is not None:
        return Payment.objects.filter(order=refund.order_id).first()
    intent = stripe_refund.get("payment_intent")
    return Payment.objects.filter(stripe_payment_intent=intent).first() if intent else None


def _from_stripe_dashboard(stripe_refund, payment):
    with translation.override(shops.language_of(payment.site)):
        reason = _("Refunded in Stripe's dashboard")
    return Refund.objects.create(
        order_id=payment.order_id,
        amount=cards.from_stripe_amount(stripe_refund["amount"]),
        reason=reason,
        status=Refund.Status.PENDING,
    )


def return_late_card_payment(payment, intent):
    """A card was charged for an order already cancelled or expired (the
    shopper paid in the last second): give all of it back at once. Keyed
    on the PaymentIntent, so however often Stripe tells us, it is refunded
    once."""
    with translation.override(shops.language_of(payment.site)):
        reason = _("Paid after the order was cancelled: the money goes back")
    refund, _created = Refund.objects.get_or_create(
        order_id=payment.order_id,
        reference=intent["id"],
        defaults={"amount": cards.from_stripe_amount(intent["amount"]), "reason": reason},
    )
    if refund.status != Refund.Status.PENDING:
        return refund
    try:
        stripe_refund = cards.client().v1.refunds.create(
            params={
                "payment_intent": intent["id"],
                "metadata": {"refund": str(refund.pk), "order_number": payment.order.number},
            },
            options={"idempotency_key": f"pasardesa-late-{intent['id']}"},
        )
    except stripe.StripeError:
        logger.exception(
            "Order %s: the late card payment could not be refunded yet", payment.order.number
        )
        return refund
    return apply_stripe_refund(cards.plain(stripe_refund))


def _complete_late(refund):
    """Money that never counted as paid went back: nothing to take from the
    order's source or the ledger."""
    refund.status = Refund.Status.DONE
    refund.done_at = timezone.now()
    refund.save(update_fields=["status", "done_at", "stripe_refund"])
