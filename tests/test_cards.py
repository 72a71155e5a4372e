"""Card payments through Stripe, against localstripe (a real, stateful
Stripe-compatible server) with the official stripe library.

Each path to "paid" is covered: the page's own answer, 3-D Secure, a
webhook instead of the browser, a webhook before the browser, the same
webhook twice, events out of order. The order is paid once whatever
happens, and IDR amounts reach Stripe in minor units.
"""

import copy
from decimal import Decimal

import pytest
import stripe
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from oscar.core.loading import get_model

from storefront.payment import cards
from tests import factories
from tests import stripe_helpers as sh
from tests.shopping import add_to_basket, checkout_as_guest

Order = get_model("order", "Order")
Payment = get_model("payment", "Payment")
StripeEvent = get_model("payment", "StripeEvent")
Transaction = get_model("payment", "Transaction")


# --- IDR in Stripe's minor units ------------------------------------------------


def test_rupiah_go_to_stripe_in_hundredths():
    assert cards.to_stripe_amount(Decimal("25000")) == 2_500_000
    assert cards.to_stripe_amount(Decimal("25000.00")) == 2_500_000
    assert cards.from_stripe_amount(2_500_000) == Decimal("25000")


def test_a_fraction_of_a_rupiah_is_refused():
    with pytest.raises(ValueError):
        cards.to_stripe_amount(Decimal("25000.50"))


@given(st.integers(min_value=1, max_value=10**10))
def test_minor_units_round_trip(rupiah):
    minor = cards.to_stripe_amount(Decimal(rupiah))
    assert minor == rupiah * 100
    assert cards.from_stripe_amount(minor) == rupiah


# --- fixtures -------------------------------------------------------------------


@pytest.fixture
def product(ibun):
    producer = factories.ProducerFactory(site=ibun, name="Batik Bu Uji")
    return factories.ProductFactory(
        producer=producer, title="Selendang Batik", stock=3, stock__price=25000
    )


def card_order(client, product):
    add_to_basket(client, product)
    response = checkout_as_guest(client, payment="card")
    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get()
    return order, Payment.objects.get(order=order)


def pay_url(order, name="payment:card-pay"):
    return reverse(name, kwargs={"number": order.number, "hash": order.verification_hash()})


def debits(order):
    return Transaction.objects.filter(source__order=order, txn_type="Debit")


# --- paying on the page ----------------------------------------------------------


@pytest.mark.django_db
def test_the_card_form_is_on_the_thank_you_page(ibun_client, stripe_server, product):
    add_to_basket(ibun_client, product)
    response = checkout_as_guest(ibun_client, payment="card")
    page = ibun_client.get(response["Location"]).content.decode()
    order = Order.objects.get()
    assert order.status == "Awaiting payment"
    assert stripe_server.js_url in page
    assert 'id="card-form"' in page
    assert pay_url(order) in page
    assert stripe_server.publishable_key in page
    assert stripe_server.secret_key not in page


@pytest.mark.django_db
def test_a_card_payment_pays_the_order_once(ibun_client, stripe_server, product):
    order, payment = card_order(ibun_client, product)

    response = ibun_client.post(pay_url(order), {"stripe_token": sh.card_token(stripe_server)})

    assert response.status_code == 302
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert order.status == "Processing"
    assert debits(order).count() == 1
    intent = sh.client(stripe_server).v1.payment_intents.retrieve(payment.stripe_payment_intent)
    assert intent["status"] == "succeeded"
    assert intent["currency"] == "idr"
    assert intent["amount"] == 2_500_000, "Rp 25.000 is 2500000 in Stripe's minor units"
    assert intent["metadata"]["order_number"] == order.number
    page = ibun_client.get(response["Location"], follow=True).content.decode()
    assert "Pembayaran diterima" in page or "Payment received" in page

    # Posting the same form again (a double tap) charges nothing more.
    ibun_client.post(pay_url(order), {"stripe_token": sh.card_token(stripe_server)})
    assert debits(order).count() == 1
    intents = sh.client(stripe_server).v1.payment_intents.list(params={"limit": 100}).data
    assert [i["status"] for i in intents] == ["succeeded"]


@pytest.mark.django_db
@pytest.mark.parametrize("number", [sh.DECLINED, sh.DECLINED_ON_CHARGE])
def test_a_declined_card_says_so_and_another_card_pays(ibun_client, stripe_server, product, number):
    order, payment = card_order(ibun_client, product)

    response = ibun_client.post(
        pay_url(order), {"stripe_token": sh.card_token(stripe_server, number)}, follow=True
    )

    payment.refresh_from_db()
    assert payment.status == Payment.Status.AWAITING
    assert not debits(order).exists()
    text = response.content.decode()
    assert "ditolak" in text or "declined" in text, "the shopper reads why"

    ibun_client.post(pay_url(order), {"stripe_token": sh.card_token(stripe_server)})
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert debits(order).count() == 1


