"""Producers' statistics: what is counted, how it is rolled up, what the
portal shows.

Views and basket additions go through the real pages (product, producer,
HTML basket, API basket) with the test client; shares are Share rows;
orders go through the real checkout. Older data for the 30- and 90-day
windows is dated in the past (DailyStat dates, created_at, date_placed).
"""

import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from sharing.models import Channel, Share
from stats import counting, report, rollup
from stats.models import DailyStat
from storefront import visitors
from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from vendors.statuses import CANCELLED

ProducerGroup = get_model("partner", "ProducerGroup")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
ProductRecord = get_model("analytics", "ProductRecord")

BROWSER = (
    "Mozilla/5.0 (Linux; Android 10; SM-A105F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
)
BOTS = [
    "WhatsApp/2.23.20.0 A",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "TelegramBot (like TwitterBot)",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "",
]


def later():
    """A moment when every bucket counted so far is closed."""
    return timezone.now() + datetime.timedelta(minutes=2)


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def moment_days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def shopper(**headers):
    return Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT=BROWSER, **headers)


def signed_in(user, agent=BROWSER):
    client = Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT=agent)
    client.force_login(user)
    return client


class Shop:
    """Bu Ani with two products, her facilitator, and another producer."""

    def __init__(self, site):
        village = factories.VillageFactory(name="Lampegan")
        group = ProducerGroup.objects.create(name="Kelompok Melati", village=village)
        self.producer = factories.ProducerFactory(
            site=site, name="Bu Ani", village=village, group=group
        )
        self.user = factories.UserFactory(username="bu-ani")
        self.producer.users.add(self.user)
        self.facilitator = factories.UserFactory(username="pendamping")
        FacilitatorAssignment.objects.create(facilitator=self.facilitator, group=group)
        self.chips = factories.ProductFactory(producer=self.producer, title="Keripik", stock=20)
        self.cake = factories.ProductFactory(producer=self.producer, title="Kue Bolu", stock=20)
        self.other = factories.ProducerFactory(site=site, name="Bu Lain")
        self.other_product = factories.ProductFactory(producer=self.other, title="Batik", stock=5)

    def portal(self):
        return signed_in(self.user)


@pytest.fixture
def shop(ibun):
    return Shop(ibun)


def stats_page(client, producer, days=None, product=None):
    url = f"/jual/{producer.code}/statistik/"
    if product is not None:
        url = f"/jual/{producer.code}/produk/{product.pk}/statistik/"
    response = client.get(url, {"days": days} if days else {})
    assert response.status_code == 200
    return response


