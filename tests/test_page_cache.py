"""Shared copies of shopper pages for visitors without a session
(storefront.page_cache), here on LocMemCache; tests/production runs them on
the shared Redis of two app servers."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from stats import rollup
from stats.models import DailyStat
from storefront import page_cache
from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from tests.test_fulfilment import status_url_in
from tests.test_stats import BROWSER, later

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def producer(ibun):
    return factories.ProducerFactory(site=ibun, name="Bu Ani", code="bu-ani")


@pytest.fixture
def product(producer):
    return factories.ProductFactory(
        title="Keripik Singkong Pedas", producer=producer, stock=5, stock__price=25000
    )


def visitor(host="ibun.localhost"):
    """A shopper's phone on its first visit: no cookie of the shop yet."""
    return Client(HTTP_HOST=host, HTTP_USER_AGENT=BROWSER)


def token_in(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def test_a_second_visitor_gets_the_first_ones_page_from_the_cache(product):
    url = product.get_absolute_url()
    with CaptureQueriesContext(connection) as rendering:
        first = visitor().get(url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as copying:
        second = visitor().get(url)
    assert second.status_code == 200 and second["X-Page-Cache"] == "hit"
    assert "Keripik Singkong Pedas" in second.text
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "id"
    # Only the shop's own look-up is left (which shop is this host?).
    assert len(copying) <= 2 < len(rendering)
    # The same page, apart from each visitor's CSRF token.
    assert token_in(first) != token_in(second)
    assert first.text.replace(token_in(first), "") == second.text.replace(token_in(second), "")


def test_a_visitor_served_a_copy_adds_to_her_basket_with_her_own_token(product):
    visitor().get(product.get_absolute_url())
    shopper = Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT=BROWSER, enforce_csrf_checks=True)
    page = shopper.get(product.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    assert "csrftoken" in page.cookies
    added = shopper.post(
        f"/basket/add/{product.pk}/", {"quantity": 1, "csrfmiddlewaretoken": token_in(page)}
    )
    assert added.status_code == 302
    # Now she has a basket: her pages are her own, never a shared copy.
    again = shopper.get(product.get_absolute_url())
    assert "X-Page-Cache" not in again
    assert shopper.get("/basket/").context["basket"].num_items == 1


def test_a_saved_product_retires_every_copy(product, producer):
    url = product.get_absolute_url()
    catalogue = visitor().get("/catalogue/")
    assert "Keripik Singkong Pedas" in catalogue.text
    visitor().get(url)
    product.title = "Keripik Singkong Balado"
    product.save()
    assert "Keripik Singkong Balado" in visitor().get(url).text
    assert "Keripik Singkong Balado" in visitor().get("/catalogue/").text
    # A new product shows on the catalogue at once too.
    factories.ProductFactory(title="Rengginang Ketan", producer=producer, stock=3)
    assert "Rengginang Ketan" in visitor().get("/catalogue/").text


def test_stock_taken_by_a_checkout_is_checked_even_on_a_stale_copy(product):
    """A queryset update sends no signal: the copy may still say in stock
    until it expires, but the basket reads the database."""
    url = product.get_absolute_url()
    visitor().get(url)
    StockRecord.objects.filter(product=product).update(num_in_stock=0)
    stale = visitor()
    assert stale.get(url)["X-Page-Cache"] == "hit"
    add_to_basket(stale, product)
    assert stale.get("/basket/").context["basket"].num_items == 0


def test_signed_in_visitors_and_other_pages_are_not_shared(
    product, django_capture_on_commit_callbacks
):
    url = product.get_absolute_url()
    visitor().get(url)
    user = factories.UserFactory()
    member = visitor()
    member.force_login(user)
    assert "X-Page-Cache" not in member.get(url)
    # Not a listed shopper page: basket, checkout, order status.
    shopper = visitor()
    for path in ("/basket/", "/pesanan/"):
        shopper.get(path)
        assert "X-Page-Cache" not in visitor().get(path), path
    add_to_basket(shopper, product)
    with django_capture_on_commit_callbacks(execute=True):
        checkout_as_guest(shopper)
    status_path = urlsplit(status_url_in(mail.outbox[0].body)).path
    for stranger in (visitor(), visitor()):
        asked = stranger.get(status_path, follow=True)
        assert asked.status_code == 200 and "X-Page-Cache" not in asked
        assert "Siti Uji" not in asked.text  # the address is for whoever gives the email


def test_each_shop_and_language_has_its_own_copy(product, other_shop):
    factories.ProductFactory(
        title="Kopi Pangalengan", producer=factories.ProducerFactory(site=other_shop), stock=2
    )
    ibun = visitor().get("/catalogue/")
    pangalengan = visitor("pangalengan.localhost").get("/catalogue/")
    assert pangalengan["X-Page-Cache"] == "miss"
    assert "Kopi Pangalengan" in pangalengan.text and "Kopi Pangalengan" not in ibun.text
    english = Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT=BROWSER)
    english.cookies["django_language"] = "en"
    page = english.get("/catalogue/")
    assert page["X-Page-Cache"] == "miss" and page["Content-Language"] == "en"
    assert english.get("/catalogue/")["X-Page-Cache"] == "hit"


def test_visitors_served_a_copy_are_counted_and_bots_are_not(product, producer):
    url = product.get_absolute_url()
    for _ in range(3):
        visitor().get(url)
    visitor().get(f"/produsen/{producer.code}/")
    visitor().get(f"/produsen/{producer.code}/")
    Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT="WhatsApp/2.23.20.0 A").get(url)
    rollup.run(now=later())
    product_views = DailyStat.objects.get(product=product).views
    shop_views = DailyStat.objects.get(producer=producer, product=None).views
    assert (product_views, shop_views) == (3, 2)


def test_off_when_no_seconds_are_set(product, settings):
    settings.PAGE_CACHE_SECONDS = 0
    visitor().get(product.get_absolute_url())
    assert "X-Page-Cache" not in visitor().get(product.get_absolute_url())


def test_shares_and_order_bookkeeping_leave_the_copies(product, producer):
    """Rows written all day that no shopper page shows do not retire every
    shop's pages: a share, a producer's audit trail."""
    from sharing.models import Channel, Share

    AuditEntry = get_model("partner", "AuditEntry")
    url = product.get_absolute_url()
    visitor().get(url)
    Share.objects.create(producer=producer, product=product, channel=Channel.WHATSAPP)
    assert visitor().get(url)["X-Page-Cache"] == "hit"
    assert AuditEntry._meta.label_lower not in page_cache.WATCHED_MODELS
    producer.name = "Bu Ani Rahayu"
    producer.save()  # her name is on the page: that one does
    assert visitor().get(url)["X-Page-Cache"] == "miss"
