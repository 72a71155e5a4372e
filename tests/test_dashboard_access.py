"""A producer only ever sees and acts on her own lines in Oscar's order dashboard.

One order mixes products of two producers, Bu Ani (A) and Bu Budi (B). A must
see her lines, her lines' total, and the customer's delivery details, but
never B's products, the order total, payment details or notes, and must not
be able to change the order or B's lines. The operator (staff) sees and does
everything, including confirming a bank transfer.
"""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from tests import factories, payments
from vendors import access
from vendors.strategy import Selector

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
ShippingEventType = get_model("order", "ShippingEventType")
OrderNote = get_model("order", "OrderNote")
Payment = get_model("payment", "Payment")

ANI_PRODUCT = "Keripik Singkong Bu Ani"
BUDI_PRODUCT = "Batik Tulis Bu Budi"


def producer_user(partner):
    user = factories.UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    )
    partner.users.add(user)
    return user


def place_order(customer, *products_and_quantities, status="Awaiting payment"):
    basket = Basket.objects.create(owner=customer)
    basket.strategy = Selector().strategy()
    for product, quantity in products_and_quantities:
        basket.add_product(product, quantity)
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="ID", defaults={"name": "Indonesia", "printable_name": "Indonesia"}
    )
    address = ShippingAddress.objects.create(
        first_name="Siti",
        last_name="Pembeli",
        line1="Kampung Cibeet RT 02",
        line4="Ibun",
        country=country,
        phone_number="+6281234567890",
    )
    return create_order(basket=basket, user=customer, shipping_address=address, status=status)


class World:
    """Everything one test needs: two producers, their users, one mixed order."""


@pytest.fixture
def world(ibun):
    w = World()
    w.shop = ibun
    w.ani = factories.ProducerFactory(name="Bu Ani", site=ibun)
    w.budi = factories.ProducerFactory(name="Bu Budi", site=ibun)
    w.ani_product = factories.ProductFactory(
        title=ANI_PRODUCT, producer=w.ani, stock=10, stock__price=15000
    )
    w.budi_product = factories.ProductFactory(
        title=BUDI_PRODUCT, producer=w.budi, stock=10, stock__price=40000
    )
    w.customer = factories.UserFactory(first_name="Siti", last_name="Pembeli")
    # Ani: 2 x 15.000 = 30.000; Budi: 1 x 40.000; order total 70.000.
    w.order = place_order(w.customer, (w.ani_product, 2), (w.budi_product, 1))
    w.ani_line = w.order.lines.get(partner=w.ani)
    w.budi_line = w.order.lines.get(partner=w.budi)
    # An order with only Budi's product: Ani must not even see it listed.
    w.budi_only_order = place_order(w.customer, (w.budi_product, 3))
    w.ani_user = producer_user(w.ani)
    w.budi_user = producer_user(w.budi)
    w.stranger_producer = producer_user(factories.ProducerFactory(name="Bu Lain", site=ibun))
    w.operator = factories.UserFactory(is_staff=True, is_superuser=True)
    w.shipped = ShippingEventType.objects.create(code="shipped", name="Dikirim")
    return w


