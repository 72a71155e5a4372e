"""A producer's statistics over the last 7, 30 or 90 days: views, shares,
basket additions, orders and conversion, for her shop, per product and per
day.

Views and basket additions come from the daily rows the rollup writes
(stats.rollup); shares are sharing.Share rows; orders are distinct orders
with a line of hers (or of the product) placed in the window, neither the
line nor the order cancelled. Each figure is one grouped query, so the
number of queries does not grow with the number of products. Practice
shops are counted like any other.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import editing
from sharing.models import Share
from stats.models import DailyStat
from vendors.statuses import CANCELLED

Line = get_model("order", "Line")

WINDOWS = (7, 30, 90)
DEFAULT_DAYS = 30


def parse_days(value):
    """7, 30 or 90 from ?days=; anything else is 30."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return days if days in WINDOWS else DEFAULT_DAYS


@dataclass
class Figures:
    views: int = 0
    shares: int = 0
    basket_adds: int = 0
    orders: int = 0

    @property
    def conversion(self):
        """Orders per view, or None without views (shown as "–")."""
        return self.orders / self.views if self.views else None

    @property
    def conversion_percent(self):
        return None if self.conversion is None else self.conversion * 100


@dataclass
class Report:
    days: int
    start: datetime.date
    end: datetime.date
    daily: list  # [(date, Figures)] for every day of the window, oldest first
    totals: Figures = field(default_factory=Figures)
    shop_page_views: int = 0
    products: list = field(default_factory=list)  # [(product, Figures)]


def window(days, today=None):
    """First and last date of the last ``days`` days, today included, in
    the shop's time zone."""
    end = today or timezone.localdate(timezone=timezone.get_default_timezone())
    return end - datetime.timedelta(days=days - 1), end


def _midnight(day):
    moment = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(moment, timezone.get_default_timezone())


def _sources(producer, start, end, product=None):
    """The three querysets of the window: daily rows, shares, order lines."""
    since, until = _midnight(start), _midnight(end + datetime.timedelta(days=1))
    daily = DailyStat.objects.filter(producer=producer, date__range=(start, end))
    shares = Share.objects.filter(producer=producer, created_at__gte=since, created_at__lt=until)
    lines = (
        Line.objects.filter(
            partner=producer, order__date_placed__gte=since, order__date_placed__lt=until
        )
        .exclude(status=CANCELLED)
        .exclude(order__status=CANCELLED)
    )
    if product is not None:
        daily = daily.filter(product=product)
        shares = shares.filter(product=product)
        lines = lines.filter(product=product)
    return daily, shares, lines


def _by(queryset, key, **figures):
    return {row[key]: row for row in queryset.order_by().values(key).annotate(**figures)}


def _daily(daily, shares, lines, start, end):
    """[(date, Figures)] for every day; an order is placed on one day, so
    the days' distinct orders add up to the window's."""
    tz = timezone.get_default_timezone()
    stats = _by(daily, "date", views=Sum("views"), basket_adds=Sum("basket_adds"))
    shared = _by(shares.annotate(day=TruncDate("created_at", tzinfo=tz)), "day", n=Count("pk"))
    ordered = _by(
        lines.annotate(day=TruncDate("order__date_placed", tzinfo=tz)),
        "day",
        n=Count("order_id", distinct=True),
    )
    days = []
    day = start
    while day <= end:
        row = stats.get(day, {})
        figures = Figures(
            views=row.get("views") or 0,
            basket_adds=row.get("basket_adds") or 0,
            shares=shared.get(day, {}).get("n", 0),
            orders=ordered.get(day, {}).get("n", 0),
        )
        days.append((day, figures))
        day += datetime.timedelta(days=1)
    return days


def _total(daily):
    totals = Figures()
    for _day, figures in daily:
        totals.views += figures.views
        totals.shares += figures.shares
        totals.basket_adds += figures.basket_adds
        totals.orders += figures.orders
    return totals


def shop_report(producer, days=DEFAULT_DAYS, today=None):
    """Her whole shop (product pages and her shop page), and each of her
    products, in seven queries."""
    start, end = window(days, today)
    daily, shares, lines = _sources(producer, start, end)
    per_day = _daily(daily, shares, lines, start, end)
    stats = _by(daily, "product_id", views=Sum("views"), basket_adds=Sum("basket_adds"))
    shared = _by(shares, "product_id", n=Count("pk"))
    ordered = _by(lines, "product_id", n=Count("order_id", distinct=True))
    products = []
    for product in editing.producer_products(producer).order_by("title", "pk").only("title"):
        row = stats.get(product.pk, {})
        figures = Figures(
            views=row.get("views") or 0,
            basket_adds=row.get("basket_adds") or 0,
            shares=shared.get(product.pk, {}).get("n", 0),
            orders=ordered.get(product.pk, {}).get("n", 0),
        )
        products.append((product, figures))
    return Report(
        days=days,
        start=start,
        end=end,
        daily=per_day,
        totals=_total(per_day),
        shop_page_views=stats.get(None, {}).get("views") or 0,
        products=products,
    )


def product_report(producer, product, days=DEFAULT_DAYS, today=None):
    """One product of hers, in three queries."""
    start, end = window(days, today)
    daily, shares, lines = _sources(producer, start, end, product=product)
    per_day = _daily(daily, shares, lines, start, end)
    return Report(days=days, start=start, end=end, daily=per_day, totals=_total(per_day))
