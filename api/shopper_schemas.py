"""What the shopper's endpoints take and give."""

import datetime

from ninja import Field, Schema

from api.schemas import Id


class BasketLineOut(Schema):
    id: int
    product_id: Id
    title: str
    producer: str
    quantity: int
    unit_price: int | None
    total: int | None
    #: Why the line cannot be bought as it is (sold out, too many…), or "".
    problem: str


class BasketOut(Schema):
    #: Send it back as X-Basket-Token (anonymous baskets only; null when the
    #: basket belongs to the signed-in caller).
    token: str | None
    lines: list[BasketLineOut]
    num_items: int
    total: int
    currency: str = "IDR"


class LineIn(Schema):
    product_id: Id
    quantity: int = Field(1, ge=1, le=999)


class QuantityIn(Schema):
    #: 0 removes the line.
    quantity: int = Field(..., ge=0, le=999)


class ShippingMethodOut(Schema):
    code: str
    name: str
    description: str
    price: int
    is_pickup: bool


class PaymentMethodOut(Schema):
    code: str
    name: str
    description: str


class AddressIn(Schema):
    first_name: str = Field(..., max_length=255)
    last_name: str = Field("", max_length=255)
    phone_number: str = Field(..., max_length=40)
    line1: str = Field(..., max_length=255)
    line2: str = Field("", max_length=255)
    #: District and regency / city.
    line4: str = Field(..., max_length=255)
    state: str = Field("", max_length=255)
    postcode: str = Field("", max_length=64)
    notes: str = Field("", max_length=1000)


class CheckoutIn(Schema):
    #: Needed when nobody is signed in; the order's messages go there.
    email: str = Field("", max_length=254)
    shipping_address: AddressIn
    #: A code from GET /shipping-methods.
    shipping_method: str = Field(..., max_length=64)
    #: A code from GET /payment-methods.
    payment_method: str = Field(..., max_length=30)


class OrderLineOut(Schema):
    title: str
    producer: str
    quantity: int
    total: int
    #: The stored status ("New", "Shipped"…); status_label is for people.
    status: str
    status_label: str


class BankOut(Schema):
    bank_name: str
    account_number: str
    account_holder: str


class OrderPaymentOut(Schema):
    method: str
    #: awaiting, paid, expired or cancelled; status_label is for people.
    status: str
    status_label: str
    #: What to pay, unique code included for bank transfers.
    amount_due: int
    unique_code: int | None
    expires_at: datetime.datetime | None
    bank: BankOut | None
    #: The QRIS text for a QR code with the exact amount, and its image.
    qris_payload: str | None
    qris_image_url: str | None
    #: Where the shopper sends a photo of her transfer receipt (web page).
    proof_upload_url: str | None


class OrderOut(Schema):
    number: str
    status: str
    status_label: str
    placed_at: datetime.datetime
    shipping_method: str
    shipping_charge: int
    total: int
    lines: list[OrderLineOut]
    payment: OrderPaymentOut | None
    #: Proves the caller may see this order: send it as ?token= to
    #: GET /orders/{number} (it is the one in the order email's link).
    token: str
    #: The order's page on the shop, for people.
    status_url: str


class CardIntentOut(Schema):
    """What Stripe.js needs to take the card: stripe.confirmCardPayment(
    client_secret, …) with the publishable key."""

    payment_intent: str
    client_secret: str
    publishable_key: str
    amount: int
