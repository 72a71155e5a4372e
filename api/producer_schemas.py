"""Shapes of the producer part of the API (api.producer, api.producer_orders).

Money is whole rupiah as an integer (api.schemas.rupiah). Inputs use the
names of the portal's form fields, so a refusal names the field the way the
portal's form does (``fields: {"price": ["…"]}``). Every input field of a
PATCH is optional: what is not sent keeps its value.
"""

import datetime
from typing import Literal

from ninja import Schema

from api.schemas import Id, PhotoOut
from vendors import statuses

# --- who --------------------------------------------------------------------------


class ProducerRef(Schema):
    code: str
    name: str
    #: True for her own shop, False for a producer she acts for (facilitator).
    is_own_shop: bool


class MeOut(Schema):
    username: str
    name: str
    #: The producers she may act for: her own shop, and as a facilitator the
    #: producers of her groups and villages.
    producers: list[ProducerRef]


class Choice(Schema):
    id: int
    name: str


# --- profile ----------------------------------------------------------------------


class StepOut(Schema):
    label: str
    done: bool


class ProfileOptions(Schema):
    """What the profile may be set to. Village and group are chosen once
    (while empty); after that only the shop operator changes them and
    their list is empty."""

    villages: list[Choice]
    groups: list[Choice]
    categories: list[Choice]


class ProfileOut(Schema):
    code: str
    name: str
    photo: str | None
    story: str
    village: Choice | None
    #: Set once: the API (like the portal) keeps it whatever is sent.
    village_fixed: bool
    group: Choice | None
    group_fixed: bool
    categories: list[Choice]
    whatsapp: str
    whatsapp_public: bool
    instagram: str
    instagram_public: bool
    facebook: str
    facebook_public: bool
    #: The first things a new producer does, and whether each is done.
    steps: list[StepOut]
    options: ProfileOptions


class ProfileIn(Schema):
    """The portal's profile form; send only what changes."""

    story: str = None
    village: Id | None = None
    group: Id | None = None
    categories: list[Id] = None
    whatsapp: str = None
    whatsapp_public: bool = None
    instagram: str = None
    instagram_public: bool = None
    facebook: str = None
    facebook_public: bool = None


# --- products ---------------------------------------------------------------------


class ProductPhotoOut(PhotoOut):
    id: int


class BlockerOut(Schema):
    """Why the product cannot be in the shop yet, and what fixes it:
    "details" (name and price) or "photos"."""

    message: str
    step: str


class OwnProductOut(Schema):
    id: int
    title: str
    #: Plain text, as she typed it.
    description: str
    category: Choice | None
    price: int | None
    #: "stock" (ready stock) or "made_to_order".
    fulfilment: str
    #: On her shelf, reserved goods included; null when made to order.
    num_in_stock: int | None
    #: Reserved for orders not sent yet.
    reserved: int
    #: What shoppers can still buy from the shelf; null when made to order.
    free_to_sell: int | None
    lead_time_days: int | None
    weekly_capacity: int | None
    #: In the shop (shoppers see it) or hidden (a draft, or hidden by her).
    is_public: bool
    #: The shop page of the product, while it is in the shop.
    url: str | None
    updated_at: datetime.datetime
    #: Main photo first.
    photos: list[ProductPhotoOut]


class ProductDetailOut(OwnProductOut):
    #: null when it may be in the shop.
    blocker: BlockerOut | None
    #: The categories it may be put in.
    category_choices: list[Choice]


class ProductCreateIn(Schema):
    """Sent with the photos (multipart). Without these the product is a
    hidden draft named "New product", as after the portal's first screen;
    with them (all of title, price and category) it also gets its details,
    as after the second."""

    title: str | None = None
    price: int | None = None
    category: Id | None = None
    description: str | None = None


class ProductDetailsIn(Schema):
    title: str = None
    price: int = None
    category: Id = None
    description: str = None


