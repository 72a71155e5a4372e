"""Payments for orders made in tests without going through the checkout
(oscar.test.factories.create_order), made the way checkout makes them."""

from storefront.payment import methods


def awaiting(order, method="bank-transfer", site=None):
    """An awaited payment of ``method`` for ``order``, with its Oscar source."""
    return methods.get_method(method).record_order(order, site)
