"""The portal's access-control matrix: nobody reaches another producer's shop.

Every portal URL is listed in ROUTES. For each one, producer A, a
facilitator of another group, a shopper and an anonymous visitor try it
against producer B's objects, with GET and POST; each gets a refusal
(login redirect, 403 or 404) and nothing of B's changes. A portal URL
missing from ROUTES fails the first test, so new pages cannot skip this.
"""

import hashlib
import io

import pytest
from django.test import Client
from django.urls import get_resolver
from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest

Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
AuditEntry = get_model("partner", "AuditEntry")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
Line = get_model("order", "Line")
ResetCode = get_model("partner", "ResetCode")

# Routes that act on a producer's objects: everyone but B (and B's own
# facilitator) must be refused. The value says what the URL needs.
PRODUCER_ROUTES = {
    "shop",
    "profile",
    "holiday",
    "audit-log",
    "reset-issue",
    "product-add",
    "product-list",
    "product-details",
    "product-stock",
    "product-edit",
    "product-photos",
    "product-toggle",
    "product-duplicate",
    "product-delete",
    "product-stock-quick",
    "product-price-quick",
    "order-list",
    "order-detail",
    "order-line-status",
    "order-answer",
    "product-promote",
    "statement",
    "statement-download",
    "stats",
    "product-stats",
    "posters",
    "poster-download",
    "pricing",
}
# Routes open to anyone or to any signed-in person, with nothing of B's in them.
OPEN_ROUTES = {"home", "login", "logout", "reset"}
# A signed-in person's own API tokens: nobody else's are found
# (tests/api/test_tokens.py tries).
OWN_ACCOUNT_ROUTES = {"api-tokens", "api-token-revoke", "go-to"}

# Data an attacker would post to change B's things.
HOSTILE_POST = {
    "title": "Diretas",
    "name": "Diretas",
    "price": "1",
    "quantity": "0",
    "num_in_stock": "0",
    "status": "Cancelled",
    "reason": "diretas",
    "story": "diretas",
    "on_holiday": "on",
    "description": "diretas",
    "action": "delete",
    "direction": "up",
}


def portal_routes():
    """{url name: route pattern} of every URL in the portal namespace."""
    resolver = get_resolver()
    namespace = resolver.namespace_dict["portal"][1]
    routes = {}
    for name, possibilities in namespace.reverse_dict.items():
        if isinstance(name, str):
            routes[name] = possibilities
    return routes


def test_every_portal_url_is_in_the_matrix():
    names = set(portal_routes())
    known = PRODUCER_ROUTES | OPEN_ROUTES | OWN_ACCOUNT_ROUTES
    assert names == known, (
        "Add new portal URLs to the access matrix: "
        f"missing {sorted(names - known)}, stale {sorted(known - names)}"
    )


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


