"""A producer's statement, from real history, on screen, as CSV and as PDF;
the operator's balances and payouts; and the commission each sale keeps.

The history is made the way the shop makes it: orders placed by guest
checkout, payments confirmed (confirmation.mark_paid), lines moved to
Delivered by the producer (fulfilment.change_status), part refunded
(refunds.refund) and payouts recorded (ledger.record_payout). This proves:

* Bu Rina's portal statement shows her balance and her entries, never Bu
  Sari's, whose line is in the same order; ?bulan= shows one month with the
  right opening balance, and a bad ?bulan shows this month, never a 500;
* the CSV parses back to the same rows and closing balance, the PDF is a
  real PDF with her name, the closing balance in rupiah and every order
  number; both are attachments named after her and the month; her
  facilitator may download them, another producer may not;
* the operator's list of balances costs the same queries for 3 producers
  as for 20; a payout above the balance is refused and records nothing, a
  valid one takes exactly its amount off and shows on her statement; money
  from a producer is taken only up to what she owes;
* the commission is the shop's rate unless a category (or a parent
  category) has its own, the lower of two equally specific ones, and stays
  what it was when the order was placed.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from pypdf import PdfReader

from storefront import money
from storefront.models import ShopSettings
from storefront.payment import confirmation, refunds
from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from vendors import fulfilment, ledger

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Payment = get_model("payment", "Payment")
LedgerEntry = get_model("partner", "LedgerEntry")
LineCommission = get_model("partner", "LineCommission")
CommissionRate = get_model("partner", "CommissionRate")
Payout = get_model("partner", "Payout")
ProducerGroup = get_model("partner", "ProducerGroup")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

TO_PRODUCER = Payout.Direction.TO_PRODUCER
FROM_PRODUCER = Payout.Direction.FROM_PRODUCER
DELIVERY_STEPS = ("Confirmed", "Packed", "Ready for pickup", "Delivered")
BOM = "\ufeff".encode()


def this_month():
    return timezone.localdate().strftime("%Y-%m")


def shop_time(day, hour=0, minute=0):
    """An aware moment on ``day`` in the shop's time zone (Asia/Jakarta)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def first_of_this_month():
    return timezone.localdate().replace(day=1)


def last_minute_of_last_month():
    return shop_time(first_of_this_month() - datetime.timedelta(days=1), 23, 59)


def month_of(moment):
    return timezone.localtime(moment).strftime("%Y-%m")


def signed_in(user):
    """A client of Ibun Store for ``user``; a server error comes back as a
    500 answer to assert on, not as an exception."""
    client = Client(HTTP_HOST="ibun.localhost", raise_request_exception=False)
    client.force_login(user)
    return client


class Shop:
    """Ibun Store: Bu Rina (whose statement is read) and Bu Sari, in
    different groups, Rina's facilitator, and the operator."""

    def __init__(self, ibun):
        self.site = ibun
        village = factories.VillageFactory(name="Lampegan")
        self.rina_group = ProducerGroup.objects.create(name="Kelompok Merak", village=village)
        sari_group = ProducerGroup.objects.create(name="Kelompok Melati", village=village)
        self.rina = factories.ProducerFactory(
            site=ibun, name="Batik Bu Rina", group=self.rina_group
        )
        self.sari = factories.ProducerFactory(site=ibun, name="Keripik Bu Sari", group=sari_group)
        self.batik = factories.ProductFactory(
            producer=self.rina, title="Kain Batik Merak", stock=50, stock__price=25000
        )
        self.keripik = factories.ProductFactory(
            producer=self.sari, title="Keripik Singkong Pedas", stock=50, stock__price=15000
        )
        self.users = {}
        for producer in (self.rina, self.sari):
            self.sign_in_account_for(producer)
        self.facilitator = factories.UserFactory(username="pendamping-merak")
        FacilitatorAssignment.objects.create(facilitator=self.facilitator, group=self.rina_group)
        self.operator = factories.UserFactory(is_staff=True, is_superuser=True)

    def sign_in_account_for(self, producer):
        user = factories.UserFactory()
        producer.users.add(user)
        self.users[producer.pk] = user
        return user

    def user_of(self, producer):
        return self.users[producer.pk]

    # --- history, through the services -----------------------------------------

    def order(self, *items, payment="bank-transfer"):
        """Place an order of (product, quantity) items by guest checkout."""
        client = Client(HTTP_HOST="ibun.localhost")
        for product, quantity in items:
            add_to_basket(client, product, quantity)
        response = checkout_as_guest(client, payment=payment)
        assert response.status_code == 302, response.content.decode()[:2000]
        return Order.objects.order_by("pk").last()

    def pay(self, order):
        confirmation.mark_paid(Payment.objects.get(order=order).pk, by=self.operator)

    def deliver(self, order, producer):
        for line in order.lines.filter(partner=producer):
            for status in DELIVERY_STEPS:
                fulfilment.change_status(line, status, self.user_of(producer), notify=False)

    def refund(self, order, producer, quantity):
        line = order.lines.get(partner=producer)
        return refunds.refund(order, {line.pk: quantity}, user=self.operator, reason="Rusak")

    def payout(self, producer, amount, direction=TO_PRODUCER, reference="TRF-001"):
        return ledger.record_payout(
            producer,
            direction=direction,
            amount=Decimal(amount),
            method=Payout.Method.BANK_TRANSFER,
            paid_on=timezone.localdate(),
            user=self.operator,
            reference=reference,
        )

    # --- reading ----------------------------------------------------------------

    def portal(self, user):
        return signed_in(user)

    def operator_client(self):
        return signed_in(self.operator)

    def statement_page(self, user=None, producer=None, **query):
        url = reverse("portal:statement", kwargs={"producer": (producer or self.rina).code})
        return self.portal(user or self.user_of(self.rina)).get(url, query)

    def download(self, format, user=None, producer=None, **query):
        url = reverse(
            "portal:statement-download",
            kwargs={"producer": (producer or self.rina).code, "format": format},
        )
        return self.portal(user or self.user_of(self.rina)).get(url, query)