@pytest.fixture
def as_user(ibun_client):
    def login(user):
        ibun_client.logout()
        # Assertions read Oscar's English messages; the shop defaults to Bahasa.
        ibun_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            ibun_client.force_login(user)
        return ibun_client

    return login


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def detail_url(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


# --- the domain rules --------------------------------------------------------


def test_access_rules(world):
    assert access.is_operator(world.operator)
    assert not access.is_operator(world.ani_user)
    assert list(access.producer_partners(world.ani_user)) == [world.ani]
    assert list(access.visible_lines(world.ani_user, world.order)) == [world.ani_line]
    assert set(access.visible_lines(world.operator, world.order)) == {
        world.ani_line,
        world.budi_line,
    }
    assert list(access.orders_for_user(world.ani_user)) == [world.order]
    assert set(access.orders_for_user(world.budi_user)) == {world.order, world.budi_only_order}
    assert access.orders_for_user(world.operator).count() == 2
    assert not access.orders_for_user(world.stranger_producer).exists()


# --- access-control matrix ---------------------------------------------------

URLS = {
    "list": lambda w: reverse("dashboard:order-list"),
    "stats": lambda w: reverse("dashboard:order-stats"),
    "detail": lambda w: detail_url(w.order),
    "detail_budi_only": lambda w: detail_url(w.budi_only_order),
    "own_line": lambda w: reverse(
        "dashboard:order-line-detail", kwargs={"number": w.order.number, "line_id": w.ani_line.id}
    ),
    "other_line": lambda w: reverse(
        "dashboard:order-line-detail",
        kwargs={"number": w.order.number, "line_id": w.budi_line.id},
    ),
    "shipping_address": lambda w: reverse(
        "dashboard:order-shipping-address", kwargs={"number": w.order.number}
    ),
}

USERS = {
    "anonymous": lambda w: None,
    "customer": lambda w: w.customer,
    "ani": lambda w: w.ani_user,
    "stranger": lambda w: w.stranger_producer,
    "operator": lambda w: w.operator,
}


@pytest.mark.parametrize(
    "who, url, method, expected",
    [
        # Anonymous visitors are sent to log in, whatever they ask for.
        ("anonymous", "list", "get", 302),
        ("anonymous", "detail", "get", 302),
        ("anonymous", "detail", "post", 302),
        ("anonymous", "own_line", "get", 302),
        ("anonymous", "shipping_address", "get", 302),
        # A shopper has no dashboard at all.
        ("customer", "list", "get", 403),
        ("customer", "detail", "get", 403),
        # Producer A: her orders and her lines only.
        ("ani", "list", "get", 200),
        ("ani", "stats", "get", 200),
        ("ani", "detail", "get", 200),
        ("ani", "detail_budi_only", "get", 404),
        ("ani", "own_line", "get", 200),
        ("ani", "other_line", "get", 404),
        ("ani", "shipping_address", "get", 403),
        ("ani", "shipping_address", "post", 403),
        # A producer with no line in the order cannot open it.
        ("stranger", "list", "get", 200),
        ("stranger", "detail", "get", 404),
        ("stranger", "own_line", "get", 404),
        # The operator sees everything.
        ("operator", "list", "get", 200),
        ("operator", "detail", "get", 200),
        ("operator", "detail_budi_only", "get", 200),
        ("operator", "own_line", "get", 200),
        ("operator", "other_line", "get", 200),
        ("operator", "shipping_address", "get", 200),
    ],
)
def test_access_matrix(world, as_user, who, url, method, expected):
    client = as_user(USERS[who](world))
    response = getattr(client, method)(URLS[url](world))
    assert response.status_code == expected
    if who == "anonymous":
        assert "login" in response["Location"]


# --- what a producer sees ----------------------------------------------------


def test_producer_sees_only_her_lines_on_order_detail(world, as_user):
    # A shipping event covering both producers' lines must not reveal Budi's.
    from oscar.apps.order.processing import EventHandler

    EventHandler().handle_shipping_event(
        world.order, world.shipped, [world.ani_line, world.budi_line], [2, 1], reference=""
    )
    payments.awaiting(world.order, site=world.shop)

    html = as_user(world.ani_user).get(detail_url(world.order)).content.decode()

    assert ANI_PRODUCT in html
    assert BUDI_PRODUCT not in html
    assert "Bu Budi" not in html
    assert "Your lines&#x27; total" in html or "Your lines' total" in html
    assert "30.000" in html
    assert "70.000" not in html  # the order total
    assert "40.000" not in html  # Budi's line
    # She delivers, so she sees who and where.
    assert "Siti Pembeli" in html
    assert "Kampung Cibeet RT 02" in html
    assert "+6281234567890" in html or "0812" in html
    # No order-level forms, payment details, notes or address editing.
    assert 'name="order_action"' not in html
    assert "create_payment_event" not in html
    assert "Payment sources" not in html
    assert "Mark transfer paid" not in html
    assert 'id="order_note_form"' not in html
    assert reverse("dashboard:order-shipping-address", args=[world.order.number]) not in html


def test_producer_order_list_shows_her_orders_and_her_total(world, as_user):
    html = as_user(world.ani_user).get(reverse("dashboard:order-list")).content.decode()

    assert str(world.order.number) in html
    assert str(world.budi_only_order.number) not in html
    assert "30.000" in html
    assert "70.000" not in html
    assert 'value="change_order_statuses"' not in html


def test_producer_order_list_sorted_by_total_uses_her_total(world, as_user):
    response = as_user(world.ani_user).get(
        reverse("dashboard:order-list"), {"sort": "total_incl_tax", "dir": "desc"}
    )
    assert response.status_code == 200
    assert "70.000" not in response.content.decode()


def test_producer_search_by_other_producers_product_finds_nothing(world, as_user):
    response = as_user(world.ani_user).get(
        reverse("dashboard:order-list"), {"product_title": "Batik"}
    )
    assert str(world.order.number) not in response.content.decode()


def test_producer_csv_has_only_her_figures(world, as_user):
    response = as_user(world.ani_user).get(
        reverse("dashboard:order-list"), {"response_format": "csv"}
    )
    csv = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert str(world.order.number) in csv
    assert str(world.budi_only_order.number) not in csv
    assert "30000" in csv
    assert "70000" not in csv
    assert "Your lines' total" in csv


def test_producer_csv_download_by_post_has_only_her_figures(world, as_user):
    response = as_user(world.ani_user).post(
        reverse("dashboard:order-list"),
        {
            "action": "download_selected_orders",
            # Budi's order id is ignored: it is not one of her orders.
            "selected_order": [world.order.id, world.budi_only_order.id],
        },
    )
    csv = response.content.decode()
    assert str(world.order.number) in csv
    assert str(world.budi_only_order.number) not in csv
    assert "70000" not in csv


def test_operator_sees_all_lines_and_order_total(world, as_user):
    html = as_user(world.operator).get(detail_url(world.order)).content.decode()
    assert ANI_PRODUCT in html
    assert BUDI_PRODUCT in html
    assert "70.000" in html
    assert 'value="change_order_status"' in html


# --- what a producer may do --------------------------------------------------


def line_post(line_ids, action="change_line_statuses", **extra):
    data = {"line_action": action, "selected_line": [str(i) for i in line_ids]}
    for line_id in line_ids:
        data[f"selected_line_qty_{line_id}"] = "1"
    data.update(extra)
    return data


def test_producer_can_change_status_of_her_own_line(world, as_user):
    data = line_post([world.ani_line.id], new_status="Confirmed")
    data[f"selected_line_qty_{world.ani_line.id}"] = "2"
    # Not before the shopper has paid...
    as_user(world.ani_user).post(detail_url(world.order), data)
    world.ani_line.refresh_from_db()
    assert world.ani_line.status == "New"
    # ...and once she has.
    world.order.set_status("Processing")
    as_user(world.ani_user).post(detail_url(world.order), data)
    world.ani_line.refresh_from_db()
    world.budi_line.refresh_from_db()
    assert world.ani_line.status == "Confirmed"
    assert world.budi_line.status == "New"


@pytest.mark.parametrize(
    "which",
    ["budi", "both"],
)
@pytest.mark.parametrize(
    "action, extra",
    [
        ("change_line_statuses", {"new_status": "Cancelled"}),
        ("create_shipping_event", {"shipping_event_type": "shipped"}),
    ],
)
def test_producer_cannot_act_on_another_producers_line(world, as_user, which, action, extra):
    ids = [world.budi_line.id] if which == "budi" else [world.ani_line.id, world.budi_line.id]
    response = as_user(world.ani_user).post(
        detail_url(world.order), line_post(ids, action, **extra), follow=True
    )
    assert "Invalid lines requested" in messages_of(response)
    world.ani_line.refresh_from_db()
    world.budi_line.refresh_from_db()
    assert world.budi_line.status == "New"
    assert world.ani_line.status == "New"
    assert not world.order.shipping_events.exists()


def test_producer_can_create_shipping_event_for_her_line(world, as_user):
    response = as_user(world.ani_user).post(
        detail_url(world.order),
        line_post([world.ani_line.id], "create_shipping_event", shipping_event_type="shipped"),
        follow=True,
    )
    assert "Shipping event created" in messages_of(response)
    event = world.order.shipping_events.get()
    assert [q.line for q in event.line_quantities.all()] == [world.ani_line]


def test_producer_cannot_create_payment_event(world, as_user):
    response = as_user(world.ani_user).post(
        detail_url(world.order),
        line_post([world.ani_line.id], "create_payment_event", amount="15000"),
        follow=True,
    )
    assert "Invalid action" in messages_of(response)
    assert not world.order.payment_events.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"order_action": "change_order_status", "new_status": "Processing"},
        {"order_action": "save_note", "message": "Sudah dikirim"},
        {"order_action": "create_order_payment_event", "amount": "70000"},
        {"order_action": "confirm_payment"},
    ],
    ids=lambda d: d["order_action"],
)
def test_producer_order_actions_are_rejected(world, as_user, data):
    transfer = payments.awaiting(world.order, site=world.shop)
    response = as_user(world.ani_user).post(detail_url(world.order), data, follow=True)
    assert "Invalid action" in messages_of(response)
    world.order.refresh_from_db()
    transfer.refresh_from_db()
    assert world.order.status == "Awaiting payment"
    assert not world.order.notes.exists()
    assert not world.order.payment_events.exists()
    assert transfer.status == Payment.Status.AWAITING