def numbers_in(html):
    """The cells of the page's totals table and of each product's row."""
    html = html.replace("&nbsp;", " ")
    sums = re.search(r'<table class="sums">(.*?)</table>', html, re.S).group(1)
    totals = [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", sums, re.S)]
    rows = {}
    product_rows = r'<th colspan="5" scope="colgroup"[^>]*><a [^>]*>(.*?)</a></th></tr>(.*?)</tr>'
    for title, cells in re.findall(product_rows, html, re.S):
        rows[title] = [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", cells, re.S)]
    return totals, rows


def figures(views, shares, basket_adds, orders):
    return report.Figures(views=views, shares=shares, basket_adds=basket_adds, orders=orders)


@pytest.mark.django_db
def test_views_shares_basket_adds_and_orders_over_7_30_and_90_days(shop):
    chips, cake, producer = shop.chips, shop.cake, shop.producer

    # Counted: shoppers' views of product pages and of her shop page.
    browsing = shopper()
    for _ in range(3):
        assert browsing.get(chips.get_absolute_url()).status_code == 200
    assert shopper().get(cake.get_absolute_url()).status_code == 200
    for _ in range(2):
        assert shopper().get(producer.get_absolute_url()).status_code == 200

    # Not counted: bots and link previews, HEAD, prefetches, her own views
    # and her facilitator's, and other producers' pages.
    for agent in BOTS:
        bot = Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT=agent)
        assert bot.get(chips.get_absolute_url()).status_code == 200
        assert bot.get(producer.get_absolute_url()).status_code == 200
    assert Client(HTTP_HOST="ibun.localhost").get(chips.get_absolute_url()).status_code == 200
    assert shopper().head(chips.get_absolute_url()).status_code == 200
    assert shopper(HTTP_SEC_PURPOSE="prefetch").get(chips.get_absolute_url()).status_code == 200
    assert shopper(HTTP_PURPOSE="prefetch").get(chips.get_absolute_url()).status_code == 200
    for user in (shop.user, shop.facilitator):
        assert signed_in(user).get(chips.get_absolute_url()).status_code == 200
        assert signed_in(user).get(producer.get_absolute_url()).status_code == 200
    assert shopper().get(shop.other_product.get_absolute_url()).status_code == 200

    # Basket additions: the HTML basket (twice by one shopper), the API,
    # and none by a bot or by her.
    add_to_basket(browsing, chips)
    add_to_basket(browsing, chips)
    api = shopper().post(
        "/api/v1/basket/lines",
        {"product_id": cake.pk, "quantity": 1},
        content_type="application/json",
    )
    assert api.status_code == 201
    add_to_basket(Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT="curl/8.5.0"), chips)
    add_to_basket(signed_in(shop.user), chips)

    # Orders: one of the chips now; one of the cake 20 days ago; one of
    # both 60 days ago; a cancelled one of the chips. The last three are
    # bought by clients the counter ignores (no User-Agent), so only their
    # orders count, not their basket additions.
    assert checkout_as_guest(browsing).status_code == 302
    for days, products in ((20, [cake]), (60, [chips, cake]), (0, [chips])):
        buyer = Client(HTTP_HOST="ibun.localhost")
        for product in products:
            add_to_basket(buyer, product)
        assert checkout_as_guest(buyer).status_code == 302
        order = Order.objects.latest("pk")
        Order.objects.filter(pk=order.pk).update(date_placed=moment_days_ago(days))
    Line.objects.filter(order=order).update(status=CANCELLED)

    # Shares: today (two of the chips, one of the whole shop), 10, 45 and
    # 100 days ago.
    for product, days in ((chips, 0), (chips, 0), (None, 0), (cake, 10), (chips, 45), (cake, 100)):
        share = Share.objects.create(producer=producer, product=product, channel=Channel.WHATSAPP)
        Share.objects.filter(pk=share.pk).update(created_at=moment_days_ago(days))
    Share.objects.create(producer=shop.other, product=shop.other_product, channel=Channel.LINK)

    # Older views and basket additions, as the rollup left them.
    DailyStat.objects.create(date=days_ago(10), producer=producer, product=chips, views=5)
    DailyStat.objects.create(date=days_ago(10), producer=producer, views=4)
    DailyStat.objects.create(date=days_ago(60), producer=producer, product=cake, views=7)
    DailyStat.objects.create(
        date=days_ago(60), producer=producer, product=chips, views=2, basket_adds=1
    )
    DailyStat.objects.create(date=days_ago(100), producer=producer, product=chips, views=100)

    # Her views and basket additions, and the view of Bu Lain's product.
    assert rollup.run(now=later()) == (3 + 1 + 2) + (2 + 1) + 1
    assert DailyStat.objects.get(producer=shop.other).views == 1

    expected = {
        7: {
            "totals": figures(views=6, shares=3, basket_adds=3, orders=1),
            "shop_page": 2,
            "chips": figures(views=3, shares=2, basket_adds=2, orders=1),
            "cake": figures(views=1, shares=0, basket_adds=1, orders=0),
            "html": (["6", "3", "3", "1", "16,7 %"], ["3", "2", "2", "1", "33,3 %"]),
        },
        30: {
            "totals": figures(views=15, shares=4, basket_adds=3, orders=2),
            "shop_page": 6,
            "chips": figures(views=8, shares=2, basket_adds=2, orders=1),
            "cake": figures(views=1, shares=1, basket_adds=1, orders=1),
            "html": (["15", "4", "3", "2", "13,3 %"], ["8", "2", "2", "1", "12,5 %"]),
        },
        90: {
            "totals": figures(views=24, shares=5, basket_adds=4, orders=3),
            "shop_page": 6,
            "chips": figures(views=10, shares=3, basket_adds=3, orders=2),
            "cake": figures(views=8, shares=1, basket_adds=1, orders=2),
            "html": (["24", "5", "4", "3", "12,5 %"], ["10", "3", "3", "2", "20,0 %"]),
        },
    }
    page_client = shop.portal()
    for days, want in expected.items():
        shop_figures = report.shop_report(producer, days)
        assert shop_figures.totals == want["totals"], days
        assert shop_figures.shop_page_views == want["shop_page"], days
        per_product = dict(shop_figures.products)
        assert per_product[chips] == want["chips"], days
        assert per_product[cake] == want["cake"], days
        assert report.product_report(producer, chips, days).totals == want["chips"], days
        assert report.product_report(producer, cake, days).totals == want["cake"], days

        totals, rows = numbers_in(stats_page(page_client, producer, days).content.decode())
        want_totals, want_chips = want["html"]
        assert totals == want_totals, days
        assert rows["Keripik"] == want_chips, days
        product_page = stats_page(page_client, producer, days, product=chips).content.decode()
        assert numbers_in(product_page)[0][:4] == [
            str(want["chips"].views),
            str(want["chips"].shares),
            str(want["chips"].basket_adds),
            str(want["chips"].orders),
        ], days

    # The days add up to the window, and the chart has one point per day.
    week = report.shop_report(producer, 7)
    assert len(week.daily) == 7
    assert week.daily[-1] == (timezone.localdate(), figures(6, 3, 3, 1))