@pytest.fixture
def shop(ibun):
    return Shop(ibun)


@pytest.fixture
def history(shop):
    """Order 1 mixes 3 of Rina's batik (75.000) with 2 of Sari's keripik
    (30.000); order 2 is 1 batik (25.000). Both paid and delivered, one
    batik of order 1 refunded, Rp 20.000 paid out to Rina. At the shop's
    10 %, Rina: +67.500 (sale) -22.500 (refund) +22.500 (sale) -20.000
    (payout) = 47.500; Sari: +27.000."""
    shop.order1 = shop.order((shop.batik, 3), (shop.keripik, 2))
    shop.order2 = shop.order((shop.batik, 1))
    for order in (shop.order1, shop.order2):
        shop.pay(order)
        shop.deliver(order, shop.rina)
    shop.deliver(shop.order1, shop.sari)
    shop.refund(shop.order1, shop.rina, 1)
    shop.payout(shop.rina, 20000)
    assert ledger.balance(shop.rina) == Decimal(47500)
    assert ledger.balance(shop.sari) == Decimal(27000)
    return shop


def entries_of(producer):
    return LedgerEntry.objects.filter(producer=producer).order_by("created_at", "pk")


# --- the portal statement -----------------------------------------------------------


@pytest.mark.django_db
def test_her_statement_shows_her_balance_and_her_entries_only(history):
    response = history.statement_page()

    assert response.status_code == 200
    assert response.context["balance_now"] == Decimal(47500)
    statement = response.context["statement"]
    assert [entry.pk for entry in statement.entries] == [e.pk for e in entries_of(history.rina)]
    assert [row.amount for row in response.context["rows"]] == [67500, 22500, -22500, -20000]
    assert statement.opening == 0 and statement.closing == Decimal(47500)
    html = response.content.decode()
    assert money.format_rupiah(47500) in html
    for number in (history.order1.number, history.order2.number):
        assert number in html
    # Sari's line is in order 1, but nothing of hers is on Rina's page.
    assert history.keripik.title not in html
    assert history.sari.name not in html
    assert "27.000" not in html


def move_entry(entry, moment):
    LedgerEntry.objects.filter(pk=entry.pk).update(created_at=moment)


@pytest.mark.django_db
def test_a_month_shows_its_own_entries_with_the_balance_before_it(history):
    """Order 1's sale moved to the last minute of last month, its refund to
    the first minute of this month (shop time: both are the previous day in
    UTC, so a month cut in UTC would put them in the wrong months)."""
    sale = entries_of(history.rina).get(kind="sale", line__order=history.order1)
    refund = entries_of(history.rina).get(kind="refund")
    move_entry(sale, last_minute_of_last_month())
    move_entry(refund, shop_time(first_of_this_month()))
    last_month = month_of(last_minute_of_last_month())
    month_before = month_of(last_minute_of_last_month().replace(day=1) - datetime.timedelta(days=1))

    earlier = history.statement_page(bulan=last_month).context
    now = history.statement_page(bulan=this_month()).context
    before_that = history.statement_page(bulan=month_before).context

    assert [e.pk for e in earlier["statement"].entries] == [sale.pk]
    assert (earlier["statement"].opening, earlier["statement"].closing) == (0, 67500)
    assert earlier["month"] == last_month and earlier["next_month"] == this_month()
    assert [e.pk for e in now["statement"].entries][0] == refund.pk
    assert sale.pk not in [e.pk for e in now["statement"].entries]
    assert [row.amount for row in now["rows"]] == [-22500, 22500, -20000]
    assert (now["statement"].opening, now["statement"].closing) == (67500, 47500)
    assert now["previous_month"] == last_month and now["next_month"] is None
    assert before_that["statement"].entries == []
    assert before_that["statement"].closing == 0
    # Whatever month she reads, her balance today is the same.
    assert earlier["balance_now"] == now["balance_now"] == Decimal(47500)
    # The month's CSV opens and closes where the page does.
    table = parse_csv(history.download("csv", bulan=last_month))
    assert (table[1][4], table[-1][4], len(table)) == ("0", "67500", 4)