@pytest.mark.django_db
def test_a_token_that_is_not_one_changes_nothing(ibun_client, stripe_server, product):
    order, payment = card_order(ibun_client, product)
    for token in ("", "bukan-token", "tok_doesnotexist"):
        response = ibun_client.post(pay_url(order), {"stripe_token": token}, follow=True)
        assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.AWAITING


@pytest.mark.django_db
@pytest.mark.parametrize("passes", [True, False])
def test_3d_secure(ibun_client, stripe_server, product, passes):
    order, payment = card_order(ibun_client, product)

    response = ibun_client.post(
        pay_url(order), {"stripe_token": sh.card_token(stripe_server, sh.THREE_D_SECURE)}
    )

    assert response.status_code == 200, "a page that runs the bank's check"
    page = response.content.decode()
    payment.refresh_from_db()
    intent = sh.client(stripe_server).v1.payment_intents.retrieve(payment.stripe_payment_intent)
    assert intent["status"] == "requires_action"
    assert intent["client_secret"] in page
    assert pay_url(order, "payment:card-return") in page

    sh.authenticate(stripe_server, intent, success=passes)
    ibun_client.get(pay_url(order, "payment:card-return"))

    payment.refresh_from_db()
    assert payment.is_paid is passes
    assert debits(order).count() == (1 if passes else 0)


# --- webhooks ------------------------------------------------------------------


def pay_without_the_browser(stripe_server, payment):
    """The intent is made when the page shows the card form; then the
    shopper pays and her browser never comes back."""
    intent = cards.current_intent(payment.pk)
    return sh.pay_directly(stripe_server, intent["id"])


@pytest.mark.django_db
def test_the_webhook_pays_the_order_when_the_browser_never_comes_back(
    client, ibun_client, stripe_server, product
):
    order, payment = card_order(ibun_client, product)
    pay_without_the_browser(stripe_server, payment)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.AWAITING

    [succeeded] = sh.events(stripe_server, "payment_intent.succeeded")
    first = sh.deliver(client, succeeded)
    again = sh.deliver(client, succeeded)

    assert (first.status_code, again.status_code) == (200, 200)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert debits(order).count() == 1
    assert StripeEvent.objects.filter(pk=succeeded["id"]).count() == 1


@pytest.mark.django_db
def test_a_webhook_before_the_redirect_leaves_one_payment(
    client, ibun_client, stripe_server, product
):
    order, payment = card_order(ibun_client, product)
    pay_without_the_browser(stripe_server, payment)
    [succeeded] = sh.events(stripe_server, "payment_intent.succeeded")
    sh.deliver(client, succeeded)

    response = ibun_client.get(pay_url(order, "payment:card-return"), follow=True)

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert debits(order).count() == 1


@pytest.mark.django_db
def test_a_late_failure_event_does_not_undo_a_payment(client, ibun_client, stripe_server, product):
    order, payment = card_order(ibun_client, product)
    pay_without_the_browser(stripe_server, payment)
    [succeeded] = sh.events(stripe_server, "payment_intent.succeeded")
    failed = copy.deepcopy(succeeded)
    failed["id"] = "evt_late_failure"
    failed["type"] = "payment_intent.payment_failed"
    failed["created"] = succeeded["created"] - 60
    failed["data"]["object"]["status"] = "requires_payment_method"
    failed["data"]["object"]["last_payment_error"] = {"code": "card_declined"}

    sh.deliver(client, succeeded)
    sh.deliver(client, failed)

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert debits(order).count() == 1


