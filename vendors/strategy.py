"""Pricing and availability for village producers.

Prices are in whole rupiah and include any tax (NoTax). A product in stock is
sold while stock lasts; a made-to-order product can always be ordered and
says honestly how long it takes to make.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.apps.partner import availability, strategy
from oscar.apps.partner.strategy import *  # noqa: F403  Oscar's fork convention


class MadeToOrder(availability.Available):
    code = "made_to_order"

    def __init__(self, lead_time_days):
        self.lead_time_days = lead_time_days

    @property
    def message(self):
        return ngettext(
            "Made to order: ready %(days)d day after you order",
            "Made to order: ready %(days)d days after you order",
            self.lead_time_days,
        ) % {"days": self.lead_time_days}

    @property
    def short_message(self):
        return _("Made to order")


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


class VillageStrategy(strategy.Default):
    def availability_policy(self, product, stockrecord):
        if stockrecord is None or stockrecord.price is None:
            return availability.Unavailable()
        # Hidden products can still be reached by id (old links, tampered
        # forms): they must not be bought.
        if not product.is_public or product.deleted_at is not None:
            return availability.Unavailable()
        producer = product.producer
        if producer is not None and producer.on_holiday:
            return OnHoliday(producer.holiday_until)
        if getattr(product, "is_made_to_order", False):
            return MadeToOrder(product.lead_time_days)
        return super().availability_policy(product, stockrecord)


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return VillageStrategy(request)
