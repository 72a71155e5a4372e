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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from oscar.core.loading import get_model

from storefront.payment import confirmation

Payment = get_model("payment", "Payment")
StripeEvent = get_model("payment", "StripeEvent")

logger = logging.getLogger("storefront.payment")

CURRENCY = "idr"
SUCCEEDED = "succeeded"
PROCESSING = "processing"
REQUIRES_ACTION = "requires_action"
REQUIRES_PAYMENT_METHOD = "requires_payment_method"
CANCELED = "canceled"


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


def failure_code(error):
    """The reason Stripe gives for refusing a card, as a short code."""
    code = getattr(error, "code", "") or ""
    decline = (getattr(error, "json_body", None) or {}).get("error", {}).get("decline_code", "")
    if "insufficient_funds" in (code, decline):
        return "insufficient_funds"
    if code in FAILURE_TEXTS:
        return code
    return "card_declined"


#: What the shopper reads for each failure code, in her language when shown
#: (codes are stored, not sentences, so each reader gets her own language).
FAILURE_TEXTS = {
    "card_declined": gettext_noop(
        "Your card was declined. Try another card or choose another way to pay."
    ),
    "insufficient_funds": gettext_noop(
        "Your card has not enough funds. Try another card or choose another way to pay."
    ),
    "expired_card": gettext_noop("Your card has expired. Try another card."),
    "incorrect_cvc": gettext_noop("The security code (CVC) is not right. Check it and try again."),
    "invalid_cvc": gettext_noop("The security code (CVC) is not right. Check it and try again."),
    "incorrect_number": gettext_noop(
        "The card number or expiry date is not right. Check them and try again."
    ),
    "invalid_number": gettext_noop(
        "The card number or expiry date is not right. Check them and try again."
    ),
    "invalid_expiry_year": gettext_noop(
        "The card number or expiry date is not right. Check them and try again."
    ),
}


def failure_text(code):
    return _(FAILURE_TEXTS.get(code, FAILURE_TEXTS["card_declined"])) if code else ""


def _unreachable():
    return CardPaymentError(
        _(
            "Card payments are not reachable right now. "
            "Try again in a few minutes or choose another way to pay."
        )
    )


def payable(payment):
    """Raise CardPaymentError unless the card may still pay this order: it
    is awaited and its time has not run out."""
    expired = payment.expires_at is not None and payment.expires_at <= timezone.now()
    if not payment.is_awaiting or expired:
        raise CardPaymentError(
            _("This order cannot be paid any more: it is paid, cancelled or its time ran out.")
        )


def current_intent(payment_id):
    """The PaymentIntent for the order's next card attempt: the one it has
    while that can still take a card (or is already paid or being paid:
    never a second charge), else a new one.

    Stripe is asked outside any database transaction, so a slow Stripe
    never holds the database. Two requests making a new intent at the same
    moment get the same one from Stripe (the idempotency key names the
    intent it replaces), and the payment row takes it only if nobody
    changed the row meanwhile."""
    payment = Payment.objects.select_related("order").get(pk=payment_id)
    payable(payment)
    stripe_client = client()
    previous = payment.stripe_payment_intent
    if previous:
        intent = plain(stripe_client.v1.payment_intents.retrieve(previous))
        failed_before = intent["status"] == REQUIRES_PAYMENT_METHOD and intent.get(
            "last_payment_error"
        )
        if intent["status"] != CANCELED and not failed_before:
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
            },
            options={"idempotency_key": f"pasardesa-pi-{payment.pk}-after-{previous or 'none'}"},
        )
    )
    taken = Payment.objects.filter(
        pk=payment.pk, stripe_payment_intent=previous, status=Payment.Status.AWAITING
    ).update(stripe_payment_intent=intent["id"], gateway_status=intent["status"])
    if taken:
        return intent
    # Another request stored its intent first, or the order stopped waiting.
    payment.refresh_from_db()
    if payment.stripe_payment_intent != intent["id"]:
        stripe_client.v1.payment_intents.cancel(intent["id"])
    payable(payment)
    return plain(stripe_client.v1.payment_intents.retrieve(payment.stripe_payment_intent))


