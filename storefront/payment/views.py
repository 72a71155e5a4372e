"""Paying for an order after it is placed, and Stripe's webhook.

The shopper's pages are reached by order number plus the order's
verification hash (as Oscar's order status page for guests), so they work
from an email link on any phone without signing in. Each answers by
redirecting back to the order status page with a message in her language,
so everything but the card form works without JavaScript. Only operators
(shop staff) may open a receipt a shopper uploaded.
"""

import logging

import stripe
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from oscar.core.loading import get_model

from storefront.payment import cards, proofs, qris
from vendors.access import is_operator

Order = get_model("order", "Order")
Payment = get_model("payment", "Payment")
PaymentProof = get_model("payment", "PaymentProof")

logger = logging.getLogger("storefront.payment")


def order_page_url(order):
    return reverse(
        "customer:anon-order",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )


class OrderPaymentMixin:
    """Finds the order's payment from the URL; a wrong number or hash gets
    the same 404 as an order that does not exist."""

    method = None

    def dispatch(self, request, *args, **kwargs):
        order = get_object_or_404(Order, number=kwargs["number"])
        if not order.check_verification_hash(kwargs["hash"]):
            raise Http404
        self.payment = get_object_or_404(
            Payment.objects.select_related("order", "site"), order=order
        )
        if self.method and self.payment.method != self.method:
            raise Http404
        self.order = order
        return super().dispatch(request, *args, **kwargs)

    def back(self):
        """To the page she came from: the thank-you page of the order she
        just placed in this browser, or else the order's status page."""
        if self.request.session.get("checkout_order_id") == self.order.pk:
            return redirect("checkout:thank-you")
        return redirect(order_page_url(self.order))


class ProofUploadView(OrderPaymentMixin, View):
    """The shopper sends a photo or PDF of her transfer or QRIS receipt."""

    def post(self, request, *args, **kwargs):
        uploaded = request.FILES.get("proof")
        if uploaded is None:
            messages.error(request, _("Choose the photo or PDF of your receipt first."))
            return self.back()
        try:
            proofs.submit(self.payment, uploaded)
        except proofs.ProofRejected as error:
            messages.error(request, error.message)
            return self.back()
        messages.success(
            request, _("Thank you! The shop will check your receipt and confirm your order.")
        )
        return self.back()


class QrisImageView(OrderPaymentMixin, View):
    """The order's QRIS code as a PNG to save: on a single phone a shopper
    cannot scan her own screen, but banking apps scan from the gallery."""

    method = "qris"

    def get(self, request, *args, **kwargs):
        if not self.payment.is_awaiting or not self.payment.qris_payload:
            raise Http404
        response = HttpResponse(qris.qr_png(self.payment.qris_payload), content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="qris-{self.order.number}.png"'
        response["Cache-Control"] = "private, max-age=3600"
        return response


class CardOutcomeMixin:
    method = "card"

    def outcome(self):
        """Back to her order with what happened to her card, in her words."""
        self.payment.refresh_from_db()
        if self.payment.is_paid:
            messages.success(self.request, _("Payment received. Thank you!"))
        elif self.payment.failure_code:
            messages.error(self.request, self.payment.failure_text)
        else:
            messages.info(self.request, _("Your card payment is being processed."))
        return self.back()


class CardPayView(CardOutcomeMixin, OrderPaymentMixin, View):
    """The card form posts the token Stripe.js made of the card."""

    def post(self, request, *args, **kwargs):
        token = request.POST.get("stripe_token", "").strip()
        if not self.payment.is_awaiting:
            return self.back()
        if not token.startswith("tok_"):
            messages.error(request, _("Enter your card details, then press Pay."))
            return self.back()
        try:
            intent = cards.pay_with_token(self.payment, token)
        except cards.CardPaymentError as error:
            messages.error(request, error.message)
            return self.back()
        if intent is not None and intent["status"] == cards.REQUIRES_ACTION:
            return render(
                request,
                "storefront/payment/card_action.html",
                {
                    "order": self.order,
                    "client_secret": intent["client_secret"],
                    "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
                    "stripe_js_url": settings.STRIPE_JS_URL,
                    "return_url": reverse(
                        "payment:card-return",
                        kwargs={"number": self.order.number, "hash": kwargs["hash"]},
                    ),
                },
            )
        return self.outcome()


class CardReturnView(CardOutcomeMixin, OrderPaymentMixin, View):
    """Back from the bank's 3-D Secure check: ask Stripe how it went."""

    def get(self, request, *args, **kwargs):
        try:
            cards.finish(self.payment)
        except cards.CardPaymentError as error:
            messages.error(request, error.message)
            return self.back()
        return self.outcome()


class ProofFileView(View):
    """A receipt, for the shop's operators only: it shows the shopper's bank
    details."""

    def get(self, request, proof_id):
        if not is_operator(request.user):
            raise Http404
        proof = get_object_or_404(PaymentProof, pk=proof_id)
        response = FileResponse(proof.file.open("rb"), content_type=proof.content_type)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


@method_decorator(csrf_exempt, name="dispatch")
class StripeWebhookView(View):
    """Stripe's signed event notifications. A bad signature is refused; an
    event already handled is acknowledged and ignored; a failure answers
    503 so Stripe delivers the event again later."""

    def post(self, request):
        try:
            event = cards.verified_event(request.body, request.headers.get("Stripe-Signature", ""))
        except (ValueError, stripe.SignatureVerificationError):
            return HttpResponseBadRequest("invalid signature")
        try:
            cards.handle_event(event)
        except Exception:
            logger.exception("Stripe event %s could not be handled", event.get("id"))
            return HttpResponse("retry later", status=503)
        return HttpResponse("ok")
