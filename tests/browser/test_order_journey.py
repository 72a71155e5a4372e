"""A shopper on a phone orders from Ibun Store and pays cash on delivery."""

import pytest
from oscar.core.loading import get_model

from tests import factories
from tests.browser.steps import check_out_as_guest

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
    check_out_as_guest(phone, shop, "Rengginang Ketan", payment="cod")

    order = Order.objects.get()
    assert order.number in phone.content()
    assert order.sources.get().source_type.code == "cod"
    assert order.lines.get().title == "Rengginang Ketan"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the thank-you page fits a 360 px phone without sideways scrolling"
