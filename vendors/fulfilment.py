"""A producer's side of an order: moving her lines through the steps.

New -> Confirmed -> Packed -> Shipped or Ready for pickup -> Delivered, or
Cancelled with a reason. Each step is recorded (FulfilmentEvent), keeps stock
right (cancelling before the goods left restocks them), credits the producer
for a delivered line of a paid order (vendors.ledger) and tells the shopper
by email after the change commits.
"""

import logging
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from oscar.core.loading import get_model
from wagtail.models import Site

from storefront import shops, tasks
from vendors import audit, ledger, phones
from vendors.statuses import (  # noqa: F401  views read them as fulfilment.NEW...
    AWAITING_PAYMENT,
    CANCELLED,
    COMPLETE,
    CONFIRMED,
    DELIVERED,
    NEW,
    PACKED,
    PROCESSING,
    READY_FOR_PICKUP,
    SHIPPED,
)

Line = get_model("order", "Line")
Order = get_model("order", "Order")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")
Payment = get_model("payment", "Payment")
StockRecord = get_model("partner", "StockRecord")

logger = logging.getLogger("storefront.fulfilment")


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
    AWAITING_PAYMENT: gettext_noop("Awaiting payment"),
    PROCESSING: gettext_noop("Processing"),
    COMPLETE: gettext_noop("Complete"),
}

# Once goods left the producer, their stock is consumed.
GOODS_LEFT = {SHIPPED, READY_FOR_PICKUP, DELIVERED}

# Orders whose lines may only be cancelled: one still waiting for its bank
# transfer (or QRIS), and one the operator has cancelled. Each with what the
# producer is told when she tries another step.
WAITING_OR_CLOSED = {
    AWAITING_PAYMENT: lambda: _(
        "The shopper has not paid yet. Wait until the payment is confirmed."
    ),
    CANCELLED: lambda: _("This order was cancelled by the shop."),
}
NOTE_MAX_LENGTH = FulfilmentEvent._meta.get_field("note").max_length


class FulfilmentError(Exception):
    """A step that is not allowed; the message is for the person who tried."""


def label(status):
    return _(STATUS_LABELS.get(status, status))


@transaction.atomic
def change_status(line, new_status, actor, note="", notify=True):
    """Move one line to `new_status`, or raise FulfilmentError and change
    nothing. The shopper is emailed once it commits, unless `notify` is
    False: change_statuses then tells her about several lines at once.

    The order's payment row is locked first, then the order, then the line
    (the order every payment step locks them in, so none can wait for
    another): two taps, a producer and her facilitator, or two producers
    finishing the last lines of one order at the same moment are served one
    after the other, and the order's own status is decided on what the
    last of them sees.
    """
    Payment.objects.select_for_update().filter(order_id=line.order_id).first()
    order = Order.objects.select_for_update().get(pk=line.order_id)
    line = (
        Line.objects.select_for_update(of=("self",))
        .select_related("stockrecord", "partner")
        .get(pk=line.pk)
    )
    line.order = order
    if new_status not in line.available_statuses():
        raise FulfilmentError(
            _("This order line cannot go from “%(old)s” to “%(new)s”.")
            % {"old": label(line.status), "new": label(new_status)}
        )
    if order.status in WAITING_OR_CLOSED and new_status != CANCELLED:
        raise FulfilmentError(WAITING_OR_CLOSED[order.status]())
    note = (note or "").strip()
    if new_status == CANCELLED and not note:
        raise FulfilmentError(_("Say why you cancel, so the shopper understands."))
    if len(note) > NOTE_MAX_LENGTH:
        raise FulfilmentError(
            _("Keep the note short: at most %(count)d characters.") % {"count": NOTE_MAX_LENGTH}
        )
    old_status = line.status
    line.set_status(new_status)
    _adjust_stock(line, old_status, new_status)
    if new_status == DELIVERED:
        ledger.credit_line(line)  # a sale, if the order is paid already
    FulfilmentEvent.objects.create(line=line, status=new_status, note=note, actor=actor)
    if line.partner is not None:
        audit.record(
            line.partner,
            actor,
            gettext_noop("Order %(number)s: “%(title)s” marked %(status)s"),
            number=order.number,
            title=line.title,
            status=new_status,
        )
    _update_order_status(order)
    if notify:
        transaction.on_commit(
            lambda: tasks.enqueue(notify_shopper_of_lines, [line.pk], new_status, note)
        )
    return line


@transaction.atomic
def change_statuses(lines, new_status, actor, note=""):
    """Move all `lines` to `new_status`, or none of them (FulfilmentError).
    The shopper gets one email per order and producer listing them all, not
    one per line."""
    moved = [
        change_status(line, new_status, actor, note, notify=False) for line in in_lock_order(lines)
    ]
    note = (note or "").strip()
    line_ids = [line.pk for line in moved]
    transaction.on_commit(
        lambda: tasks.enqueue(notify_shopper_of_lines, line_ids, new_status, note)
    )
    return moved


