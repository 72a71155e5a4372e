"""A producer's side of an order: moving her lines through the steps.

New -> Confirmed -> Packed -> Shipped or Ready for pickup -> Delivered, or
Cancelled with a reason. Each step is recorded (FulfilmentEvent), keeps stock
right (cancelling before the goods left restocks them) and tells the shopper
by email after the change commits.
"""

import logging
from urllib.parse import quote

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from oscar.core.loading import get_model

from storefront.models import ShopSettings

Line = get_model("order", "Line")
Order = get_model("order", "Order")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")
StockRecord = get_model("partner", "StockRecord")

logger = logging.getLogger("storefront.fulfilment")

NEW = "New"
CONFIRMED = "Confirmed"
PACKED = "Packed"
SHIPPED = "Shipped"
READY_FOR_PICKUP = "Ready for pickup"
DELIVERED = "Delivered"
CANCELLED = "Cancelled"

# The statuses as people read them; stored values stay English.
STATUS_LABELS = {
    NEW: gettext_noop("New"),
    CONFIRMED: gettext_noop("Confirmed"),
    PACKED: gettext_noop("Packed"),
    SHIPPED: gettext_noop("Shipped"),
    READY_FOR_PICKUP: gettext_noop("Ready for pickup"),
    DELIVERED: gettext_noop("Delivered"),
    CANCELLED: gettext_noop("Cancelled"),
    # Order-level statuses
    "Awaiting payment": gettext_noop("Awaiting payment"),
    "Processing": gettext_noop("Processing"),
    "Complete": gettext_noop("Complete"),
}

# Once goods left the producer, their stock is consumed.
GOODS_LEFT = {SHIPPED, READY_FOR_PICKUP, DELIVERED}

# An order waiting for its bank transfer (or QRIS) is not to be worked on
# yet: the producer may only cancel its lines.
AWAITING_PAYMENT = "Awaiting payment"


class FulfilmentError(Exception):
    """A step that is not allowed; the message is for the person who tried."""


def label(status):
    return _(STATUS_LABELS.get(status, status))


def next_statuses(line):
    return list(line.available_statuses())


@transaction.atomic
def change_status(line, new_status, actor, note=""):
    """Move one line to `new_status`, or raise FulfilmentError and change
    nothing. The row is locked so two taps (or a producer and her
    facilitator) cannot both move it."""
    line = Line.objects.select_for_update().select_related("order", "stockrecord").get(pk=line.pk)
    if new_status not in line.available_statuses():
        raise FulfilmentError(
            _("This order line cannot go from “%(old)s” to “%(new)s”.")
            % {"old": label(line.status), "new": label(new_status)}
        )
    if line.order.status == AWAITING_PAYMENT and new_status != CANCELLED:
        raise FulfilmentError(
            _("The shopper has not paid yet. Wait until the payment is confirmed.")
        )
    note = (note or "").strip()
    if new_status == CANCELLED and not note:
        raise FulfilmentError(_("Say why you cancel, so the shopper understands."))
    old_status = line.status
    line.set_status(new_status)
    _adjust_stock(line, old_status, new_status)
    FulfilmentEvent.objects.create(line=line, status=new_status, note=note, actor=actor)
    _update_order_status(line.order)
    transaction.on_commit(lambda: notify_shopper(line.pk, new_status, note))
    return line


def _adjust_stock(line, old_status, new_status):
    """Goods leaving consume the line's allocation; a cancellation before
    they left frees it, after they left puts them back on the shelf.

    Written out rather than with Oscar's consume_allocation, which refuses
    (InvalidStockAdjustment) when an operator has since edited the stock
    by hand: the goods have left all the same, so the count must follow.
    """
    record = line.stockrecord
    if record is None or record.num_in_stock is None:
        return  # made to order: nothing on a shelf to count
    record = StockRecord.objects.select_for_update().get(pk=record.pk)
    allocated = record.num_allocated or 0
    if new_status in GOODS_LEFT and old_status not in GOODS_LEFT:
        record.num_allocated = allocated - min(allocated, line.quantity)
        record.num_in_stock = max(record.num_in_stock - line.quantity, 0)
    elif new_status == CANCELLED and old_status in GOODS_LEFT:
        record.num_in_stock += line.quantity  # the goods came back
    elif new_status == CANCELLED:
        record.num_allocated = allocated - min(allocated, line.quantity)
    else:
        return
    record.save(update_fields=["num_allocated", "num_in_stock"])


def _update_order_status(order):
    """The order is complete when every line is delivered or cancelled, and
    cancelled when every line is."""
    statuses = set(order.lines.values_list("status", flat=True))
    if statuses == {CANCELLED}:
        target = "Cancelled"
    elif statuses <= {DELIVERED, CANCELLED}:
        target = "Complete"
    else:
        return
    if target in order.available_statuses():
        order.set_status(target)


def notify_shopper(line_id, status, note=""):
    """Email the shopper about a step. A mail failure is logged, never
    raised: the step itself has already happened."""
    line = Line.objects.select_related("order", "partner__site").get(pk=line_id)
    order = line.order
    if not order.email:
        return
    with translation.override(shop_language(line.partner)):
        context = {"order": order, "line": line, "status": label(status), "note": note}
        subject = _("Order %(number)s: %(status)s") % {
            "number": order.number,
            "status": label(status),
        }
        body = render_to_string("vendors/email/line_status.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [order.email])
    except Exception:
        logger.exception("Order %s: status email to the shopper failed", order.number)


def shop_language(producer):
    """The language of the producer's village shop: what her shoppers read."""
    if producer is None or producer.site is None:
        return settings.LANGUAGE_CODE
    return ShopSettings.for_site(producer.site).language or settings.LANGUAGE_CODE


def whatsapp_link(order, producer):
    """A wa.me link to the shopper with a ready-written Bahasa message."""
    address = order.shipping_address
    phone = getattr(address, "phone_number", None) if address else None
    if not phone:
        return None
    digits = str(phone.as_e164).lstrip("+") if hasattr(phone, "as_e164") else str(phone)
    with translation.override(shop_language(producer)):
        message = _(
            "Hello %(name)s, this is %(producer)s about your order %(number)s at Pasar Desa."
        ) % {"name": address.first_name, "producer": producer.name, "number": order.number}
    return f"https://wa.me/{digits}?text={quote(message)}"