@pytest.mark.django_db
def test_conversion_is_a_dash_without_views(shop):
    Share.objects.create(producer=shop.producer, product=shop.cake, channel=Channel.QR)
    totals, rows = numbers_in(stats_page(shop.portal(), shop.producer).content.decode())
    assert totals == ["0", "1", "0", "0", "–"]
    assert rows["Kue Bolu"] == ["0", "1", "0", "0", "–"]
    assert report.Figures().conversion is None


@pytest.mark.django_db
def test_a_rollup_counts_each_view_once(shop):
    for _ in range(2):
        shopper().get(shop.chips.get_absolute_url())
    assert DailyStat.objects.count() == 0  # nothing written while browsing

    assert rollup.run(now=later()) == 2
    assert rollup.run(now=later()) == 0
    assert rollup.run(now=timezone.now()) == 0  # an earlier clock moves nothing back
    out = io.StringIO()
    call_command("rollup_stats", stdout=out)
    assert out.getvalue() == "0 events counted.\n"
    row = DailyStat.objects.get()
    assert (row.product, row.views, row.basket_adds) == (shop.chips, 2, 0)

    # A view in a later minute is counted by a later rollup.
    counting.record(counting.VIEW, shop.producer.pk, shop.chips.pk, now=later())
    assert rollup.run(now=later() + datetime.timedelta(minutes=2)) == 1
    assert DailyStat.objects.get().views == 3


@pytest.mark.django_db
def test_the_current_minute_waits_until_it_is_closed(shop):
    shopper().get(shop.chips.get_absolute_url())
    rollup.run(now=timezone.now())
    assert not DailyStat.objects.filter(views__gt=0).exists()
    assert rollup.run(now=later()) == 1


@pytest.mark.django_db
def test_a_rollup_running_elsewhere_is_not_doubled(shop):
    shopper().get(shop.chips.get_absolute_url())
    # Another server holds the lock: this one does nothing and says so.
    assert cache.add(rollup.LOCK_KEY, "another-server", rollup.LOCK_SECONDS)
    assert rollup.run(now=later()) is None
    assert not DailyStat.objects.exists()
    # The stats page still answers, with what is counted so far.
    assert stats_page(shop.portal(), shop.producer).context["report"].totals.views == 0

    cache.delete(rollup.LOCK_KEY)
    assert rollup.run(now=later()) == 1
    assert rollup.run(now=later()) == 0
    assert DailyStat.objects.get().views == 1
    assert cache.get(rollup.LOCK_KEY) is None  # released