BAD_MONTHS = [
    "",
    "kemarin",
    "2025-13",
    "2025-00",
    "2025",
    "2025-05-01",
    "-2025-05",
    "2025-5x",
    "0-1",
    "99999-01",
    "0001-01",
    "9999-12",
]


@pytest.mark.django_db
def test_a_bad_month_shows_this_month(history):
    """On her page, her download and the operator's page of her ledger;
    every value is tried, and the ones that fail are listed together."""
    wrong = {}
    for value in BAD_MONTHS:
        page = history.statement_page(bulan=value)
        csv_file = history.download("csv", bulan=value)
        operator_page = history.operator_client().get(ledger_url(history.rina), {"bulan": value})
        answers = (page.status_code, csv_file.status_code, operator_page.status_code)
        if answers != (200, 200, 200):
            wrong[value] = answers
            continue
        assert page.context["month"] == this_month(), value
        assert page.context["statement"].closing == Decimal(47500), value
        assert f"-{this_month()}.csv" in csv_file["Content-Disposition"], value
        assert operator_page.context["statement"].start == page.context["statement"].start
    assert not wrong, f"(portal page, CSV, operator page) answered {wrong}"


# --- downloads --------------------------------------------------------------------


def parse_csv(response):
    assert response.content.startswith(BOM)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_csv_parses_back_to_the_statement(history):
    page = history.statement_page().context
    response = history.download("csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    table = parse_csv(response)
    header, opening, *entries, closing = table
    assert len(header) == 5
    assert opening[4] == "0"
    assert [(row[1], *map(Decimal, row[2:])) for row in entries] == [
        (row.description, row.sold, row.commission, row.amount) for row in page["rows"]
    ]
    assert closing[4] == "47500" == str(ledger.balance(history.rina))
    assert sum(Decimal(row[4]) for row in entries) + Decimal(opening[4]) == Decimal(closing[4])
    assert history.keripik.title not in response.content.decode("utf-8-sig")


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_the_pdf_has_her_name_her_balance_and_every_order(history):
    response = history.download("pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response)
    assert history.rina.name in text
    assert money.format_rupiah(ledger.balance(history.rina)) == "Rp 47.500"
    assert "Rp 47.500" in text
    for number in (history.order1.number, history.order2.number):
        assert number in text
    assert history.keripik.title not in text


@pytest.mark.django_db
def test_downloads_are_attachments_named_after_her_and_the_month(history):
    last_month = month_of(last_minute_of_last_month())
    for format in ("csv", "pdf"):
        for month in (this_month(), last_month):
            response = history.download(format, bulan=month)
            expected = f'attachment; filename="saldo-{history.rina.code}-{month}.{format}"'
            assert response["Content-Disposition"] == expected
            assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_her_facilitator_downloads_her_statement_another_producer_cannot(history):
    for format in ("csv", "pdf"):
        assert history.download(format, user=history.facilitator).status_code == 200
        sari = history.user_of(history.sari)
        assert history.download(format, user=sari).status_code == 404
    assert history.statement_page(user=history.user_of(history.sari)).status_code == 404
    csv_for_facilitator = parse_csv(history.download("csv", user=history.facilitator))
    assert csv_for_facilitator[-1][4] == "47500"
    assert history.download("xls").status_code == 404


# --- the operator's side ------------------------------------------------------------


def balances_url():
    return reverse("dashboard:ledger-balances")


def ledger_url(producer):
    return reverse("dashboard:ledger-producer", kwargs={"producer_id": producer.pk})


def producers_with_sales(shop, count):
    """``count`` new producers, each with a delivered line of one paid order."""
    producers = [factories.ProducerFactory(site=shop.site) for _ in range(count)]
    products = [
        factories.ProductFactory(producer=p, stock=5, stock__price=10000) for p in producers
    ]
    order = shop.order(*[(product, 1) for product in products])
    shop.pay(order)
    for producer in producers:
        shop.sign_in_account_for(producer)
        shop.deliver(order, producer)
    return producers


@pytest.mark.django_db
def test_the_balances_list_costs_the_same_queries_for_3_or_20_producers(shop):
    client = shop.operator_client()
    producers = producers_with_sales(shop, 3)
    client.get(balances_url())  # sessions, site and the like warmed up

    with CaptureQueriesContext(connection) as three:
        response = client.get(balances_url())
    assert response.status_code == 200
    producers += producers_with_sales(shop, 17)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(balances_url())

    assert len(twenty) == len(three), "\n".join(q["sql"] for q in twenty.captured_queries)
    shown = {producer.pk: producer.balance for producer in response.context["producers"]}
    for producer in producers:
        assert shown[producer.pk] == ledger.balance(producer) == Decimal(9000)


def payout_form(amount, direction=TO_PRODUCER, reference="TRF-777"):
    return {
        "direction": direction,
        "amount": str(amount),
        "method": Payout.Method.BANK_TRANSFER,
        "reference": reference,
        "paid_on": timezone.localdate().isoformat(),
        "note": "",
    }


@pytest.mark.django_db
def test_a_payout_above_her_balance_is_refused_and_records_nothing(history):
    before = list(entries_of(history.rina).values_list("pk", "amount"))

    response = history.operator_client().post(ledger_url(history.rina), payout_form(47501))

    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    assert Payout.objects.filter(producer=history.rina).count() == 1  # the history's own
    assert list(entries_of(history.rina).values_list("pk", "amount")) == before
    assert ledger.balance(history.rina) == Decimal(47500)


@pytest.mark.django_db
def test_a_payout_takes_exactly_its_amount_off_and_shows_on_her_statement(history):
    response = history.operator_client().post(
        ledger_url(history.rina), payout_form(12345, reference="TRF-777")
    )

    assert response.status_code == 302
    assert ledger.balance(history.rina) == Decimal(47500 - 12345)
    assert ledger.balance(history.sari) == Decimal(27000)
    page = history.statement_page().context
    last = page["rows"][-1]
    assert last.amount == Decimal(-12345)
    assert "TRF-777" in last.description
    assert page["balance_now"] == Decimal(35155)


@pytest.mark.django_db
def test_the_whole_balance_can_be_paid_out(history):
    response = history.operator_client().post(ledger_url(history.rina), payout_form(47500))

    assert response.status_code == 302
    assert ledger.balance(history.rina) == 0


def cash_sale(shop):
    """Rina delivers a cash-on-delivery order and keeps the cash: the shop
    owes her the sale (22.500) less the 25.000 she holds, so she owes the
    commission, 2.500."""
    order = shop.order((shop.batik, 1), payment="cod")
    shop.deliver(order, shop.rina)
    confirmation.confirm_cash(
        Payment.objects.get(order=order).pk, shop.operator, Payment.CashHolder.PRODUCERS
    )
    assert ledger.balance(shop.rina) == Decimal(-2500)
    return order


@pytest.mark.django_db
def test_money_from_her_is_taken_only_up_to_what_she_owes(shop):
    cash_sale(shop)
    client = shop.operator_client()

    too_much = client.post(ledger_url(shop.rina), payout_form(2501, FROM_PRODUCER))
    paying_her = client.post(ledger_url(shop.rina), payout_form(1, TO_PRODUCER))
    assert "amount" in too_much.context["form"].errors
    assert "amount" in paying_her.context["form"].errors
    assert not Payout.objects.exists()

    exact = client.post(ledger_url(shop.rina), payout_form(2500, FROM_PRODUCER))
    assert exact.status_code == 302
    assert ledger.balance(shop.rina) == 0
    entry = entries_of(shop.rina).last()
    assert (entry.kind, entry.amount) == (LedgerEntry.Kind.COMMISSION_PAID, Decimal(2500))


@pytest.mark.django_db
def test_money_from_a_producer_the_shop_owes_is_refused(history):
    response = history.operator_client().post(
        ledger_url(history.rina), payout_form(100, FROM_PRODUCER)
    )

    assert "amount" in response.context["form"].errors
    assert ledger.balance(history.rina) == Decimal(47500)


@pytest.mark.django_db
def test_a_payout_that_is_not_whole_rupiah_is_refused(history):
    client = history.operator_client()
    for amount in ("0", "-5000", "1000.50", "seribu", ""):
        response = client.post(ledger_url(history.rina), payout_form(amount))
        assert response.status_code == 200, amount
        assert "amount" in response.context["form"].errors, amount
    assert Payout.objects.filter(producer=history.rina).count() == 1  # the history's own
    assert ledger.balance(history.rina) == Decimal(47500)


# --- commission -----------------------------------------------------------------------


def in_categories(product, *categories):
    for category in categories:
        ProductCategory.objects.create(product=product, category=category)
    return product


def rate(shop, category, percent):
    return CommissionRate.objects.create(site=shop.site, category=category, percent=percent)


def commission_of(order, product):
    return LineCommission.objects.get(line__order=order, line__product=product)


@pytest.mark.django_db
def test_the_shop_rate_applies_by_default(shop):
    ShopSettings.objects.filter(site=shop.site).update(commission_percent=Decimal(12))

    order = shop.order((shop.batik, 2))
    shop.pay(order)
    shop.deliver(order, shop.rina)

    assert commission_of(order, shop.batik).percent == 12
    sale = entries_of(shop.rina).get(kind="sale")
    assert (sale.gross, sale.commission, sale.amount) == (50000, 6000, 44000)


@pytest.mark.django_db
def test_a_category_rate_covers_its_subcategories(shop, other_shop):
    food = Category.add_root(name="Makanan")
    snacks = food.add_child(name="Camilan")
    chips = snacks.add_child(name="Keripik")
    crafts = Category.add_root(name="Kerajinan")
    rate(shop, food, 5)
    CommissionRate.objects.create(site=other_shop, category=chips, percent=1)
    in_categories(shop.keripik, chips)
    in_categories(shop.batik, crafts)
    plain = factories.ProductFactory(producer=shop.sari, stock=5, stock__price=10000)

    order = shop.order((shop.keripik, 1), (shop.batik, 1), (plain, 1))

    assert commission_of(order, shop.keripik).percent == 5  # Makanan > Camilan > Keripik
    assert commission_of(order, shop.batik).percent == 10  # no rate on Kerajinan
    assert commission_of(order, plain).percent == 10  # no category at all


@pytest.mark.django_db
def test_the_most_specific_category_rate_wins(shop):
    food = Category.add_root(name="Makanan")
    snacks = food.add_child(name="Camilan")
    rate(shop, food, 5)
    rate(shop, snacks, 8)
    in_categories(shop.keripik, snacks)

    order = shop.order((shop.keripik, 1))

    assert commission_of(order, shop.keripik).percent == 8


@pytest.mark.django_db
def test_of_two_equally_specific_categories_the_lower_rate_applies(shop):
    food = Category.add_root(name="Makanan")
    gifts = Category.add_root(name="Oleh-oleh")
    snacks = food.add_child(name="Camilan")
    souvenirs = gifts.add_child(name="Khas Ibun")
    rate(shop, food, 7)
    rate(shop, gifts, 4)
    rate(shop, snacks, 9)
    rate(shop, souvenirs, 6)
    in_categories(shop.keripik, food, gifts)
    in_categories(shop.batik, snacks, souvenirs)

    order = shop.order((shop.keripik, 1), (shop.batik, 1))

    assert commission_of(order, shop.keripik).percent == 4
    assert commission_of(order, shop.batik).percent == 6


@pytest.mark.django_db
def test_the_rate_is_fixed_when_the_order_is_placed(shop):
    crafts = Category.add_root(name="Kerajinan")
    in_categories(shop.batik, crafts)
    order = shop.order((shop.batik, 2))

    ShopSettings.objects.filter(site=shop.site).update(commission_percent=Decimal(25))
    rate(shop, crafts, 30)
    shop.pay(order)
    shop.deliver(order, shop.rina)

    sale = entries_of(shop.rina).get(kind="sale")
    assert (sale.gross, sale.commission, sale.amount) == (50000, 5000, 45000)
    assert commission_of(order, shop.batik).percent == 10
    # A new order does get the new rate.
    newer = shop.order((shop.batik, 1))
    assert commission_of(newer, shop.batik).percent == 30


@pytest.mark.django_db
def test_her_statement_page_costs_the_same_queries_for_2_or_12_orders(shop):
    def sell(times):
        for _ in range(times):
            order = shop.order((shop.batik, 1))
            shop.pay(order)
            shop.deliver(order, shop.rina)

    sell(2)
    shop.statement_page()  # sessions and the like warmed up
    with CaptureQueriesContext(connection) as few:
        assert shop.statement_page().status_code == 200
    sell(10)
    with CaptureQueriesContext(connection) as many:
        response = shop.statement_page()

    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
    assert len(response.context["rows"]) == 12
