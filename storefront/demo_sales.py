"""A few weeks of the demo producer's sales, so her statement in the portal
and the operator's producer balances show real figures from the first run.

Orders go through the same services as real ones: placed with Oscar's
OrderCreator and a payment method, paid, fulfilled step by step, credited
to her ledger, and one payout recorded. Invented shoppers only. Loaded once:
if the demo shopper has orders already, nothing is added.
"""

import datetime

from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from storefront import money
from storefront.payment import confirmation, methods
from storefront.shipping.methods import Pickup
from vendors import fulfilment, ledger, stock

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
LedgerEntry = get_model("partner", "LedgerEntry")
Order = get_model("order", "Order")
Payment = get_model("payment", "Payment")
Payout = get_model("partner", "Payout")
ShippingAddress = get_model("order", "ShippingAddress")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")

SHOPPER_EMAIL = "demo.pembeli@contoh.test"
STEPS = [fulfilment.CONFIRMED, fulfilment.PACKED, fulfilment.READY_FOR_PICKUP, fulfilment.DELIVERED]


def load(producer, producer_user, operator, sales):
    """``sales``: (days ago, [(product, quantity)], payment method code,
    who holds the cash for "cod"). The producer moves her own lines; the
    operator confirms payments. Emails the steps would send to the invented
    shopper are kept in memory, not printed."""
    if Order.objects.filter(guest_email=SHOPPER_EMAIL).exists():
        return []
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        with transaction.atomic():
            orders = [_sale(producer.site, producer_user, operator, *sale) for sale in sales]
            _payout(producer, operator)
    return orders


def _sale(site, producer_user, operator, days_ago, items, method_code, cash_held_by=""):
    order, payment = place_order(
        site,
        items,
        method_code,
        buyer_name="Rina Contoh",
        email=SHOPPER_EMAIL,
        phone="+6281200009999",
        address_lines=("Jl. Contoh No. 1", "Ibun, Kabupaten Bandung"),
    )
    if method_code != "cod":
        confirmation.mark_paid(payment.pk, by=operator, reference="demo")
    for line in order.lines.all():
        for step in STEPS:
            line = fulfilment.change_status(line, step, producer_user, notify=False)
    if method_code == "cod":
        confirmation.confirm_cash(payment.pk, operator, cash_held_by)
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Order.objects.filter(pk=order.pk).update(date_placed=when)
    LedgerEntry.objects.filter(line__order=order).update(created_at=when)
    return order


def place_order(
    site,
    items,
    method_code,
    *,
    buyer_name,
    email,
    phone="",
    address_lines=(),
    practice=False,
    shipping=None,
):
    """Place an order of ``items`` ([(product, quantity)]) for pick-up in
    ``site`` (or by the shipping method ``shipping``) the way checkout does
    (stock reserved under lock, Oscar's OrderCreator, fixed commissions, the
    method's payment record), for an invented buyer; returns (order,
    payment). ``practice`` uses the one strategy that may sell practice
    products (training.simulation).

    Call it inside a transaction: vendors.stock.NotEnoughStock (raised
    before anything is written) or any later failure must roll it all back.
    """
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy(practice=practice)
    for product, quantity in items:
        basket.add_product(product, quantity)
    stock.reserve_basket(basket)
    shipping = shipping or Pickup(site.root_page.title)
    charge = shipping.calculate(basket)
    line1, line4 = (list(address_lines) + ["", ""])[:2]
    address = ShippingAddress.objects.create(
        first_name=buyer_name,
        line1=line1,
        line4=line4,
        phone_number=phone,
        country=Country.objects.get(iso_3166_1_a2="ID"),
    )
    method = methods.get_method(method_code)
    order = OrderCreator().place_order(
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, charge),
        shipping_method=shipping,
        shipping_charge=charge,
        shipping_address=address,
        status=method.initial_order_status,
        guest_email=email,
    )
    ledger.fix_commissions(order)
    payment = method.record_order(order, site)
    basket.submit()
    return order, payment


def _payout(producer, operator):
    """Half of what she is owed, paid at the learning centre."""
    owed = ledger.balance(producer)
    if owed <= 0:
        return
    ledger.record_payout(
        producer,
        direction=Payout.Direction.TO_PRODUCER,
        amount=money.whole_rupiah(owed / 2),
        method=Payout.Method.CASH,
        paid_on=timezone.localdate() - datetime.timedelta(days=3),
        user=operator,
        reference="Kwitansi PKBM 001",
    )