def payment_box(order):
    """The operator's order page in the dashboard."""
    operator = Client()
    operator.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    page = operator.get(reverse("dashboard:order-detail", kwargs={"number": order.number}))
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.django_db
def test_a_failure_webhook_for_a_waiting_payment_records_the_decline_and_another_card_still_pays(
    client, ibun_client, stripe_server, product
):
    """The shopper's card is declined where the shop's page never hears of
    it (a phone app): the webhook is how the shop learns. The order keeps
    waiting, she reads why on her order page, and her next card pays once."""
    order, payment = card_order(ibun_client, product)
    intent = cards.current_intent(payment.pk)
    with pytest.raises(stripe.CardError):
        sh.pay_directly(stripe_server, intent["id"], sh.DECLINED_ON_CHARGE)
    payment.refresh_from_db()
    assert payment.failure_code == "", "nothing told the shop yet"

    [failed] = sh.events(stripe_server, "payment_intent.payment_failed")
    assert failed["data"]["object"]["id"] == intent["id"]
    assert sh.deliver(client, failed).status_code == 200
    assert sh.deliver(client, failed).status_code == 200, "a replay is acknowledged"

    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == Payment.Status.AWAITING
    assert payment.gateway_status == "requires_payment_method"
    assert payment.failure_code == "card_declined"
    assert payment.stripe_payment_intent == intent["id"]
    assert order.status == "Awaiting payment"
    assert Order.objects.count() == 1
    assert not debits(order).exists()
    assert StripeEvent.objects.filter(pk=failed["id"]).count() == 1
    page = ibun_client.get(reverse("checkout:thank-you")).content.decode()
    assert "Kartu Anda ditolak" in page
    assert 'id="card-form"' in page, "she can still pay"
    assert "Kartu Anda ditolak" in payment_box(order), "the operator reads it too"

    response = ibun_client.post(pay_url(order), {"stripe_token": sh.card_token(stripe_server)})

    assert response.status_code == 302
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.stripe_payment_intent != intent["id"], "a fresh intent for the new card"
    assert order.status == "Processing"
    assert debits(order).count() == 1
    stripe_client = sh.client(stripe_server)
    assert stripe_client.v1.payment_intents.retrieve(intent["id"])["status"] == "canceled"
    [succeeded] = sh.events(stripe_server, "payment_intent.succeeded")
    sh.deliver(client, succeeded)
    sh.deliver(client, failed)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert debits(order).count() == 1
    assert Order.objects.count() == 1
    assert "Kartu Anda ditolak" not in payment_box(order), "paid: the decline is history"


@pytest.mark.django_db
def test_events_out_of_order_end_paid(client, ibun_client, stripe_server, product):
    order, payment = card_order(ibun_client, product)
    intent = cards.current_intent(payment.pk)
    requires_action = sh.event_for(
        {**intent, "status": "requires_action"}, "payment_intent.requires_action", "evt_3ds"
    )
    pay_without_the_browser(stripe_server, payment)
    [succeeded] = sh.events(stripe_server, "payment_intent.succeeded")

    sh.deliver(client, succeeded)
    sh.deliver(client, requires_action)  # sent earlier, arrives later

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


@pytest.mark.django_db
def test_a_webhook_with_a_bad_signature_changes_nothing(
    client, ibun_client, stripe_server, product
):
    order, payment = card_order(ibun_client, product)
    pay_without_the_browser(stripe_server, payment)
    [succeeded] = sh.events(stripe_server, "payment_intent.succeeded")

    forged = sh.deliver(client, succeeded, secret="whsec_someone_else")
    unsigned = client.post(
        reverse("payment:stripe-webhook"), data=b"{}", content_type="application/json"
    )

    assert (forged.status_code, unsigned.status_code) == (400, 400)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.AWAITING
    assert not StripeEvent.objects.exists()


@pytest.mark.django_db
def test_a_payment_of_the_wrong_amount_does_not_pay_the_order(
    client, ibun_client, stripe_server, product
):
    order, payment = card_order(ibun_client, product)
    stripe_client = sh.client(stripe_server)
    wrong = stripe_client.v1.payment_intents.create(
        params={
            "amount": 25000,  # Rp 250, the classic forgotten "× 100"
            "currency": "idr",
            "payment_method_types": ["card"],
            "metadata": {"order_number": order.number},
        }
    )
    sh.pay_directly(stripe_server, wrong["id"])
    [succeeded] = sh.events(stripe_server, "payment_intent.succeeded")

    assert sh.deliver(client, succeeded).status_code == 200

    payment.refresh_from_db()
    assert payment.status == Payment.Status.AWAITING
    assert not debits(order).exists()


@pytest.mark.django_db
def test_an_event_for_no_order_here_is_acknowledged(client, stripe_server):
    event = sh.event_for(
        {"id": "pi_x", "object": "payment_intent", "status": "succeeded", "metadata": {}},
        "payment_intent.succeeded",
        "evt_stranger",
    )
    assert sh.deliver(client, event).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_localstripe_itself_delivers_the_webhook(live_server, stripe_server, product):
    """No test code in between: localstripe signs and posts the event to the
    running shop, which marks the order paid."""
    import time

    from django.test import Client

    webhook = f"{live_server.url}{reverse('payment:stripe-webhook')}"
    stripe_server.register_webhook(webhook, sh.WEBHOOK_SECRET)
    try:
        shopper = Client(HTTP_HOST="ibun.localhost")
        order, payment = card_order(shopper, product)
        pay_without_the_browser(stripe_server, payment)

        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            payment.refresh_from_db()
            if payment.is_paid:
                break
            time.sleep(0.2)
    finally:
        stripe_server.register_webhook(webhook, sh.WEBHOOK_SECRET, events=[])
    assert payment.is_paid, stripe_server.log()[-2000:]
    assert debits(order).count() == 1
