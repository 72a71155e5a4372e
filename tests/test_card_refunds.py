"""After a card payment: refunds through Stripe, refunds Stripe reports
itself, expiry of unpaid card orders, and reconciliation against Stripe,
all against localstripe.
"""

import datetime
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from storefront.payment import cards, expiry, reconcile, refunds
from tests import factories
from tests import stripe_helpers as sh
from tests.shopping import add_to_basket, checkout_as_guest
from vendors import fulfilment, ledger

LedgerEntry = get_model("partner", "LedgerEntry")
Order = get_model("order", "Order")
Payment = get_model("payment", "Payment")
Refund = get_model("payment", "Refund")
StockRecord = get_model("partner", "StockRecord")
StripeEvent = get_model("payment", "StripeEvent")


@pytest.fixture
def operator():
    return factories.UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def product(ibun):
    producer = factories.ProducerFactory(site=ibun, name="Sulam Bu Uji")
    return factories.ProductFactory(
        producer=producer, title="Taplak Sulam", stock=5, stock__price=10000
    )


def paid_card_order(client, server, product, quantity=3):
    """An order of `quantity` units paid by card, placed in Ibun Store."""
    add_to_basket(client, product, quantity)
    checkout_as_guest(client, payment="card", shipping="delivery-village")
    order = Order.objects.get()
    payment = Payment.objects.get(order=order)
    intent = cards.current_intent(payment.pk)
    sh.pay_directly(server, intent["id"])
    payment.refresh_from_db()
    cards.finish(payment)
    payment.refresh_from_db()
    assert payment.is_paid
    return order, payment


def deliver_all(order, user):
    for line in order.lines.all():
        for step in ("Confirmed", "Packed", "Shipped", "Delivered"):
            line = fulfilment.change_status(line, step, user, notify=False)


def refunded_at_stripe(server, payment):
    found = sh.client(server).v1.refunds.list(
        params={"payment_intent": payment.stripe_payment_intent}
    )
    return [refund.to_dict() for refund in found.auto_paging_iter()]


@pytest.mark.django_db
def test_a_partial_card_refund_goes_through_stripe_and_the_ledger(
    ibun_client, stripe_server, product, operator
):
    order, payment = paid_card_order(ibun_client, stripe_server, product)
    deliver_all(order, operator)
    line = order.lines.get()
    producer = line.partner
    assert ledger.balance(producer) == Decimal(27000)  # Rp 30.000 less 10%

    refund = refunds.refund(order, {line.pk: 1}, user=operator, reason="Satu rusak")

    assert refund.status == Refund.Status.DONE
    assert refund.amount == Decimal(10000)
    [at_stripe] = refunded_at_stripe(stripe_server, payment)
    assert at_stripe["amount"] == 1_000_000, "Rp 10.000 in Stripe's minor units"
    assert refund.stripe_refund == at_stripe["id"]
    assert ledger.balance(producer) == Decimal(18000)
    assert order.sources.get().amount_refunded == Decimal(10000)

    # Stripe's webhook about the same refund, delivered twice, adds nothing.
    event = sh.event_for(at_stripe, "refund.updated", "evt_refund_1")
    sh.deliver(ibun_client, event)
    sh.deliver(ibun_client, event)
    assert Refund.objects.count() == 1
    assert ledger.balance(producer) == Decimal(18000)
    assert order.sources.get().amount_refunded == Decimal(10000)


@pytest.mark.django_db
def test_refunding_an_unsent_card_order_cancels_it_and_returns_the_stock(
    ibun_client, stripe_server, product, operator
):
    order, payment = paid_card_order(ibun_client, stripe_server, product, quantity=2)
    line = order.lines.get()
    assert StockRecord.objects.get(product=product).num_allocated == 2

    refund = refunds.refund(order, {line.pk: 2}, user=operator, reason="Produsen sakit")

    line.refresh_from_db()
    assert refund.status == Refund.Status.DONE
    assert line.status == "Cancelled"
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.num_allocated) == (5, 0)
    # Everything refunded: the delivery fee too, once.
    assert refund.amount == order.total_incl_tax
    [at_stripe] = refunded_at_stripe(stripe_server, payment)
    assert at_stripe["amount"] == cards.to_stripe_amount(order.total_incl_tax)
    with pytest.raises(refunds.PaymentError):
        refunds.refund(order, {line.pk: 1}, user=operator, reason="Lagi")


