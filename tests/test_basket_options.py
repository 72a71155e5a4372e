"""Adding to the basket reads whether a product has options from two
annotations (storefront.basket.views) and skips reading them when it has
none: a product that has them still gets them on its basket line."""

import pytest
from oscar.core.loading import get_model

from tests import factories
from tests.shopping import add_to_basket

Option = get_model("catalogue", "Option")


def only_line(client):
    return client.get("/basket/").context["basket"].all_lines()[0]


@pytest.mark.django_db
def test_an_option_of_the_product_class_is_kept_on_the_line(ibun_client, ibun):
    product = factories.ProductFactory(producer=factories.ProducerFactory(site=ibun), stock=5)
    colour = Option.objects.create(name="Warna", code="warna", type=Option.TEXT)
    product.product_class.options.add(colour)

    response = ibun_client.post(f"/basket/add/{product.pk}/", {"quantity": 1, "warna": "Merah"})

    assert response.status_code == 302
    assert [(a.option.code, a.value) for a in only_line(ibun_client).attributes.all()] == [
        ("warna", "Merah")
    ]


@pytest.mark.django_db
def test_an_option_of_the_product_itself_is_kept_on_the_line(ibun_client, ibun):
    product = factories.ProductFactory(producer=factories.ProducerFactory(site=ibun), stock=5)
    size = Option.objects.create(name="Ukuran", code="ukuran", type=Option.TEXT)
    product.product_options.add(size)

    ibun_client.post(f"/basket/add/{product.pk}/", {"quantity": 1, "ukuran": "L"})

    assert [a.value for a in only_line(ibun_client).attributes.all()] == ["L"]


@pytest.mark.django_db
def test_a_product_without_options_gets_a_plain_line(ibun_client, ibun):
    product = factories.ProductFactory(producer=factories.ProducerFactory(site=ibun), stock=5)

    assert add_to_basket(ibun_client, product, quantity=2).status_code == 302

    line = only_line(ibun_client)
    assert (line.product, line.quantity, list(line.attributes.all())) == (product, 2, [])