def in_lock_order(lines):
    """Lines in the order their stock records are locked everywhere (by
    primary key, as at checkout: vendors.stock), so that two steps over
    several lines never wait for each other crosswise."""
    return sorted(lines, key=lambda line: (line.stockrecord_id or 0, line.pk))


def _adjust_stock(line, old_status, new_status):
    """Goods leaving consume the line's allocation; a cancellation before
    they left frees it, after they left puts them back on the shelf. A
    made-to-order product has no shelf (num_in_stock is None), but its
    allocation is released all the same, or switching it back to stock
    later would count old orders as reserved.

    Written out rather than with Oscar's consume_allocation, which refuses
    (InvalidStockAdjustment) when an operator has since edited the stock
    by hand: the goods have left all the same, so the count must follow.
    """
    if line.stockrecord is None:
        return
    record = StockRecord.objects.select_for_update().get(pk=line.stockrecord_id)
    allocated = record.num_allocated or 0
    on_shelf = record.num_in_stock is not None
    goods_leave = new_status in GOODS_LEFT and old_status not in GOODS_LEFT
    goods_return = new_status == CANCELLED and old_status in GOODS_LEFT
    never_left = new_status == CANCELLED and old_status not in GOODS_LEFT
    if goods_leave or never_left:
        record.num_allocated = allocated - min(allocated, line.quantity)
    if goods_leave and on_shelf:
        record.num_in_stock = max(record.num_in_stock - line.quantity, 0)
    if goods_return and on_shelf:
        record.num_in_stock += line.quantity
    if not (goods_leave or goods_return or never_left):
        return
    record.save(update_fields=["num_allocated", "num_in_stock"])


def _update_order_status(order):
    """The order is complete when every line is delivered or cancelled, and
    cancelled when every line is: then an unpaid payment is closed too."""
    statuses = set(order.lines.values_list("status", flat=True))
    if statuses == {CANCELLED}:
        target = CANCELLED
    elif statuses <= {DELIVERED, CANCELLED}:
        target = COMPLETE
    else:
        return
    if target in order.available_statuses():
        order.set_status(target)
    if target == CANCELLED:
        # Nothing is left to pay for: the shopper must not be asked to, nor
        # be able to pay by card.
        from storefront.payment import cards  # payments build on fulfilment, not the reverse

        awaiting = Payment.objects.filter(order=order, status=Payment.Status.AWAITING)
        for payment_id in awaiting.filter(method="card").values_list("pk", flat=True):
            transaction.on_commit(lambda pk=payment_id: cards.close_intent(pk))
        awaiting.update(status=Payment.Status.CANCELLED)


def notify_shopper_of_lines(line_ids, status, note=""):
    """Email the shopper that these lines took the step `status`: one email
    per order and producer, in the producer's shop language, with a link to
    the order's status page. A failure is logged, never raised: the step
    itself has already happened."""
    lines = (
        Line.objects.filter(pk__in=line_ids)
        .select_related("order", "partner__site")
        .order_by("order_id", "partner_id", "pk")
    )
    for (_order_id, _partner_id), group in groupby(
        lines, key=lambda line: (line.order_id, line.partner_id)
    ):
        group = list(group)
        order, producer = group[0].order, group[0].partner
        # A practice shop's buyer is invented (training.simulation): no email.
        if not order.email or (producer is not None and producer.is_practice):
            continue
        try:
            _send_status_email(order, producer, group, status, note)
        except Exception:
            logger.exception("Order %s: status email to the shopper failed", order.number)


def _send_status_email(order, producer, lines, status, note):
    site = producer.site if producer is not None else None
    with translation.override(shops.language_of(site)):
        context = {
            "order": order,
            "producer": producer,
            "lines": lines,
            "status": label(status),
            "note": note,
            "status_url": order_status_url(order, site),
        }
        subject = _("Order %(number)s: %(status)s") % {
            "number": order.number,
            "status": label(status),
        }
        body = render_to_string("vendors/email/line_status.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [order.email])


def order_status_url(order, site=None):
    """The shopper's own page for the order (no sign-in needed), absolute on
    the village shop's hostname, or on the portal's for a shop-less line."""
    site = site or Site.objects.filter(is_default_site=True).first()
    path = reverse(
        "customer:anon-order",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    return f"{site.root_url}{path}" if site is not None else path


def whatsapp_link(order, producer, lines):
    """A wa.me link to the shopper with a message ready in the shop's
    language: the order number and each of the producer's `lines` with its
    quantity and status. None when the shopper left no valid Indonesian
    number."""
    address = order.shipping_address
    if address is None or phones.to_e164(address.phone_number) is None:
        return None
    with translation.override(shops.language_of(producer.site)):
        greeting = _(
            "Hello %(name)s, this is %(producer)s about your order %(number)s at Pasar Desa."
        ) % {
            "name": address.first_name or address.last_name,
            "producer": producer.name,
            "number": order.number,
        }
        items = [f"- {line.title} × {line.quantity}: {label(line.status)}" for line in lines]
    return phones.wa_me(address.phone_number, "\n".join([greeting, *items]))