@pytest.mark.django_db
def test_a_refund_made_in_stripes_dashboard_is_recorded_once(ibun_client, stripe_server, product):
    order, payment = paid_card_order(ibun_client, stripe_server, product)
    made_there = sh.client(stripe_server).v1.refunds.create(
        params={"payment_intent": payment.stripe_payment_intent, "amount": 500_000}
    )

    event = sh.event_for(made_there.to_dict(), "refund.created", "evt_dashboard_refund")
    assert sh.deliver(ibun_client, event).status_code == 200
    assert sh.deliver(ibun_client, event).status_code == 200

    refund = Refund.objects.get()
    assert refund.status == Refund.Status.DONE
    assert refund.amount == Decimal(5000)
    assert refund.stripe_refund == made_there["id"]
    assert order.sources.get().amount_refunded == Decimal(5000)
    problems = [m.problem for m in reconcile.reconcile()]
    assert any("not assigned to any line" in problem for problem in problems)


@pytest.mark.django_db
def test_an_unpaid_card_order_expires_and_its_intent_is_cancelled(
    ibun_client, stripe_server, product
):
    add_to_basket(ibun_client, product, 2)
    checkout_as_guest(ibun_client, payment="card")
    payment = Payment.objects.get()
    intent = cards.current_intent(payment.pk)

    expired = expiry.expire_due(now=payment.expires_at + datetime.timedelta(minutes=1))

    assert expired == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    assert Order.objects.get().status == "Cancelled"
    retrieved = sh.client(stripe_server).v1.payment_intents.retrieve(intent["id"])
    assert retrieved["status"] == "canceled"
    assert StockRecord.objects.get(product=product).num_allocated == 0


@pytest.mark.django_db
def test_a_card_charged_at_the_last_moment_is_paid_not_expired(ibun_client, stripe_server, product):
    add_to_basket(ibun_client, product, 2)
    checkout_as_guest(ibun_client, payment="card")
    payment = Payment.objects.get()
    intent = cards.current_intent(payment.pk)
    sh.pay_directly(stripe_server, intent["id"])  # no webhook arrived yet

    expired = expiry.expire_due(now=payment.expires_at + datetime.timedelta(minutes=1))

    assert expired == 0
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert StockRecord.objects.get(product=product).num_allocated == 2


@pytest.mark.django_db
def test_reconciliation_is_clean_after_normal_business(ibun_client, stripe_server, product):
    paid_card_order(ibun_client, stripe_server, product)
    assert reconcile.reconcile() == []


@pytest.mark.django_db
def test_reconciliation_finds_a_charge_the_shop_never_heard_of(ibun_client, stripe_server, product):
    add_to_basket(ibun_client, product)
    checkout_as_guest(ibun_client, payment="card")
    order = Order.objects.get()
    payment = Payment.objects.get()
    sh.pay_directly(stripe_server, cards.current_intent(payment.pk)["id"])
    stranger = sh.client(stripe_server).v1.payment_intents.create(
        params={"amount": 100, "currency": "idr", "metadata": {"order_number": "999999"}}
    )

    problems = [str(m) for m in reconcile.reconcile()]

    assert any(order.number in p and "unpaid" in p for p in problems), problems
    assert any(stranger["id"] in p for p in problems), problems


@pytest.mark.django_db
def test_reconcile_command_exits_non_zero_on_a_mismatch(ibun_client, stripe_server, product):
    from django.core.management import call_command

    add_to_basket(ibun_client, product)
    checkout_as_guest(ibun_client, payment="card")
    payment = Payment.objects.get()
    sh.pay_directly(stripe_server, cards.current_intent(payment.pk)["id"])

    with pytest.raises(SystemExit) as exit_code:
        call_command("reconcile_payments")
    assert exit_code.value.code == 1

    payment.refresh_from_db()
    cards.finish(payment)  # the shop learns of the payment
    call_command("reconcile_payments")  # clean: returns normally


@pytest.mark.django_db
def test_a_charge_after_expiry_is_reported_for_a_refund_not_lost(
    client, ibun_client, stripe_server, product
):
    add_to_basket(ibun_client, product)
    checkout_as_guest(ibun_client, payment="card")
    order = Order.objects.get()
    payment = Payment.objects.get()
    intent = cards.current_intent(payment.pk)
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.EXPIRED)
    sh.pay_directly(stripe_server, intent["id"])
    [succeeded] = sh.events(stripe_server, "payment_intent.succeeded")

    assert sh.deliver(client, succeeded).status_code == 200

    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED, "an expired order is not revived"
    assert StripeEvent.objects.filter(pk=succeeded["id"]).exists()
    problems = [str(m) for m in reconcile.reconcile()]
    assert any(order.number in p and "unpaid" in p for p in problems), problems
