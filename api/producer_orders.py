"""Her orders and her statement, on the producer router (api.producer).

Of an order she sees only her own lines and what they come to, with the
shopper's name and delivery details she needs to deliver: never another
producer's lines nor the order total (as the portal's order pages). Her
lines move through the steps of vendors.fulfilment, which records the step,
the audit entry and the shopper's email. Her statement is vendors.ledger's,
in the same words and numbers as the portal's page and CSV.
"""

import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.pagination import paginate
from oscar.core.loading import get_model

from api.errors import ApiError, invalid, not_found
from api.producer import PreparedPages, producer_for, router
from api.producer_schemas import (
    AddressOut,
    DeliveryOut,
    EventOut,
    LineDetailOut,
    LineOut,
    LineStatusIn,
    OrderDetailOut,
    OrderSummaryOut,
    OrderTab,
    PaymentOut,
    ShopperOut,
    StatementOut,
    StatementRowOut,
    StatusChoice,
    SummaryLineOut,
)
from api.schemas import responses, rupiah
from api.security import SIGNED_IN
from storefront.shipping.methods import is_pickup
from vendors import access, fulfilment, ledger, statements
from vendors.portal.views.orders import TAB_STATUSES, my_total
from vendors.portal.views.statement import FIRST_YEAR, LAST_YEAR, month_bounds

Order = get_model("order", "Order")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")
Payment = get_model("payment", "Payment")

P = "/me/producers/{code}"


# --- orders ---------------------------------------------------------------------------


def line_fields(line):
    return {
        "id": line.pk,
        "product_id": line.product_id,
        "title": line.title,
        "quantity": line.quantity,
        "price": rupiah(line.line_price_incl_tax),
        "status": line.status,
        "status_label": fulfilment.label(line.status),
    }


def orders_page(orders, request):
    return [
        OrderSummaryOut(
            number=order.number,
            date_placed=order.date_placed,
            shopper_first_name=order.shipping_address.first_name if order.shipping_address else "",
            pickup=is_pickup(order),
            delivery_method=order.shipping_method,
            lines=[LineOut(**line_fields(line)) for line in order.my_lines],
            my_total=rupiah(my_total(order.my_lines)),
        )
        for order in orders
    ]


@router.get(f"{P}/orders", auth=SIGNED_IN, response=responses(list[OrderSummaryOut]))
@paginate(PreparedPages, prepare=orders_page)
def list_orders(request, code: str, status: OrderTab = "all"):
    """Her orders, newest first, each with only her lines, in a fixed number
    of queries. ``status`` is one of the portal's tabs: "todo" (needs
    action: New, Confirmed or Packed), a line status ("Shipped" covers ready
    for pickup too) or "all"."""
    producer = producer_for(request, code)
    lines = access.producer_lines(producer)
    wanted = TAB_STATUSES[status]
    if wanted is not None:
        lines = lines.filter(status__in=wanted)
    return (
        Order.objects.filter(pk__in=lines.values("order_id"))
        .select_related("shipping_address")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=access.producer_lines(producer).order_by("pk"),
                to_attr="my_lines",
            )
        )
        .order_by("-date_placed", "-pk")
    )


def her_order(producer, number):
    """The order and her lines in it (with their history), or 404 when it
    does not exist or holds none of her lines."""
    order = Order.objects.select_related("shipping_address").filter(number=number).first()
    if order is None:
        raise not_found()
    lines = access.producer_lines_in_order(producer, order)
    if not lines:
        raise not_found()
    return order, lines


def order_detail(producer, order, lines):
    address = order.shipping_address
    pickup = is_pickup(order)
    payment = Payment.objects.filter(order=order).first()
    return OrderDetailOut(
        number=order.number,
        date_placed=order.date_placed,
        payment=(
            PaymentOut(
                status=payment.status,
                status_label=str(payment.get_status_display()),
                method=payment.method,
            )
            if payment is not None
            else None
        ),
        shopper=(
            ShopperOut(
                first_name=address.first_name,
                last_name=address.last_name,
                phone=address.phone_number.as_e164 if address.phone_number else "",
            )
            if address is not None
            else None
        ),
        delivery=DeliveryOut(
            pickup=pickup,
            method=order.shipping_method,
            address=(
                AddressOut(
                    line1=address.line1,
                    line2=address.line2,
                    line4=address.line4,
                    state=address.state,
                    postcode=address.postcode,
                )
                if address is not None and not pickup
                else None
            ),
            notes=(address.notes or "") if address is not None else "",
        ),
        whatsapp=fulfilment.whatsapp_link(order, producer, lines),
        lines=[
            LineDetailOut(
                **line_fields(line),
                next_statuses=[
                    StatusChoice(status=s, label=fulfilment.label(s))
                    for s in line.available_statuses()
                ],
                history=[
                    EventOut(
                        status=event.status,
                        status_label=fulfilment.label(event.status),
                        note=event.note,
                        at=event.created_at,
                    )
                    for event in line.fulfilment_events.all()
                ],
            )
            for line in lines
        ],
        my_total=rupiah(my_total(lines)),
    )