class World:
    """Producers A and B in different groups, B with a product, a photo, an
    order line and an audit entry."""

    def __init__(self, ibun):
        village = factories.VillageFactory(name="Lampegan")
        self.group_a = ProducerGroup.objects.create(name="Kelompok A", village=village)
        self.group_b = ProducerGroup.objects.create(name="Kelompok B", village=village)
        self.a = factories.ProducerFactory(site=ibun, name="Produsen A", group=self.group_a)
        self.b = factories.ProducerFactory(site=ibun, name="Produsen B", group=self.group_b)
        self.a_user = factories.UserFactory(username="produsen-a")
        self.a.users.add(self.a_user)
        self.b_user = factories.UserFactory(username="produsen-b")
        self.b.users.add(self.b_user)
        self.facilitator_of_a = factories.UserFactory(username="pendamping-a")
        FacilitatorAssignment.objects.create(facilitator=self.facilitator_of_a, group=self.group_a)
        self.shopper = factories.UserFactory(username="pembeli")
        self.b_product = factories.ProductFactory(producer=self.b, title="Batik B", stock=5)
        from django.core.files.base import ContentFile

        self.b_image = ProductImage.objects.create(
            product=self.b_product, original=ContentFile(jpeg(), name="b.jpg"), display_order=0
        )
        AuditEntry.objects.create(producer=self.b, actor_name="Dewi", message="Produk diubah")

    def place_order(self):
        client = Client(HTTP_HOST="ibun.localhost")
        add_to_basket(client, self.b_product)
        checkout_as_guest(client)
        self.b_line = Line.objects.get(partner=self.b)
        self.b_order = self.b_line.order

    def kwargs_for(self, pattern_params):
        values = {
            "producer": self.b.code,
            "pk": self.b_product.pk,
            "product": self.b_product.pk,
            "image": self.b_image.pk,
            "image_id": self.b_image.pk,
            "photo": self.b_image.pk,
            "number": self.b_order.number,
            "line": self.b_line.pk,
            "line_id": self.b_line.pk,
            "user": self.b_user.pk,
            "user_id": self.b_user.pk,
            "format": "csv",
        }
        missing = [param for param in pattern_params if param not in values]
        assert not missing, f"teach the access matrix what {missing} means"
        return {param: values[param] for param in pattern_params}

    def fingerprint(self):
        """Everything of B's that an attack could change."""
        b = Partner.objects.get(pk=self.b.pk)
        parts = [
            repr((b.name, b.story, b.on_holiday, b.holiday_until, str(b.photo), b.whatsapp)),
            repr(
                list(
                    Product.objects.filter(producer=self.b)
                    .order_by("pk")
                    .values_list("pk", "title", "is_public", "deleted_at", "description")
                )
            ),
            repr(
                list(
                    StockRecord.objects.filter(partner=self.b)
                    .order_by("pk")
                    .values_list("price", "num_in_stock", "num_allocated")
                )
            ),
            repr(
                list(
                    ProductImage.objects.filter(product__producer=self.b)
                    .order_by("pk")
                    .values_list("pk", "display_order", "original")
                )
            ),
            repr(list(Line.objects.filter(partner=self.b).values_list("pk", "status"))),
            repr(AuditEntry.objects.filter(producer=self.b).count()),
            repr(ResetCode.objects.filter(user=self.b_user).count()),
            repr(self.b_user.password),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


@pytest.fixture
def world(ibun):
    world = World(ibun)
    world.place_order()
    return world


def client_for(user):
    client = Client(HTTP_HOST="ibun.localhost")
    if user is not None:
        client.force_login(user)
    return client


def refused(response):
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and "/jual/masuk/" in response["Location"]


ACTORS = ["producer_a", "facilitator_of_a", "shopper", "anonymous"]


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(PRODUCER_ROUTES))
def test_nobody_else_reaches_producer_bs_objects(world, actor, name):
    from django.urls import reverse

    user = {
        "producer_a": world.a_user,
        "facilitator_of_a": world.facilitator_of_a,
        "shopper": world.shopper,
        "anonymous": None,
    }[actor]
    url = reverse(f"portal:{name}", kwargs=world.kwargs_for(route_params(name)))
    before = world.fingerprint()
    client = client_for(user)

    for method in ("get", "post"):
        response = getattr(client, method)(url, HOSTILE_POST)
        assert refused(response), f"{actor} {method.upper()} {url} -> {response.status_code}"

    assert world.fingerprint() == before, f"{actor} changed B's data through {url}"


@pytest.mark.django_db
def test_producer_b_and_her_facilitator_do_reach_her_shop(world):
    facilitator_of_b = factories.UserFactory()
    FacilitatorAssignment.objects.create(facilitator=facilitator_of_b, group=world.group_b)
    for user in (world.b_user, facilitator_of_b):
        response = client_for(user).get(f"/jual/{world.b.code}/")
        assert response.status_code == 200


def route_params(name):
    possibilities, _pattern, _defaults, _converters = portal_routes()[name]
    return [param for _format, params in possibilities for param in params]


OBJECT_ROUTES = sorted(
    name
    for name in PRODUCER_ROUTES
    # routes that name an object of hers (a download format is not one)
    if set(route_params(name)) - {"producer", "format"}
)


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["producer_a", "facilitator_of_a"])
@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_her_own_shop_url_does_not_reach_bs_objects(world, actor, name):
    """The other shape of the attack: A's own shop in the URL, B's product,
    order or line id after it (and B's photo or account id in the form)."""
    from django.urls import reverse

    user = world.a_user if actor == "producer_a" else world.facilitator_of_a
    kwargs = world.kwargs_for(route_params(name))
    kwargs["producer"] = world.a.code
    url = reverse(f"portal:{name}", kwargs=kwargs)
    data = {**HOSTILE_POST, "image": world.b_image.pk, "user": world.b_user.pk}
    before = world.fingerprint()
    client = client_for(user)

    for method in ("get", "post"):
        response = getattr(client, method)(url, data)
        assert refused(response), f"{actor} {method.upper()} {url} -> {response.status_code}"

    assert world.fingerprint() == before, f"{actor} changed B's data through {url}"
