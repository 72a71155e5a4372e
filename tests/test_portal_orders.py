"""A producer's orders in the portal: she sees and moves only her own lines.

A real guest checkout places one order with a product of producer A and one
of producer B; A (or her facilitator) works through her line while B's stays
untouched and unseen.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from vendors import fulfilment

Line = get_model("order", "Line")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
AuditEntry = get_model("partner", "AuditEntry")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")
ProducerGroup = get_model("partner", "ProducerGroup")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")


class World:
    """Producers A and B of Ibun Store, one mixed order, a signed-in A."""

    def __init__(self, ibun_client, ibun):
        village = factories.VillageFactory(name="Lampegan")
        self.group = ProducerGroup.objects.create(name="Kelompok Melati", village=village)
        self.a = factories.ProducerFactory(
            site=ibun, name="Keripik Bu Sari", village=village, group=self.group
        )
        self.b = factories.ProducerFactory(site=ibun, name="Batik Bu Rina")
        self.a_product = factories.ProductFactory(
            producer=self.a, title="Keripik Singkong Pedas", stock=10, stock__price=15000
        )
        self.b_product = factories.ProductFactory(
            producer=self.b, title="Kain Batik Tulis Merak", stock=5, stock__price=350000
        )
        add_to_basket(ibun_client, self.a_product, quantity=2)
        add_to_basket(ibun_client, self.b_product)
        response = checkout_as_guest(ibun_client, shipping="pickup")
        assert response.status_code == 302, response.content.decode()[:2000]
        self.order = Order.objects.get()
        self.a_line = self.order.lines.get(partner=self.a)
        self.b_line = self.order.lines.get(partner=self.b)
        self.a_user = factories.UserFactory(first_name="Sari")
        self.a.users.add(self.a_user)
        self.b_user = factories.UserFactory(first_name="Rina")
        self.b.users.add(self.b_user)
        self.client = self.client_for(self.a_user)
        mail.outbox.clear()

    @staticmethod
    def client_for(user):
        client = Client(HTTP_HOST="ibun.localhost")
        client.force_login(user)
        return client

    def list_url(self, producer=None, **query):
        url = reverse("portal:order-list", kwargs={"producer": (producer or self.a).code})
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return url

    def detail_url(self, producer=None):
        return reverse(
            "portal:order-detail",
            kwargs={"producer": (producer or self.a).code, "number": self.order.number},
        )

    def status_url(self, line=None, producer=None):
        return reverse(
            "portal:order-line-status",
            kwargs={
                "producer": (producer or self.a).code,
                "number": self.order.number,
                "line_id": (line or self.a_line).pk,
            },
        )


@pytest.fixture
def world(ibun_client, ibun):
    return World(ibun_client, ibun)


def post_status(client, url, status, captured, reason=None):
    data = {"status": status}
    if reason is not None:
        data["reason"] = reason
    with captured(execute=True):
        return client.post(url, data, follow=True)


def messages_of(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def status_of(line):
    line.refresh_from_db()
    return line.status


@pytest.mark.django_db
def test_order_list_shows_only_her_lines_and_total(world):
    response = world.client.get(world.list_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert world.order.number in page
    assert "Keripik Singkong Pedas" in page
    assert "× 2" in page
    assert "Kain Batik Tulis Merak" not in page
    # Her total (2 × Rp 15.000), never the order total nor B's price.
    assert world.a_line.line_price_incl_tax == 30000
    assert "30.000" in page or "30,000" in page
    assert world.order.total_incl_tax != world.a_line.line_price_incl_tax
    for secret in ("350.000", "350,000", "380.000", "380,000"):
        assert secret not in page
    # A new line is in the default "needs action" tab and in "New", not "Delivered".
    assert world.order.number in world.client.get(world.list_url(status="New")).content.decode()
    delivered = world.client.get(world.list_url(status="Delivered")).content.decode()
    assert world.order.number not in delivered
    assert world.order.number in world.client.get(world.list_url(status="all")).content.decode()


@pytest.mark.django_db
def test_order_list_takes_a_fixed_number_of_queries(world, ibun_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert world.client.get(world.list_url(status="all")).status_code == 200
        return len(queries)

    before = count()
    for _ in range(3):
        add_to_basket(ibun_client, world.a_product)
        add_to_basket(ibun_client, world.b_product)
        checkout_as_guest(ibun_client)
    assert Order.objects.count() == 4
    assert count() == before


@pytest.mark.django_db
def test_order_detail_has_what_she_needs_to_deliver(world):
    response = world.client.get(world.detail_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Siti Uji" in page
    assert "0812" in page or "812-3456-7890" in page or "+6281234567890" in page
    assert "https://wa.me/6281234567890?text=" in page
    assert "Keripik Singkong Pedas" in page
    assert "Kain Batik Tulis Merak" not in page
    assert "350.000" not in page and "350,000" not in page
    # Buttons for the allowed next step and a cancel form with a required reason.
    assert 'value="Confirmed"' in page
    assert 'value="Delivered"' not in page
    assert 'name="reason"' in page and "required" in page


@pytest.mark.django_db
def test_order_detail_shows_the_delivery_address(ibun_client, ibun):
    producer = factories.ProducerFactory(site=ibun)
    product = factories.ProductFactory(producer=producer, title="Sabun Sereh")
    add_to_basket(ibun_client, product)
    checkout_as_guest(ibun_client, shipping="delivery-village")
    order = Order.objects.get()
    assert order.shipping_code == "delivery-village"
    user = factories.UserFactory()
    producer.users.add(user)
    client = World.client_for(user)
    url = reverse("portal:order-detail", kwargs={"producer": producer.code, "number": order.number})
    page = client.get(url).content.decode()
    assert "Jl. Raya Ibun No. 5" in page
    assert "Lampegan" in page


@pytest.mark.django_db
def test_an_order_without_her_lines_is_not_found(world):
    b_only = World.client_for(world.b_user)
    assert b_only.get(world.detail_url(producer=world.b)).status_code == 200
    # A producer with no line in the order gets a 404, as for an unknown number.
    c = factories.ProducerFactory()
    c_user = factories.UserFactory()
    c.users.add(c_user)
    client = World.client_for(c_user)
    assert client.get(world.detail_url(producer=c)).status_code == 404
    assert client.get(world.list_url(producer=c, status="all")).status_code == 200
    assert world.order.number not in client.get(world.list_url(producer=c)).content.decode()
    missing = reverse("portal:order-detail", kwargs={"producer": world.a.code, "number": "999"})
    assert world.client.get(missing).status_code == 404


@pytest.mark.django_db
def test_she_moves_her_line_through_every_step(world, django_capture_on_commit_callbacks):
    steps = [
        fulfilment.CONFIRMED,
        fulfilment.PACKED,
        fulfilment.READY_FOR_PICKUP,
        fulfilment.DELIVERED,
    ]
    for step in steps:
        response = post_status(
            world.client, world.status_url(), step, django_capture_on_commit_callbacks
        )
        assert response.status_code == 200
        assert status_of(world.a_line) == step
        assert [level for level, _text in messages_of(response)] == ["success"]
    assert (
        list(FulfilmentEvent.objects.filter(line=world.a_line).values_list("status", flat=True))
        == steps
    )
    # One email per step to the shopper.
    assert len(mail.outbox) == len(steps)
    assert all(message.to == ["pembeli@contoh.test"] for message in mail.outbox)
    assert all(world.order.number in message.subject for message in mail.outbox)
    assert "Keripik Singkong Pedas" in mail.outbox[-1].body
    assert "Kain Batik Tulis Merak" not in mail.outbox[-1].body
    # B has not delivered yet: the order is not complete.
    world.order.refresh_from_db()
    assert world.order.status != "Complete"
    assert status_of(world.b_line) == fulfilment.NEW
    # The stock left the shelf when the goods were handed over.
    record = StockRecord.objects.get(product=world.a_product)
    assert (record.num_in_stock, record.num_allocated) == (8, 0)
    # No audit entry: she changed her own shop.
    assert not AuditEntry.objects.exists()

    b_client = World.client_for(world.b_user)
    for step in (fulfilment.CONFIRMED, fulfilment.PACKED, fulfilment.SHIPPED):
        post_status(
            b_client,
            world.status_url(line=world.b_line, producer=world.b),
            step,
            django_capture_on_commit_callbacks,
        )
    world.order.refresh_from_db()
    assert world.order.status != "Complete"
    post_status(
        b_client,
        world.status_url(line=world.b_line, producer=world.b),
        fulfilment.DELIVERED,
        django_capture_on_commit_callbacks,
    )
    world.order.refresh_from_db()
    assert world.order.status == "Complete"


@pytest.mark.django_db
def test_the_order_completes_when_the_other_line_is_cancelled(
    world, django_capture_on_commit_callbacks
):
    b_client = World.client_for(world.b_user)
    post_status(
        b_client,
        world.status_url(line=world.b_line, producer=world.b),
        fulfilment.CANCELLED,
        django_capture_on_commit_callbacks,
        reason="Kain habis",
    )
    for step in (fulfilment.CONFIRMED, fulfilment.PACKED, fulfilment.SHIPPED):
        post_status(world.client, world.status_url(), step, django_capture_on_commit_callbacks)
        world.order.refresh_from_db()
        assert world.order.status != "Complete"
    post_status(
        world.client, world.status_url(), fulfilment.DELIVERED, django_capture_on_commit_callbacks
    )
    world.order.refresh_from_db()
    assert world.order.status == "Complete"


@pytest.mark.django_db
def test_an_invalid_jump_is_refused(world, django_capture_on_commit_callbacks):
    response = post_status(
        world.client, world.status_url(), fulfilment.DELIVERED, django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert [level for level, _text in messages_of(response)] == ["error"]
    assert status_of(world.a_line) == fulfilment.NEW
    assert not FulfilmentEvent.objects.exists()
    assert mail.outbox == []
    # Nonsense is refused the same way.
    response = post_status(
        world.client, world.status_url(), "Hacked", django_capture_on_commit_callbacks
    )
    assert [level for level, _text in messages_of(response)] == ["error"]
    assert status_of(world.a_line) == fulfilment.NEW


@pytest.mark.django_db
def test_get_is_not_allowed_on_the_status_url(world):
    assert world.client.get(world.status_url()).status_code == 405
    assert status_of(world.a_line) == fulfilment.NEW


@pytest.mark.django_db
def test_cancelling_needs_a_reason_and_restocks(world, django_capture_on_commit_callbacks):
    record = StockRecord.objects.get(product=world.a_product)
    assert (record.num_in_stock, record.num_allocated) == (10, 2)
    for reason in (None, "", "   "):
        response = post_status(
            world.client,
            world.status_url(),
            fulfilment.CANCELLED,
            django_capture_on_commit_callbacks,
            reason=reason,
        )
        assert [level for level, _text in messages_of(response)] == ["error"]
        assert status_of(world.a_line) == fulfilment.NEW
    assert mail.outbox == []

    response = post_status(
        world.client,
        world.status_url(),
        fulfilment.CANCELLED,
        django_capture_on_commit_callbacks,
        reason="Singkong sedang tidak ada",
    )
    assert [level for level, _text in messages_of(response)] == ["success"]
    assert status_of(world.a_line) == fulfilment.CANCELLED
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (10, 0)
    event = FulfilmentEvent.objects.get(line=world.a_line)
    assert event.note == "Singkong sedang tidak ada"
    assert len(mail.outbox) == 1
    assert "Singkong sedang tidak ada" in mail.outbox[0].body
    # The reason shows on her order page.
    assert "Singkong sedang tidak ada" in world.client.get(world.detail_url()).content.decode()


@pytest.mark.django_db
def test_she_cannot_touch_another_producers_line(world, django_capture_on_commit_callbacks):
    b_record = StockRecord.objects.get(product=world.b_product)
    before = (b_record.num_in_stock, b_record.num_allocated)
    attempts = [
        world.status_url(line=world.b_line),  # her code, B's line
        world.status_url(line=world.b_line, producer=world.b),  # B's code
    ]
    for url in attempts:
        for status in (fulfilment.CONFIRMED, fulfilment.CANCELLED):
            with django_capture_on_commit_callbacks(execute=True):
                response = world.client.post(url, {"status": status, "reason": "diretas"})
            assert response.status_code == 404, url
    assert status_of(world.b_line) == fulfilment.NEW
    assert not FulfilmentEvent.objects.exists()
    b_record.refresh_from_db()
    assert (b_record.num_in_stock, b_record.num_allocated) == before
    assert mail.outbox == []
    # Nor read it.
    assert world.client.get(world.detail_url(producer=world.b)).status_code == 404
    assert world.client.get(world.list_url(producer=world.b)).status_code == 404


@pytest.mark.django_db
def test_a_line_of_another_order_is_not_found(world, ibun_client):
    add_to_basket(ibun_client, world.a_product)
    checkout_as_guest(ibun_client)
    other_line = Line.objects.filter(partner=world.a).exclude(order=world.order).get()
    response = world.client.post(world.status_url(line=other_line), {"status": "Confirmed"})
    assert response.status_code == 404
    assert status_of(other_line) == fulfilment.NEW


@pytest.mark.django_db
def test_a_facilitator_acts_for_her_and_it_is_audited(world, django_capture_on_commit_callbacks):
    dewi = factories.UserFactory(first_name="Dewi", last_name="Pendamping")
    FacilitatorAssignment.objects.create(facilitator=dewi, group=world.group)
    client = World.client_for(dewi)
    assert client.get(world.detail_url()).status_code == 200
    response = post_status(
        client, world.status_url(), fulfilment.CONFIRMED, django_capture_on_commit_callbacks
    )
    assert [level for level, _text in messages_of(response)] == ["success"]
    assert status_of(world.a_line) == fulfilment.CONFIRMED
    entry = AuditEntry.objects.get()
    assert entry.producer == world.a
    assert entry.actor == dewi
    assert world.order.number in entry.action
    assert "Keripik Singkong Pedas" in entry.action
    # She may not act for B, who is not in her group.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            world.status_url(line=world.b_line, producer=world.b), {"status": "Confirmed"}
        )
    assert response.status_code == 404
    assert status_of(world.b_line) == fulfilment.NEW
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db
def test_all_her_lines_at_once(world, ibun_client, django_capture_on_commit_callbacks):
    second = factories.ProductFactory(producer=world.a, title="Rengginang Ketan", stock=3)
    add_to_basket(ibun_client, world.a_product)
    add_to_basket(ibun_client, second)
    add_to_basket(ibun_client, world.b_product)
    checkout_as_guest(ibun_client)
    order = Order.objects.exclude(pk=world.order.pk).get()
    url = reverse("portal:order-detail", kwargs={"producer": world.a.code, "number": order.number})
    # One "Confirmed" button per line of hers, and one for all of them.
    assert world.client.get(url).content.decode().count('value="Confirmed"') == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client.post(url, {"status": fulfilment.CONFIRMED}, follow=True)
    assert [level for level, _text in messages_of(response)] == ["success"]
    assert set(order.lines.filter(partner=world.a).values_list("status", flat=True)) == {
        fulfilment.CONFIRMED
    }
    assert order.lines.get(partner=world.b).status == fulfilment.NEW
    # Cancelling all at once also needs a reason, and then changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client.post(url, {"status": fulfilment.CANCELLED}, follow=True)
    assert [level for level, _text in messages_of(response)] == ["error"]
    assert set(order.lines.filter(partner=world.a).values_list("status", flat=True)) == {
        fulfilment.CONFIRMED
    }


@pytest.mark.django_db
def test_line_progress_shows_the_translated_steps(world, django_capture_on_commit_callbacks):
    post_status(
        world.client, world.status_url(), fulfilment.CONFIRMED, django_capture_on_commit_callbacks
    )
    post_status(
        world.client, world.status_url(), fulfilment.PACKED, django_capture_on_commit_callbacks
    )
    line = Line.objects.get(pk=world.a_line.pk)
    with translation.override("id"):
        html = render_to_string("vendors/partials/line_progress.html", {"line": line})
    assert "Dikemas" in html  # Packed
    assert "Dikonfirmasi" in html  # Confirmed
    assert "Packed" not in html
    with translation.override("en"):
        html = render_to_string("vendors/partials/line_progress.html", {"line": line})
    assert "Packed" in html and "Confirmed" in html


@pytest.mark.django_db
def test_shoppers_and_strangers_are_refused(world):
    shopper = Client(HTTP_HOST="ibun.localhost")
    shopper.force_login(factories.UserFactory())
    anonymous = Client(HTTP_HOST="ibun.localhost")
    for url in (world.list_url(), world.detail_url(), world.status_url()):
        assert shopper.get(url).status_code == 404
        assert shopper.post(url, {"status": "Confirmed"}).status_code == 404
        for response in (anonymous.get(url), anonymous.post(url, {"status": "Confirmed"})):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("portal:login"))
    assert status_of(world.a_line) == fulfilment.NEW
    assert not FulfilmentEvent.objects.exists()


def whatsapp_text(page):
    (link,) = re.findall(r'href="(https://wa\.me/[^"]+)"', page)
    parts = urlsplit(html.unescape(link))
    assert parts.path == "/6281234567890"
    return parse_qs(parts.query)["text"][0]


@pytest.mark.django_db
def test_the_whatsapp_message_is_about_her_products_in_this_order(
    world, django_capture_on_commit_callbacks
):
    post_status(
        world.client, world.status_url(), fulfilment.CONFIRMED, django_capture_on_commit_callbacks
    )
    text = whatsapp_text(world.client.get(world.detail_url()).content.decode())
    assert text.startswith("Halo Siti Uji, saya Keripik Bu Sari")
    assert world.order.number in text
    assert "Keripik Singkong Pedas × 2: Dikonfirmasi" in text
    assert "Kain Batik" not in text  # B's product is not hers to mention


@pytest.mark.django_db
def test_no_whatsapp_button_without_a_usable_number(world):
    world.order.shipping_address.__class__.objects.filter(
        pk=world.order.shipping_address_id
    ).update(phone_number="")
    page = world.client.get(world.detail_url()).content.decode()
    assert "wa.me" not in page


@pytest.mark.django_db
def test_marking_all_sends_the_shopper_one_email(
    world, ibun_client, django_capture_on_commit_callbacks
):
    second = factories.ProductFactory(producer=world.a, title="Rengginang Ketan", stock=3)
    add_to_basket(ibun_client, world.a_product)
    add_to_basket(ibun_client, second)
    add_to_basket(ibun_client, world.b_product)
    checkout_as_guest(ibun_client)
    order = Order.objects.exclude(pk=world.order.pk).get()
    url = reverse("portal:order-detail", kwargs={"producer": world.a.code, "number": order.number})
    mail.outbox.clear()

    for step in (fulfilment.CONFIRMED, fulfilment.PACKED):
        with django_capture_on_commit_callbacks(execute=True):
            response = world.client.post(url, {"status": step}, follow=True)
        assert [level for level, _text in messages_of(response)] == ["success"]

    assert len(mail.outbox) == 2  # one per step, not one per line
    confirmed, packed = mail.outbox
    assert confirmed.subject == f"Pesanan {order.number}: Dikonfirmasi"
    assert packed.subject == f"Pesanan {order.number}: Dikemas"
    for message in mail.outbox:
        assert message.to == ["pembeli@contoh.test"]
        assert "Keripik Singkong Pedas × 1" in message.body
        assert "Rengginang Ketan × 1" in message.body
        assert "Kain Batik" not in message.body
        assert "Keripik Bu Sari" in message.body
        status_page = reverse(
            "customer:anon-order",
            kwargs={"order_number": order.number, "hash": order.verification_hash()},
        )
        assert f"\nhttp://ibun.localhost{status_page}\n" in message.body
    assert FulfilmentEvent.objects.filter(line__order=order).count() == 4


@pytest.mark.django_db
def test_a_too_long_cancel_reason_is_refused_and_changes_nothing(
    world, django_capture_on_commit_callbacks
):
    page = world.client.get(world.detail_url()).content.decode()
    assert re.search(r'<textarea[^>]*name="reason"[^>]*maxlength="300"', page)
    record = StockRecord.objects.get(product=world.a_product)
    before = (record.num_in_stock, record.num_allocated)

    response = post_status(
        world.client,
        world.status_url(),
        fulfilment.CANCELLED,
        django_capture_on_commit_callbacks,
        reason="x" * 301,
    )

    assert response.status_code == 200
    assert messages_of(response) == [
        ("error", "Tulis catatan singkat saja: paling banyak 300 huruf.")
    ]
    assert status_of(world.a_line) == fulfilment.NEW
    assert not FulfilmentEvent.objects.exists()
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == before
    assert mail.outbox == []
    # 300 characters is still fine.
    response = post_status(
        world.client,
        world.status_url(),
        fulfilment.CANCELLED,
        django_capture_on_commit_callbacks,
        reason="x" * 300,
    )
    assert [level for level, _text in messages_of(response)] == ["success"]
    assert status_of(world.a_line) == fulfilment.CANCELLED


@pytest.mark.django_db
def test_order_detail_takes_the_same_queries_for_one_line_or_three(world, ibun_client):
    second = factories.ProductFactory(producer=world.a, title="Rengginang Ketan", stock=3)
    third = factories.ProductFactory(producer=world.a, title="Opak Ketan", stock=3)
    for product in (world.a_product, second, third, world.b_product):
        add_to_basket(ibun_client, product)
    checkout_as_guest(ibun_client)
    three = Order.objects.exclude(pk=world.order.pk).get()
    assert three.lines.filter(partner=world.a).count() == 3
    assert world.order.lines.filter(partner=world.a).count() == 1
    urls = [
        world.detail_url(),
        reverse("portal:order-detail", kwargs={"producer": world.a.code, "number": three.number}),
    ]

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = world.client.get(url)
        assert response.status_code == 200
        return len(queries)

    for url in urls:
        count(url)  # warm up
    one_line, three_lines = (count(url) for url in urls)
    assert one_line == three_lines


@pytest.mark.django_db
def test_the_tabs_are_named_like_the_statuses(world):
    page = world.client.get(world.list_url()).content.decode()
    tabs = re.findall(r'<a class="btn[^"]*" href="\?status=([^"]+)"[^>]*>([^<]+)</a>', page)
    assert tabs == [
        ("todo", "Perlu diurus"),
        ("New", "Baru"),
        ("Confirmed", "Dikonfirmasi"),
        ("Packed", "Dikemas"),
        ("Shipped", "Dikirim"),
        ("Delivered", fulfilment.label("Delivered")),
        ("Cancelled", "Dibatalkan"),
        ("all", "Semua"),
    ]
    # A line ready for pick-up is under "Shipped".
    world.a_line.set_status(fulfilment.CONFIRMED)
    world.a_line.set_status(fulfilment.PACKED)
    world.a_line.set_status(fulfilment.READY_FOR_PICKUP)
    shipped = world.client.get(world.list_url(status="Shipped")).content.decode()
    assert world.order.number in shipped
