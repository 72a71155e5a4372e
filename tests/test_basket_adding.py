"""A basket saved by the add itself keeps the line it was given instead of
reading it back (storefront.basket.models.Basket.add_product) and is not
asked for vouchers (storefront.offer.applicator): the totals and offers
must come out exactly as when everything is read from the database."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.apps.offer.models import Benefit
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_offer

from tests import factories
from tests.shopping import add_to_basket

Basket = get_model("basket", "Basket")
Applicator = get_class("offer.applicator", "Applicator")
Selector = get_class("partner.strategy", "Selector")


@pytest.fixture
def producer(ibun):
    return factories.ProducerFactory(site=ibun)


@pytest.fixture
def fifteen_percent_off():
    offer = create_offer(name="Diskon 15%")
    Benefit.objects.filter(pk=offer.benefit_id).update(type=Benefit.PERCENTAGE, value=15)
    return offer


def messages_after_adding(client, product):
    response = client.post(f"/basket/add/{product.pk}/", {"quantity": 1}, follow=True)
    assert response.status_code == 200
    return " ".join(str(message) for message in response.context["messages"])


def new_basket():
    basket = Basket()
    basket.strategy = Selector().strategy()
    return basket


@pytest.mark.django_db
def test_the_first_add_reads_no_lines_and_no_vouchers(ibun_client, producer):
    product = factories.ProductFactory(producer=producer, stock=5)

    with CaptureQueriesContext(connection) as captured:
        response = add_to_basket(ibun_client, product)

    assert response.status_code == 302
    reads = [query["sql"] for query in captured if query["sql"].startswith("SELECT")]
    # One look for a line of the same product, made by Oscar's get_or_create.
    assert sum('FROM "basket_line"' in sql for sql in reads) == 1
    assert not any("voucher" in sql for sql in reads)
    assert [line.quantity for line in Basket.objects.get().all_lines()] == [1]


@pytest.mark.django_db
def test_the_new_total_after_the_first_add_has_the_offer_once(
    ibun_client, producer, fifteen_percent_off
):
    product = factories.ProductFactory(producer=producer, stock=5, stock__price=20000)

    response = add_to_basket(ibun_client, product)

    basket = response.wsgi_request.basket
    assert list(basket.applied_offers()) == [fifteen_percent_off.pk]
    assert basket.total_incl_tax == Decimal(17000)
    text = " ".join(str(message) for message in ibun_client.get("/basket/").context["messages"])
    assert "Rp17.000" in text.replace("\xa0", "").replace(" ", "")


@pytest.mark.django_db
def test_adding_to_a_basket_from_before_reads_its_lines_again(
    ibun_client, producer, fifteen_percent_off
):
    first = factories.ProductFactory(producer=producer, stock=5, stock__price=20000)
    second = factories.ProductFactory(producer=producer, stock=5, stock__price=10000)
    add_to_basket(ibun_client, first)

    text = messages_after_adding(ibun_client, second)

    assert "Rp25.500" in text.replace("\xa0", "").replace(" ", "")  # 85% of 30.000


@pytest.mark.django_db
def test_a_second_add_to_the_same_new_basket_sees_both_lines(producer):
    first = factories.ProductFactory(producer=producer, stock=5, stock__price=20000)
    second = factories.ProductFactory(producer=producer, stock=5, stock__price=10000)
    basket = new_basket()

    basket.add_product(first)
    basket.add_product(second, 2)
    basket.add_product(first)
    basket.reset_offer_applications()

    assert sorted((line.product_id, line.quantity) for line in basket.all_lines()) == sorted(
        [(first.pk, 2), (second.pk, 2)]
    )
    assert basket.total_incl_tax == Decimal(60000)


@pytest.mark.django_db
def test_a_flushed_new_basket_is_empty(producer):
    basket = new_basket()
    basket.add_product(factories.ProductFactory(producer=producer, stock=5))

    basket.flush()
    basket.reset_offer_applications()

    assert basket.is_empty and list(basket.all_lines()) == []


@pytest.mark.django_db
def test_applying_the_offers_again_to_kept_lines_discounts_them_once(producer, fifteen_percent_off):
    product = factories.ProductFactory(producer=producer, stock=5, stock__price=20000)
    basket = new_basket()
    (line, _) = basket.add_product(product)

    for _ in range(2):  # the basket view, then the new-total message
        basket.reset_offer_applications()
        Applicator().apply(basket)

    assert basket.all_lines()[0] is line
    assert list(basket.applied_offers()) == [fifteen_percent_off.pk]
    assert line.discount_value == Decimal(3000)
    assert basket.total_incl_tax == Decimal(17000)
