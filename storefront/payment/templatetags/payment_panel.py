"""``{% payment_panel order %}``: how to pay for an order, and where its
payment stands, on the thank-you and order status pages."""

from django import template
from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_model

from storefront.payment import methods, qris

Payment = get_model("payment", "Payment")

register = template.Library()


@register.inclusion_tag("storefront/payment/panel.html", takes_context=True)
def payment_panel(context, order):
    payment = Payment.objects.filter(order=order).select_related("site").first()
    method = methods.get_method(payment.method) if payment else None
    urls = {}
    if payment is not None:
        kwargs = {"number": order.number, "hash": order.verification_hash()}
        urls = {
            name.replace("-", "_"): reverse(f"payment:{name}", kwargs=kwargs)
            for name in ("proof-upload", "qris-image", "card-pay")
        }
    awaiting = payment is not None and payment.is_awaiting
    return {
        "order": order,
        "payment": payment,
        "method": method,
        "shop": context.get("shop"),
        "urls": urls,
        "proofs": list(payment.proofs.all()[:3]) if method and method.accepts_proof else [],
        "qris_svg": (
            qris.qr_svg(payment.qris_payload)
            if awaiting and payment.method == "qris" and payment.qris_payload
            else ""
        ),
        "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "stripe_js_url": settings.STRIPE_JS_URL,
    }
