import oscar.apps.offer.apps as apps


class OfferConfig(apps.OfferConfig):
    """Oscar's offers with discounts in whole rupiah (benefits.py), applied
    without asking a basket saved just now for vouchers (applicator.py)."""

    name = "storefront.offer"
