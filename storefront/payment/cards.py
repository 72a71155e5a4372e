"""Card payments through Stripe PaymentIntents.

How a shopper pays on the order page (templates card_instructions.html and
static storefront/payment/card.js):

1. Stripe.js turns the card into a token in her browser: card numbers never
   reach our servers.
2. The form posts the token; ``pay_with_token`` keeps the card on a Stripe
   customer, points the order's PaymentIntent at it and confirms it.
3. Stripe answers succeeded (paid), requires_action (her bank's 3-D Secure
   check: the page lets Stripe.js show it, then comes back to ``finish``) or
   a decline, which she reads in her language before trying another card.

Stripe's webhooks (``handle_event``) report the same outcomes, possibly
before the browser comes back, after it, twice, out of order or instead of
it. Every path ends in ``apply_intent``, and a success in
confirmation.mark_paid, so the order is paid exactly once.

Stripe counts IDR in hundredths like most currencies: Rp 25.000 is
amount=2500000 (``to_stripe_amount``).
"""

import logging
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from storefront.payment import confirmation

Payment = get_model("payment", "Payment")
StripeEvent = get_model("payment", "StripeEvent")

logger = logging.getLogger("storefront.payment")

CURRENCY = "idr"
SUCCEEDED = "succeeded"
REQUIRES_ACTION = "requires_action"
REQUIRES_PAYMENT_METHOD = "requires_payment_method"
CANCELED = "canceled"
#: A PaymentIntent in these states cannot take another card: a new one is made.
SPENT = {CANCELED, SUCCEEDED}


class CardPaymentError(Exception):
    """The card was not charged; ``message`` is for the shopper."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def plain(obj):
    """Stripe's objects as plain dicts (the library's objects are not), so
    webhook payloads and API answers are read the same way."""
    return obj.to_dict() if hasattr(obj, "to_dict") else obj


def client():
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=2,
    )


def to_stripe_amount(rupiah):
    """Whole rupiah to Stripe's minor units: Rp 25.000 -> 2500000."""
    rupiah = Decimal(rupiah)
    if rupiah != rupiah.to_integral_value():
        raise ValueError(f"IDR amounts are whole rupiah, not {rupiah}")
    return int(rupiah) * 100


def from_stripe_amount(minor_units):
    """Stripe's minor units to rupiah: 2500000 -> Rp 25.000."""
    return Decimal(int(minor_units)) / 100


def _decline_message(error):
    code = getattr(error, "code", "") or ""
    decline = (getattr(error, "json_body", None) or {}).get("error", {}).get("decline_code", "")
    if "insufficient_funds" in (code, decline):
        return _("Your card has not enough funds. Try another card or choose another way to pay.")
    if code == "expired_card":
        return _("Your card has expired. Try another card.")
    if code in ("incorrect_cvc", "invalid_cvc"):
        return _("The security code (CVC) is not right. Check it and try again.")
    if code in ("incorrect_number", "invalid_number", "invalid_expiry_year"):
        return _("The card number or expiry date is not right. Check them and try again.")
    return _("Your card was declined. Try another card or choose another way to pay.")


def _unreachable():
    return CardPaymentError(
        _(
            "Card payments are not reachable right now. "
            "Try again in a few minutes or choose another way to pay."
        )
    )


def current_intent(payment_id):
    """The PaymentIntent for the order's next card attempt: the one it has
    while that can still take a card, else a new one. The payment row stays
    locked meanwhile, so two tabs or servers never make two."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("order")
            .get(pk=payment_id)
        )
        stripe_client = client()
        if payment.stripe_payment_intent:
            intent = plain(stripe_client.v1.payment_intents.retrieve(payment.stripe_payment_intent))
            failed_before = intent["status"] == REQUIRES_PAYMENT_METHOD and intent.get(
                "last_payment_error"
            )
            if intent["status"] not in SPENT and not failed_before:
                return intent
            if failed_before:
                # A declined attempt's intent is closed and a fresh one made:
                # each attempt stands alone at Stripe and in reconciliation.
                stripe_client.v1.payment_intents.cancel(intent["id"])
        intent = plain(
            stripe_client.v1.payment_intents.create(
                params={
                    "amount": to_stripe_amount(payment.amount_due),
                    "currency": CURRENCY,
                    "payment_method_types": ["card"],
                    "metadata": {"order_number": payment.order.number, "payment": str(payment.pk)},
                }
            )
        )
        payment.stripe_payment_intent = intent["id"]
        payment.gateway_status = intent["status"]
        payment.save(update_fields=["stripe_payment_intent", "gateway_status"])
        return intent


def pay_with_token(payment, token):
    """Charge the card behind a Stripe.js token for the order.

    Returns the PaymentIntent Stripe answered with (already applied to the
    payment); raises CardPaymentError with a message for the shopper when
    the card is declined or Stripe cannot be reached.
    """
    if not payment.is_awaiting:
        return None
    stripe_client = client()
    try:
        customer = stripe_client.v1.customers.create(
            params={
                "source": token,
                "email": payment.order.email or None,
                "metadata": {"order_number": payment.order.number},
            }
        )
        intent = current_intent(payment.pk)
        stripe_client.v1.payment_intents.update(
            intent["id"],
            params={"customer": customer["id"], "payment_method": customer["default_source"]},
        )
        intent = plain(stripe_client.v1.payment_intents.confirm(intent["id"]))
    except stripe.CardError as error:
        _record_failure(payment.pk, _decline_message(error))
        raise CardPaymentError(_decline_message(error)) from None
    except stripe.InvalidRequestError as error:
        logger.warning("Order %s: Stripe refused the card: %s", payment.order.number, error)
        raise CardPaymentError(_decline_message(error)) from None
    except stripe.StripeError:
        logger.exception("Order %s: Stripe unreachable", payment.order.number)
        raise _unreachable() from None
    apply_intent(intent)
    return intent


def finish(payment):
    """The shopper's browser is back from 3-D Secure: ask Stripe how it went."""
    if not payment.stripe_payment_intent:
        return None
    try:
        intent = plain(client().v1.payment_intents.retrieve(payment.stripe_payment_intent))
    except stripe.StripeError:
        logger.exception("Order %s: Stripe unreachable", payment.order.number)
        raise _unreachable() from None
    apply_intent(intent)
    return intent