@pytest.mark.django_db
def test_counts_of_a_deleted_product_are_dropped(shop):
    counting.record(counting.VIEW, shop.producer.pk, 999999)
    counting.record(counting.VIEW, shop.producer.pk, shop.cake.pk)
    assert rollup.run(now=later()) == 1
    assert DailyStat.objects.get().product == shop.cake


@pytest.mark.django_db
def test_a_product_page_view_writes_nothing_to_the_database(shop):
    url = shop.chips.get_absolute_url()
    client = shopper()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    writes = [
        query["sql"]
        for query in captured
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert writes == []
    assert not ProductRecord.objects.exists()  # Oscar's analytics wrote one per view

    add_to_basket(client, shop.chips)
    assert not ProductRecord.objects.exists()
    rollup.run(now=later())
    record = ProductRecord.objects.get(product=shop.chips)
    assert (record.num_views, record.num_basket_additions) == (2, 1)
    # Oscar's purchase counts (its order_placed receiver) are kept.
    checkout_as_guest(client)
    record.refresh_from_db()
    assert (record.num_views, record.num_purchases) == (2, 1)


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["product", "producer"])
def test_counting_costs_no_query_when_anonymous_and_one_when_signed_in(shop, page):
    url = (shop.chips if page == "product" else shop.producer).get_absolute_url()
    bot = Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT=BOTS[0])
    assert queries_for(shopper(), url) == queries_for(bot, url)

    someone = factories.UserFactory()
    assert queries_for(signed_in(someone), url) <= queries_for(signed_in(someone, BOTS[0]), url) + 1
    rollup.run(now=later())
    assert DailyStat.objects.get().views == 4  # the shopper's and the signed-in person's


@pytest.mark.django_db
def test_stats_pages_cost_the_same_queries_for_many_products(shop, django_assert_max_num_queries):
    client = shop.portal()

    def add_products(count):
        for index in range(count):
            product = factories.ProductFactory(producer=shop.producer, stock=2)
            DailyStat.objects.create(
                date=days_ago(index % 30), producer=shop.producer, product=product, views=3
            )
            Share.objects.create(producer=shop.producer, product=product, channel=Channel.LINK)
            shopper().get(product.get_absolute_url())

    add_products(3)
    stats_page(client, shop.producer)  # sessions and the rollup's first mark
    add_products(3)
    with CaptureQueriesContext(connection) as few:
        stats_page(client, shop.producer)
    few = len(few)  # the log is cleared by the next request
    add_products(30)
    with django_assert_max_num_queries(few):
        response = stats_page(client, shop.producer)
    assert len(response.context["report"].products) == 2 + 36
    with django_assert_max_num_queries(few):
        stats_page(client, shop.producer, product=shop.chips)


@pytest.mark.django_db
def test_a_rollup_costs_the_same_queries_for_many_events(shop, django_assert_max_num_queries):
    def views_of_new_products(count, now):
        for _ in range(count):
            product = factories.ProductFactory(producer=shop.producer, stock=2)
            for kind in (counting.VIEW, counting.VIEW, counting.BASKET_ADD):
                counting.record(kind, shop.producer.pk, product.pk, now=now)
            counting.record(counting.VIEW, shop.producer.pk, now=now)

    views_of_new_products(2, timezone.now())
    with CaptureQueriesContext(connection) as few:
        assert rollup.run(now=later()) == 2 * 4
    few = len(few)
    views_of_new_products(40, later())
    with django_assert_max_num_queries(few):
        assert rollup.run(now=later() + datetime.timedelta(minutes=2)) == 40 * 4
    assert DailyStat.objects.filter(product__isnull=True).get().views == 42


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "365", "-7", "0", "7.5", ""])
def test_a_bad_number_of_days_shows_30(shop, value):
    response = shop.portal().get(f"/jual/{shop.producer.code}/statistik/", {"days": value})
    assert response.status_code == 200
    assert response.context["report"].days == 30
    assert len(response.context["report"].daily) == 30


