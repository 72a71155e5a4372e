"""A shopper on a phone orders from Ibun Store and pays cash on delivery."""

import re

import pytest
from oscar.core.loading import get_model

from tests import factories
from tests.shopping import ADDRESS

Order = get_model("order", "Order")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_guest_places_a_cod_order_from_the_ibun_home_page(live_server, phone, ibun):
    producer = factories.ProducerFactory(site=ibun, name="Rengginang Bu Uji")
    factories.ProductFactory(
        title="Rengginang Ketan", producer=producer, stock=5, stock__price=18000
    )
    port = live_server.url.rsplit(":", 1)[1]
    shop = f"http://ibun.localhost:{port}"

    phone.goto(f"{shop}/")
    assert "Ibun Store" in phone.content()
    phone.get_by_role("link", name=re.compile("Rengginang Ketan")).first.click()

    phone.locator("form[action*='/basket/add/'] button[type=submit]").click()
    phone.goto(f"{shop}/basket/")
    phone.locator("a[href='/checkout/']").first.click()

    phone.fill("input[name=username]", "pembeli@contoh.test")
    phone.check("input[name=options][value=anonymous]")
    phone.locator("form:has(input[name=username]) button[type=submit]").first.click()

    for field in ("first_name", "phone_number", "line1", "line4"):
        phone.fill(f"[name={field}]", ADDRESS[field])
    phone.locator("form:has([name=line1]) button[type=submit]").first.click()

    phone.locator("form:has(input[name=method_code][value=pickup]) button[type=submit]").click()

    phone.check("input[name=method][value=cod]")
    phone.locator("form:has(input[name=method]) button[type=submit]").click()

    phone.locator("form:has(input[name=action][value=place_order]) button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/checkout/thank-you/"))

    order = Order.objects.get()
    assert order.number in phone.content()
    assert order.sources.get().source_type.code == "cod"
    assert order.lines.get().title == "Rengginang Ketan"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the thank-you page fits a 360 px phone without sideways scrolling"
