"""The payment pages' and the producers' ledger's access-control matrix.

Every URL of the "payment" namespace, and every dashboard URL served by this
project's own views (the ledger), is listed here; a new one that is not
fails the first test. Then, for six actors (an anonymous visitor, a
signed-in shopper who did not place the order, producer A with dashboard
access and no line in the orders, producer B whose lines they are, a
facilitator of B's group, and the operator):

* a shopper page opened with the order's number and verification hash works
  for anyone holding that link (it is an email link, by design); a wrong
  hash, or another order's, is a 404 for everyone and changes nothing; the
  card pages of an order not paid by card, and the QRIS image of an order
  not paid by QRIS, are 404s;
* a receipt a shopper uploaded opens for the operator only;
* the ledger pages are for the operator only: nobody else reads them or
  records a payout;
* the payment box actions on an order's dashboard page (confirm a payment,
  reject a receipt, confirm cash, refund lines) are refused to producers A
  and B and everyone else, while the operator's same request does change
  the order, so the refusals are not vacuous;
* Stripe's webhook refuses unsigned, forged and stale events with 400 and
  answers no GET.

After every hostile request a fingerprint of the payment state (payments,
receipt verdicts, refunds, ledger entries, payouts, stock, order and line
statuses, Stripe events) must be unchanged.
"""

import hashlib
import io
import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from oscar.core.loading import get_model
from PIL import Image

from storefront.payment import cards, confirmation, proofs
from tests import factories
from tests import stripe_helpers as sh
from tests.shopping import add_to_basket, checkout_as_guest
from tests.test_dashboard_access import producer_user
from vendors import fulfilment, ledger

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Payment = get_model("payment", "Payment")
PaymentProof = get_model("payment", "PaymentProof")
Refund = get_model("payment", "Refund")
RefundLine = get_model("payment", "RefundLine")
StripeEvent = get_model("payment", "StripeEvent")
Transaction = get_model("payment", "Transaction")
LedgerEntry = get_model("partner", "LedgerEntry")
Payout = get_model("partner", "Payout")
StockRecord = get_model("partner", "StockRecord")
ProducerGroup = get_model("partner", "ProducerGroup")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")

# --- the matrix ------------------------------------------------------------------

# Pages a shopper reaches by order number and verification hash.
SHOPPER_ROUTES = {"proof-upload", "qris-image", "card-pay", "card-return"}
# Pages for the shop's operators only.
OPERATOR_ROUTES = {"proof-file"}
# Stripe's signed notifications.
WEBHOOK_ROUTES = {"stripe-webhook"}
# The dashboard's own pages (not forks of Oscar's): the producers' ledger.
LEDGER_ROUTES = {"ledger-balances", "ledger-producer"}

ACTORS = ["anonymous", "shopper", "producer_a", "producer_b", "facilitator", "operator"]
NOT_OPERATORS = [actor for actor in ACTORS if actor != "operator"]


