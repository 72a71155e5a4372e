"""The fulfilment service on its own: payment first, stock that follows the
goods, shopper emails in the shop's language, progress on the status page."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from storefront.models import ShopSettings
from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from vendors import fulfilment

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")


def place_order(client, shop, *, payment="cod", products=1, email="pembeli@contoh.test"):
    producer = factories.ProducerFactory(site=shop, name="Opak Bu Tati")
    for number in range(products):
        product = factories.ProductFactory(
            producer=producer, title=f"Opak Ketan {number + 1}", stock=6, stock__price=12000
        )
        add_to_basket(client, product, quantity=2)
    response = checkout_as_guest(client, payment=payment, email=email)
    assert response.status_code == 302
    order = Order.objects.latest("pk")
    user = factories.UserFactory(first_name="Tati")
    producer.users.add(user)
    return order, user


def stock_of(line):
    record = StockRecord.objects.get(pk=line.stockrecord_id)
    return record.num_in_stock, record.num_allocated


@pytest.mark.django_db
def test_an_unpaid_transfer_order_can_only_be_cancelled(ibun_client, ibun):
    order, user = place_order(ibun_client, ibun, payment="bank-transfer")
    assert order.status == "Awaiting payment"
    line = order.lines.get()

    with pytest.raises(fulfilment.FulfilmentError, match="belum membayar|not paid"):
        fulfilment.change_status(line, fulfilment.CONFIRMED, user)
    line.refresh_from_db()
    assert line.status == fulfilment.NEW
    assert not FulfilmentEvent.objects.exists()

    fulfilment.change_status(line, fulfilment.CANCELLED, user, note="Stok habis")
    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert stock_of(line) == (6, 0)


@pytest.mark.django_db
def test_goods_leave_even_after_the_stock_was_edited_by_hand(ibun_client, ibun):
    """An operator zeroed the allocation in the dashboard; shipping must still
    work and count the goods out, not fail with Oscar's InvalidStockAdjustment."""
    order, user = place_order(ibun_client, ibun)
    line = order.lines.get()
    StockRecord.objects.filter(pk=line.stockrecord_id).update(num_in_stock=5, num_allocated=0)

    for step in (fulfilment.CONFIRMED, fulfilment.PACKED, fulfilment.READY_FOR_PICKUP):
        fulfilment.change_status(line, step, user)

    assert stock_of(line) == (3, 0)
    # The shopper never came: the goods go back on the shelf.
    fulfilment.change_status(line, fulfilment.CANCELLED, user, note="Tidak diambil")
    assert stock_of(line) == (5, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "unexpected"),
    [("id", "Terima kasih", "Thank you"), ("en", "Thank you", "Terima kasih")],
)
def test_the_shopper_reads_the_email_in_the_shops_language(
    ibun_client, ibun, django_capture_on_commit_callbacks, language, expected, unexpected
):
    ShopSettings.objects.filter(site=ibun).update(language=language)
    order, user = place_order(ibun_client, ibun)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.change_status(order.lines.get(), fulfilment.CONFIRMED, user)

    (message,) = mail.outbox
    assert expected in message.body
    assert unexpected not in message.body
    assert "Opak Bu Tati" in message.body


@pytest.mark.django_db
def test_the_status_page_shows_each_lines_steps(
    ibun_client, ibun, django_capture_on_commit_callbacks
):
    order, user = place_order(ibun_client, ibun, products=3)
    first, *_others = order.lines.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.change_status(first, fulfilment.CONFIRMED, user)
        fulfilment.change_status(first, fulfilment.PACKED, user)

    response = ibun_client.post(
        "/pesanan/", {"number": order.number, "email": order.email}, follow=True
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="line-progress"') == 3
    assert "Dikemas" in page  # Packed
    assert "Dikonfirmasi" in page  # Confirmed
    assert "Opak Bu Tati" in page


@pytest.mark.django_db
def test_the_status_page_costs_the_same_queries_for_one_line_or_three(client, ibun):
    counts = []
    for products, email in ((1, "satu@contoh.test"), (3, "tiga@contoh.test")):
        shopper = type(client)(HTTP_HOST="ibun.localhost")
        order, _user = place_order(shopper, ibun, products=products, email=email)
        response = shopper.post("/pesanan/", {"number": order.number, "email": order.email})
        with CaptureQueriesContext(connection) as queries:
            assert shopper.get(response["Location"]).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
