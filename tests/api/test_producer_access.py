"""The producer API's access-control matrix: nobody reaches another
producer's shop through the API either.

Every operation of the producer router is listed in PRODUCER_OPERATIONS.
For each one, producer A, a facilitator of another group, a shopper and a
shop operator (each with a token that may write) and an anonymous caller
try it against
producer B's objects, with a body that would change them; each gets a 404
(anonymous: 401) in the API's error format, and nothing of B's changes.
A's own shop code in the URL with B's product, photo, order or line after
it is a 404 too. An operation missing from PRODUCER_OPERATIONS fails the
first test, so new endpoints cannot skip this.
"""

import hashlib
import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest

AuditEntry = get_model("partner", "AuditEntry")
Category = get_model("catalogue", "Category")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")
LedgerEntry = get_model("partner", "LedgerEntry")
Line = get_model("order", "Line")
Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

PREFIX = "/api/v1"

# Every operation of api.producer.router, as (method, path under /api/v1).
PRODUCER_OPERATIONS = {
    ("GET", "/me"),
    ("GET", "/me/producers/{code}/profile"),
    ("PATCH", "/me/producers/{code}/profile"),
    ("GET", "/me/producers/{code}/products"),
    ("POST", "/me/producers/{code}/products"),
    ("GET", "/me/producers/{code}/products/{product_id}"),
    ("PATCH", "/me/producers/{code}/products/{product_id}"),
    ("DELETE", "/me/producers/{code}/products/{product_id}"),
    ("PATCH", "/me/producers/{code}/products/{product_id}/stock"),
    ("POST", "/me/producers/{code}/products/{product_id}/photos"),
    ("DELETE", "/me/producers/{code}/products/{product_id}/photos/{photo_id}"),
    ("POST", "/me/producers/{code}/products/{product_id}/publish"),
    ("POST", "/me/producers/{code}/products/{product_id}/unpublish"),
    ("GET", "/me/producers/{code}/orders"),
    ("GET", "/me/producers/{code}/orders/{number}"),
    ("POST", "/me/producers/{code}/orders/{number}/lines/{line_id}/status"),
    ("GET", "/me/producers/{code}/statement"),
    ("GET", "/me/producers/{code}/statement.csv"),
}
# Operations about the caller herself, with no producer in them: what they
# show is checked in test_producer.py (a facilitator sees only her producers).
OWN_OPERATIONS = {("GET", "/me")}
OPERATIONS_ON_A_PRODUCER = sorted(PRODUCER_OPERATIONS - OWN_OPERATIONS)

# A body that would change B's things if it got through: valid for every
# operation, so what answers is the access check, not the input check.
HOSTILE_JSON = {
    "story": "diretas",
    "instagram": "diretas",
    "whatsapp_public": False,
    "categories": [],
    "title": "Diretas",
    "price": 100,
    "description": "diretas",
    "fulfilment": "stock",
    "num_in_stock": 0,
    "status": "Cancelled",
    "note": "diretas",
}


def schema_operations():
    """{(method, path): operation} of every operation tagged "producer" in
    the API's OpenAPI schema."""
    from api.main import api

    found = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            if "producer" in operation.get("tags", []):
                found[(method.upper(), path.removeprefix(PREFIX))] = operation
    return found


def test_every_producer_operation_is_in_the_matrix():
    found = set(schema_operations())
    assert found == PRODUCER_OPERATIONS, (
        "Add new producer API operations to the access matrix: "
        f"missing {sorted(found - PRODUCER_OPERATIONS)}, "
        f"stale {sorted(PRODUCER_OPERATIONS - found)}"
    )


def test_the_router_and_the_schema_agree():
    """The schema is read from the router: nothing of it is left out."""
    from api.producer import router

    from_router = {
        (method, path)
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    assert from_router == PRODUCER_OPERATIONS


def is_multipart(method, path):
    operation = schema_operations()[(method, path)]
    return "multipart/form-data" in operation.get("requestBody", {}).get("content", {})


def jpeg_bytes(color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), color).save(buffer, "JPEG")
    return buffer.getvalue()


def hostile_files(world):
    return {
        "photo": SimpleUploadedFile("x.jpg", jpeg_bytes(), content_type="image/jpeg"),
        "title": "Diretas",
        "price": "100",
        "category": str(world.category.pk),
    }


