"""The public sharing URLs: anyone may follow a short link and click a share
button (which records one Share), and nothing else. No other method is
accepted, nothing but Share rows is ever written, and a share button never
reveals or changes anything of a producer's.

Every URL of the ``sharing`` namespace is listed in ROUTES; a new one
missing there fails the first test, so new public URLs cannot skip this.
"""

import hashlib

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from oscar.core.loading import get_model

from sharing import codes
from sharing.models import Channel, Share
from tests import factories

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
AuditEntry = get_model("partner", "AuditEntry")

BROWSER = "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 Chrome/120 Mobile"

# URL name -> (channel of the code to try, status of a GET, whether it records a share)
ROUTES = {
    "link": (Channel.WHATSAPP, 302, False),
    "share": (Channel.WHATSAPP, 302, True),
    "copy": (Channel.LINK, 200, False),
}


def sharing_url_names():
    namespace = get_resolver().namespace_dict["sharing"][1]
    return {name for name in namespace.reverse_dict if isinstance(name, str)}


def test_every_sharing_url_is_in_the_matrix():
    assert sharing_url_names() == set(ROUTES), (
        "Add new sharing URLs to ROUTES: "
        f"missing {sorted(sharing_url_names() - set(ROUTES))}, "
        f"stale {sorted(set(ROUTES) - sharing_url_names())}"
    )


class World:
    def __init__(self, ibun):
        self.producer = factories.ProducerFactory(site=ibun, name="Keripik Ceu Uji")
        self.producer_user = factories.UserFactory()
        self.producer.users.add(self.producer_user)
        self.product = factories.ProductFactory(producer=self.producer, stock=4)
        self.shopper = factories.UserFactory()

    def fingerprint(self):
        """Everything but shares that a visitor must not be able to change."""
        parts = [
            list(Partner.objects.order_by("pk").values_list("pk", "name", "is_active", "code")),
            list(Product.objects.order_by("pk").values_list("pk", "title", "is_public")),
            list(StockRecord.objects.order_by("pk").values_list("pk", "price", "num_in_stock")),
            AuditEntry.objects.count(),
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def client(self, actor):
        client = Client(HTTP_HOST="ibun.localhost", HTTP_USER_AGENT=BROWSER)
        user = {"shopper": self.shopper, "producer": self.producer_user}.get(actor)
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def world(ibun):
    return World(ibun)


def url_for(name, obj, channel):
    kind = codes.SHOP if isinstance(obj, Partner) else codes.PRODUCT
    code = codes.encode(codes.Link(kind, obj.pk, channel))
    return reverse(f"sharing:{name}", args=[code])


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["anonymous", "shopper", "producer"])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_visitors_may_follow_and_record_and_nothing_else(world, actor, name):
    channel, status, records = ROUTES[name]
    client = world.client(actor)
    before = world.fingerprint()
    for obj in (world.product, world.producer):
        url = url_for(name, obj, channel)
        shares = Share.objects.count()
        assert client.get(url).status_code == status, url
        assert Share.objects.count() == shares + (1 if records else 0)
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, {"title": "Diretas", "is_active": ""})
            assert response.status_code in (403, 405), f"{actor} {method} {url}"
        assert Share.objects.count() == shares + (1 if records else 0)
    assert world.fingerprint() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_pages_are_kept_out_of_search_engines_and_caches(world, name):
    channel, _status, _records = ROUTES[name]
    response = world.client("anonymous").get(url_for(name, world.product, channel))
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_share_reveals_nothing_private_of_the_producer(world):
    """The copy page shows the title and the link: no contact she keeps
    private, no stock, no sharer she did not choose."""
    Partner.objects.filter(pk=world.producer.pk).update(whatsapp="081299998888")
    html = world.client("anonymous").get(url_for("copy", world.product, Channel.LINK), follow=True)
    assert "081299998888" not in html.content.decode()
    assert "+6281299998888" not in html.content.decode()
