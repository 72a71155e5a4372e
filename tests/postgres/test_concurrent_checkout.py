"""Shoppers racing for the last unit on PostgreSQL, many app threads at once.

Fifty shoppers each have the last unit in their basket and press "Place
order" at the same moment, each request on its own thread and database
connection, as on several app servers: exactly one order is placed, the
stock is allocated once, and every other shopper is told it sold out. The
same holds for the last slot of a made-to-order product's weekly capacity,
and for cancelling one order line from many threads at once.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from oscar.core.loading import get_model

from tests import factories
from tests.shopping import ADDRESS, add_to_basket
from vendors import fulfilment

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

SHOPPERS = 50


def at_the_preview(product, index):
    """A shopper who has the product in her basket and every checkout step
    done but the last."""
    client = Client(HTTP_HOST="ibun.localhost")
    add_to_basket(client, product)
    steps = [
        ("/checkout/", {"username": f"pembeli{index}@contoh.test", "options": "anonymous"}),
        ("/checkout/shipping-address/", ADDRESS),
        ("/checkout/shipping-method/", {"method_code": "pickup"}),
        ("/checkout/payment-method/", {"method": "cod"}),
    ]
    for url, data in steps:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:500])
    return client


def all_place_at_once(clients):
    """Every client posts "place order" at the same moment; returns the
    status codes."""
    start = threading.Barrier(len(clients), timeout=60)

    def place(client):
        try:
            start.wait()
            return client.post("/checkout/preview/", {"action": "place_order"}).status_code
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(place, clients))


@pytest.fixture
def producer(ibun):
    return factories.ProducerFactory(site=ibun, name="Dodol Bu Uji")


@pytest.mark.django_db(transaction=True)
def test_fifty_shoppers_for_the_last_unit_make_exactly_one_order(producer):
    product = factories.ProductFactory(producer=producer, stock=1, stock__price=15000)
    clients = [at_the_preview(product, index) for index in range(SHOPPERS)]

    statuses = all_place_at_once(clients)

    assert Order.objects.count() == 1
    assert Line.objects.filter(product=product).count() == 1
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.num_allocated) == (1, 1)
    assert statuses.count(302) >= 1
    assert all(status in (200, 302) for status in statuses), "nobody gets a server error"
    placed = [c for c in clients if "checkout_order_id" in c.session]
    assert len(placed) == 1, "one shopper got the thank-you page"


@pytest.mark.django_db(transaction=True)
def test_fifty_shoppers_for_the_last_capacity_slot_make_exactly_one_order(producer):
    product = factories.ProductFactory(producer=producer, stock=0, stock__price=50000)
    Product.objects.filter(pk=product.pk).update(
        fulfilment=Product.Fulfilment.MADE_TO_ORDER, lead_time_days=7, weekly_capacity=1
    )
    StockRecord.objects.filter(product=product).update(num_in_stock=None)
    product.refresh_from_db()
    clients = [at_the_preview(product, index) for index in range(SHOPPERS)]

    statuses = all_place_at_once(clients)

    assert Order.objects.count() == 1
    assert Line.objects.filter(product=product).count() == 1
    assert all(status in (200, 302) for status in statuses)


@pytest.mark.django_db(transaction=True)
def test_cancelling_a_line_from_many_threads_returns_its_stock_once(producer):
    product = factories.ProductFactory(producer=producer, stock=5)
    client = at_the_preview(product, 0)
    assert client.post("/checkout/preview/", {"action": "place_order"}).status_code == 302
    line = Line.objects.get(product=product)
    assert StockRecord.objects.get(product=product).num_allocated == 1
    start = threading.Barrier(10, timeout=60)

    def cancel(_):
        try:
            start.wait()
            fulfilment.change_status(line, fulfilment.CANCELLED, None, note="Habis")
            return "cancelled"
        except fulfilment.FulfilmentError:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(cancel, range(10)))

    assert outcomes.count("cancelled") == 1
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.num_allocated) == (5, 0)
