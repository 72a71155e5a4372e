"""Catalogue, category, product and home pages cost the same number of
queries whatever the size of the catalogue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from tests import factories
from tests.shopping import add_to_basket

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
        lambda product, category: "/catalogue/?q=produk+uji",
        lambda product, category: "/catalogue/?q=produk+uji&page=2",
        lambda product, category: category.get_absolute_url(),
        lambda product, category: product.get_absolute_url(),
        lambda product, category: "/",
        lambda product, category: "/produsen/",
        lambda product, category: product.producer.get_absolute_url(),
    ],
    ids=[
        "catalogue",
        "catalogue-page-2",
        "search",
        "search-page-2",
        "category",
        "product",
        "home",
        "producers",
        "producer",
    ],
)
def test_query_count_does_not_grow_with_the_catalogue(ibun_client, catalogue, url_for):
    producers, category = catalogue
    first = add_products(producers, category, 30)[0]
    small = queries_for(ibun_client, url_for(first, category))

    add_products(producers, category, 200)
    large = queries_for(ibun_client, url_for(first, category))

    assert large == small


@pytest.mark.django_db
def test_the_catalogue_counts_only_up_to_the_cap(ibun_client, catalogue, monkeypatch, settings):
    """Counting a province's every product for the page links grew with the
    catalogue: past catalog.listing.COUNT_CAP the page says "or more"."""
    from catalog import listing

    producers, category = catalogue
    add_products(producers, category, 7)
    settings.OSCAR_PRODUCTS_PER_PAGE = 2
    assert "7 produk" in ibun_client.get("/catalogue/").text

    monkeypatch.setattr(listing, "COUNT_CAP", 5)
    first = ibun_client.get("/catalogue/")
    assert "5 produk atau lebih" in first.text
    assert len(first.context["products"]) == 2
    # Pages run to the one holding the fifth product; later numbers land there.
    last = ibun_client.get("/catalogue/?page=9")
    assert last.status_code == 200 and last.context["page_obj"].number == 3
    assert len(last.context["products"]) == 1
    # A search below the cap keeps its exact count; one above says "or more".
    assert "produk atau lebih" not in ibun_client.get("/catalogue/?q=zzzz").text
    found = ibun_client.get("/catalogue/?q=produk+uji")
    assert "5 produk atau lebih" in found.text
    assert len(found.context["products"]) == 2
    assert found.context["page_obj"].paginator.num_pages == 3


def queries_to_add(client, product):
    with CaptureQueriesContext(connection) as captured:
        response = add_to_basket(client, product)
    assert response.status_code == 302
    return len(captured)


@pytest.mark.django_db
def test_the_basket_costs_the_same_queries_for_one_line_or_many_producers(ibun_client, catalogue):
    """storefront.basket loads each line with its product's class, producer
    and stock records: Oscar's own basket made three more queries per line."""
    producers, category = catalogue
    products = add_products(producers, category, 8)
    add_to_basket(ibun_client, products[0])
    one_line = queries_for(ibun_client, "/basket/")
    add_to_one_line = queries_to_add(ibun_client, products[1])

    for product in products[2:6]:  # lines from all four producers
        add_to_basket(ibun_client, product)
    many_lines = queries_for(ibun_client, "/basket/")
    add_to_many_lines = queries_to_add(ibun_client, products[6])

    assert len(ibun_client.get("/basket/").context["basket"].all_lines()) == 7
    assert many_lines == one_line
    assert add_to_many_lines == add_to_one_line