def test_producer_cannot_bulk_change_order_statuses(world, as_user):
    as_user(world.ani_user).post(
        reverse("dashboard:order-list"),
        {
            "action": "change_order_statuses",
            "selected_order": [world.order.id],
            "new_status": "Processing",
        },
    )
    world.order.refresh_from_db()
    assert world.order.status == "Awaiting payment"


def test_producer_cannot_update_shipping_address(world, as_user):
    response = as_user(world.ani_user).post(
        reverse("dashboard:order-shipping-address", kwargs={"number": world.order.number}),
        {"first_name": "Penipu", "line1": "Jalan Lain", "line4": "Kota", "country": "ID"},
    )
    assert response.status_code == 403
    world.order.shipping_address.refresh_from_db()
    assert world.order.shipping_address.first_name == "Siti"


# --- the operator confirms a bank transfer ------------------------------------


def test_operator_confirms_transfer_once(world, as_user):
    transfer = payments.awaiting(world.order, site=world.shop)
    client = as_user(world.operator)

    html = client.get(detail_url(world.order)).content.decode()
    assert "Confirm payment received" in html
    assert 'value="confirm_payment"' in html
    assert str(transfer.unique_code) in html

    response = client.post(
        detail_url(world.order), {"order_action": "confirm_payment"}, follow=True
    )
    assert "Payment confirmed. The producers can start." in messages_of(response)
    transfer.refresh_from_db()
    world.order.refresh_from_db()
    assert transfer.status == "paid"
    assert transfer.confirmed_by == world.operator
    assert world.order.status == "Processing"
    assert "Confirm payment received" not in response.content.decode()

    response = client.post(
        detail_url(world.order), {"order_action": "confirm_payment"}, follow=True
    )
    assert "This payment was already confirmed." in messages_of(response)
    assert "Payment confirmed. The producers can start." not in messages_of(response)
    transfer.refresh_from_db()
    assert transfer.status == "paid"


def test_operator_confirm_without_payment_is_a_clear_error(world, as_user):
    response = as_user(world.operator).post(
        detail_url(world.order), {"order_action": "confirm_payment"}, follow=True
    )
    assert "This order has no transfer or QRIS payment." in messages_of(response)
    world.order.refresh_from_db()
    assert world.order.status == "Awaiting payment"


def test_line_totals_match_expectations(world):
    """Guards the fixture: the figures the other tests look for are right."""
    assert world.ani_line.partner == world.ani
    assert world.ani_line.line_price_incl_tax == Decimal("30000")
    assert world.order.total_incl_tax == Decimal("70000")


def test_producer_dashboard_home_shows_no_shop_revenue(world, as_user):
    response = as_user(world.ani_user).get(reverse("dashboard:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("dashboard:order-list") in html
    assert "70.000" not in html
    assert "Your Store Statistics" not in html
