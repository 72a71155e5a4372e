"""Each public list costs the same number of queries with 5 objects or 60,
and with a page of 10 or of 50 (see tests/test_query_counts.py)."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from storefront.models import ContentPage, StoryPage
from tests import factories

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
ProducerGroup = get_model("partner", "ProducerGroup")

counter = itertools.count()


def queries_for(client, url):
    client.get(url)  # warm caches such as Wagtail's site root paths
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    return len(captured), len(response.json()["items"])


@pytest.fixture
def world(ibun, other_shop):
    group = ProducerGroup.objects.create(name="KWT Uji", village=factories.VillageFactory())
    producers = [
        factories.ProducerFactory(site=ibun, group=group),
        factories.ProducerFactory(site=ibun, photo="producers/uji.jpg"),
        factories.ProducerFactory(
            site=ibun,
            on_holiday=True,
            holiday_until=timezone.localdate() + datetime.timedelta(days=2),
        ),
        factories.ProducerFactory(site=other_shop),
    ]
    food = Category.add_root(name="Makanan")
    snacks = food.add_child(name="Keripik")
    return {"ibun": ibun, "producers": producers, "food": food, "snacks": snacks}


def add_products(world, count):
    for _ in range(count):
        n = next(counter)
        made_to_order = n % 3 == 0
        product = factories.ProductFactory(
            producer=world["producers"][n % len(world["producers"])],
            title=f"Keripik Uji {n}",
            stock=n % 4,
            stock__price=10000 + 1000 * n,
            fulfilment=Product.Fulfilment.MADE_TO_ORDER if made_to_order else "stock",
            lead_time_days=2 if made_to_order else 0,
            weekly_capacity=5 if made_to_order and n % 2 else None,
        )
        ProductCategory.objects.create(product=product, category=world["snacks"])
        for order in range(2):
            ProductImage.objects.create(
                product=product, original=f"products/uji-{n}-{order}.jpg", display_order=order
            )


def add_producers(world, count):
    for _ in range(count):
        n = next(counter)
        producer = factories.ProducerFactory(site=world["ibun"], photo=f"producers/{n}.jpg")
        factories.ProductFactory(producer=producer)


def add_categories(world, count):
    for _ in range(count):
        n = next(counter)
        parent = Category.objects.get(pk=world["food"].pk).add_child(name=f"Jenis {n}")
        child = Category.objects.get(pk=parent.pk).add_child(name=f"Rasa {n}")
        product = factories.ProductFactory(producer=world["producers"][0])
        ProductCategory.objects.create(product=product, category=child)


def add_shops(world, count):
    for _ in range(count):
        n = next(counter)
        factories.make_shop(f"toko{n}.localhost", f"Toko {n}", whatsapp="081200000111")


def add_pages(world, count):
    home = world["ibun"].root_page.specific
    for _ in range(count):
        n = next(counter)
        if n % 2:
            page = StoryPage(title=f"Cerita {n}", slug=f"cerita-{n}", intro="Cerita.")
        else:
            page = ContentPage(title=f"Halaman {n}", slug=f"halaman-{n}", intro="<p>Isi.</p>")
        home.add_child(instance=page).save_revision().publish()


LISTS = {
    "shops": ("/shops?", add_shops),
    "categories": ("/categories?", add_categories),
    "categories-of-a-shop": ("/categories?shop={ibun}&", add_categories),
    "products": ("/products?", add_products),
    "products-filtered": (
        "/products?shop={ibun}&category={food}&available=true&min_price=1&sort=-price&",
        add_products,
    ),
    "products-search": ("/products?q=keripik&", add_products),
    "producers": ("/producers?", add_producers),
    "producers-of-a-shop": ("/producers?shop={ibun}&", add_producers),
    "pages": ("/pages?", add_pages),
    "pages-stories": ("/pages?type=story&shop={ibun}&", add_pages),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_lists_cost_the_same_queries_whatever_their_size(api_client, world, name):
    path, add = LISTS[name]
    path = "/api/v1" + path.format(ibun=world["ibun"].pk, food=world["food"].pk)

    def measure():
        return [queries_for(api_client, f"{path}page_size={size}") for size in (10, 50)]

    add(world, 5)
    small = measure()
    add(world, 55)
    large = measure()

    counts = {queries for queries, _items in small + large}
    assert len(counts) == 1, f"{name}: {small} then {large} (queries, items)"
    # The lists really grew and were cut to the page size.
    assert large[0][1] == 10 and large[1][1] > small[1][1], (small, large)


@pytest.mark.django_db
def test_a_page_has_20_items_unless_asked(api_client, world):
    add_products(world, 25)
    assert queries_for(api_client, "/api/v1/products")[1] == 20
