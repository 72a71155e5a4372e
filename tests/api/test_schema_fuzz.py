"""Schemathesis fuzzes every operation of the API against its own schema.

The schema fuzzed is the one /api/v1/openapi.json serves (the first test
checks the two are the same); the requests go in process to Django's WSGI
application, on Ibun Store, with real data behind them: products with photos,
a producer with a write token, an anonymous basket and an order of hers. The
generated ids and codes are aimed at that data most of the time (a few are
left as generated, to walk the 404s too), so the operations do their real
work, not only refuse unknown ids.

Each operation is one test (so pytest-xdist spreads them), with a bounded,
seeded, derandomized number of examples in both positive and negative modes;
every example runs in a savepoint that is rolled back, so each starts from the
same data whatever the one before it did (a deleted product, a placed order).

Checks: no 5xx, and every response (its status code, content type and body)
is one the schema declares.
"""

import io
import itertools
import json
import random
import zlib

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from oscar.core.loading import get_model
from PIL import Image
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import tokens
from api.main import api
from api.models import ApiToken
from tests import factories
from tests.shopping import ADDRESS

Category = get_model("catalogue", "Category")
Order = get_model("order", "Order")
ProductImage = get_model("catalogue", "ProductImage")

SHOP = "http://ibun.localhost"
SCHEMA_URL = "/api/v1/openapi.json"
JSON = "application/json"
#: Examples per operation and mode; with the coverage phase's own cases the
#: whole file takes well under two minutes on two workers.
MAX_EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 6,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            # No made-up tokens or session cookies: an unknown token is a 401
            # everywhere, by design; the producer's operations get her real one.
            "with-security-parameters": False,
        },
    }
)
# The schema as the API builds it for /api/v1/openapi.json (its view calls
# the same method), made at import so each operation is a test of its own.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)


# --- the world the examples act on ---------------------------------------------------


def jpeg_bytes(color):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(buffer, "JPEG")
    return buffer.getvalue()


def wsgi_application():
    """Django's WSGI handler, for requests made inside the test's transaction.

    Django's test client keeps its requests from closing the database
    connection (which would end the test's transaction); requests through
    the real handler need the same."""
    return WSGIHandler()


