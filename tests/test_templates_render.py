"""The desa theme's shopper pages render, without JS, with the key text."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories
from tests.shopping import ADDRESS, add_to_basket, checkout_as_guest

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Order = get_model("order", "Order")

# Structured data for search engines (storefront.seo) is not a script that runs.
JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>')


@pytest.fixture
def producer(ibun):
    return factories.ProducerFactory(
        site=ibun,
        name="Keripik Ceu Uji",
        story="Keripik sejak 2015.\n\nResep nenek.",
        whatsapp="0812000111",
        whatsapp_public=True,
    )


@pytest.fixture
def product(producer):
    return factories.ProductFactory(
        title="Keripik Singkong Pedas", producer=producer, stock=5, stock__price=25000
    )


@pytest.fixture
def category(product):
    category = Category.add_root(name="Makanan Ringan", slug="makanan-ringan", is_public=True)
    ProductCategory.objects.create(product=product, category=category)
    return category


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:3000]
    html = response.content.decode()
    assert "desa/site.css" in html
    assert "<script" not in JSON_LD.sub("", html)
    return html


@pytest.mark.django_db
def test_home_shows_shop_products_and_producers(ibun_client, product):
    html = page(ibun_client, "/")
    assert "Ibun Store" in html
    assert "Keripik Singkong Pedas" in html
    assert "25.000" in html
    assert "Keripik Ceu Uji" in html
    assert 'name="language" value="en"' in html
    assert 'action="/catalogue/"' in html or reverse("catalogue:index") in html


@pytest.mark.django_db
def test_catalogue_browse_and_search(ibun_client, product):
    html = page(ibun_client, reverse("catalogue:index"))
    assert "Keripik Singkong Pedas" in html
    assert "25.000" in html
    assert product.producer.village.name in html


@pytest.mark.django_db
def test_category_page(ibun_client, category):
    html = page(ibun_client, category.get_absolute_url())
    assert "Makanan Ringan" in html
    assert "Keripik Singkong Pedas" in html


@pytest.mark.django_db
def test_product_detail_has_add_to_basket_form(ibun_client, product):
    html = page(ibun_client, product.get_absolute_url())
    assert "Keripik Singkong Pedas" in html
    assert "25.000" in html
    assert reverse("basket:add", kwargs={"pk": product.pk}) in html
    assert 'name="quantity"' in html
    assert "Keripik Ceu Uji" in html
    assert product.producer.village.name in html


@pytest.mark.django_db
def test_producer_list_and_detail(ibun_client, product):
    producer = product.producer
    html = page(ibun_client, reverse("vendors:producer-list"))
    assert "Keripik Ceu Uji" in html
    html = page(ibun_client, producer.get_absolute_url())
    assert "Resep nenek." in html
    assert "https://wa.me/62812000111" in html
    assert "Keripik Singkong Pedas" in html


@pytest.mark.django_db
def test_basket_without_js(ibun_client, product):
    html = page(ibun_client, reverse("basket:summary"))
    assert "Basket" in html or "Keranjang" in html
    add_to_basket(ibun_client, product, quantity=2)
    html = page(ibun_client, reverse("basket:summary"))
    assert "Keripik Singkong Pedas" in html
    assert "form-0-quantity" in html
    assert reverse("checkout:index") in html
    assert "50.000" in html


@pytest.mark.django_db
def test_order_lookup_form_and_errors(ibun_client):
    html = page(ibun_client, reverse("order-lookup"))
    assert 'name="number"' in html and 'name="email"' in html
    response = ibun_client.post(
        reverse("order-lookup"), {"number": "999", "email": "x@contoh.test"}
    )
    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode()


@pytest.mark.django_db
def test_checkout_pages_and_transfer_instructions(ibun_client, product):
    add_to_basket(ibun_client, product)
    response = checkout_as_guest(ibun_client, payment="bank-transfer", shipping="delivery-village")
    assert response.status_code == 302
    order = Order.objects.get()
    html = page(ibun_client, response["Location"])
    assert order.number in html
    transfer = order.payment
    assert f"{transfer.unique_code:03d}" in html
    assert transfer.account_number in html
    kwargs = {"order_number": order.number, "hash": order.verification_hash()}
    # Oscar asks for the order's email before showing a guest order.
    form = page(ibun_client, reverse("customer:anon-order-form", kwargs=kwargs))
    assert 'name="email"' in form
    ibun_client.post(
        reverse("customer:anon-order-form", kwargs=kwargs), {"email": "pembeli@contoh.test"}
    )
    status = page(ibun_client, reverse("customer:anon-order", kwargs=kwargs))
    assert order.number in status
    assert transfer.account_number in status
    assert f"{transfer.unique_code:03d}" in status


@pytest.mark.django_db
def test_payment_method_page_lists_methods(ibun_client, product):
    add_to_basket(ibun_client, product)
    html = page(ibun_client, reverse("checkout:index"))
    assert 'name="username"' in html
    ibun_client.post("/checkout/", {"username": "a@contoh.test", "options": "anonymous"})
    html = page(ibun_client, reverse("checkout:shipping-address"))
    assert 'name="line1"' in html
    ibun_client.post("/checkout/shipping-address/", ADDRESS)
    html = page(ibun_client, reverse("checkout:shipping-method"))
    assert 'name="method_code"' in html
    ibun_client.post("/checkout/shipping-method/", {"method_code": "pickup"})
    html = page(ibun_client, reverse("checkout:payment-method"))
    assert 'value="cod"' in html and 'name="method"' in html
    ibun_client.post(reverse("checkout:payment-method"), {"method": "cod"})
    html = page(ibun_client, reverse("checkout:preview"))
    assert 'value="place_order"' in html


@pytest.mark.django_db
def test_404_page(ibun_client):
    html = page(ibun_client, "/produsen/tidak-ada/", status=404)
    assert "Ibun Store" in html


@pytest.mark.django_db
def test_unknown_shop(client, portal):
    response = client.get("/", HTTP_HOST="salah.localhost")
    assert response.status_code == 404
    assert "salah.localhost" in response.content.decode()


def test_500_renders_without_context():
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "<html" in html and "{%" not in html
