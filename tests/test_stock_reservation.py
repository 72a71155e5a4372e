"""Placing an order reserves its stock, or a share of a made-to-order
product's weekly capacity; the second shopper for the last unit places
nothing and reads why. (The same race with 50 shoppers at once runs on
PostgreSQL in tests/postgres.)"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model

from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from vendors import fulfilment, stock

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def shopper():
    return Client(HTTP_HOST="ibun.localhost")


def ready_to_place(client, product, quantity=1, payment="cod"):
    """Walk the checkout up to the preview, as checkout_as_guest does, but
    without placing: returns a function that places the order."""
    add_to_basket(client, product, quantity)
    response = checkout_as_guest(client, payment=payment)
    return response


@pytest.fixture
def producer(ibun):
    return factories.ProducerFactory(site=ibun, name="Keripik Bu Uji")


@pytest.mark.django_db
def test_the_last_unit_goes_to_the_first_order_only(producer):
    product = factories.ProductFactory(producer=producer, stock=1)
    first, second = shopper(), shopper()
    add_to_basket(first, product)
    add_to_basket(second, product)  # both baskets hold the last unit

    assert checkout_as_guest(first).status_code == 302
    response = checkout_as_guest(second)

    assert Order.objects.count() == 1
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.num_allocated) == (1, 1)
    assert response.status_code in (200, 302)
    page = second.get(response["Location"]) if response.status_code == 302 else response
    text = page.content.decode()
    assert "habis" in text or "tidak tersedia" in text.lower(), text[:3000]


@pytest.mark.django_db
def test_reserve_basket_refuses_more_than_is_left(producer):
    product = factories.ProductFactory(producer=producer, title="Rengginang", stock=3)
    StockRecord.objects.filter(product=product).update(num_allocated=2)
    basket = _basket_with(product, 2)

    with pytest.raises(stock.NotEnoughStock) as refused:
        stock.reserve_basket(basket)

    assert "1" in refused.value.message and "Rengginang" in refused.value.message
    assert StockRecord.objects.get(product=product).num_allocated == 2, "nothing reserved"


@pytest.mark.django_db
def test_made_to_order_respects_the_weekly_capacity(producer):
    product = factories.ProductFactory(producer=producer, title="Tas Rajut", stock=0)
    Product.objects.filter(pk=product.pk).update(
        fulfilment=Product.Fulfilment.MADE_TO_ORDER, lead_time_days=5, weekly_capacity=3
    )
    StockRecord.objects.filter(product=product).update(num_in_stock=None)
    product.refresh_from_db()

    assert checkout_as_guest(_client_with(product, 2)).status_code == 302
    assert stock.capacity_left(product) == 1
    # 2 more than this week allows: nothing placed.
    checkout_as_guest(_client_with(product, 2))
    assert Order.objects.count() == 1
    # The one left can be had.
    assert checkout_as_guest(_client_with(product, 1)).status_code == 302
    assert stock.capacity_left(product) == 0
    assert Order.objects.count() == 2

    # Cancelling gives the week's capacity back, once.
    line = Line.objects.filter(product=product).order_by("pk").first()
    fulfilment.change_status(line, fulfilment.CANCELLED, None, note="Tidak jadi")
    assert stock.capacity_left(product) == 2
    with pytest.raises(fulfilment.FulfilmentError):
        fulfilment.change_status(line, fulfilment.CANCELLED, None, note="Lagi")
    assert stock.capacity_left(product) == 2


@pytest.mark.django_db
def test_a_new_week_brings_new_capacity(producer):
    product = factories.ProductFactory(producer=producer, stock=0)
    Product.objects.filter(pk=product.pk).update(
        fulfilment=Product.Fulfilment.MADE_TO_ORDER, lead_time_days=3, weekly_capacity=2
    )
    product.refresh_from_db()
    checkout_as_guest(_client_with(product, 2))
    assert stock.capacity_left(product) == 0
    next_week = timezone.now() + datetime.timedelta(days=7)
    assert stock.capacity_left(product, now=next_week) == 2


@pytest.mark.django_db
def test_a_fully_booked_product_says_so_and_cannot_be_added(producer, ibun_client):
    product = factories.ProductFactory(producer=producer, title="Kue Pesanan", stock=0)
    Product.objects.filter(pk=product.pk).update(
        fulfilment=Product.Fulfilment.MADE_TO_ORDER, lead_time_days=2, weekly_capacity=1
    )
    product.refresh_from_db()
    checkout_as_guest(_client_with(product, 1))

    page = ibun_client.get(product.get_absolute_url()).content.decode()
    assert "minggu ini" in page.lower()  # "fully booked this week"
    add_to_basket(ibun_client, product)
    basket = ibun_client.get("/basket/")
    assert "Kue Pesanan" not in basket.content.decode().split("<main", 1)[-1].split("</main>")[0]


@pytest.mark.django_db
def test_cancelling_returns_stock_exactly_once(producer):
    product = factories.ProductFactory(producer=producer, stock=2)
    checkout_as_guest(_client_with(product, 2))
    line = Line.objects.get(product=product)
    assert StockRecord.objects.get(product=product).num_allocated == 2

    fulfilment.change_status(line, fulfilment.CANCELLED, None, note="Habis")
    with pytest.raises(fulfilment.FulfilmentError):
        fulfilment.change_status(line, fulfilment.CANCELLED, None, note="Habis lagi")

    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.num_allocated) == (2, 0)


def _client_with(product, quantity):
    client = shopper()
    add_to_basket(client, product, quantity)
    return client


def _basket_with(product, quantity):
    from oscar.core.loading import get_class

    Basket = get_model("basket", "Basket")
    Selector = get_class("partner.strategy", "Selector")
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    return basket
