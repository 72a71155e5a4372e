"""The shopper's API: basket, options, checkout with each payment method,
order status; bad input changes nothing and is answered in her language."""

import pytest
from oscar.core.loading import get_model

from storefront.payment import qris
from tests import factories

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

JSON = "application/json"
ADDRESS = {
    "first_name": "Siti Uji",
    "phone_number": "0812 3456 7890",
    "line1": "Jl. Raya Ibun No. 5, RT 01/RW 02",
    "line2": "Lampegan",
    "line4": "Ibun, Kabupaten Bandung",
    "state": "Jawa Barat",
    "postcode": "40384",
}


@pytest.fixture
def product(ibun):
    producer = factories.ProducerFactory(site=ibun, name="Bu Ani")
    return factories.ProductFactory(producer=producer, title="Keripik Singkong", stock=5)


def add(client, product, quantity=1, token=None, **headers):
    if token:
        headers["X-Basket-Token"] = token
    return client.post(
        "/api/v1/basket/lines",
        {"product_id": product.pk, "quantity": quantity},
        content_type=JSON,
        headers=headers,
    )


def checkout(client, token, payment="cod", shipping="pickup", **changes):
    body = {
        "email": "pembeli@contoh.test",
        "shipping_address": ADDRESS,
        "shipping_method": shipping,
        "payment_method": payment,
        **changes,
    }
    return client.post(
        "/api/v1/checkout", body, content_type=JSON, headers={"X-Basket-Token": token}
    )


@pytest.mark.django_db
def test_an_anonymous_basket_is_named_by_its_token(api_client, product):
    response = add(api_client, product, 2)
    assert response.status_code == 201, response.json()
    basket = response.json()
    assert basket["num_items"] == 2
    assert basket["total"] == 2 * int(product.stockrecords.get().price)
    [line] = basket["lines"]
    assert (line["title"], line["producer"], line["problem"]) == ("Keripik Singkong", "Bu Ani", "")

    again = api_client.get("/api/v1/basket", headers={"X-Basket-Token": basket["token"]})
    assert again.json()["lines"] == basket["lines"]
    # Without the token, nobody's basket is shown (and none is made).
    count = Basket.objects.count()
    assert api_client.get("/api/v1/basket").json()["lines"] == []
    assert Basket.objects.count() == count


@pytest.mark.django_db
def test_lines_change_and_go(api_client, product):
    token = add(api_client, product).json()["token"]
    line_id = api_client.get("/api/v1/basket", headers={"X-Basket-Token": token}).json()["lines"][
        0
    ]["id"]
    url = f"/api/v1/basket/lines/{line_id}"
    headers = {"X-Basket-Token": token}
    changed = api_client.patch(url, {"quantity": 3}, content_type=JSON, headers=headers)
    assert changed.json()["num_items"] == 3
    too_many = api_client.patch(url, {"quantity": 6}, content_type=JSON, headers=headers)
    assert too_many.status_code == 422
    assert too_many.json()["fields"] == {"quantity": ["Hanya tersisa 5."]}
    assert api_client.get("/api/v1/basket", headers=headers).json()["num_items"] == 3
    removed = api_client.delete(url, headers=headers)
    assert removed.json()["lines"] == []
    assert api_client.delete(url, headers=headers).status_code == 404


@pytest.mark.django_db
def test_a_forged_basket_token_finds_nothing(api_client, product):
    token = add(api_client, product).json()["token"]
    response = api_client.get("/api/v1/basket", headers={"X-Basket-Token": token + "x"})
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_basket"


@pytest.mark.django_db
def test_refusals_in_the_shoppers_language_change_nothing(api_client, product, other_shop):
    elsewhere = factories.ProductFactory(
        producer=factories.ProducerFactory(site=other_shop), stock=5
    )
    response = add(api_client, elsewhere)
    assert response.status_code == 422
    assert response.json()["fields"]["product_id"] == ["Toko ini tidak menjual produk ini."]
    assert Basket.objects.count() == 0

    response = add(api_client, product, 6)
    assert response.status_code == 422
    assert response.json()["fields"] == {"quantity": ["Hanya tersisa 5."]}

    response = api_client.post(
        "/api/v1/basket/lines",
        {"product_id": "dua"},
        content_type=JSON,
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "Some of what was sent is not valid.",
        "fields": {"product_id": ["Enter a whole number."]},
    }


@pytest.mark.django_db
def test_options_of_the_shop(api_client, product):
    methods = api_client.get("/api/v1/shipping-methods").json()
    by_code = {method["code"]: method for method in methods}
    assert by_code["pickup"]["price"] == 0 and by_code["pickup"]["is_pickup"]
    assert by_code["pickup"]["description"] == "Balai Desa"
    assert {method["price"] for method in methods if not method["is_pickup"]} == {5000, 10000}
    payments = [method["code"] for method in api_client.get("/api/v1/payment-methods").json()]
    assert {"cod", "bank-transfer", "qris"} <= set(payments)


