"""Talking to localstripe the way Stripe.js and Stripe's webhooks would.

Tests drive the real stripe library against localstripe (tests/servers.py);
what a shopper's browser would send to Stripe (card tokens, 3-D Secure
answers) goes straight to localstripe here, and Stripe's events are fetched
from it and delivered to the webhook signed with the shop's secret, as
Stripe signs them.
"""

import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

import stripe
from django.urls import reverse

WEBHOOK_SECRET = "whsec_test_pasardesa"
VISA = "4242424242424242"
DECLINED = "4000000000000002"  # refused when the card is attached
DECLINED_ON_CHARGE = "4000000000000341"  # attaches, then the charge fails
THREE_D_SECURE = "4000002500003155"

_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def client(server):
    return stripe.StripeClient(server.secret_key, base_addresses={"api": server.url})


def browser_post(server, path, fields):
    """A POST as Stripe.js makes it: publishable key, no secret."""
    body = urllib.parse.urlencode({**fields, "key": server.publishable_key}).encode()
    request = urllib.request.Request(f"{server.url}{path}", data=body, method="POST")
    with _http.open(request, timeout=10) as response:
        return json.load(response)


def card_token(server, number=VISA):
    """What stripe.createToken(card) gives the page."""
    return browser_post(
        server,
        "/v1/tokens",
        {
            "card[number]": number,
            "card[exp_month]": "12",
            "card[exp_year]": "2030",
            "card[cvc]": "123",
        },
    )["id"]


def authenticate(server, intent, success=True):
    """The shopper passes (or fails) her bank's 3-D Secure check, as
    stripe.confirmCardPayment does with localstripe."""
    path = f"/v1/payment_intents/{intent['id']}/_authenticate?success={str(success).lower()}"
    body = json.dumps(
        {"key": server.publishable_key, "client_secret": intent["client_secret"]}
    ).encode()
    request = urllib.request.Request(f"{server.url}{path}", data=body, method="POST")
    with _http.open(request, timeout=10) as response:
        return json.load(response)


def pay_directly(server, intent_id, number=VISA):
    """Pay an order's PaymentIntent the way a phone app with Stripe's SDK
    would: without the shop's web page ever hearing back."""
    stripe_client = client(server)
    customer = stripe_client.v1.customers.create(params={"source": card_token(server, number)})
    stripe_client.v1.payment_intents.update(
        intent_id,
        params={"customer": customer["id"], "payment_method": customer["default_source"]},
    )
    return stripe_client.v1.payment_intents.confirm(intent_id)


def events(server, event_type=None):
    """Events localstripe recorded, newest first, as Stripe would send them."""
    found = client(server).v1.events.list(params={"limit": 100})
    return [
        event.to_dict() for event in found.data if event_type is None or event["type"] == event_type
    ]


def signature(body, secret=WEBHOOK_SECRET, timestamp=None):
    """The Stripe-Signature header for a body: t=<time>,v1=<HMAC-SHA256 of
    "<time>.<body>">, Stripe's documented scheme."""
    timestamp = int(timestamp or time.time())
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def deliver(django_client, event, secret=WEBHOOK_SECRET):
    """POST an event to the shop's webhook, signed."""
    body = json.dumps(event).encode()
    return django_client.post(
        reverse("payment:stripe-webhook"),
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature(body, secret),
    )


def event_for(obj, event_type, event_id):
    """An event around a real Stripe object, for events localstripe does not
    send itself (refunds, a late failure)."""
    return {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "api_version": stripe.api_version,
    }