def _record_failure(payment_id, message):
    Payment.objects.filter(pk=payment_id, status=Payment.Status.AWAITING).update(
        gateway_status=REQUIRES_PAYMENT_METHOD, failure_message=message[:300]
    )


def payment_for_intent(intent):
    """The card payment a PaymentIntent is for (from its metadata), or None."""
    number = (intent.get("metadata") or {}).get("order_number")
    if not number:
        return None
    return Payment.objects.filter(order__number=number, method="card").first()


def apply_intent(intent):
    """Bring the order's payment in line with what Stripe says of one of its
    PaymentIntents. Safe to call any number of times, in any order."""
    intent = plain(intent)
    payment = payment_for_intent(intent)
    if payment is None:
        logger.warning("PaymentIntent %s is for no order here", intent["id"])
        return None
    status = intent["status"]
    if status == SUCCEEDED:
        expected = to_stripe_amount(payment.amount_due)
        if intent["amount"] != expected or intent["currency"] != CURRENCY:
            logger.error(
                "Order %s: PaymentIntent %s took %s %s, expected %s %s: not marked paid",
                payment.order.number,
                intent["id"],
                intent["amount"],
                intent["currency"],
                expected,
                CURRENCY,
            )
            return payment
        try:
            payment, _changed = confirmation.mark_paid(payment.pk, reference=intent["id"])
        except confirmation.PaymentError:
            # Paid after the order expired or was cancelled: reconciliation
            # reports it so the operator refunds it.
            logger.error(
                "Order %s: card payment %s succeeded but the payment is %s",
                payment.order.number,
                intent["id"],
                payment.status,
            )
        return payment
    if intent["id"] == payment.stripe_payment_intent and payment.is_awaiting:
        error = intent.get("last_payment_error") or {}
        payment.gateway_status = status
        payment.failure_message = (
            _("Your card was declined. Try another card or choose another way to pay.")
            if error
            else ""
        )
        Payment.objects.filter(pk=payment.pk, status=Payment.Status.AWAITING).update(
            gateway_status=payment.gateway_status, failure_message=payment.failure_message
        )
    return payment


def cancel_for_expiry(payment):
    """Close the order's PaymentIntent before the order expires. Returns
    False when Stripe says the card was in fact charged: then the order is
    paid (apply_intent) and must not expire."""
    if not payment.stripe_payment_intent:
        return True
    stripe_client = client()
    intent = plain(stripe_client.v1.payment_intents.retrieve(payment.stripe_payment_intent))
    if intent["status"] == SUCCEEDED:
        apply_intent(intent)
        return False
    if intent["status"] != CANCELED:
        stripe_client.v1.payment_intents.cancel(intent["id"])
    return True


def close_intent(payment_id):
    """The order was cancelled: close its PaymentIntent so the card cannot
    be charged any more. Run after the cancellation commits; a failure is
    logged (reconciliation reports a charge that slips through)."""
    payment = Payment.objects.get(pk=payment_id)
    try:
        cancel_for_expiry(payment)
    except stripe.StripeError:
        logger.exception("Order %s: PaymentIntent could not be cancelled", payment.order.number)


# --- webhooks -----------------------------------------------------------------


def verified_event(payload, signature):
    """The event Stripe signed, or raises ValueError / SignatureVerificationError."""
    event = stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    return plain(event)


INTENT_EVENTS = {
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.requires_action",
    "payment_intent.processing",
    "payment_intent.canceled",
}
REFUND_EVENTS = {"refund.created", "refund.updated", "refund.failed", "charge.refund.updated"}


@transaction.atomic
def handle_event(event):
    """Act on one webhook event, once. The event id is stored in the same
    transaction as its effect: a replay finds it and does nothing, and a
    failure stores neither, so Stripe's retry does it properly.

    Returns False for an event already handled."""
    event = plain(event)
    try:
        with transaction.atomic():
            StripeEvent.objects.create(id=event["id"], type=event["type"])
    except IntegrityError:
        return False
    obj = event["data"]["object"]
    if event["type"] in INTENT_EVENTS:
        apply_intent(obj)
    elif event["type"] in REFUND_EVENTS:
        from storefront.payment import refunds

        refunds.apply_stripe_refund(obj)
    elif event["type"] == "charge.refunded":
        from storefront.payment import refunds

        found = client().v1.refunds.list(params={"charge": obj["id"]})
        for refund in found.auto_paging_iter():
            refunds.apply_stripe_refund(plain(refund))
    return True
