"""What the shop records about shoppers, in place of Oscar's receivers.

Oscar's analytics wrote to the database on every product view (ProductRecord
and, for signed-in shoppers, UserRecord and a UserProductView row), every
basket addition and every signed-in search. On the hot path that is one
write per request, which the shop cannot afford: views and basket additions
go to stats.counting (the cache only) and the rollup moves them into daily
rows and ProductRecord in bulk. Searches are not recorded. A placed order is
rare and already a write: Oscar's bookkeeping for it is kept.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import receiver
from oscar.apps.basket.signals import basket_addition
from oscar.apps.catalogue.signals import product_viewed
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

from stats import counting

ProductRecord = get_model("analytics", "ProductRecord")
UserRecord = get_model("analytics", "UserRecord")

logger = logging.getLogger("oscar.analytics")


@receiver(product_viewed, dispatch_uid="stats_product_viewed")
def count_product_view(sender, product, request=None, **kwargs):
    counting.count_product_view(request, product)


@receiver(basket_addition, dispatch_uid="stats_basket_addition")
def count_basket_addition(sender, product, request=None, **kwargs):
    counting.count_basket_addition(request, product)


@receiver(order_placed, dispatch_uid="analytics_order_placed")
def record_order(sender, order, user=None, **kwargs):
    """Oscar's purchase counts per product and its per-shopper totals."""
    if kwargs.get("raw", False):
        return
    _record_products_in_order(order)
    if user and user.is_authenticated:
        _record_user_order(user, order)


def _update_counter(model, field_name, filters, increment=1):
    """Oscar's counter bump: one UPDATE, or an INSERT for the first time."""
    records = model.objects.filter(**filters)
    if not records.update(**{field_name: F(field_name) + increment}):
        try:
            with transaction.atomic():
                model.objects.create(**filters, **{field_name: increment})
        except IntegrityError:  # created meanwhile by another order
            records.update(**{field_name: F(field_name) + increment})


def _record_products_in_order(order):
    for line in order.lines.all():
        if line.product_id is not None:
            _update_counter(
                ProductRecord, "num_purchases", {"product_id": line.product_id}, line.quantity
            )


def _record_user_order(user, order):
    totals = {
        "num_orders": 1,
        "num_order_lines": order.num_lines,
        "num_order_items": order.num_items,
        "total_spent": order.total_incl_tax,
    }
    records = UserRecord.objects.filter(user=user)
    changed = records.update(
        **{name: F(name) + value for name, value in totals.items()},
        date_last_order=order.date_placed,
    )
    if not changed:
        try:
            with transaction.atomic():
                UserRecord.objects.create(user=user, date_last_order=order.date_placed, **totals)
        except IntegrityError:
            logger.error("IntegrityError in analytics when recording a user order.")
