"""Money is never taken or given back twice, nor left behind, in the
awkward moments a review found: a shopper paying again after a lost
answer, Stripe not answering a refund, a card charged after its order
expired, cash on delivery with a line the producer could not make, an
offer's percentage, an amount reused too soon."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from storefront.payment import cards, confirmation, refunds, unique_codes
from tests import factories, payments
from tests import stripe_helpers as sh
from tests.shopping import add_to_basket, checkout_as_guest
from vendors import fulfilment, ledger

Order = get_model("order", "Order")
Payment = get_model("payment", "Payment")
Refund = get_model("payment", "Refund")
Transaction = get_model("payment", "Transaction")


@pytest.fixture
def product(ibun):
    producer = factories.ProducerFactory(site=ibun, name="Anyaman Bu Uji")
    return factories.ProductFactory(
        producer=producer, title="Bakul Anyaman", stock=5, stock__price=10000
    )


def card_order(client, product, quantity=1):
    add_to_basket(client, product, quantity)
    checkout_as_guest(client, payment="card")
    order = Order.objects.get()
    return order, Payment.objects.get(order=order)


def succeeded_intents(server):
    listed = sh.client(server).v1.payment_intents.list(params={"limit": 100}).data
    return [intent["id"] for intent in listed if intent["status"] == "succeeded"]


@pytest.mark.django_db
def test_paying_again_after_a_lost_answer_charges_nothing_more(ibun_client, stripe_server, product):
    order, payment = card_order(ibun_client, product)
    sh.pay_directly(stripe_server, cards.current_intent(payment.pk)["id"])  # answer lost

    payment.refresh_from_db()
    cards.pay_with_token(payment, sh.card_token(stripe_server))  # she tries again

    payment.refresh_from_db()
    assert payment.is_paid
    assert len(succeeded_intents(stripe_server)) == 1
    assert Transaction.objects.filter(source__order=order, txn_type="Debit").count() == 1


@pytest.mark.django_db
def test_a_refund_stripe_did_not_answer_stays_pending_and_is_made_once(
    ibun_client, stripe_server, product, settings
):
    order, payment = card_order(ibun_client, product, quantity=2)
    sh.pay_directly(stripe_server, cards.current_intent(payment.pk)["id"])
    payment.refresh_from_db()
    cards.finish(payment)
    line = order.lines.get()
    real_stripe = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing answers there

    refund = refunds.refund(order, {line.pk: 2}, user=None, reason="Tidak jadi")

    assert refund.status == Refund.Status.PENDING
    assert refunds.refunded_quantity(line) == 2, "the units stay spoken for meanwhile"
    with pytest.raises(confirmation.PaymentError):
        refunds.refund(order, {line.pk: 2}, user=None, reason="Sekali lagi")
    settings.STRIPE_API_BASE = real_stripe
    refunds.send_to_stripe(refund)
    refunds.send_to_stripe(refund)  # a second tap on "ask again"

    refund.refresh_from_db()
    assert refund.status == Refund.Status.DONE
    at_stripe = sh.client(stripe_server).v1.refunds.list(
        params={"payment_intent": payment.stripe_payment_intent}
    )
    assert len(at_stripe.data) == 1
    assert order.sources.get().amount_refunded == order.total_incl_tax


@pytest.mark.django_db
def test_a_card_charged_after_its_order_expired_is_refunded_in_full_once(
    client, ibun_client, stripe_server, product, django_capture_on_commit_callbacks
):
    order, payment = card_order(ibun_client, product)
    intent = cards.current_intent(payment.pk)
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.EXPIRED)
    sh.pay_directly(stripe_server, intent["id"])
    [succeeded] = sh.events(stripe_server, "payment_intent.succeeded")

    with django_capture_on_commit_callbacks(execute=True):
        sh.deliver(client, succeeded)
    with django_capture_on_commit_callbacks(execute=True):
        sh.deliver(client, {**succeeded, "id": "evt_again"})

    refund = Refund.objects.get()
    assert refund.status == Refund.Status.DONE
    assert refund.amount == payment.amount_due
    at_stripe = sh.client(stripe_server).v1.refunds.list(params={"payment_intent": intent["id"]})
    assert [r["amount"] for r in at_stripe.data] == [cards.to_stripe_amount(payment.amount_due)]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    assert not Transaction.objects.filter(source__order=order).exists()


@pytest.mark.django_db
def test_an_expired_order_cannot_start_a_card_payment(ibun_client, stripe_server, product):
    order, payment = card_order(ibun_client, product)
    Payment.objects.filter(pk=payment.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    payment.refresh_from_db()

    with pytest.raises(cards.CardPaymentError):
        cards.pay_with_token(payment, sh.card_token(stripe_server))

    assert succeeded_intents(stripe_server) == []


@pytest.mark.django_db
def test_cash_is_only_due_for_what_was_delivered(ibun, ibun_client):
    producer = factories.ProducerFactory(site=ibun)
    kept = factories.ProductFactory(producer=producer, stock=5, stock__price=30000)
    dropped = factories.ProductFactory(producer=producer, stock=5, stock__price=50000)
    add_to_basket(ibun_client, kept)
    add_to_basket(ibun_client, dropped)
    checkout_as_guest(ibun_client, payment="cod")
    order = Order.objects.get()
    operator = factories.UserFactory(is_staff=True, is_superuser=True)
    for line in order.lines.all():
        if line.product_id == dropped.pk:
            fulfilment.change_status(line, fulfilment.CANCELLED, None, note="Bahan habis")
        else:
            for step in ("Confirmed", "Packed", "Ready for pickup", "Delivered"):
                fulfilment.change_status(line, step, None)

    payment = confirmation.confirm_cash(Payment.objects.get().pk, operator, "shop")

    assert payment.amount_due == Decimal(30000)
    assert order.sources.get().amount_debited == Decimal(30000)
    assert ledger.balance(producer) == Decimal(27000)
    from storefront.payment import reconcile

    assert reconcile.reconcile(with_stripe=False) == []


@pytest.mark.django_db
def test_a_percentage_offer_gives_whole_rupiah_totals(ibun_client, product):
    from oscar.apps.offer.models import Benefit
    from oscar.test.factories import create_offer

    offer = create_offer(name="Diskon 15%")
    Benefit.objects.filter(pk=offer.benefit_id).update(type=Benefit.PERCENTAGE, value=15)
    odd = factories.ProductFactory(producer=product.producer, stock=5, stock__price=12345)
    add_to_basket(ibun_client, odd)  # 15% of 12.345 is 1.851,75
    checkout_as_guest(ibun_client, payment="bank-transfer")

    order = Order.objects.get()
    assert order.total_discount_incl_tax > 0
    assert order.total_incl_tax == order.total_incl_tax.to_integral_value()
    assert Payment.objects.get().amount_due == Payment.objects.get().amount_due.to_integral_value()


@pytest.mark.django_db
def test_an_amount_stays_taken_for_a_week_after_its_order_expired(monkeypatch, ibun):
    from oscar.test.factories import create_order

    first, second = create_order(), create_order()
    codes = iter([42, 42, 43])
    monkeypatch.setattr(unique_codes.secrets, "randbelow", lambda upper: next(codes) - 1)
    expired = payments.awaiting(first, "bank-transfer", ibun)
    Payment.objects.filter(pk=expired.pk).update(status=Payment.Status.EXPIRED)

    fresh = payments.awaiting(second, "bank-transfer", ibun)

    assert fresh.unique_code == 43, "42 still belongs to the expired order's late transfer"
