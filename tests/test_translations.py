"""Pages rendered in Bahasa Indonesia have no English left in them."""

import pytest

from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from tests.untranslated import english_only_msgids, untranslated_strings


def test_the_catalogue_has_translations_to_check():
    assert "Basket" in english_only_msgids()
    assert len(english_only_msgids()) > 150


@pytest.fixture
def shop_with_order(ibun_client, ibun):
    producer = factories.ProducerFactory(site=ibun, name="Sulam Bu Uji")
    product = factories.ProductFactory(producer=producer, title="Kerudung Sulam", stock=4)
    add_to_basket(ibun_client, product)
    response = checkout_as_guest(ibun_client, payment="bank-transfer")
    return product, producer, response["Location"]


@pytest.mark.django_db
def test_shopper_pages_are_fully_indonesian(ibun_client, shop_with_order):
    product, producer, thank_you = shop_with_order
    add_to_basket(ibun_client, product)
    pages = [
        "/",
        "/catalogue/",
        "/catalogue/?q=tidakadayangcocok",
        product.get_absolute_url(),
        "/produsen/",
        producer.get_absolute_url(),
        "/basket/",
        "/pesanan/",
        "/tidak-ada/",
        thank_you,
    ]
    for url in pages:
        response = ibun_client.get(url)
        assert response.status_code in (200, 404), url
        assert untranslated_strings(response.content.decode()) == [], url


@pytest.mark.django_db
def test_the_check_does_see_english(ibun_client, shop_with_order):
    """The same page in English is full of msgids: the check is not blind."""
    ibun_client.cookies["django_language"] = "en"
    found = untranslated_strings(ibun_client.get("/catalogue/").content.decode())
    assert "All products" in found
