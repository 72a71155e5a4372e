"""The parts of a page that are every visitor's, rendered once for all of
them ({% shared_fragment %}, storefront.page_cache.shared_fragment), and
the public API lists kept the same way: here on LocMemCache, with a
Redis that is down at the end."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from storefront import page_cache
from tests import factories
from tests.test_page_cache import visitor
from tests.test_sharing import share_links
from tests.test_stats import BROWSER

ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def producer(ibun):
    return factories.ProducerFactory(site=ibun, name="Bu Ani", code="bu-ani")


@pytest.fixture
def product(producer):
    made = factories.ProductFactory(
        title="Keripik Singkong Pedas",
        description="<p>Renyah dan pedas.</p>",
        producer=producer,
        stock=5,
        stock__price=25000,
    )
    ProductImage.objects.create(product=made, original="products/2026/12/keripik.jpg")
    return made


def member():
    """A signed-in shopper: her pages are her own, never a page-cache copy."""
    client = visitor()
    client.force_login(factories.UserFactory())
    return client


def tables_read(queries):
    return {
        table
        for query in queries
        for table in re.findall(r'FROM "(\w+)"', query["sql"])
        if query["sql"].startswith("SELECT")
    }


def test_signed_in_visitors_get_the_shared_product_grid_and_its_changes(product):
    """Her page is her own (her name, her basket), but the product grid in
    it is every visitor's: rendered once, retired with the pages."""
    shopper = member()
    shopper.get("/catalogue/")
    with CaptureQueriesContext(connection) as shared:
        page = shopper.get("/catalogue/")
    assert "X-Page-Cache" not in page and "Keripik Singkong Pedas" in page.text
    cache.clear()
    with CaptureQueriesContext(connection) as rendered:
        shopper.get("/catalogue/")

    def product_rows(queries):
        return [q for q in queries if q["sql"].startswith('SELECT "catalogue_product"."id",')]

    assert product_rows(rendered) and not product_rows(shared)  # nor their photos, stock
    assert len(shared) == len(rendered) - 5  # products, photos, stock, count; the menu

    product.title = "Keripik Singkong Balado"
    product.save()
    assert "Keripik Singkong Balado" in shopper.get("/catalogue/").text


def test_a_signed_in_shoppers_product_page_is_made_of_shared_parts(product):
    shopper = member()
    url = product.get_absolute_url()
    first = shopper.get(url)
    with CaptureQueriesContext(connection) as shared:
        page = shopper.get(url)
    assert "X-Page-Cache" not in page  # her own page...
    cache.clear()
    with CaptureQueriesContext(connection) as rendered:
        again = shopper.get(url)
    # ...with the photos, stock and details of the product from the cache.
    parts = {"catalogue_productimage", "partner_stockrecord", "catalogue_productattributevalue"}
    assert parts <= tables_read(rendered)
    assert not parts & tables_read(shared)
    assert len(shared) <= len(rendered) - 3
    # The same page either way, its text and the price, with one CSRF token
    # (her own) in every form, the shared basket form's included.
    for response in (first, page, again):
        assert "Keripik Singkong Pedas" in response.text and "Renyah dan pedas." in response.text
        assert "25.000" in response.text
        assert len(set(TOKENS.findall(response.text))) == 1
    token = TOKENS.findall(page.text)[0]
    assert page.text == again.text.replace(TOKENS.findall(again.text)[0], token)