@pytest.fixture
def in_process_requests():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class World:
    """Ibun Store with Bu Sari's products (one with photos, one a draft),
    categories, her write token, an anonymous basket and a guest order of
    hers; and another shop, whose products Ibun Store does not sell."""

    def __init__(self, ibun, other_shop, client):
        food = Category.add_root(name="Makanan", slug="makanan")
        self.category_ids = [food.pk, food.add_child(name="Keripik", slug="keripik").pk]
        self.sari = factories.ProducerFactory(site=ibun, name="Keripik Bu Sari", code="bu-sari")
        self.user = factories.UserFactory(username="sari")
        self.sari.users.add(self.user)
        products = [
            factories.ProductFactory(producer=self.sari, title=title, stock=5, stock__price=price)
            for title, price in (("Keripik Singkong", 15000), ("Opak Ketan", 18500))
        ]
        products[0].categories.add(food)
        draft = factories.ProductFactory(producer=self.sari, title="Produk baru", is_public=False)
        elsewhere = factories.ProductFactory(
            producer=factories.ProducerFactory(site=other_shop, code="bu-dewi"), stock=3
        )
        self.photo_ids = [
            ProductImage.objects.create(
                product=products[0],
                original=ContentFile(jpeg_bytes((order * 60, 90, 30)), name=f"k{order}.jpg"),
                display_order=order,
            ).pk
            for order in range(2)
        ]
        self.photo = jpeg_bytes((200, 120, 40))
        self.product_ids = [product.pk for product in (*products, draft, elsewhere)]
        # Mostly hers; another shop's producer, whom she may not act for, too.
        self.codes = [self.sari.code] * 3 + ["bu-dewi"]
        self.shop_ids = [ibun.pk, other_shop.pk]
        self.page_ids = [ibun.root_page_id, other_shop.root_page_id]
        _token, secret = tokens.issue(self.user, name="fuzz", scope=ApiToken.WRITE, days=30)
        self.bearer = {"Authorization": f"Bearer {secret}"}

        # A guest order of hers, placed through the API itself.
        response = client.post(
            "/api/v1/checkout",
            {
                "email": "pembeli@contoh.test",
                "shipping_address": {k: v for k, v in ADDRESS.items() if k != "country"},
                "shipping_method": "pickup",
                "payment_method": "cod",
            },
            content_type=JSON,
            headers={"X-Basket-Token": self.add(client, products[1])["token"]},
        )
        assert response.status_code == 201, response.content
        order = Order.objects.get(number=response.json()["number"])
        self.order_number, self.order_token = order.number, response.json()["token"]
        self.order_line_ids = list(order.lines.values_list("pk", flat=True))

        # An open anonymous basket the shopper's operations work on.
        basket = self.add(client, products[0], 2)
        self.basket_token = basket["token"]
        self.basket_line_ids = [line["id"] for line in basket["lines"]]
        self.examples = itertools.count()

    @staticmethod
    def add(client, product, quantity=1):
        response = client.post(
            "/api/v1/basket/lines",
            {"product_id": product.pk, "quantity": quantity},
            content_type=JSON,
        )
        assert response.status_code == 201, response.content
        return response.json()

    # Generated values are aimed at this data, except about one in five,
    # chosen by the value itself so a derandomized run stays the same.

    @staticmethod
    def keep(value):
        return zlib.crc32(repr(value).encode()) % 5 == 0

    def pick(self, value, choices):
        if self.keep(value) or not choices:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            return value  # a wrongly typed value is kept, for the 422s
        if isinstance(value, int):
            return choices[abs(value) % len(choices)]
        return choices[zlib.crc32(value.encode()) % len(choices)]

    def choices(self, name, path):
        if name == "line_id":
            return (
                self.basket_line_ids if path.startswith("/api/v1/basket") else self.order_line_ids
            )
        return {
            "code": self.codes,
            "producer": self.codes,
            "product_id": self.product_ids,
            "photo_id": self.photo_ids,
            "shop_id": self.shop_ids,
            "shop": self.shop_ids,
            "page_id": self.page_ids,
            "category": self.category_ids,
            "number": [self.order_number],
            "token": [self.order_token],
            "shipping_method": ["pickup", "delivery-village", "delivery-outside_village"],
            "payment_method": ["cod", "bank-transfer", "qris", "card"],
            "email": ["pembeli@contoh.test"],
            **{
                field: [ADDRESS[field]]
                for field in ("first_name", "phone_number", "line1", "line4")
            },
        }.get(name)

    def aim_value(self, name, value, path):
        if name == "photo" and isinstance(value, list):
            return [item if self.keep(item) else self.photo for item in value]
        if isinstance(value, dict):
            return {key: self.aim_value(key, item, path) for key, item in value.items()}
        choices = self.choices(name, path)
        return value if choices is None else self.pick(value, choices)

    def aim(self, case):
        path = case.operation.path
        for container in (case.path_parameters, case.query, case.body):
            if not isinstance(container, dict):
                continue
            for name, value in list(container.items()):
                container[name] = self.aim_value(name, value, path)

    def headers_for(self, case):
        """A producer's operations are called with her token; the public and
        shopper's ones anonymously, with the basket's token."""
        if case.operation.path.startswith("/api/v1/me"):
            return dict(self.bearer)
        return {"X-Basket-Token": self.basket_token}


@pytest.fixture
def world(ibun, other_shop, api_client, settings):
    # Hundreds of requests a minute from one address, on purpose.
    settings.PASAR_API_RATE_PER_ADDRESS = "100000/m"
    settings.PASAR_API_RATE_PER_TOKEN = "100000/m"
    return World(ibun, other_shop, api_client)


# --- the tests -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_fuzzed_schema_is_the_one_served(api_client):
    response = api_client.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(JSON)
    assert response.json() == json.loads(json.dumps(api.get_openapi_schema()))
    assert len(list(schema.get_all_operations())) >= 30


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_to_the_schema(case, world, in_process_requests):
    world.aim(case)
    # Hypothesis seeds the global random the same way for every example;
    # Whoosh names its index segments with it, and the index (unlike the
    # database) is not rolled back, so each example gets a seed of its own.
    random.seed(f"{case.operation.label} {next(world.examples)}")
    with transaction.atomic():
        case.call_and_validate(
            app=in_process_requests,
            base_url=SHOP,
            headers=world.headers_for(case),
            checks=CHECKS,
        )
        transaction.set_rollback(True)
