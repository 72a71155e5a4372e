"""Catalogue, category, product and home pages cost the same number of
queries whatever the size of the catalogue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from tests import factories

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")


def queries_for(client, url):
    client.get(url)  # warm caches such as the session and basket
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def add_products(producers, category, count):
    products = []
    for index in range(count):
        product = factories.ProductFactory(producer=producers[index % len(producers)], stock=3)
        ProductCategory.objects.create(product=product, category=category)
        ProductImage.objects.create(product=product, original=f"products/demo-{index}.jpg")
        products.append(product)
    return products


@pytest.fixture
def catalogue(ibun):
    producers = [factories.ProducerFactory(site=ibun) for _ in range(4)]
    category = Category.add_root(name="Makanan & Camilan")
    return producers, category


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_for",
    [
        lambda product, category: "/catalogue/",
        lambda product, category: "/catalogue/?page=2",
        lambda product, category: category.get_absolute_url(),
        lambda product, category: product.get_absolute_url(),
        lambda product, category: "/",
        lambda product, category: "/produsen/",
        lambda product, category: product.producer.get_absolute_url(),
    ],
    ids=["catalogue", "catalogue-page-2", "category", "product", "home", "producers", "producer"],
)
def test_query_count_does_not_grow_with_the_catalogue(ibun_client, catalogue, url_for):
    producers, category = catalogue
    first = add_products(producers, category, 30)[0]
    small = queries_for(ibun_client, url_for(first, category))

    add_products(producers, category, 200)
    large = queries_for(ibun_client, url_for(first, category))

    assert large == small