class StockIn(Schema):
    """Price, and ready stock (num_in_stock) or made to order
    (lead_time_days, weekly_capacity: null for no limit)."""

    price: int = None
    fulfilment: Literal["stock", "made_to_order"] = None
    num_in_stock: int | None = None
    lead_time_days: int | None = None
    weekly_capacity: int | None = None


# --- orders -----------------------------------------------------------------------


LineStatus = Literal[
    statuses.NEW,
    statuses.CONFIRMED,
    statuses.PACKED,
    statuses.SHIPPED,
    statuses.READY_FOR_PICKUP,
    statuses.DELIVERED,
    statuses.CANCELLED,
]
#: The portal's order tabs: "todo" (needs action), a line status, or "all".
OrderTab = Literal[
    "todo",
    statuses.NEW,
    statuses.CONFIRMED,
    statuses.PACKED,
    statuses.SHIPPED,
    statuses.DELIVERED,
    statuses.CANCELLED,
    "all",
]


class LineOut(Schema):
    id: int
    product_id: int | None
    title: str
    quantity: int
    #: Her line's price (quantity × unit price).
    price: int
    #: The stored status ("New", "Confirmed"…); status_label is for people.
    status: str
    status_label: str


class OrderSummaryOut(Schema):
    number: str
    date_placed: datetime.datetime
    shopper_first_name: str
    #: True when the shopper collects it at the collection point.
    pickup: bool
    #: How the shopper receives it ("Ambil di titik kumpul", "Antar: …").
    delivery_method: str
    #: Her lines only: other producers' lines and the order total are not hers.
    lines: list[LineOut]
    #: What her lines come to.
    my_total: int


class StatusChoice(Schema):
    status: str
    label: str


class EventOut(Schema):
    status: str
    status_label: str
    note: str
    at: datetime.datetime


class LineDetailOut(LineOut):
    #: The steps this line may take now (send one as {"status": …}).
    next_statuses: list[StatusChoice]
    history: list[EventOut]


class PaymentOut(Schema):
    status: str
    status_label: str
    method: str


class ShopperOut(Schema):
    first_name: str
    last_name: str
    #: E.164, for example +6281234567890; empty when none was given.
    phone: str


class AddressOut(Schema):
    line1: str
    line2: str
    line4: str
    state: str
    postcode: str


class DeliveryOut(Schema):
    #: True when the shopper collects the order at the collection point.
    pickup: bool
    method: str
    #: Where to deliver; null for a pick-up.
    address: AddressOut | None
    notes: str


class OrderDetailOut(Schema):
    number: str
    date_placed: datetime.datetime
    payment: PaymentOut | None
    shopper: ShopperOut | None
    delivery: DeliveryOut
    #: A wa.me link with a message to the shopper ready; null without a number.
    whatsapp: str | None
    lines: list[LineDetailOut]
    my_total: int


class LineStatusIn(Schema):
    status: LineStatus
    #: Required when cancelling: the shopper reads it.
    note: str = ""


# --- statement --------------------------------------------------------------------


class SummaryLineOut(Schema):
    label: str
    amount: int


class StatementRowOut(Schema):
    date: datetime.datetime
    description: str
    sold: int
    commission: int
    #: What this entry changed her balance by.
    amount: int


class StatementOut(Schema):
    #: The period: from start (included) to end (excluded); null for open ends.
    start: datetime.datetime | None
    end: datetime.datetime | None
    #: What the shop owed her before the period.
    opening_balance: int
    sold: int
    commission: int
    #: Cash she collected herself on delivery (she has it already).
    cash_collected: int
    paid_out: int
    #: Money she handed the shop (commission on her cash sales).
    paid_to_shop: int
    #: What the shop owes her at the end of the period (negative: she owes).
    balance: int
    #: What the shop owes her now.
    balance_now: int
    balance_sentence: str
    #: The portal's summary lines, top to bottom, in the reader's language.
    summary: list[SummaryLineOut]
    rows: list[StatementRowOut]
