"""Sales and market reach of real producers per month: what the programme
reads as "business performance" besides the clusters (one query per report).

A sale is a line, not cancelled, of a paid order (storefront.payment
Payment "paid") whose producer is a real shop in the area, dated when the order was placed, in
the shop's time zone. Market reach is where those orders went: the zone of
the shipping method (a pick-up is inside the village).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from programme.exports import Table
from programme.reports import Area, ReportError, in_area
from storefront.delivery import DeliveryZone
from vendors.statuses import CANCELLED

Line = get_model("order", "Line")

UNKNOWN_ZONE = "unknown"


def zone_of(shipping_code):
    """The delivery zone of an order: a pick-up is in the village."""
    if shipping_code == "pickup":
        return DeliveryZone.VILLAGE.value
    zone = (shipping_code or "").removeprefix("delivery-")
    return (
        zone
        if shipping_code.startswith("delivery-") and zone in DeliveryZone.values
        else (UNKNOWN_ZONE)
    )


@dataclass
class MonthSales:
    month: datetime.date  # its first day
    orders: set = field(default_factory=set)
    items: int = 0
    sales: Decimal = Decimal(0)
    producers: set = field(default_factory=set)
    zones: dict = field(default_factory=lambda: defaultdict(set))

    def orders_in(self, zone):
        return len(self.zones.get(zone, ()))

    @property
    def outside_share(self):
        """Share of orders delivered outside the village (0 to 1), None
        without orders; orders of unknown zone count as neither."""
        known = len(self.orders) - self.orders_in(UNKNOWN_ZONE)
        if not known:
            return None
        return (known - self.orders_in(DeliveryZone.VILLAGE.value)) / known


@dataclass
class SalesReport:
    start: datetime.date
    end: datetime.date
    area: Area | None
    months: list
    totals: MonthSales

    @property
    def zones(self):
        """(zone, label) columns: every delivery zone, and "not known" if seen."""
        zones = list(DeliveryZone.choices)
        if self.totals.orders_in(UNKNOWN_ZONE):
            zones.append((UNKNOWN_ZONE, _("Zone not known")))
        return zones

    def table(self):
        headers = [_("Month"), _("Orders"), _("Items"), _("Sales (Rp)"), _("Selling producers")]
        headers += [str(label) for _zone, label in self.zones]
        headers.append(_("Orders outside the village (%)"))
        rows = []
        for month in [*self.months, self.totals]:
            share = month.outside_share
            rows.append(
                [month.month if month is not self.totals else _("Total")]
                + [len(month.orders), month.items, month.sales, len(month.producers)]
                + [month.orders_in(zone) for zone, _label in self.zones]
                + [None if share is None else round(share * 100, 1)]
            )
        return Table(headers, rows, title=_("Sales"))


def months_between(start, end):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def sales_by_month(start, end, area=None):
    """Paid orders of real producers in the area, month by month (local
    time of Order.date_placed): orders, items, sales value (the lines'
    price incl. tax, only lines of producers in the area), selling
    producers and where the orders went."""
    if start > end:
        raise ReportError("the period ends before it starts")
    months = {month: MonthSales(month) for month in months_between(start, end)}
    totals = MonthSales(start.replace(day=1))
    query = (
        Line.objects.filter(
            in_area("partner__", area),
            partner__is_practice=False,
            order__payment__status="paid",
            order__date_placed__gte=_day_start(start),
            order__date_placed__lt=_day_start(end + datetime.timedelta(days=1)),
        )
        .exclude(status=CANCELLED)  # a line she cancelled after payment is not a sale
        .values_list(
            "order_id",
            "order__date_placed",
            "order__shipping_code",
            "partner_id",
            "quantity",
            "line_price_incl_tax",
        )
    )
    for order_id, placed, shipping_code, partner_id, quantity, price in query:
        month = months[timezone.localdate(placed).replace(day=1)]
        for bucket in (month, totals):
            bucket.orders.add(order_id)
            bucket.items += quantity
            bucket.sales += price or 0
            bucket.producers.add(partner_id)
            bucket.zones[zone_of(shipping_code)].add(order_id)
    return SalesReport(start, end, area, list(months.values()), totals)