def test_the_shared_basket_form_takes_her_own_token(product):
    visitor().get(product.get_absolute_url())  # the parts are in the cache
    shopper = Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT=BROWSER, enforce_csrf_checks=True)
    shopper.force_login(factories.UserFactory())
    page = shopper.get(product.get_absolute_url())
    assert "X-Page-Cache" not in page
    token = TOKENS.findall(page.text)[0]
    added = shopper.post(
        f"/basket/add/{product.pk}/", {"quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert added.status_code == 302
    assert shopper.get("/basket/").context["basket"].num_items == 1


def test_her_share_ref_stays_hers_next_to_the_shared_parts(product, producer):
    """The share buttons carry the producer's ref when she (or her
    facilitator) looks at her product: they are outside the shared parts."""
    her = factories.UserFactory()
    producer.users.add(her)
    owner = visitor()
    owner.force_login(her)
    url = product.get_absolute_url()
    order = [(owner, producer.pk), (member(), None), (visitor(), None), (owner, producer.pk)]
    for client, sharer in order:
        found = share_links(client.get(url).text)
        assert found and {link.sharer for link in found} == {sharer}


def test_a_change_to_the_product_shows_on_the_shared_parts(product):
    shopper = member()
    url = product.get_absolute_url()
    shopper.get(url)
    product.description = "<p>Renyah, pedas, tanpa pengawet.</p>"
    product.save()
    stock = product.stockrecords.get()
    stock.price = 27000
    stock.save()
    page = shopper.get(url).text
    assert "tanpa pengawet" in page and "27.000" in page and "25.000" not in page


def test_the_portal_homes_shop_list_is_shared_and_follows_new_shops(ibun):
    portal_visitor = Client(HTTP_HOST="localhost", HTTP_USER_AGENT=BROWSER)
    portal_visitor.force_login(factories.UserFactory())
    assert "Ibun Store" in portal_visitor.get("/").text
    with CaptureQueriesContext(connection) as shared:
        page = portal_visitor.get("/")
    assert "Ibun Store" in page.text
    # Every shop's settings with its district: not looked up again.
    assert not any('"regions_district"' in query["sql"] for query in shared)
    factories.make_shop("cibeureum.localhost", "Toko Cibeureum")
    assert "Toko Cibeureum" in portal_visitor.get("/").text


def test_the_village_homes_blocks_and_seo_head_are_shared(ibun, product):
    shopper = member()
    first = shopper.get("/")
    with CaptureQueriesContext(connection) as shared:
        again = shopper.get("/")
    assert again.status_code == 200
    assert first.text.count('rel="canonical"') == again.text.count('rel="canonical"') == 1
    cache.clear()
    with CaptureQueriesContext(connection) as rendered:
        shopper.get("/")
    assert len(shared) < len(rendered)


def test_a_search_and_a_lists_count_are_made_once_and_follow_new_products(producer, product):
    """The grid is a shared fragment; the ids a search found and the count
    of the list under it come from the cache too, for every shopper."""
    shopper, other = member(), member()
    assert "Keripik Singkong Pedas" in shopper.get("/catalogue/?q=keripik").text
    with CaptureQueriesContext(connection) as queries:
        page = other.get("/catalogue/?q=keripik")
    assert "Keripik Singkong Pedas" in page.text and page.context["result_count"] == 1
    assert "catalogue_product" not in tables_read(queries)

    factories.ProductFactory(title="Keripik Pisang", producer=producer, stock=3)
    page = other.get("/catalogue/?q=keripik")
    assert "Keripik Pisang" in page.text and page.context["result_count"] == 2


def menu_page(site, title, slug):
    from storefront.models import ContentPage

    return site.root_page.add_child(
        instance=ContentPage(title=title, slug=slug, intro="<p>Isi.</p>", show_in_menus=True)
    )


def test_the_shops_menu_is_read_once_for_all_its_pages_and_follows_changes(ibun, product):
    menu_page(ibun, "Tentang Kami", "tentang-kami")
    shopper = member()
    assert '<a href="/tentang-kami/">Tentang Kami</a>' in shopper.get("/catalogue/").text
    with CaptureQueriesContext(connection) as queries:
        page = shopper.get(product.get_absolute_url())
    assert '<a href="/tentang-kami/">Tentang Kami</a>' in page.text
    assert "wagtailcore_page" not in tables_read(queries)

    menu_page(ibun, "Cara Pesan", "cara-pesan")
    assert '<a href="/cara-pesan/">Cara Pesan</a>' in shopper.get("/catalogue/").text


def test_a_page_view_reads_the_generation_once_for_all_its_shared_parts(product, monkeypatch):
    reads = []
    real_get = cache.get

    def get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    page = member().get(product.get_absolute_url())
    assert page.status_code == 200
    assert len([key for key in reads if ":product_" in key]) == 2  # its two shared parts
    assert reads.count(page_cache.GENERATION_KEY) == 1


def test_off_when_no_seconds_are_set(product, settings):
    settings.PAGE_CACHE_SECONDS = 0
    shopper = member()
    url = product.get_absolute_url()
    shopper.get(url)
    with CaptureQueriesContext(connection) as second:
        shopper.get(url)
    assert "catalogue_productimage" in tables_read(second)
    assert not any(":product_buy:" in key for key in cache._cache)


def api_products(client, **params):
    return client.get("/api/v1/products", params)


def test_a_public_api_list_is_made_once_for_every_client(ibun_client, product):
    first = api_products(ibun_client, shop=product.producer.site_id)
    with CaptureQueriesContext(connection) as shared:
        second = Client(HTTP_HOST="ibun.localhost").get(
            "/api/v1/products", {"shop": product.producer.site_id}
        )
    assert first.json() == second.json()
    assert [item["title"] for item in second.json()["items"]] == ["Keripik Singkong Pedas"]
    assert "catalogue_product" not in tables_read(shared)
    # Another page, filter or language is a list of its own.
    english = ibun_client.get(
        "/api/v1/products", {"q": "keripik"}, headers={"Accept-Language": "en"}
    )
    assert english.status_code == 200 and english["Content-Language"] == "en"


def test_a_saved_product_retires_the_kept_api_pages(ibun_client, product):
    assert api_products(ibun_client).json()["items"][0]["title"] == "Keripik Singkong Pedas"
    product.title = "Keripik Singkong Balado"
    product.save()
    assert api_products(ibun_client).json()["items"][0]["title"] == "Keripik Singkong Balado"


def test_a_refused_api_list_is_not_kept_and_the_rate_limit_still_counts(
    ibun_client, product, settings
):
    unknown = api_products(ibun_client, shop=999999)
    assert unknown.status_code == 422
    assert api_products(ibun_client, shop=999999).status_code == 422
    settings.PASAR_API_RATE_PER_ADDRESS = "2/m"
    cache.clear()
    statuses = [api_products(ibun_client).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.fixture
def redis_down(settings):
    """The shared cache is a Redis nobody answers on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.PAGE_CACHE_SECONDS = 60


def test_with_redis_down_pages_and_lists_are_made_as_without_a_cache(
    product, redis_down, ibun_client
):
    shopper = member()
    for client in (visitor(), shopper):
        page = client.get(product.get_absolute_url())
        assert page.status_code == 200 and "Keripik Singkong Pedas" in page.text
        assert "X-Page-Cache" not in page
        assert len(set(TOKENS.findall(page.text))) == 1
    assert shopper.get("/").status_code == 200
    listed = api_products(ibun_client)
    assert listed.status_code == 200
    assert listed.json()["items"][0]["title"] == "Keripik Singkong Pedas"
