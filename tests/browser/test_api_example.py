"""The example shop front end (examples/shop/) orders from Ibun Store with
nothing but the API: it is served from an origin of its own, as a partner's
site would be, and calls the live server across origins (CORS).

A shopper on a phone sees Bu Uji's products with their price in rupiah and
the API's photo renditions, puts one in the basket, is told what is missing
from her details in the API's own words, and places a cash-on-delivery
order; the order number she is shown is an order in the database with Bu
Uji's line, and Bu Uji sees it through the producer API with her token.
"""

import functools
import io
import json
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from PIL import Image

from api import tokens
from api.models import ApiToken
from tests import factories
from tests.shopping import ADDRESS

Order = get_model("order", "Order")
ProductImage = get_model("catalogue", "ProductImage")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EMAIL = "pembeli@contoh.test"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def example_site():
    """examples/ served by Python's http.server on a loopback port: the
    front end's own origin, e.g. http://127.0.0.1:41234."""
    handler = functools.partial(QuietHandler, directory=str(EXAMPLES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


def jpeg(color):
    out = io.BytesIO()
    Image.new("RGB", (400, 400), color).save(out, "JPEG")
    return out.getvalue()


def api_get(url, host, token):
    """GET from the live server as an app does (Playwright's own HTTP
    client does not resolve the *.localhost shops)."""
    request = urllib.request.Request(
        url, headers={"Host": host, "Authorization": f"Bearer {token}", "Accept-Language": "id"}
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        assert response.status == 200
        return json.loads(response.read())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_example_front_end_places_a_cod_order_through_the_api(
    live_server, phone, ibun, example_site, settings
):
    settings.CORS_ALLOWED_ORIGINS = [example_site]
    producer = factories.ProducerFactory(site=ibun, name="Rengginang Bu Uji")
    uji = factories.UserFactory(first_name="Uji")
    producer.users.add(uji)
    product = factories.ProductFactory(
        title="Rengginang Ketan", producer=producer, stock=5, stock__price=18000
    )
    ProductImage.objects.create(
        product=product, original=ContentFile(jpeg((200, 150, 60)), name="rengginang.jpg")
    )
    factories.ProductFactory(title="Opak Bakar", producer=producer, stock=3, stock__price=25000)

    port = live_server.url.rsplit(":", 1)[1]
    shop = f"http://ibun.localhost:{port}"
    phone.goto(f"{example_site}/shop/index.html?api={shop}")

    # 1. Her products, priced in rupiah, with the API's photo renditions.
    card = phone.locator(".product", has_text="Rengginang Ketan")
    card.wait_for()
    assert phone.locator("h1").inner_text() == "Ibun Store"
    assert card.locator(".price").inner_text() == "Rp 18.000"
    assert "Rengginang Bu Uji" in card.locator(".producer").inner_text()
    assert phone.locator(".product", has_text="Opak Bakar").locator(".price").inner_text() == (
        "Rp 25.000"
    )
    image = card.locator("img")
    image.scroll_into_view_if_needed()
    phone.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    shown = image.evaluate("img => img.currentSrc")
    assert shown.startswith(f"{shop}/r/"), shown
    assert "rengginang" in shown

    # 2. Into the basket.
    card.get_by_role("button", name="Tambah ke keranjang").click()
    line = phone.locator("#basket .line")
    line.wait_for()
    assert "1 × Rengginang Ketan" in line.inner_text()
    assert "Rp 18.000" in phone.locator("#basket .total").inner_text()
    assert phone.locator("#basket-link").inner_text() == "Keranjang (1)"

    # 3. Sent without her details, the API's message and fields are shown.
    phone.get_by_role("button", name="Pesan sekarang").click()
    errors = phone.locator("#form-errors")
    errors.wait_for()
    assert errors.locator(".message").inner_text().strip()
    assert phone.locator("[aria-invalid=true]").count() >= 1
    assert Order.objects.count() == 0

    # 4. Cash on delivery, picked up at the collection point.
    phone.get_by_label("Nama").fill(ADDRESS["first_name"])
    phone.get_by_label("Nomor HP/WhatsApp").fill(ADDRESS["phone_number"])
    phone.get_by_label("Alamat (jalan, RT/RW)").fill(ADDRESS["line1"])
    phone.get_by_label("Desa/kecamatan").fill(ADDRESS["line4"])
    phone.get_by_label("Email").fill(EMAIL)
    assert phone.get_by_label("Pengiriman").input_value() == "pickup"
    phone.get_by_role("button", name="Pesan sekarang").click()
    number = phone.locator("#order-number")
    number.wait_for()
    phone.wait_for_function("() => document.querySelector('#order-payment').textContent !== ''")
    assert errors.is_hidden()
    shown_number = number.inner_text()
    assert shown_number
    assert phone.locator("#order-status").inner_text().strip()
    assert phone.locator("#order-total").inner_text() == "Rp 18.000"
    assert phone.locator("#order-payment").inner_text().startswith("cod")
    assert phone.locator("#basket").inner_text() == "Keranjang masih kosong."

    # 5. It is an order in the database, with her line in it.
    order = Order.objects.get(number=shown_number)
    assert order.guest_email == EMAIL
    assert order.sources.get().source_type.code == "cod"
    order_line = order.lines.get()
    assert (order_line.partner_id, order_line.product_id, order_line.quantity) == (
        producer.pk,
        product.pk,
        1,
    )

    # 6. Bu Uji finds it through the producer API with her token.
    _token, secret = tokens.issue(uji, name="Aplikasi", scope=ApiToken.READ, days=30)
    orders = api_get(
        f"http://127.0.0.1:{port}/api/v1/me/producers/{producer.code}/orders",
        f"ibun.localhost:{port}",
        secret,
    )
    assert orders["count"] == 1
    [found] = orders["items"]
    assert found["number"] == shown_number
    assert [(item["title"], item["quantity"]) for item in found["lines"]] == [
        ("Rengginang Ketan", 1)
    ]
    assert found["my_total"] == 18000

    # The page fits a phone and has no serious accessibility problems.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    violations = [
        f"{violation['id']}: {violation['help']}"
        for violation in Axe().run(phone).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not violations, violations