@pytest.mark.django_db
def test_another_producers_product_is_not_found(shop):
    client = shop.portal()
    url = f"/jual/{shop.producer.code}/produk/{shop.other_product.pk}/statistik/"
    assert client.get(url).status_code == 404
    url = f"/jual/{shop.other.code}/produk/{shop.other_product.pk}/statistik/"
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_her_facilitator_sees_her_stats(shop):
    DailyStat.objects.create(date=days_ago(1), producer=shop.producer, product=shop.cake, views=9)
    response = stats_page(signed_in(shop.facilitator), shop.producer, 7)
    assert response.context["report"].totals.views == 9


@pytest.mark.django_db
def test_a_practice_shop_has_its_stats(ibun):
    practice = factories.ProducerFactory(site=ibun, name="Latihan Bu Ani", is_practice=True)
    trainee = factories.UserFactory()
    practice.users.add(trainee)
    product = factories.ProductFactory(producer=practice, title="Latihan Keripik", stock=3)
    DailyStat.objects.create(date=days_ago(2), producer=practice, product=product, views=4)
    Share.objects.create(producer=practice, product=product, channel=Channel.WHATSAPP)
    totals, rows = numbers_in(stats_page(signed_in(trainee), practice, 7).content.decode())
    assert totals == ["4", "1", "0", "0", "0,0 %"]
    assert rows["Latihan Keripik"] == ["4", "1", "0", "0", "0,0 %"]


@pytest.mark.django_db
def test_the_chart_is_small_accessible_svg(shop):
    for days in range(90):
        DailyStat.objects.create(
            date=days_ago(days), producer=shop.producer, product=shop.chips, views=days * 37
        )
    html = stats_page(shop.portal(), shop.producer, 90).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert len(svg.encode()) < 6 * 1024
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    title, desc = root.find(f"{ns}title"), root.find(f"{ns}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "90" in title.text
    assert "148.185" in desc.text  # the views of the 90 days, in Indonesian digits
    assert len(root.findall(f"{ns}polyline")) == 4
    assert "<script" not in html


@pytest.mark.django_db
def test_the_shop_home_links_to_the_stats(shop):
    response = shop.portal().get(f"/jual/{shop.producer.code}/")
    assert f'href="/jual/{shop.producer.code}/statistik/"' in response.content.decode()


@pytest.mark.django_db
def test_oscars_dashboard_product_report_shows_the_rolled_up_counts(shop):
    for _ in range(3):
        shopper().get(shop.chips.get_absolute_url())
    rollup.run(now=later())
    operator = factories.UserFactory(is_staff=True, is_superuser=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(operator)
    response = client.get("/dashboard/reports/", {"report_type": "product_analytics"})
    assert response.status_code == 200
    records = list(response.context["objects"])
    assert [(r.product, r.num_views) for r in records] == [(shop.chips, 3)]


SHOPPERS_BROWSERS = [
    BROWSER,
    "Mozilla/5.0 (Linux; Android 13; SM-A045F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 12; Redmi 10) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/119.0 Mobile Safari/537.36 [FBAN/EMA;FBLC/id_ID;FBAV/380.0.0.0;]",
    "Mozilla/5.0 (Linux; Android 11; vivo 1906) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/118.0 Mobile Safari/537.36 Instagram 305.0.0.34.110 Android",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36 Telegram-Android/10.5.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
]


@pytest.mark.parametrize("agent", SHOPPERS_BROWSERS)
def test_shoppers_browsers_are_not_bots(rf, agent):
    assert not visitors.is_machine(rf.get("/", HTTP_USER_AGENT=agent))


@pytest.mark.parametrize("agent", BOTS)
def test_bots_and_link_previewers_are_bots(rf, agent):
    assert visitors.is_machine(rf.get("/", HTTP_USER_AGENT=agent))
