"""The API's access matrix: every operation is in one of three classes, and
each class is tried by the people who must not get through.

- PUBLIC: what any visitor of the shops sees (tests/api/test_public.py).
- SHOPPER: a basket or an order is reached only by its token or by its
  signed-in owner; here shopper A tries B's.
- PRODUCER: tests/api/test_producer_access.py tries every one of them with
  another producer's, facilitator's, shopper's and nobody's credentials.

An operation in none of them fails the first test, so a new endpoint
cannot skip the matrix.
"""

import pytest
from oscar.core.loading import get_model

from api.main import api
from tests import factories
from tests.api.test_producer_access import PRODUCER_OPERATIONS

Line = get_model("basket", "Line")
Order = get_model("order", "Order")

JSON = "application/json"

PUBLIC_OPERATIONS = {
    ("GET", "/shops"),
    ("GET", "/shops/{shop_id}"),
    ("GET", "/categories"),
    ("GET", "/products"),
    ("GET", "/products/{product_id}"),
    ("GET", "/producers"),
    ("GET", "/producers/{code}"),
    ("GET", "/pages"),
    ("GET", "/pages/{page_id}"),
}
SHOPPER_OPERATIONS = {
    ("GET", "/basket"),
    ("POST", "/basket/lines"),
    ("PATCH", "/basket/lines/{line_id}"),
    ("DELETE", "/basket/lines/{line_id}"),
    ("GET", "/shipping-methods"),
    ("GET", "/payment-methods"),
    ("POST", "/checkout"),
    ("GET", "/orders/{number}"),
    ("POST", "/orders/{number}/card-intent"),
}


def api_operations():
    schema = api.get_openapi_schema()
    return {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_api_operation_is_in_the_matrix():
    known = PUBLIC_OPERATIONS | SHOPPER_OPERATIONS | PRODUCER_OPERATIONS
    operations = api_operations()
    assert operations == known, (
        "Add new API operations to the access matrix: "
        f"missing {sorted(operations - known)}, stale {sorted(known - operations)}"
    )


def test_public_operations_change_nothing():
    assert {method for method, _path in PUBLIC_OPERATIONS} == {"GET"}


@pytest.fixture
def two_baskets(ibun, client, django_user_model):
    product = factories.ProductFactory(producer=factories.ProducerFactory(site=ibun), stock=9)

    def basket():
        response = client.post(
            "/api/v1/basket/lines",
            {"product_id": product.pk, "quantity": 2},
            content_type=JSON,
            HTTP_HOST="ibun.localhost",
        )
        return response.json()

    return basket(), basket()


@pytest.mark.django_db
def test_a_basket_token_reaches_only_its_own_lines(ibun_client, two_baskets):
    mine, hers = two_baskets
    her_line = hers["lines"][0]["id"]
    url = f"/api/v1/basket/lines/{her_line}"
    headers = {"X-Basket-Token": mine["token"]}
    assert (
        ibun_client.patch(url, {"quantity": 9}, content_type=JSON, headers=headers).status_code
        == 404
    )
    assert ibun_client.delete(url, headers=headers).status_code == 404
    assert ibun_client.patch(url, {"quantity": 9}, content_type=JSON).status_code == 404
    assert Line.objects.get(pk=her_line).quantity == 2


@pytest.mark.django_db
def test_an_order_is_seen_only_with_its_token_or_by_its_owner(ibun_client, two_baskets, bearer):
    _mine, hers = two_baskets
    order = ibun_client.post(
        "/api/v1/checkout",
        {
            "email": "dewi@contoh.test",
            "shipping_address": {
                "first_name": "Dewi",
                "phone_number": "0812 1111 2222",
                "line1": "Jl. Uji 1",
                "line4": "Ibun, Kabupaten Bandung",
            },
            "shipping_method": "pickup",
            "payment_method": "cod",
        },
        content_type=JSON,
        headers={"X-Basket-Token": hers["token"]},
    ).json()
    assert "number" in order, order
    number = order["number"]
    other = Order.objects.exclude(number=number)
    assert not other.exists()
    someone = bearer(factories.UserFactory())
    for headers in ({}, someone):
        assert ibun_client.get(f"/api/v1/orders/{number}", headers=headers).status_code == 404
        response = ibun_client.post(f"/api/v1/orders/{number}/card-intent", headers=headers)
        assert response.status_code == 404
    # Another order's token does not open this one.
    response = ibun_client.get(f"/api/v1/orders/{number}?token={order['token'][:-1]}0")
    assert response.status_code == 404