@pytest.mark.django_db
def test_cash_on_delivery_order(
    api_client, product, mailoutbox, django_capture_on_commit_callbacks
):
    token = add(api_client, product, 2).json()["token"]
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(api_client, token)
    assert response.status_code == 201, response.json()
    order = response.json()
    placed = Order.objects.get(number=order["number"])
    assert placed.guest_email == "pembeli@contoh.test"
    assert placed.shipping_address.phone_number.as_e164 == "+6281234567890"
    assert order["total"] == int(placed.total_incl_tax)
    assert order["payment"]["method"] == "cod"
    assert [(line["title"], line["quantity"], line["status_label"]) for line in order["lines"]] == [
        ("Keripik Singkong", 2, "Baru")
    ]
    # Stock is reserved, the basket is spent, the confirmation is sent.
    assert StockRecord.objects.get(product=product).num_allocated == 2
    assert Basket.objects.get().status == Basket.SUBMITTED
    assert len(mailoutbox) == 1

    status = api_client.get(f"/api/v1/orders/{order['number']}?token={order['token']}")
    assert status.status_code == 200
    assert status.json()["number"] == order["number"]
    assert api_client.get(f"/api/v1/orders/{order['number']}?token=nope").status_code == 404
    assert api_client.get(f"/api/v1/orders/{order['number']}").status_code == 404
    # The spent basket cannot be ordered twice.
    again = checkout(api_client, token)
    assert again.status_code == 404
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_bank_transfer_order_says_where_and_how_much(api_client, product):
    token = add(api_client, product).json()["token"]
    order = checkout(api_client, token, payment="bank-transfer", shipping="delivery-village")
    assert order.status_code == 201, order.json()
    payment = order.json()["payment"]
    assert payment["bank"] == {
        "bank_name": "Bank Uji",
        "account_number": "1234567890",
        "account_holder": "Koperasi Uji",
    }
    assert 1 <= payment["unique_code"] <= 999
    assert payment["amount_due"] == order.json()["total"] + payment["unique_code"]
    assert order.json()["shipping_charge"] == 5000
    assert payment["expires_at"]
    assert payment["proof_upload_url"].startswith("http://ibun.localhost/bayar/")


@pytest.mark.django_db
def test_qris_order_carries_its_payload_and_image(api_client, product):
    token = add(api_client, product).json()["token"]
    order = checkout(api_client, token, payment="qris").json()
    payment = order["payment"]
    fields = dict(qris.parse(payment["qris_payload"]))
    assert fields["54"] == str(payment["amount_due"])
    image = api_client.get(payment["qris_image_url"].removeprefix("http://ibun.localhost"))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_card_order_gets_a_payment_intent(api_client, product, stripe_server):
    token = add(api_client, product).json()["token"]
    order = checkout(api_client, token, payment="card").json()
    url = f"/api/v1/orders/{order['number']}/card-intent?token={order['token']}"
    first = api_client.post(url)
    assert first.status_code == 200, first.json()
    intent = first.json()
    assert intent["client_secret"].startswith(intent["payment_intent"])
    assert intent["publishable_key"] == stripe_server.publishable_key
    assert intent["amount"] == order["total"]
    # Asking again never makes a second charge.
    assert api_client.post(url).json()["payment_intent"] == intent["payment_intent"]


@pytest.mark.django_db
def test_card_intent_only_for_card_orders(api_client, product):
    token = add(api_client, product).json()["token"]
    order = checkout(api_client, token).json()
    response = api_client.post(
        f"/api/v1/orders/{order['number']}/card-intent?token={order['token']}"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "not_card"


@pytest.mark.django_db
def test_a_bad_address_places_nothing(api_client, product):
    token = add(api_client, product).json()["token"]
    response = checkout(
        api_client, token, shipping_address={**ADDRESS, "phone_number": "12"}, email="bukan-email"
    )
    # Every mistake at once, each under its field, in her language.
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert fields["email"] == ["Masukkan alamat email Anda, mis. nama@contoh.com."]
    assert list(fields) == ["email", "shipping_address.phone_number"]
    response = checkout(api_client, token, shipping_address={**ADDRESS, "phone_number": "12"})
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["shipping_address.phone_number"]
    response = checkout(api_client, token, shipping="kapal-laut")
    assert list(response.json()["fields"]) == ["shipping_method"]
    response = checkout(api_client, token, payment="emas")
    assert list(response.json()["fields"]) == ["payment_method"]
    assert Order.objects.count() == 0
    assert Basket.objects.get().status == Basket.OPEN
    assert StockRecord.objects.get(product=product).num_allocated in (0, None)


@pytest.mark.django_db
def test_nothing_to_order(api_client, product):
    response = api_client.post(
        "/api/v1/checkout",
        {
            "email": "a@contoh.test",
            "shipping_address": ADDRESS,
            "shipping_method": "pickup",
            "payment_method": "cod",
        },
        content_type=JSON,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "empty_basket"


@pytest.mark.django_db
def test_the_last_unit_is_sold_once(api_client, product, client):
    StockRecord.objects.filter(product=product).update(num_in_stock=1)
    first = add(api_client, product).json()["token"]
    second = add(client, product, HTTP_HOST="ibun.localhost").json()["token"]
    assert checkout(api_client, first).status_code == 201
    late = checkout(api_client, second)
    assert late.status_code == 409
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_a_signed_in_shoppers_basket_takes_in_her_anonymous_one(api_client, product, bearer):
    shopper = factories.UserFactory(email="siti@contoh.test")
    token = add(api_client, product, 2).json()["token"]
    mine = api_client.get(
        "/api/v1/basket", headers={"X-Basket-Token": token, **bearer(shopper)}
    ).json()
    assert mine["token"] is None
    assert mine["num_items"] == 2
    assert Basket.objects.get(owner=shopper).num_items == 2
    # Her own order, seen without the order token; placed with her email.
    order = api_client.post(
        "/api/v1/checkout",
        {"shipping_address": ADDRESS, "shipping_method": "pickup", "payment_method": "cod"},
        content_type=JSON,
        headers=bearer(shopper),
    )
    assert order.status_code == 201, order.json()
    number = order.json()["number"]
    assert Order.objects.get(number=number).user == shopper
    assert api_client.get(f"/api/v1/orders/{number}", headers=bearer(shopper)).status_code == 200
    stranger = factories.UserFactory()
    assert api_client.get(f"/api/v1/orders/{number}", headers=bearer(stranger)).status_code == 404
