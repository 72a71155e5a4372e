import oscar.apps.offer.apps as apps


class OfferConfig(apps.OfferConfig):
    """Oscar's offers with discounts in whole rupiah (benefits.py)."""

    name = "storefront.offer"
