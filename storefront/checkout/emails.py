"""The shopper's order confirmation, sent by the task queue (storefront.tasks).

Oscar sends it from the checkout request; here the request only gathers
what the message needs (the order's id, its status link, the shopper's
language) and the worker renders and sends it from the committed order,
so a slow mail server never holds up "Place order".
"""

import logging

from django.utils import translation
from oscar.core.loading import get_class, get_model

Order = get_model("order", "Order")
OrderDispatcher = get_class("order.utils", "OrderDispatcher")

logger = logging.getLogger("storefront.checkout")


def order_placed(order_id, language, status_path=None, status_url=None):
    """Oscar's order-placed message (its templates, or the operator's
    communication event type) to the shopper. A failure is logged: the
    order stands."""
    order = Order.objects.select_related("user").get(pk=order_id)
    context = {"user": order.user, "order": order, "lines": order.lines.all()}
    if status_path:
        context.update(status_path=status_path, status_url=status_url)
    try:
        with translation.override(language):
            OrderDispatcher(logger=logger).send_order_placed_email_for_user(order, context)
    except Exception:
        logger.exception("Order #%s placed, but the confirmation email failed", order.number)
