"""Shipping methods of a village shop: pick-up at the collection point for
free, or local delivery priced by zone with fees the operator sets."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import *  # noqa: F403  Oscar's fork convention
from oscar.apps.shipping.methods import Base
from oscar.core import prices


class Pickup(Base):
    code = "pickup"
    name = _("Pick up at the collection point")
    is_pickup = True

    def __init__(self, collection_point=""):
        self.collection_point = collection_point
        self.description = collection_point

    def calculate(self, basket):
        return prices.Price(currency=basket.currency, excl_tax=Decimal(0), incl_tax=Decimal(0))


class ZoneDelivery(Base):
    """Delivery to one zone at the fee the shop set for it."""

    is_pickup = False

    def __init__(self, zone, fee):
        self.zone = zone
        self.fee = Decimal(fee)
        self.code = f"delivery-{zone.value}"
        self.name = _("Delivery: %(zone)s") % {"zone": zone.label}

    def calculate(self, basket):
        return prices.Price(currency=basket.currency, excl_tax=self.fee, incl_tax=self.fee)


def is_pickup(order):
    """True when the shopper collects the order at the collection point."""
    return order.shipping_code == Pickup.code
