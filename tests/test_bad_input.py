"""Every mistake a shopper can make gets a clear message in her language
and changes nothing."""

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from oscar.core.loading import get_model

from storefront.views import server_error
from tests import factories
from tests.shopping import ADDRESS, add_to_basket

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Order = get_model("order", "Order")


@pytest.fixture
def product(ibun):
    return factories.ProductFactory(producer=factories.ProducerFactory(site=ibun), stock=3)


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_checkout_with_an_empty_basket_goes_back_to_the_basket(ibun_client):
    response = ibun_client.get("/checkout/", follow=True)
    assert response.redirect_chain[-1][0] == "/basket/"
    assert "Anda perlu menambahkan beberapa item ke keranjang" in response.content.decode()
    assert not Order.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("quantity", ["abc", "-1", "0", "", "100000", "4"])
def test_bad_quantities_add_nothing_to_the_basket(ibun_client, product, quantity):
    response = add_to_basket(ibun_client, product, quantity=quantity)
    assert response.status_code == 302
    assert message_texts(response), "the shopper is told what went wrong"
    assert not Line.objects.exists()


@pytest.mark.django_db
def test_a_quantity_beyond_stock_is_explained_in_bahasa(ibun_client, product):
    response = add_to_basket(ibun_client, product, quantity=4)
    texts = " ".join(message_texts(response))
    assert "3" in texts  # how many are left


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["123", "abcdefg", "+1 202 555", ""])
def test_invalid_phone_numbers_are_refused_with_a_clear_message(ibun_client, product, phone):
    add_to_basket(ibun_client, product)
    ibun_client.post("/checkout/", {"username": "a@contoh.test", "options": "anonymous"})
    response = ibun_client.post("/checkout/shipping-address/", {**ADDRESS, "phone_number": phone})
    assert response.status_code == 200
    errors = response.context["form"].errors["phone_number"]
    assert errors
    assert any("nomor" in error.lower() or "wajib" in error.lower() for error in errors), errors
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_a_missing_product_gets_the_friendly_404(ibun_client):
    response = ibun_client.get("/catalogue/tidak-ada_999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Traceback" not in page
    assert "Ibun Store" in page


@pytest.mark.django_db
def test_adding_a_missing_product_to_the_basket_is_a_404(ibun_client):
    response = ibun_client.post("/basket/add/999999/", {"quantity": 1})
    assert response.status_code == 404
    assert not Line.objects.exists()


@pytest.mark.django_db
def test_a_hidden_product_cannot_be_bought(ibun_client, product):
    product.is_public = False
    product.save()
    response = add_to_basket(ibun_client, product)
    assert response.status_code in (302, 404)
    assert not Line.objects.exists()


@pytest.mark.django_db
def test_placing_an_order_twice_places_it_once(ibun_client, product):
    from tests.shopping import checkout_as_guest

    add_to_basket(ibun_client, product)
    checkout_as_guest(ibun_client)
    again = ibun_client.post("/checkout/preview/", {"action": "place_order"})
    assert again.status_code == 302
    assert Order.objects.count() == 1


def test_the_500_page_needs_nothing_but_itself():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Traceback" not in page
    assert "<html" in page
