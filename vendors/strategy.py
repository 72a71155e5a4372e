"""Pricing and availability for village producers.

Prices are in whole rupiah and include any tax (NoTax). A product in stock is
sold while stock lasts; a made-to-order product can always be ordered and
says honestly how long it takes to make.
"""

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


class VillageStrategy(strategy.Default):
    def availability_policy(self, product, stockrecord):
        if stockrecord is None or stockrecord.price is None:
            return availability.Unavailable()
        # Hidden products can still be reached by id (old links, tampered
        # forms): they must not be bought.
        if not product.is_public:
            return availability.Unavailable()
        if getattr(product, "is_made_to_order", False):
            return MadeToOrder(product.lead_time_days)
        return super().availability_policy(product, stockrecord)


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return VillageStrategy(request)