class World:
    """Producers A and B of Ibun Store in different groups; A's facilitator;
    a shopper. B has a product with two photos, an order of her own and a
    line in an order she shares with A, and an audit entry."""

    def __init__(self, ibun, bearer):
        village = factories.VillageFactory(name="Lampegan")
        self.category = Category.add_root(name="Kerajinan")
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
        self.facilitator_of_b = factories.UserFactory(username="pendamping-b")
        FacilitatorAssignment.objects.create(facilitator=self.facilitator_of_b, group=self.group_b)
        self.shopper = factories.UserFactory(username="pembeli")
        self.operator = factories.UserFactory(username="operator", is_staff=True)
        self.a_product = factories.ProductFactory(producer=self.a, title="Keripik A", stock=5)
        self.b_product = factories.ProductFactory(producer=self.b, title="Batik B", stock=5)
        self.b_product.categories.add(self.category)
        self.b_images = [
            ProductImage.objects.create(
                product=self.b_product,
                original=ContentFile(jpeg_bytes((order, 9, 9)), name=f"b{order}.jpg"),
                display_order=order,
            )
            for order in range(2)
        ]
        ProductImage.objects.create(
            product=self.a_product, original=ContentFile(jpeg_bytes(), name="a.jpg")
        )
        AuditEntry.objects.create(producer=self.b, actor_name="Dewi", message="Produk diubah")
        self.b_order, (self.b_line,) = self.place_order(self.b_product)
        self.shared_order, lines = self.place_order(self.a_product, self.b_product)
        self.b_shared_line = next(line for line in lines if line.partner_id == self.b.pk)
        self.bearer = bearer

    @staticmethod
    def place_order(*products):
        client = Client(HTTP_HOST="ibun.localhost")
        for product in products:
            add_to_basket(client, product)
        response = checkout_as_guest(client)
        assert response.status_code == 302
        line = Line.objects.filter(product=products[-1]).latest("pk")
        return line.order, list(line.order.lines.order_by("pk"))

    def headers_for(self, actor):
        user = {
            "producer_a": self.a_user,
            "facilitator_of_a": self.facilitator_of_a,
            "shopper": self.shopper,
            "operator": self.operator,
            "producer_b": self.b_user,
            "facilitator_of_b": self.facilitator_of_b,
            "anonymous": None,
        }[actor]
        return {} if user is None else self.bearer(user)

    def url(self, path, **values):
        """``path`` with B's objects, or the values given."""
        values = {
            "code": self.b.code,
            "product_id": self.b_product.pk,
            "photo_id": self.b_images[0].pk,
            "number": self.b_order.number,
            "line_id": self.b_line.pk,
            **values,
        }
        params = re.findall(r"{(\w+)}", path)
        missing = [param for param in params if param not in values]
        assert not missing, f"teach the access matrix what {missing} means"
        return PREFIX + path.format(**{param: values[param] for param in params})

    def fingerprint(self):
        """Everything of B's that an attack could change."""
        b = Partner.objects.get(pk=self.b.pk)
        parts = [
            repr(
                (
                    b.name,
                    b.story,
                    b.instagram,
                    b.whatsapp_public,
                    b.on_holiday,
                    str(b.photo),
                    list(b.categories.values_list("pk", flat=True)),
                )
            ),
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
            repr(
                list(Line.objects.filter(partner=self.b).order_by("pk").values_list("pk", "status"))
            ),
            repr(FulfilmentEvent.objects.filter(line__partner=self.b).count()),
            repr(LedgerEntry.objects.filter(producer=self.b).count()),
            repr(AuditEntry.objects.filter(producer=self.b).count()),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


@pytest.fixture
def world(ibun, bearer):
    return World(ibun, bearer)


def send(world, method, url, path, headers):
    client = Client(HTTP_HOST="ibun.localhost")
    if method == "GET":
        return client.get(url, headers=headers)
    if method == "DELETE":
        return client.delete(url, headers=headers)
    if is_multipart(method, path):
        return client.post(url, hostile_files(world), headers=headers)
    return getattr(client, method.lower())(
        url, json.dumps(HOSTILE_JSON), content_type="application/json", headers=headers
    )


def assert_refused(response, actor, label):
    expected = 401 if actor == "anonymous" else 404
    assert response.status_code == expected, f"{actor} {label} -> {response.status_code}"
    # The API's own refusal (the route was found), not a URL that does not exist.
    code = "unauthenticated" if actor == "anonymous" else "not_found"
    assert response.json()["code"] == code, f"{actor} {label}: {response.content[:300]}"


# A shop operator (staff) runs the shop in the dashboard: being staff grants
# nothing here either (vendors.access.managed_producers).
OUTSIDERS = ["producer_a", "facilitator_of_a", "shopper", "operator", "anonymous"]


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS_ON_A_PRODUCER, ids=" ".join)
def test_nobody_else_reaches_producer_bs_objects(world, operation):
    """A, A's facilitator, a shopper and nobody, each in turn (one world per
    operation keeps the matrix fast; the fingerprint is taken after each)."""
    method, path = operation
    url = world.url(path)
    before = world.fingerprint()

    for actor in OUTSIDERS:
        response = send(world, method, url, path, world.headers_for(actor))
        assert_refused(response, actor, f"{method} {url}")
        assert world.fingerprint() == before, f"{actor} changed B's data through {method} {url}"


OBJECT_OPERATIONS = [
    (method, path)
    for method, path in OPERATIONS_ON_A_PRODUCER
    if set(re.findall(r"{(\w+)}", path)) - {"code"}
]


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OBJECT_OPERATIONS, ids=" ".join)
def test_her_own_shop_code_does_not_reach_bs_objects(world, operation):
    """The other shape of the attack: A's own shop in the URL, B's product,
    photo, order or line after it; or A's own product or shared order with
    B's photo or line after it."""
    method, path = operation
    urls = [world.url(path, code=world.a.code)]
    if "{photo_id}" in path:
        urls.append(world.url(path, code=world.a.code, product_id=world.a_product.pk))
    if "{line_id}" in path:
        urls.append(
            world.url(
                path,
                code=world.a.code,
                number=world.shared_order.number,
                line_id=world.b_shared_line.pk,
            )
        )
    before = world.fingerprint()

    for actor in ("producer_a", "facilitator_of_a"):
        for url in urls:
            response = send(world, method, url, path, world.headers_for(actor))
            assert_refused(response, actor, f"{method} {url}")
            assert world.fingerprint() == before, f"{actor} changed B's data through {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS_ON_A_PRODUCER, ids=" ".join)
def test_producer_b_and_her_facilitator_do_reach_her_shop(world, operation):
    """The matrix's URLs are real: B's facilitator (and for reading, B
    herself) is not refused, so the 404s above are refusals, not wrong
    URLs. (A change goes through once; B's own changes are tried in
    test_producer.py.)"""
    method, path = operation
    url = world.url(path)
    actors = ["producer_b", "facilitator_of_b"] if method == "GET" else ["facilitator_of_b"]
    for actor in actors:
        response = send(world, method, url, path, world.headers_for(actor))
        assert response.status_code in (200, 201, 204), (
            f"{actor} {method} {url}: {response.content[:500]}"
        )
