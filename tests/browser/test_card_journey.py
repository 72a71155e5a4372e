"""A shopper abroad pays Ibun Store by card through the page, in a real
browser: Stripe.js (localstripe's, served by the test's own Stripe server)
turns the card into a token and the shop charges it, with and without her
bank's 3-D Secure check."""

import re

import pytest
from oscar.core.loading import get_model

from tests import factories
from tests import stripe_helpers as sh
from tests.browser.steps import check_out_as_guest

Order = get_model("order", "Order")
Payment = get_model("payment", "Payment")
Transaction = get_model("payment", "Transaction")


def type_card(phone, number):
    """localstripe's card element: one input per part of the card."""
    card = phone.locator("#card-element")
    for placeholder, value in (
        ("number", number),
        ("exp_month", "12"),
        ("exp_year", "30"),
        ("cvc", "123"),
        ("postal_code", "40384"),
    ):
        card.locator(f"input[placeholder={placeholder}]").fill(value)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("number", [sh.VISA, sh.THREE_D_SECURE], ids=["card", "3d-secure"])
def test_a_shopper_pays_by_card_on_the_page(live_server, phone, ibun, stripe_server, number):
    producer = factories.ProducerFactory(site=ibun, name="Batik Bu Uji")
    factories.ProductFactory(
        title="Selendang Batik", producer=producer, stock=2, stock__price=25000
    )
    port = live_server.url.rsplit(":", 1)[1]
    check_out_as_guest(phone, f"http://ibun.localhost:{port}", "Selendang Batik", payment="card")

    form = phone.locator("#card-form")
    form.wait_for(state="visible")  # shown by the page's script once Stripe.js loaded
    type_card(phone, number)
    form.locator("button[type=submit]").click()
    if number == sh.THREE_D_SECURE:
        # The bank's check, as localstripe's Stripe.js shows it.
        phone.get_by_role("button", name="Complete authentication").click()
    # Stripe.js makes the token, then the form posts and the page comes back
    # without a card form: the URL alone cannot tell (it is the same page).
    phone.locator("#card-form").wait_for(state="detached")
    phone.wait_for_url(re.compile(r"/checkout/thank-you/"))
    phone.locator("#payment").wait_for()

    order = Order.objects.get()
    payment = Payment.objects.get(order=order)
    assert payment.status == Payment.Status.PAID
    assert order.status == "Processing"
    assert Transaction.objects.filter(source__order=order, txn_type="Debit").count() == 1
    intent = sh.client(stripe_server).v1.payment_intents.retrieve(payment.stripe_payment_intent)
    assert (intent["amount"], intent["currency"]) == (2_500_000, "idr")
    assert not phone.locator("#card-form").count(), "nothing left to pay"
    phone.screenshot(path=f"test-results/card-paid-{number[-4:]}.png", full_page=True)