def _walk(patterns, namespace=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def payment_url_names():
    """Every URL name of the payment namespace."""
    return {p.name for ns, p in _walk(get_resolver().url_patterns) if ns[:1] == ("payment",)}


def own_dashboard_url_names():
    """Dashboard URLs served by this project's own views: no Oscar class in
    the view's ancestry (forks of Oscar's views are in test_dashboard_access),
    nor Django's own."""
    names = set()
    for namespace, pattern in _walk(get_resolver().url_patterns):
        if namespace[:1] != ("dashboard",):
            continue
        view = getattr(pattern.callback, "view_class", pattern.callback)
        modules = [cls.__module__ for cls in getattr(view, "__mro__", [view])]
        ours = view.__module__.startswith(("storefront.", "vendors."))
        if ours and not any(module.startswith("oscar.") for module in modules):
            names.add(pattern.name)
    return names


def test_every_payment_and_ledger_url_is_in_the_matrix():
    listed = SHOPPER_ROUTES | OPERATOR_ROUTES | WEBHOOK_ROUTES
    assert payment_url_names() == listed, (
        "Add new payment URLs to the access matrix: "
        f"missing {sorted(payment_url_names() - listed)}, "
        f"stale {sorted(listed - payment_url_names())}"
    )
    assert own_dashboard_url_names() == LEDGER_ROUTES, (
        "Add new dashboard URLs to the access matrix: "
        f"missing {sorted(own_dashboard_url_names() - LEDGER_ROUTES)}, "
        f"stale {sorted(LEDGER_ROUTES - own_dashboard_url_names())}"
    )


# --- the world -------------------------------------------------------------------


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (20, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def receipt():
    return SimpleUploadedFile("bukti.jpg", jpeg(), content_type="image/jpeg")


class World:
    """Producers A and B of Ibun Store, the six actors, and four orders of
    B's product placed by guest checkout, one per payment method. The
    transfer order has a receipt waiting to be checked."""

    def __init__(self, ibun):
        village = factories.VillageFactory(name="Lampegan")
        group_a = ProducerGroup.objects.create(name="Kelompok A", village=village)
        group_b = ProducerGroup.objects.create(name="Kelompok B", village=village)
        self.a = factories.ProducerFactory(site=ibun, name="Keripik Bu Ani", group=group_a)
        self.b = factories.ProducerFactory(site=ibun, name="Batik Bu Budi", group=group_b)
        factories.ProductFactory(producer=self.a, title="Keripik Pedas", stock=10)
        self.b_product = factories.ProductFactory(
            producer=self.b, title="Selendang Batik", stock=20, stock__price=25000
        )
        facilitator = factories.UserFactory(username="pendamping-b")
        FacilitatorAssignment.objects.create(facilitator=facilitator, group=group_b)
        self.users = {
            "anonymous": None,
            "shopper": factories.UserFactory(username="pembeli-lain"),
            "producer_a": producer_user(self.a),
            "producer_b": producer_user(self.b),
            "facilitator": facilitator,
            "operator": factories.UserFactory(
                username="operator", is_staff=True, is_superuser=True
            ),
        }
        self.transfer = self.place("bank-transfer")
        self.qris = self.place("qris")
        self.card = self.place("card")
        self.cod = self.place("cod")
        self.proof = proofs.submit(self.transfer.payment, receipt())

    def place(self, method):
        client = Client(HTTP_HOST="ibun.localhost")
        add_to_basket(client, self.b_product, quantity=2)
        response = checkout_as_guest(client, payment=method)
        assert response.status_code == 302, response.content.decode()[:2000]
        order = Order.objects.order_by("pk").last()
        assert order.payment.method == method
        return order

    @property
    def operator(self):
        return self.users["operator"]

    def client_for(self, actor, raise_request_exception=True):
        client = Client(HTTP_HOST="ibun.localhost", raise_request_exception=raise_request_exception)
        if self.users[actor] is not None:
            client.force_login(self.users[actor])
        return client

    def fingerprint(self):
        """The payment state a hostile request could change."""
        parts = [
            Payment.objects.order_by("pk").values_list(
                "pk",
                "status",
                "method",
                "amount_due",
                "paid_at",
                "confirmed_by",
                "cash_held_by",
                "expires_at",
                "stripe_payment_intent",
                "gateway_status",
                "failure_code",
            ),
            PaymentProof.objects.order_by("pk").values_list(
                "pk", "payment", "verdict", "rejection_reason", "reviewed_by", "file"
            ),
            Refund.objects.order_by("pk").values_list("pk", "order", "amount", "status"),
            RefundLine.objects.order_by("pk").values_list("pk", "line", "quantity", "amount"),
            LedgerEntry.objects.order_by("pk").values_list("pk", "producer", "kind", "amount"),
            Payout.objects.order_by("pk").values_list("pk", "producer", "direction", "amount"),
            StockRecord.objects.order_by("pk").values_list("pk", "num_in_stock", "num_allocated"),
            Order.objects.order_by("pk").values_list("pk", "status"),
            Line.objects.order_by("pk").values_list("pk", "status"),
            Transaction.objects.order_by("pk").values_list("pk", "txn_type", "amount"),
            StripeEvent.objects.order_by("id").values_list("id"),
        ]
        text = "|".join(repr(list(part)) for part in parts)
        return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def stripe_settings(settings):
    """Cards offered at checkout, and the webhook's secret. Nothing here may
    reach Stripe: the API base is a closed local port."""
    settings.STRIPE_SECRET_KEY = "sk_test_not_used"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_not_used"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_WEBHOOK_SECRET = sh.WEBHOOK_SECRET
    return settings


@pytest.fixture
def world(ibun, stripe_settings):
    return World(ibun)


def link(name, order, hash=None, number=None):
    return reverse(
        f"payment:{name}",
        kwargs={"number": number or order.number, "hash": hash or order.verification_hash()},
    )


def order_page(order):
    return reverse(
        "customer:anon-order",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )


def order_for(world, name):
    """The order each shopper page is meant for."""
    return {
        "proof-upload": world.transfer,
        "qris-image": world.qris,
        "card-pay": world.card,
        "card-return": world.card,
    }[name]


def shopper_request(client, name, url):
    """What the shopper's browser sends to each page: a receipt upload, the
    QR image, the card form without a card (so Stripe is never asked), the
    way back from 3-D Secure."""
    if name == "proof-upload":
        return client.post(url, {"proof": receipt()})
    if name == "card-pay":
        return client.post(url, {"stripe_token": ""})
    return client.get(url)


def refused_by_dashboard(response):
    """Oscar's dashboard refuses with a login redirect, a 403 or a 404 (or a
    405 for a method the page does not take)."""
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and "/login/" in response["Location"]


# --- shopper pages ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SHOPPER_ROUTES))
def test_the_right_link_works_for_anyone_holding_it(world, name):
    order = order_for(world, name)
    for actor in ACTORS:
        waiting_before = order.payment.proofs.filter(verdict="submitted").count()
        response = shopper_request(world.client_for(actor), name, link(name, order))

        if name == "qris-image":
            assert response.status_code == 200, actor
            assert response["Content-Type"] == "image/png"
            assert response.content.startswith(b"\x89PNG")
        else:
            assert response.status_code == 302, actor
            assert response["Location"] == order_page(order), actor
        if name == "proof-upload":
            waiting = order.payment.proofs.filter(verdict="submitted")
            assert waiting.count() == waiting_before + 1, f"{actor}'s receipt was not stored"
            # The shop answers it, so the next actor is not held up by the
            # limit on receipts waiting to be checked.
            confirmation.reject_proof(waiting.first().pk, world.operator, "Buram")


def bad_links(world, name):
    """Links to the page's order that must not work: a made-up hash, another
    order's hash, the right hash on another order's number, an order that
    does not exist."""
    order = order_for(world, name)
    other = world.cod
    return {
        "made-up hash": link(name, order, hash="0" * 64),
        "truncated hash": link(name, order, hash=order.verification_hash()[:-1]),
        "another order's hash": link(name, order, hash=other.verification_hash()),
        "its hash on another number": link(name, order, number=other.number),
        "no such order": link(name, order, number="999999"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SHOPPER_ROUTES))
def test_a_wrong_or_borrowed_hash_is_a_404_for_everyone(world, name):
    before = world.fingerprint()
    for actor in ACTORS:
        client = world.client_for(actor)
        for what, url in bad_links(world, name).items():
            for response in (
                client.get(url),
                client.post(url, {"proof": receipt(), "stripe_token": "tok_visa"}),
            ):
                assert response.status_code == 404, f"{actor}, {what}: {response.status_code}"
    assert world.fingerprint() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["card-pay", "card-return"])
def test_the_card_pages_of_an_order_not_paid_by_card_are_404(world, name):
    before = world.fingerprint()
    for actor in ACTORS:
        client = world.client_for(actor)
        for order in (world.transfer, world.qris, world.cod):
            for response in (
                client.get(link(name, order)),
                shopper_request(client, name, link(name, order)),
            ):
                assert response.status_code == 404, f"{actor}, {order.payment.method}"
    assert world.fingerprint() == before


@pytest.mark.django_db
def test_the_qris_image_of_an_order_not_paid_by_qris_is_404(world):
    for actor in ACTORS:
        client = world.client_for(actor)
        for order in (world.transfer, world.card, world.cod):
            response = client.get(link("qris-image", order))
            assert response.status_code == 404, f"{actor}, {order.payment.method}"


@pytest.mark.django_db
def test_the_qris_image_of_a_paid_order_is_gone(world):
    confirmation.mark_paid(world.qris.payment.pk, by=world.operator)
    response = world.client_for("anonymous").get(link("qris-image", world.qris))
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_receipt_cannot_be_sent_for_a_cash_order(world):
    """The right link of a cash order answers, but stores no receipt."""
    before = world.fingerprint()
    response = world.client_for("anonymous").post(
        link("proof-upload", world.cod), {"proof": receipt()}
    )
    assert response.status_code == 302
    assert world.fingerprint() == before


# --- receipts ---------------------------------------------------------------------


def proof_url(proof_id):
    return reverse("payment:proof-file", kwargs={"proof_id": proof_id})


@pytest.mark.django_db
def test_only_the_operator_opens_a_receipt(world):
    before = world.fingerprint()
    for actor in NOT_OPERATORS:
        client = world.client_for(actor)
        assert client.get(proof_url(world.proof.pk)).status_code == 404, actor
        assert client.post(proof_url(world.proof.pk)).status_code in (404, 405), actor
    assert world.fingerprint() == before


@pytest.mark.django_db
def test_the_operator_opens_the_receipt_she_was_sent(world):
    client = world.client_for("operator")

    response = client.get(proof_url(world.proof.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == world.proof.content_type
    assert response["Cache-Control"] == "private, no-store"
    with world.proof.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert client.get(proof_url(world.proof.pk + 1000)).status_code == 404


# --- the ledger pages -------------------------------------------------------------


def ledger_url(world, name):
    if name == "ledger-producer":
        return reverse("dashboard:ledger-producer", kwargs={"producer_id": world.b.pk})
    return reverse(f"dashboard:{name}")


def payout_form(amount=10000, direction="to_producer"):
    return {
        "direction": direction,
        "amount": str(amount),
        "method": "cash",
        "reference": "diretas",
        "paid_on": "2025-01-15",
        "note": "",
    }


def deliver(line, actor):
    for status in ("Confirmed", "Packed", "Ready for pickup", "Delivered"):
        fulfilment.change_status(line, status, actor, notify=False)


def give_b_a_balance(world):
    """B delivers the paid transfer order: the shop owes her 45.000."""
    confirmation.mark_paid(world.transfer.payment.pk, by=world.operator)
    deliver(world.transfer.lines.get(), world.users["producer_b"])
    assert ledger.balance(world.b) == 45000


@pytest.mark.django_db
@pytest.mark.parametrize("actor", NOT_OPERATORS)
def test_only_the_operator_reaches_the_ledger(world, actor):
    give_b_a_balance(world)
    before = world.fingerprint()
    # A server error is an answer too: it is reported, not raised.
    client = world.client_for(actor, raise_request_exception=False)

    answers = {}
    for name in sorted(LEDGER_ROUTES):
        url = ledger_url(world, name)
        answers[f"GET {url}"] = client.get(url)
        answers[f"POST {url}"] = client.post(url, payout_form())

    let_in = {what: r.status_code for what, r in answers.items() if not refused_by_dashboard(r)}
    assert not let_in, f"{actor} got {let_in}; payouts recorded: {Payout.objects.count()}"
    assert world.fingerprint() == before


@pytest.mark.django_db
def test_the_operator_reads_the_ledger_and_records_a_payout(world):
    give_b_a_balance(world)
    client = world.client_for("operator")

    assert client.get(ledger_url(world, "ledger-balances")).status_code == 200
    assert client.get(ledger_url(world, "ledger-producer")).status_code == 200
    response = client.post(ledger_url(world, "ledger-producer"), payout_form(10000))

    assert response.status_code == 302
    assert Payout.objects.get().producer == world.b
    assert ledger.balance(world.b) == 35000


# --- the payment box --------------------------------------------------------------


def detail_url(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def confirm_payment_case(world):
    order = world.transfer
    return (
        order,
        {"order_action": "confirm_payment"},
        lambda: Payment.objects.get(order=order).status,
    )


def reject_proof_case(world):
    data = {"order_action": "reject_proof", "proof": world.proof.pk, "reason": "Diretas"}
    return world.transfer, data, lambda: PaymentProof.objects.get(pk=world.proof.pk).verdict


def confirm_cash_case(world):
    order = world.cod
    deliver(order.lines.get(), world.users["producer_b"])
    data = {"order_action": "confirm_cash", "held_by": "producers"}
    return order, data, lambda: Payment.objects.get(order=order).status


def refund_lines_case(world):
    order = world.qris
    confirmation.mark_paid(order.payment.pk, by=world.operator)
    line = order.lines.get()
    data = {"order_action": "refund_lines", f"refund_{line.pk}": "2", "reason": "Diretas"}
    return order, data, lambda: Refund.objects.filter(order=order).count()


PAYMENT_BOX = {
    "confirm_payment": confirm_payment_case,
    "reject_proof": reject_proof_case,
    "confirm_cash": confirm_cash_case,
    "refund_lines": refund_lines_case,
}


def error_messages(response):
    return [str(m) for m in response.context["messages"] if m.level_tag == "error"]


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(PAYMENT_BOX))
def test_only_the_operator_uses_the_payment_box(world, action, settings):
    order, data, state = PAYMENT_BOX[action](world)
    before, state_before = world.fingerprint(), state()

    for actor in NOT_OPERATORS:
        client = world.client_for(actor)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if actor == "producer_b":
            # Her line is in the order: she opens it, but not its payment box.
            response = client.post(detail_url(order), data, follow=True)
            assert response.status_code == 200
            assert error_messages(response) == ["Invalid action"]
        else:
            # Producer A cannot even open an order without her lines (404);
            # the others have no dashboard (login or 403).
            response = client.post(detail_url(order), data)
            assert refused_by_dashboard(response), f"{actor}: {response.status_code}"
            assert actor != "producer_a" or response.status_code == 404
        assert world.fingerprint() == before, f"{actor} changed the payment with {action}"

    # The operator's same request does what the box is for.
    world.client_for("operator").post(detail_url(order), data)
    assert state() != state_before


# --- Stripe's webhook -------------------------------------------------------------


def webhook(client, body, signature=None):
    headers = {} if signature is None else {"HTTP_STRIPE_SIGNATURE": signature}
    return client.post(
        reverse("payment:stripe-webhook"), data=body, content_type="application/json", **headers
    )


def card_paid_event(order):
    """What Stripe would send when the card order is paid in full."""
    intent = {
        "id": "pi_forged",
        "object": "payment_intent",
        "status": "succeeded",
        "amount": cards.to_stripe_amount(order.payment.amount_due),
        "currency": "idr",
        "metadata": {"order_number": order.number},
    }
    return json.dumps(sh.event_for(intent, "payment_intent.succeeded", "evt_forged")).encode()


def forged_signatures(body):
    return {
        "unsigned": None,
        "an empty signature": "",
        "not a signature": "t=1,v1=abc",
        "signed with another secret": sh.signature(body, secret="whsec_someone_else"),
        "an old signature replayed": sh.signature(body, timestamp=time.time() - 3600),
        "another body's signature": sh.signature(b"{}"),
    }


@pytest.mark.django_db
def test_the_webhook_refuses_unsigned_and_forged_events(world):
    body = card_paid_event(world.card)
    before = world.fingerprint()
    for actor in ACTORS:
        client = world.client_for(actor)
        for what, signature in forged_signatures(body).items():
            response = webhook(client, body, signature)
            assert response.status_code == 400, f"{actor}, {what}: {response.status_code}"
    assert world.fingerprint() == before
    assert not StripeEvent.objects.exists()


@pytest.mark.django_db
def test_the_webhook_answers_no_get(world):
    for actor in ACTORS:
        assert world.client_for(actor).get(reverse("payment:stripe-webhook")).status_code == 405


@pytest.mark.django_db
def test_the_same_event_correctly_signed_is_taken(world):
    """The control for the forgeries: signed with the shop's secret, the
    event does pay the order."""
    body = card_paid_event(world.card)

    response = webhook(world.client_for("anonymous"), body, sh.signature(body))

    assert response.status_code == 200
    assert Payment.objects.get(order=world.card).status == Payment.Status.PAID