def intent_for_stripe_js(payment):
    """The intent whose client secret a front end hands to Stripe.js
    (stripe.confirmCardPayment): how API clients take the card. Raises
    CardPaymentError when the order cannot be paid or Stripe is away."""
    try:
        return current_intent(payment.pk)
    except stripe.StripeError:
        logger.exception("Order %s: Stripe unreachable", payment.order.number)
        raise _unreachable() from None


def pay_with_token(payment, token):
    """Charge the card behind a Stripe.js token for the order.

    Returns the PaymentIntent Stripe answered with (already applied to the
    payment); raises CardPaymentError with a message for the shopper when
    the card is declined, the order cannot be paid any more, or Stripe
    cannot be reached.
    """
    payable(payment)
    stripe_client = client()
    try:
        intent = current_intent(payment.pk)
        if intent["status"] in (SUCCEEDED, PROCESSING):
            # Paid already: her browser lost the answer and she tried again.
            apply_intent(intent)
            return intent
        customer = stripe_client.v1.customers.create(
            params={
                "source": token,
                "email": payment.order.email or None,
                "metadata": {"order_number": payment.order.number},
            }
        )
        stripe_client.v1.payment_intents.update(
            intent["id"],
            params={"customer": customer["id"], "payment_method": customer["default_source"]},
        )
        intent = plain(stripe_client.v1.payment_intents.confirm(intent["id"]))
    except stripe.CardError as error:
        code = failure_code(error)
        _record_failure(payment.pk, code)
        raise CardPaymentError(failure_text(code)) from None
    except stripe.InvalidRequestError as error:
        logger.warning("Order %s: Stripe refused the card: %s", payment.order.number, error)
        raise CardPaymentError(failure_text(failure_code(error))) from None
    except stripe.StripeError:
        logger.exception("Order %s: Stripe unreachable", payment.order.number)
        raise _unreachable() from None
    except ValueError:  # an amount Stripe cannot take (not whole rupiah)
        logger.exception("Order %s: amount %s", payment.order.number, payment.amount_due)
        raise CardPaymentError(
            _("This order cannot be paid by card. Please contact the shop.")
        ) from None
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


def _record_failure(payment_id, code):
    Payment.objects.filter(pk=payment_id, status=Payment.Status.AWAITING).update(
        gateway_status=REQUIRES_PAYMENT_METHOD, failure_code=code
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
            payment, _changed = confirmation.mark_paid(payment.pk, intent_id=intent["id"])
        except confirmation.PaymentError:
            # Charged after the order expired or was cancelled: the money
            # goes straight back (once: the refund is keyed on the intent).
            logger.error(
                "Order %s: card payment %s succeeded but the payment is %s: refunding it",
                payment.order.number,
                intent["id"],
                payment.status,
            )
            from storefront.payment import refunds

            # After the webhook's transaction: Stripe is never called
            # inside one. Should this fail, reconciliation reports it.
            late = payment
            transaction.on_commit(lambda: refunds.return_late_card_payment(late, intent))
        return payment
    if intent["id"] == payment.stripe_payment_intent and payment.is_awaiting:
        error = intent.get("last_payment_error") or {}
        code = (error.get("decline_code") or error.get("code") or "card_declined") if error else ""
        payment.gateway_status = status
        payment.failure_code = code if not code or code in FAILURE_TEXTS else "card_declined"
        Payment.objects.filter(pk=payment.pk, status=Payment.Status.AWAITING).update(
            gateway_status=payment.gateway_status, failure_code=payment.failure_code
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
#: Refunds, including those made in Stripe's dashboard. (charge.refunded is
#: left alone: its refunds arrive as these events too.)
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
    return True
