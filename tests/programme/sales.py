"""Real orders for programme tests: placed the way checkout places them
(storefront.demo_sales.place_order), with any shipping method, paid through
the real confirmation steps and dated in the past."""

import datetime

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from storefront import demo_sales
from storefront.delivery import DeliveryZone
from storefront.payment import confirmation
from storefront.shipping.methods import Pickup, ZoneDelivery
from vendors import fulfilment

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")

DELIVERED_STEPS = [
    fulfilment.CONFIRMED,
    fulfilment.PACKED,
    fulfilment.SHIPPED,
    fulfilment.DELIVERED,
]


def _shipping(shipping, site):
    if shipping == "pickup":
        return Pickup(site.root_page.title if site else "")
    return ZoneDelivery(DeliveryZone(shipping.removeprefix("delivery-")), 5000)


def sell(
    items, *, shipping="pickup", method="bank-transfer", placed=None, paid=True, by=None, site=None
):
    """An order of `items` ([(product, quantity)] or one product) shipped by
    `shipping` ("pickup" or "delivery-<zone>"), placed on the date `placed`
    (today when None) and paid with `method` unless `paid` is False.
    Cash on delivery is paid the real way: every line delivered, then the
    operator `by` confirms the cash. Returns the order."""
    if not isinstance(items, list):
        items = [(items, 1)]
    site = site or items[0][0].producer.site
    with transaction.atomic():
        order, payment = demo_sales.place_order(
            site,
            items,
            method,
            buyer_name="Pembeli Uji",
            email="pembeli@contoh.test",
            address_lines=("Jl. Uji No. 1",),
            shipping=_shipping(shipping, site),
        )
    if paid:
        if method == "cod":
            for line in order.lines.all():
                for step in DELIVERED_STEPS:
                    line = fulfilment.change_status(line, step, by, notify=False)
            confirmation.confirm_cash(payment.pk, by, "producers")
        else:
            confirmation.mark_paid(payment.pk, by=by, reference="uji")
    if placed is not None:
        when = timezone.make_aware(datetime.datetime.combine(placed, datetime.time(10, 0)))
        Order.objects.filter(pk=order.pk).update(date_placed=when)
    return Order.objects.select_related("payment").get(pk=order.pk)
