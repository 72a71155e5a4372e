"""Reserving what an order takes: units on the shelf, or a share of a
made-to-order product's weekly capacity.

``reserve_basket`` runs inside the transaction that places an order, before
Oscar writes it. It locks every stock record of the basket (SELECT ... FOR
UPDATE, in primary-key order, so two baskets never wait for each other
crosswise) and checks each again under the lock; Oscar's OrderCreator then
allocates. Of many shoppers racing for the last unit the first to lock it
gets it and the others find it gone, so nothing is ever sold twice. On
SQLite, which has no row locks, the IMMEDIATE transaction serialises whole
checkouts instead (storefront.settings).

A made-to-order product has no shelf: what limits it is how many the
producer can make in a week (Product.weekly_capacity). The units taken in a
week are counted from the order lines placed that week that are not
cancelled, so a cancellation gives capacity back exactly once, by
construction, with no counter to keep right.
"""

import datetime
from collections import defaultdict

from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

from vendors.statuses import CANCELLED

StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")


class NotEnoughStock(Exception):
    """The basket asks for more than is left; ``message`` is for the shopper."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def week_start(now=None):
    """Monday 00:00 of this week in the shop's time zone (TIME_ZONE)."""
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday())
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))


def _taken_this_week(now=None):
    return Line.objects.filter(order__date_placed__gte=week_start(now)).exclude(status=CANCELLED)


def booked_this_week_subquery(now=None):
    """Units of each product ordered this week (for annotating product lists,
    so a list shows capacity in a fixed number of queries)."""
    taken = (
        _taken_this_week(now)
        .filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(units=Sum("quantity"))
        .values("units")
    )
    return Coalesce(Subquery(taken, output_field=IntegerField()), 0)


def capacity_left(product, now=None):
    """How many more of a made-to-order product can be ordered this week, or
    None when the producer set no weekly limit."""
    if product.weekly_capacity is None:
        return None
    booked = getattr(product, "booked_this_week", None)
    if booked is None:
        booked = (
            _taken_this_week(now).filter(product=product).aggregate(units=Sum("quantity"))["units"]
            or 0
        )
    return max(product.weekly_capacity - booked, 0)


def reserve_basket(basket):
    """Check, under lock, that every line of the basket can still be had;
    raise NotEnoughStock (and lock nothing further) when one cannot.

    Must be called inside the order's transaction: the locks last until it
    commits, which is after Oscar has allocated the stock.
    """
    wanted = defaultdict(int)
    titles = {}
    for line in basket.all_lines():
        if line.stockrecord_id is None:
            continue
        wanted[line.stockrecord_id] += line.quantity
        titles[line.stockrecord_id] = line.product.get_title()
    records = (
        StockRecord.objects.select_for_update(of=("self",))
        .select_related("product__product_class", "product__parent__product_class")
        .filter(pk__in=wanted)
        .order_by("pk")
    )
    for record in records:
        _check(record, wanted[record.pk], titles[record.pk])


def _check(record, quantity, title):
    product = record.product
    if product.is_made_to_order:
        left = capacity_left(product)
        if left is not None and left < quantity:
            raise NotEnoughStock(_fully_booked(title, left))
        return
    if not product.get_product_class().track_stock:
        return
    left = max(record.net_stock_level, 0)
    if left < quantity:
        raise NotEnoughStock(_sold_out(title, left))


def _sold_out(title, left):
    if left == 0:
        return _("Sorry, “%(title)s” has just sold out. Remove it from your basket.") % {
            "title": title
        }
    return ngettext(
        "Sorry, only %(count)d of “%(title)s” is left. Change the quantity in your basket.",
        "Sorry, only %(count)d of “%(title)s” are left. Change the quantity in your basket.",
        left,
    ) % {"count": left, "title": title}


def _fully_booked(title, left):
    if left == 0:
        return _(
            "Sorry, the producer cannot make more “%(title)s” this week. "
            "You can order it again from Monday."
        ) % {"title": title}
    return ngettext(
        "Sorry, the producer can make only %(count)d more “%(title)s” this week. "
        "Change the quantity in your basket.",
        "Sorry, the producer can make only %(count)d more “%(title)s” this week. "
        "Change the quantity in your basket.",
        left,
    ) % {"count": left, "title": title}
