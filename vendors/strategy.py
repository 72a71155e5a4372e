"""Pricing and availability for village producers.

Prices are in whole rupiah and include any tax (NoTax). A product in stock is
sold while stock lasts; a made-to-order product says honestly how long it
takes to make and can be ordered as many times a week as the producer can
make it (vendors.stock). While her shop is on holiday none of a producer's
products can be ordered, made to order or not.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.apps.partner import availability, strategy
from oscar.apps.partner.strategy import *  # noqa: F403  Oscar's fork convention

from vendors import stock


class MadeToOrder(availability.Base):
    """Made when ordered, as many a week as the producer can make."""

    code = "made_to_order"

    def __init__(self, lead_time_days, capacity_left=None):
        self.lead_time_days = lead_time_days
        self.capacity_left = capacity_left

    @property
    def is_available_to_buy(self):
        return self.capacity_left is None or self.capacity_left > 0

    def is_purchase_permitted(self, quantity):
        if self.capacity_left is None or quantity <= self.capacity_left:
            return True, ""
        if self.capacity_left == 0:
            return False, _("The producer cannot make more this week.")
        return False, ngettext(
            "The producer can make only %(count)d more this week.",
            "The producer can make only %(count)d more this week.",
            self.capacity_left,
        ) % {"count": self.capacity_left}

    @property
    def message(self):
        if not self.is_available_to_buy:
            return _("Fully booked this week: you can order again from Monday.")
        return ngettext(
            "Made to order: ready %(days)d day after you order",
            "Made to order: ready %(days)d days after you order",
            self.lead_time_days,
        ) % {"days": self.lead_time_days}

    @property
    def short_message(self):
        if not self.is_available_to_buy:
            return _("Fully booked this week")
        return _("Made to order")


class InStock(availability.StockRequired):
    """Oscar's stock rule, said the way a village shop says it."""

    def is_purchase_permitted(self, quantity):
        if self.num_available <= 0:
            return False, _("Sold out.")
        if quantity > self.num_available:
            return False, ngettext(
                "Only %(count)d left.", "Only %(count)d left.", self.num_available
            ) % {"count": self.num_available}
        return True, ""

    @property
    def short_message(self):
        return _("In stock") if self.num_available > 0 else _("Sold out")

    @property
    def message(self):
        if self.num_available <= 0:
            return _("Sold out")
        return ngettext(
            "In stock: %(count)d left", "In stock: %(count)d left", self.num_available
        ) % {"count": self.num_available}


class OnHoliday(availability.Unavailable):
    code = "on_holiday"

    def __init__(self, until):
        self.until = until

    @property
    def message(self):
        if self.until:
            return _("The producer is on holiday until %(date)s.") % {
                "date": date_format(self.until, "j F Y")
            }
        return _("The producer is on holiday.")

    @property
    def short_message(self):
        return _("On holiday")


def current_holiday(producer, today=None):
    """The producer's holiday as an OnHoliday availability, or None when her
    shop is open.

    Shoppers read "on holiday until <holiday_until>", so that day is still a
    holiday; from the day after it the shop is open again even if nobody
    switched the holiday off: a forgotten switch never closes a shop for good
    nor shows a date long gone. Days are counted in the shop's time zone
    (TIME_ZONE, Asia/Jakarta)."""
    if producer is None or not producer.on_holiday:
        return None
    until = producer.holiday_until
    if until is not None and until < (today or timezone.localdate()):
        return None
    return OnHoliday(until)


class VillageStrategy(strategy.Default):
    def __init__(self, request=None, practice=False):
        super().__init__(request)
        # Only the training service's simulated orders may buy from a
        # practice shop (training.simulation); shoppers never can.
        self.practice = practice

    def availability_policy(self, product, stockrecord):
        # Hidden products can still be reached by id (old links, tampered
        # forms): they must not be bought.
        if not product.is_public or product.deleted_at is not None:
            return availability.Unavailable()
        producer = product.producer
        if producer is not None and producer.is_practice and not self.practice:
            return availability.Unavailable()
        # Before anything else about the product: shoppers of every product of
        # hers, priced or not, made to order or not, learn she is away.
        holiday = current_holiday(producer)
        if holiday is not None:
            return holiday
        if stockrecord is None or stockrecord.price is None:
            return availability.Unavailable()
        if getattr(product, "is_made_to_order", False):
            return MadeToOrder(product.lead_time_days, stock.capacity_left(product))
        policy = super().availability_policy(product, stockrecord)
        if isinstance(policy, availability.StockRequired):
            return InStock(policy.num_available)
        return policy


class Selector:
    def strategy(self, request=None, user=None, practice=False, **kwargs):
        return VillageStrategy(request, practice=practice)
