"""The ledger never counts anything twice, whatever happens in whatever order.

Hypothesis plays random sequences of what happens to a producer's orders:
lines delivered, orders paid (by transfer, or cash the producer or the shop
keeps), the same step repeated (a replayed webhook, a double tap), partial
refunds, payouts and commission handed back, including steps that must be
refused. A plain model in this file keeps its own account of what she is
owed; after every sequence her ledger balance must equal the model's, equal
the sum of her entries and her statement's summary, and no sale, cash
collection or refund may be entered twice.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order

from storefront import money
from storefront.payment import confirmation, refunds
from tests import factories, payments
from vendors import ledger

Basket = get_model("basket", "Basket")
Line = get_model("order", "Line")
LedgerEntry = get_model("partner", "LedgerEntry")
Payment = get_model("payment", "Payment")
Payout = get_model("partner", "Payout")
Selector = get_class("partner.strategy", "Selector")

COMMISSION = Decimal(10)  # the test shops' rate (ShopSettings default)


class Model:
    """What the shop owes her, kept by hand."""

    def __init__(self, start):
        self.balance = start
        self.credited = set()
        self.refunded = {}  # line id -> units refunded

    def sale(self, line):
        if line.pk in self.credited:
            return
        self.credited.add(line.pk)
        commission = money.whole_rupiah(line.line_price_incl_tax * COMMISSION / 100)
        self.balance += line.line_price_incl_tax - commission

    def refund(self, line, quantity):
        before = self.refunded.get(line.pk, 0)
        self.refunded[line.pk] = before + quantity
        if line.pk not in self.credited:
            return
        price = line.line_price_incl_tax
        commission = money.whole_rupiah(price * COMMISSION / 100)

        def part(total, units):
            return money.whole_rupiah(total * units / line.quantity)

        gross = part(price, before + quantity) - part(price, before)
        kept = part(commission, before + quantity) - part(commission, before)
        self.balance -= gross - kept


def place(producer, site, products, method):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in products:
        basket.add_product(product, quantity)
    order = create_order(basket=basket)
    ledger.fix_commissions(order)
    payments.awaiting(order, method, site)
    return order


# Prices that divide evenly and prices that do not (3333 in 4 parts...).
PRICES = [1_000, 3_333, 10_000, 25_000, 99_999, 250_000]

order_plans = st.lists(
    st.tuples(
        st.sampled_from(["bank-transfer", "cod-producer", "cod-shop"]),
        st.lists(st.tuples(st.integers(1, 4), st.sampled_from(PRICES)), min_size=1, max_size=3),
    ),
    min_size=1,
    max_size=3,
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("deliver"), st.integers(0, 8)),
        st.tuples(st.just("pay"), st.integers(0, 2)),
        st.tuples(st.just("replay"), st.integers(0, 2)),
        st.tuples(st.just("refund"), st.integers(0, 8), st.integers(1, 4)),
        st.tuples(st.just("payout"), st.integers(1, 400_000)),
        st.tuples(st.just("commission_paid"), st.integers(1, 50_000)),
    ),
    max_size=14,
)


@pytest.fixture
def shelf(ibun):
    """One producer with a product at each price. Products are made once
    for all examples (each save also updates the search index, which is
    slow); every example then starts from her balance as it stands."""
    producer = factories.ProducerFactory(site=ibun)
    products = {
        price: factories.ProductFactory(producer=producer, stock=10_000, stock__price=price)
        for price in PRICES
    }
    return producer, products


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=order_plans, steps=steps)
def test_any_sequence_keeps_the_balance_equal_to_the_entries(ibun, shelf, plans, steps):
    producer, products = shelf
    first_new_entry = (
        LedgerEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    orders, cash_holder = [], {}
    for method, items in plans:
        order = place(
            producer,
            ibun,
            [(products[price], quantity) for quantity, price in items],
            "cod" if method.startswith("cod") else method,
        )
        orders.append(order)
        cash_holder[order.pk] = {
            "cod-producer": Payment.CashHolder.PRODUCERS,
            "cod-shop": Payment.CashHolder.SHOP,
        }.get(method, "")
    lines = list(Line.objects.filter(order__in=orders).order_by("pk"))
    model = Model(start=ledger.balance(producer))
    cash_taken = set()

    for step in steps:
        kind = step[0]
        if kind == "deliver":
            line = lines[step[1] % len(lines)]
            line.refresh_from_db()
            if line.status == "New":
                Line.objects.filter(pk=line.pk).update(status="Delivered")
                line.refresh_from_db()
                ledger.credit_line(line)
                if _paid(line.order):
                    model.sale(line)
        elif kind in ("pay", "replay"):
            order = orders[step[1] % len(orders)]
            payment = Payment.objects.get(order=order)
            held_by = cash_holder[order.pk]
            open_lines = order.lines.exclude(status__in=["Delivered", "Cancelled"])
            if held_by and open_lines.exists():
                continue  # cash is confirmed once every line is delivered
            if kind == "pay" or payment.is_paid:
                confirmation.mark_paid(payment.pk, cash_held_by=held_by)
            ledger.credit_order(order)  # what a replayed webhook would do too
            if not _paid(order):
                continue
            for line in order.lines.filter(status="Delivered"):
                model.sale(line)
                if held_by == Payment.CashHolder.PRODUCERS and line.pk not in cash_taken:
                    cash_taken.add(line.pk)
                    model.balance -= line.line_price_incl_tax
        elif kind == "refund":
            line = lines[step[1] % len(lines)]
            line.refresh_from_db()
            quantity = step[2]
            allowed = (
                _paid(line.order)
                and quantity <= line.quantity - refunds.refunded_quantity(line)
                and (line.status == "Delivered" or quantity == line.quantity)
            )
            before = ledger.balance(producer)
            try:
                refunds.refund(line.order, {line.pk: quantity}, user=None, reason="Rusak")
            except confirmation.PaymentError:
                assert not allowed
                assert ledger.balance(producer) == before, "a refused refund changes nothing"
            else:
                assert allowed
                model.refund(line, quantity)
        else:
            amount = Decimal(step[1])
            to_her = kind == "payout"
            owed = ledger.balance(producer)
            allowed = amount <= owed if to_her else amount <= -owed
            direction = Payout.Direction.TO_PRODUCER if to_her else Payout.Direction.FROM_PRODUCER
            try:
                ledger.record_payout(
                    producer,
                    direction=direction,
                    amount=amount,
                    method=Payout.Method.CASH,
                    paid_on="2026-12-01",
                    user=None,
                )
            except ledger.LedgerError:
                assert not allowed
            else:
                assert allowed
                model.balance += -amount if to_her else amount

    everything = LedgerEntry.objects.filter(producer=producer)
    total = sum((entry.amount for entry in everything), Decimal(0))
    assert ledger.balance(producer) == model.balance == total
    statement = ledger.statement(producer)
    assert statement.closing == model.balance
    assert (
        statement.opening
        + statement.sold
        - statement.commission
        - statement.cash_collected
        - statement.paid_out
        + statement.paid_to_shop
        == statement.closing
    )
    entries = everything.filter(pk__gte=first_new_entry)  # this example's
    for kind in (LedgerEntry.Kind.SALE, LedgerEntry.Kind.CASH_COLLECTED):
        line_ids = list(entries.filter(kind=kind).values_list("line_id", flat=True))
        assert len(line_ids) == len(set(line_ids)), f"a {kind} entered twice"
    refund_lines = list(entries.filter(kind="refund").values_list("refund_line_id", flat=True))
    assert len(refund_lines) == len(set(refund_lines)), "a refund entered twice"
    for line in lines:
        reversed_gross = sum(
            (e.gross for e in entries.filter(kind="refund", refund_line__line=line)), Decimal(0)
        )
        assert reversed_gross <= line.line_price_incl_tax


def _paid(order):
    return Payment.objects.filter(order=order, status=Payment.Status.PAID).exists()
