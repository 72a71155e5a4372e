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
AuditEntry = get_model("partner", "AuditEntry")


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


@pytest.mark.django_db
def test_lines_of_an_order_the_shop_cancelled_do_not_move(ibun_client, ibun):
    order, user = place_order(ibun_client, ibun)
    order.set_status("Cancelled")
    line = order.lines.get()

    with pytest.raises(fulfilment.FulfilmentError, match="dibatalkan oleh toko"):
        fulfilment.change_status(line, fulfilment.CONFIRMED, user)
    line.refresh_from_db()
    assert line.status == fulfilment.NEW
    assert stock_of(line) == (6, 2)


@pytest.mark.django_db
def test_a_note_longer_than_the_record_is_refused_and_changes_nothing(ibun_client, ibun):
    order, user = place_order(ibun_client, ibun)
    line = order.lines.get()

    with pytest.raises(fulfilment.FulfilmentError, match="300"):
        fulfilment.change_status(line, fulfilment.CANCELLED, user, note="habis " * 60)
    line.refresh_from_db()
    assert line.status == fulfilment.NEW
    assert stock_of(line) == (6, 2)
    assert not FulfilmentEvent.objects.exists()


@pytest.mark.django_db
def test_steps_taken_by_someone_else_land_in_her_log_in_her_language(ibun_client, ibun):
    order, _producer_user = place_order(ibun_client, ibun)
    operator = factories.UserFactory(first_name="Wati", last_name="", is_staff=True)
    line = order.lines.get()

    fulfilment.change_status(line, fulfilment.CONFIRMED, operator)

    entry = AuditEntry.objects.get(producer=line.partner)
    assert entry.done_by == "operator Wati"
    assert entry.action == f"Pesanan {order.number}: “Opak Ketan 1” ditandai Dikonfirmasi"


# --- one email per step, with the way back to the order -------------------------


def status_url_in(body):
    """The absolute status-page link of an email, checked to be the order's
    own anonymous status page on the shop's hostname."""
    (url,) = [word for word in body.split() if word.startswith("http")]
    return url


def assert_links_to_status_page(url, order):
    from urllib.parse import urlsplit

    from django.urls import resolve

    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("http", "ibun.localhost")
    match = resolve(parts.path)
    assert match.url_name == "anon-order"
    assert match.kwargs == {"order_number": order.number, "hash": order.verification_hash()}


