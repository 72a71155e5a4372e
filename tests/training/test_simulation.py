"""Practice orders: placed like real ones in the trainee's practice shop, she
fulfils them in her portal to Delivered and answers the buyer, and they owe
nobody anything nor email anyone."""

import random

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext
from oscar.core.loading import get_model

from storefront.payment import confirmation
from tests import factories
from tests.training.cohort_world import (
    client_for,
    enrol,
    make_cohort,
    make_instructor,
    practice_product,
)
from training import simulation
from training.models import SimulatedOrder
from vendors import fulfilment

Order = get_model("order", "Order")
Line = get_model("order", "Line")
LedgerEntry = get_model("partner", "LedgerEntry")
Payment = get_model("payment", "Payment")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def instructor(db):
    return make_instructor()


@pytest.fixture
def cohort(ibun, instructor):
    return make_cohort(ibun, instructor)


@pytest.fixture
def euis(cohort):
    (item,) = enrol(cohort, "Euis Komariah, 0812-3456-7890")
    return item


@pytest.fixture
def product(euis):
    return practice_product(euis, title="Rengginang Ketan Latihan", stock=4, price=15000)


def simulate_url(cohort):
    return reverse("training:simulate-order", kwargs={"pk": cohort.pk})


def test_the_order_waits_in_her_portal_as_a_new_order(cohort, euis, product, instructor):
    response = client_for(instructor).post(simulate_url(cohort), {"enrolment": euis.pk})
    assert response.status_code == 302

    simulated = SimulatedOrder.objects.get()
    order = simulated.order
    assert simulated.enrolment == euis and simulated.created_by == instructor
    # In the instructor's language when she gave the order.
    assert simulated.question in [gettext(q) for q in simulation.QUESTIONS]
    (line,) = order.lines.all()
    assert line.partner == euis.practice_producer and line.product == product
    assert line.status == fulfilment.NEW
    assert order.shipping_address.first_name in simulation.BUYERS
    # Stock is reserved as for a real order.
    assert StockRecord.objects.get(product=product).num_allocated == 1

    her = client_for(euis.trainee)
    listing = her.get(
        reverse("portal:order-list", kwargs={"producer": euis.practice_producer.code})
    )
    assert order.number in listing.content.decode()
    detail = her.get(
        reverse(
            "portal:order-detail",
            kwargs={"producer": euis.practice_producer.code, "number": order.number},
        )
    ).content.decode()
    assert simulated.question in detail
    assert (
        reverse(
            "portal:order-answer",
            kwargs={"producer": euis.practice_producer.code, "number": order.number},
        )
        in detail
    )
    # Her real shop has no such order.
    real = her.get(reverse("portal:order-list", kwargs={"producer": euis.producer.code}))
    assert order.number not in real.content.decode()


def test_she_fulfils_it_to_delivered_with_no_ledger_entry_nor_email(
    cohort, euis, product, instructor, django_capture_on_commit_callbacks
):
    operator = factories.UserFactory(is_staff=True)
    (simulated,) = simulation.simulate([euis], instructor, rng=random.Random(1))[0]
    order = simulated.order
    line = order.lines.get()
    her = client_for(euis.trainee)
    url = reverse(
        "portal:order-line-status",
        kwargs={
            "producer": euis.practice_producer.code,
            "number": order.number,
            "line_id": line.pk,
        },
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for step in (
            fulfilment.CONFIRMED,
            fulfilment.PACKED,
            fulfilment.READY_FOR_PICKUP,
            fulfilment.DELIVERED,
        ):
            response = her.post(url, {"status": step})
            assert response.status_code == 302
            line.refresh_from_db()
            assert line.status == step
        payment = Payment.objects.get(order=order)
        confirmation.confirm_cash(payment.pk, operator, Payment.CashHolder.PRODUCERS)

    order.refresh_from_db()
    assert order.status == fulfilment.COMPLETE
    assert StockRecord.objects.get(product=product).num_in_stock == 3
    assert not LedgerEntry.objects.exists()
    assert [message.to for message in mail.outbox] == []


def test_practice_shops_are_not_in_the_operators_balance_list(euis, product, instructor):
    simulation.simulate_one(euis, instructor)
    operator = factories.UserFactory(is_staff=True, is_superuser=True)
    page = client_for(operator).get(reverse("dashboard:ledger-balances")).content.decode()
    assert euis.producer.name in page
    assert euis.practice_producer.name not in page


def test_a_trainee_with_nothing_to_buy_is_named_and_gets_no_order(
    cohort, euis, product, instructor
):
    (imas,) = enrol(cohort, "Imas Sulastri, 0812-3456-7891")
    hidden = practice_product(imas, title="Tas Rajut Tersembunyi")
    hidden.is_public = False  # a hidden draft does not count
    hidden.save()
    client = client_for(instructor)
    client.cookies["django_language"] = "en"
    response = client.post(simulate_url(cohort), {"enrolment": "all"}, follow=True)

    page = response.content.decode()
    assert "Imas Sulastri has no practice product that can be bought yet" in page
    assert SimulatedOrder.objects.filter(enrolment=euis).count() == 1
    assert not SimulatedOrder.objects.filter(enrolment=imas).exists()
    assert not Line.objects.filter(partner=imas.practice_producer).exists()


def test_sold_out_practice_products_cannot_be_ordered(cohort, euis, instructor):
    practice_product(euis, stock=0)
    with pytest.raises(simulation.SimulationError) as error:
        simulation.simulate_one(euis, instructor)
    assert "Euis Komariah" in error.value.message
    assert not Order.objects.exists()


def test_she_answers_the_buyer_in_the_portal(euis, product, instructor):
    simulated = simulation.simulate_one(euis, instructor)
    her = client_for(euis.trainee)
    url = reverse(
        "portal:order-answer",
        kwargs={"producer": euis.practice_producer.code, "number": simulated.order.number},
    )
    response = her.post(url, {"answer": "Masih ada, Bu. Bisa diambil Sabtu sore."})
    assert response.status_code == 302
    simulated.refresh_from_db()
    assert simulated.answer == "Masih ada, Bu. Bisa diambil Sabtu sore."
    assert simulated.answered_at is not None
    # An empty answer changes nothing.
    her.post(url, {"answer": "   "})
    simulated.refresh_from_db()
    assert simulated.answer == "Masih ada, Bu. Bisa diambil Sabtu sore."


def test_nobody_else_answers_for_her(cohort, euis, product, instructor):
    (imas,) = enrol(cohort, "Imas Sulastri, 0812-3456-7891")
    simulated = simulation.simulate_one(euis, instructor)
    for user, shop in (
        (imas.trainee, euis.practice_producer),  # another trainee, on Euis's shop
        (imas.trainee, imas.practice_producer),  # another trainee, Euis's order
        (euis.trainee, euis.producer),  # her own real shop is not where the order is
    ):
        url = reverse(
            "portal:order-answer",
            kwargs={"producer": shop.code, "number": simulated.order.number},
        )
        assert client_for(user).post(url, {"answer": "diretas"}).status_code == 404
    simulated.refresh_from_db()
    assert simulated.answer == ""


def test_the_practice_orders_page_runs_a_fixed_number_of_queries(
    cohort, euis, product, instructor, django_assert_max_num_queries
):
    for _n in range(3):
        simulation.simulate_one(euis, instructor)
    client = client_for(instructor)
    with django_assert_max_num_queries(16):
        response = client.get(simulate_url(cohort))
    assert response.content.decode().count("Rengginang Ketan Latihan") == 3