@router.get(f"{P}/orders/{{number}}", auth=SIGNED_IN, response=responses(OrderDetailOut))
def get_order(request, code: str, number: str):
    """One order as she needs it to deliver: her lines with their history
    and next steps, the shopper's name and phone, the address (or pick-up),
    the payment's status and a WhatsApp link to the shopper."""
    producer = producer_for(request, code)
    order, lines = her_order(producer, number)
    return order_detail(producer, order, lines)


@router.post(
    f"{P}/orders/{{number}}/lines/{{line_id}}/status",
    auth=SIGNED_IN,
    response=responses(OrderDetailOut, 409),
)
def change_line_status(request, code: str, number: str, line_id: int, payload: LineStatusIn):
    """Move one of her lines one step (New → Confirmed → Packed → Shipped or
    Ready for pickup → Delivered, or Cancelled with a note the shopper
    reads). A step that is not allowed now is a 409 saying why, and nothing
    changes. The shopper is emailed. Answers with the order as it is now."""
    producer = producer_for(request, code)
    line = (
        access.producer_lines(producer)
        .select_related("order")
        .filter(pk=line_id, order__number=number)
        .first()
    )
    if line is None:
        raise not_found()
    try:
        fulfilment.change_status(line, payload.status, request.user, note=payload.note)
    except fulfilment.FulfilmentError as error:
        raise ApiError(409, "conflict", str(error)) from None
    order, lines = her_order(producer, number)
    return order_detail(producer, order, lines)


# --- statement ------------------------------------------------------------------------


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def her_statement(request, code, start, end):
    """Her ledger from ``start`` to ``end`` (both days included, in the
    shop's time zone); this month when neither is given, as the portal."""
    producer = producer_for(request, code)
    if start is None and end is None:
        begin, finish = month_bounds(None)
        return ledger.statement(producer, begin, finish)
    errors = {}
    for name, day in (("start", start), ("end", end)):
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            errors[name] = [
                _("Choose a date from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            ]
    if not errors and start is not None and end is not None and end < start:
        errors["end"] = [_("The end date must not be before the start date.")]
    if errors:
        raise invalid(errors)
    begin = _midnight(start) if start is not None else None
    finish = _midnight(end + datetime.timedelta(days=1)) if end is not None else None
    return ledger.statement(producer, begin, finish)


@router.get(f"{P}/statement", auth=SIGNED_IN, response=responses(StatementOut))
def get_statement(
    request, code: str, start: datetime.date | None = None, end: datetime.date | None = None
):
    """Her money from ``start`` to ``end`` (YYYY-MM-DD, both included; this
    month when neither is given): what sold, the shop's commission, the cash
    she collected, what was paid out, her balance and every entry, as the
    portal's statement page."""
    statement = her_statement(request, code, start, end)
    balance_now = ledger.balance(statement.producer)
    return StatementOut(
        start=statement.start,
        end=statement.end,
        opening_balance=rupiah(statement.opening),
        sold=rupiah(statement.sold),
        commission=rupiah(statement.commission),
        cash_collected=rupiah(statement.cash_collected),
        paid_out=rupiah(statement.paid_out),
        paid_to_shop=rupiah(statement.paid_to_shop),
        balance=rupiah(statement.closing),
        balance_now=rupiah(balance_now),
        balance_sentence=statements.balance_sentence(balance_now),
        summary=[
            SummaryLineOut(label=str(label), amount=rupiah(amount))
            for label, amount in statements.summary(statement)
        ],
        rows=[
            StatementRowOut(
                date=row.date,
                description=row.description,
                sold=rupiah(row.sold),
                commission=rupiah(row.commission),
                amount=rupiah(row.amount),
            )
            for row in statements.rows(statement)
        ],
    )


@router.get(
    f"{P}/statement.csv",
    auth=SIGNED_IN,
    response=responses(None),
    openapi_extra={
        "responses": {
            200: {
                "description": "The statement as CSV (UTF-8 with a BOM), an attachment.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def download_statement(
    request, code: str, start: datetime.date | None = None, end: datetime.date | None = None
):
    """The same period as GET …/statement, as the portal's CSV download."""
    statement = her_statement(request, code, start, end)
    response = HttpResponse(statements.to_csv(statement), content_type="text/csv; charset=utf-8")
    name = statements.filename(statement, "csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