@pytest.mark.django_db
def test_moving_several_lines_sends_one_email_listing_them(
    ibun_client, ibun, django_capture_on_commit_callbacks
):
    order, user = place_order(ibun_client, ibun, products=3)
    lines = list(order.lines.order_by("pk"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moved = fulfilment.change_statuses(lines, fulfilment.CONFIRMED, user)

    assert [line.status for line in moved] == [fulfilment.CONFIRMED] * 3
    (message,) = mail.outbox
    assert message.to == ["pembeli@contoh.test"]
    assert message.subject == f"Pesanan {order.number}: Dikonfirmasi"
    for number in (1, 2, 3):
        assert f"Opak Ketan {number} × 2: Dikonfirmasi" in message.body
    assert "Produsen: Opak Bu Tati" in message.body
    assert_links_to_status_page(status_url_in(message.body), order)
    # Every line has its own recorded step all the same.
    assert FulfilmentEvent.objects.filter(status=fulfilment.CONFIRMED).count() == 3


@pytest.mark.django_db
def test_one_line_at_a_time_still_sends_one_email_each(
    ibun_client, ibun, django_capture_on_commit_callbacks
):
    order, user = place_order(ibun_client, ibun, products=2)
    first, second = order.lines.order_by("pk")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.change_status(first, fulfilment.CONFIRMED, user)
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.change_status(second, fulfilment.CANCELLED, user, note="  Ketan habis ")

    confirmed, cancelled = mail.outbox
    assert "Opak Ketan 1 × 2: Dikonfirmasi" in confirmed.body
    assert "Opak Ketan 2" not in confirmed.body
    assert "Opak Ketan 2 × 2: Dibatalkan" in cancelled.body
    assert "Catatan dari produsen: Ketan habis\n" in cancelled.body
    assert_links_to_status_page(status_url_in(cancelled.body), order)


@pytest.mark.django_db
def test_a_refused_batch_moves_nothing_and_sends_nothing(
    ibun_client, ibun, django_capture_on_commit_callbacks
):
    order, user = place_order(ibun_client, ibun, products=2)
    first, second = order.lines.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.change_status(second, fulfilment.CONFIRMED, user)
    mail.outbox.clear()

    # The first line can be confirmed, the second cannot be confirmed again.
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(fulfilment.FulfilmentError):
            fulfilment.change_statuses([first, second], fulfilment.CONFIRMED, user)

    first.refresh_from_db()
    assert first.status == fulfilment.NEW
    assert FulfilmentEvent.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_each_producer_tells_only_about_her_own_lines(
    ibun_client, ibun, django_capture_on_commit_callbacks
):
    tati = factories.ProducerFactory(site=ibun, name="Opak Bu Tati")
    rina = factories.ProducerFactory(site=ibun, name="Batik Bu Rina")
    for producer, title in ((tati, "Opak Ketan"), (rina, "Kain Batik")):
        add_to_basket(ibun_client, factories.ProductFactory(producer=producer, title=title))
    checkout_as_guest(ibun_client)
    order = Order.objects.get()
    mail.outbox.clear()

    # Not a path the portal offers (she moves only her lines), but the
    # shopper must still get one email per producer, each about its lines.
    fulfilment.notify_shopper_of_lines(
        list(order.lines.values_list("pk", flat=True)), fulfilment.PACKED
    )

    bodies = sorted(message.body for message in mail.outbox)
    assert len(bodies) == 2
    batik, opak = bodies
    assert "Batik Bu Rina" in batik and "Kain Batik" in batik
    assert "Opak" not in batik
    assert "Opak Bu Tati" in opak and "Opak Ketan" in opak
    assert "Batik" not in opak


@pytest.mark.django_db
def test_the_email_is_in_english_for_an_english_shop(
    ibun_client, ibun, django_capture_on_commit_callbacks
):
    ShopSettings.objects.filter(site=ibun).update(language="en")
    order, user = place_order(ibun_client, ibun, products=2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.change_statuses(list(order.lines.all()), fulfilment.CONFIRMED, user)

    (message,) = mail.outbox
    assert message.subject == f"Order {order.number}: Confirmed"
    assert "Producer: Opak Bu Tati" in message.body
    assert "Opak Ketan 2 × 2: Confirmed" in message.body
    assert "See how your order is going:" in message.body
    assert_links_to_status_page(status_url_in(message.body), order)


@pytest.mark.django_db
def test_a_mail_failure_is_logged_and_the_step_stays(
    ibun_client, ibun, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    order, user = place_order(ibun_client, ibun, products=2)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(fulfilment, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.change_statuses(list(order.lines.all()), fulfilment.CONFIRMED, user)

    assert set(order.lines.values_list("status", flat=True)) == {fulfilment.CONFIRMED}
    assert f"Order {order.number}: status email to the shopper failed" in caplog.text


@pytest.mark.django_db
def test_no_email_without_an_address(ibun_client, ibun, django_capture_on_commit_callbacks):
    order, user = place_order(ibun_client, ibun)
    Order.objects.filter(pk=order.pk).update(guest_email="")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.change_status(order.lines.get(), fulfilment.CONFIRMED, user)

    assert mail.outbox == []


# --- WhatsApp to the shopper ----------------------------------------------------


def message_of(link):
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "wa.me")
    return parts.path, parse_qs(parts.query)["text"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "greeting", "status"),
    [("id", "Halo Siti Uji, saya Opak Bu Tati", "Dikemas"), ("en", "Hello Siti Uji", "Packed")],
)
def test_the_whatsapp_message_names_the_order_her_products_and_their_status(
    ibun_client, ibun, language, greeting, status
):
    ShopSettings.objects.filter(site=ibun).update(language=language)
    order, user = place_order(ibun_client, ibun, products=2)
    first, second = order.lines.order_by("pk")
    for step in (fulfilment.CONFIRMED, fulfilment.PACKED):
        fulfilment.change_status(first, step, user)
    first.refresh_from_db()
    producer = first.partner

    path, text = message_of(fulfilment.whatsapp_link(order, producer, [first, second]))

    assert path == "/6281234567890"
    assert text.startswith(greeting)
    assert order.number in text
    assert f"Opak Ketan 1 × 2: {status}" in text
    assert "Opak Ketan 2 × 2: " + ("Baru" if language == "id" else "New") in text


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["", "12345", "+1 650 253 0000"])
def test_no_whatsapp_link_without_a_usable_indonesian_number(ibun_client, ibun, phone):
    order, _user = place_order(ibun_client, ibun)
    line = order.lines.get()
    order.shipping_address.phone_number = phone

    assert fulfilment.whatsapp_link(order, line.partner, [line]) is None


@pytest.mark.django_db
def test_the_shopper_follows_the_emails_link_to_her_order(
    client, ibun, django_capture_on_commit_callbacks
):
    shopper = type(client)(HTTP_HOST="ibun.localhost")
    order, user = place_order(shopper, ibun, products=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.change_statuses(list(order.lines.all()), fulfilment.CONFIRMED, user)
    (message,) = mail.outbox
    url = status_url_in(message.body)

    # On another device: Oscar asks for the order's email first, then shows it.
    browser = type(client)(HTTP_HOST="ibun.localhost")
    response = browser.get(url, follow=True)
    assert response.status_code == 200
    response = browser.post(response.redirect_chain[-1][0], {"email": order.email}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert order.number in page
    assert page.count('class="line-progress"') == 2
    assert "Dikonfirmasi" in page


@pytest.mark.django_db
def test_a_made_to_order_line_releases_its_reservation(ibun_client, ibun):
    producer = factories.ProducerFactory(site=ibun, name="Rajut Bu Yani")
    product = factories.ProductFactory(
        producer=producer,
        title="Tas Rajut",
        fulfilment="made_to_order",
        lead_time_days=7,
    )
    StockRecord.objects.filter(product=product).update(num_in_stock=None)
    add_to_basket(ibun_client, product)
    checkout_as_guest(ibun_client)
    line = Order.objects.latest("pk").lines.get()
    user = factories.UserFactory()
    producer.users.add(user)
    reserved = StockRecord.objects.get(pk=line.stockrecord_id).num_allocated

    for step in (fulfilment.CONFIRMED, fulfilment.PACKED, fulfilment.SHIPPED):
        fulfilment.change_status(line, step, user)

    record = StockRecord.objects.get(pk=line.stockrecord_id)
    assert (reserved, record.num_allocated, record.num_in_stock) == (1, 0, None)
