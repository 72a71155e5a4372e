"""The shopper's API: basket, shipping and payment options, checkout, and
her order's status. Anyone may call it; a signed-in caller's basket and
orders are her own.

Checkout goes through the same all-or-nothing placement as the checkout
pages (storefront.checkout.placement) and validates the address with the
same form, so an order placed here is the same as one placed on the site.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router
from oscar.apps.basket.signals import basket_addition
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_class, get_model

from api import baskets
from api.errors import ApiError, invalid, not_found
from api.schemas import responses, rupiah
from api.security import ANYONE
from api.shopper_schemas import (
    BankOut,
    BasketLineOut,
    BasketOut,
    CardIntentOut,
    CheckoutIn,
    LineIn,
    OrderLineOut,
    OrderOut,
    OrderPaymentOut,
    PaymentMethodOut,
    QuantityIn,
    ShippingMethodOut,
)
from storefront.checkout.placement import OrderPlacement
from storefront.payment import cards
from storefront.payment import methods as payment_methods
from vendors import fulfilment

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
AddToBasketForm = get_class("basket.forms", "AddToBasketForm")
ShippingAddressForm = get_class("checkout.forms", "ShippingAddressForm")
Repository = get_class("shipping.repository", "Repository")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
SurchargeApplicator = get_class("checkout.applicator", "SurchargeApplicator")

router = Router(tags=["shopper"], auth=ANYONE)

COUNTRY = "ID"


# --- basket ------------------------------------------------------------------


def basket_out(basket):
    if basket is None:
        return BasketOut(token=None, lines=[], num_items=0, total=0)
    lines = []
    for line in basket.all_lines():
        permitted, reason = line.purchase_info.availability.is_purchase_permitted(line.quantity)
        lines.append(
            BasketLineOut(
                id=line.pk,
                product_id=line.product_id,
                title=line.product.get_title(),
                # The strategy just read her holiday from the product: no query.
                producer=line.product.producer.name if line.product.producer_id else "",
                quantity=line.quantity,
                unit_price=rupiah(line.unit_price_incl_tax),
                total=rupiah(line.line_price_incl_tax),
                problem="" if permitted else str(reason),
            )
        )
    return BasketOut(
        token=baskets.token_for(basket),
        lines=lines,
        num_items=basket.num_items,
        total=rupiah(basket.total_incl_tax) or 0,
    )


def _line_of(basket, line_id):
    lines = basket.all_lines() if basket else []
    line = next((line for line in lines if line.pk == line_id), None)
    if line is None:
        raise not_found()
    return line


@router.get("/basket", response=responses(BasketOut))
def basket_detail(request):
    """The caller's basket (send X-Basket-Token for an anonymous one). With
    a signed-in caller, a basket token sent along is merged into hers."""
    return basket_out(baskets.basket_for(request))


@router.post("/basket/lines", response=responses(BasketOut, status=201))
def basket_add(request, payload: LineIn):
    """Put a product in the basket (a new basket when none is named); the
    answer's token names the basket from now on."""
    product = baskets.products_sold_here(request).filter(pk=payload.product_id).first()
    if product is None:
        raise invalid({"product_id": [_("This shop does not sell this product.")]})
    basket = baskets.basket_for(request, create=True)
    form = AddToBasketForm(basket, product, data={"quantity": payload.quantity})
    if not form.is_valid():
        # Oscar says "not that many" for the whole form; here it is about
        # the one thing sent that can be wrong, the quantity.
        raise invalid(
            {
                "quantity" if name == "__all__" else name: list(texts)
                for name, texts in form.errors.items()
            }
        )
    basket.add_product(product, payload.quantity)
    basket.reset_offer_applications()
    basket_addition.send(sender=basket_add, product=product, user=request.user, request=request)
    return 201, basket_out(basket)


@router.patch("/basket/lines/{line_id}", response=responses(BasketOut))
def basket_change(request, line_id: int, payload: QuantityIn):
    """Change how many of a line; 0 takes it out."""
    basket = baskets.basket_for(request)
    line = _line_of(basket, line_id)
    if payload.quantity == 0:
        line.delete()
    else:
        permitted, reason = line.purchase_info.availability.is_purchase_permitted(payload.quantity)
        if not permitted:
            raise invalid({"quantity": [reason]})
        line.quantity = payload.quantity
        line.save()
    basket.reset_offer_applications()
    return basket_out(basket)


@router.delete("/basket/lines/{line_id}", response=responses(BasketOut))
def basket_remove(request, line_id: int):
    """Take a line out of the basket."""
    basket = baskets.basket_for(request)
    _line_of(basket, line_id).delete()
    basket.reset_offer_applications()
    return basket_out(basket)


# --- shipping and payment options -------------------------------------------


def _shipping_methods(request, basket, address=None):
    """The shop's ways to deliver ``basket`` (Oscar's repository, with its
    shipping offers applied)."""
    return Repository().get_shipping_methods(basket, shipping_addr=address, request=request)


def _empty_basket(request):
    basket = Basket()
    basket.strategy = baskets.Selector().strategy(request=request, user=request.user)
    return basket


@router.get("/shipping-methods", response=responses(list[ShippingMethodOut]))
def shipping_methods(request):
    """How this shop delivers, and what each way costs for the basket."""
    basket = baskets.basket_for(request)
    if basket is None or basket.is_empty:
        # Oscar offers "no shipping required" for an empty basket; a shopper
        # about to fill one wants to know the shop's ways and fees.
        basket = _empty_basket(request)
        methods = Repository().get_available_shipping_methods(basket, request=request)
    else:
        methods = _shipping_methods(request, basket)
    return [
        ShippingMethodOut(
            code=method.code,
            name=str(method.name),
            description=str(method.description or ""),
            price=rupiah(method.calculate(basket).incl_tax),
            is_pickup=bool(getattr(method, "is_pickup", False)),
        )
        for method in methods
    ]


@router.get("/payment-methods", response=responses(list[PaymentMethodOut]))
def payment_method_list(request):
    """How shoppers may pay in this shop."""
    return [
        PaymentMethodOut(
            code=method.code, name=str(method.name), description=str(method.description or "")
        )
        for method in payment_methods.available_methods(request)
    ]


# --- checkout ----------------------------------------------------------------


def _checkout_email(request, payload, errors):
    email = payload.email.strip() or (request.user.email if request.user.is_authenticated else "")
    try:
        validate_email(email)
    except DjangoValidationError:
        errors["email"] = [_("Enter your email address, e.g. nama@contoh.com.")]
    return email


def _checkout_basket(request):
    basket = baskets.basket_for(request)
    if basket is None or basket.is_empty:
        raise ApiError(409, "empty_basket", _("Your basket is empty."))
    if baskets.foreign_lines(request, basket):
        raise ApiError(
            409,
            "other_shop",
            _("Your basket holds products this shop does not sell. Remove them first."),
        )
    for line in basket.all_lines():
        permitted, reason = line.purchase_info.availability.is_purchase_permitted(line.quantity)
        if not permitted:
            raise ApiError(
                409,
                "not_available",
                _("%(product)s: %(reason)s")
                % {"product": line.product.get_title(), "reason": reason},
            )
    return basket


def _shipping_address(payload, errors):
    form = ShippingAddressForm(data={**payload.shipping_address.dict(), "country": COUNTRY})
    if not form.is_valid():
        for name, texts in form.errors.items():
            errors[f"shipping_address.{name}"] = list(texts)
    return form.instance


def _shipping_method(request, basket, address, code, errors):
    for method in _shipping_methods(request, basket, address):
        if method.code == code:
            return method
    errors["shipping_method"] = [_("Choose one of this shop's shipping methods.")]
    return None


def _payment_method(request, code, errors):
    method = payment_methods.get_method(code)
    if method is None or not method.is_available(request):
        errors["payment_method"] = [_("That payment method is not available. Choose another.")]
        return None
    return method


@router.post("/checkout", response=responses(OrderOut, 409, status=201))
def checkout(request, payload: CheckoutIn):
    """Place the basket's order. Every method is paid after the order
    exists: the answer says how (bank account and amount with its unique
    code, a QRIS payload, or POST /orders/{number}/card-intent for a card);
    cash is paid on delivery or pick-up."""
    basket = _checkout_basket(request)
    errors = {}  # every mistake of the form at once, not one per try
    email = _checkout_email(request, payload, errors)
    address = _shipping_address(payload, errors)
    shipping = _shipping_method(request, basket, address, payload.shipping_method, errors)
    method = _payment_method(request, payload.payment_method, errors)
    if errors:
        raise invalid(errors)
    shipping_charge = shipping.calculate(basket)
    surcharges = SurchargeApplicator(request).get_applicable_surcharges(
        basket, shipping_charge=shipping_charge
    )
    total = OrderTotalCalculator(request).calculate(basket, shipping_charge, surcharges=surcharges)
    user = request.user
    extra = {} if user.is_authenticated else {"guest_email": email}
    try:
        order = OrderPlacement(request).place(
            method,
            user=user,
            basket=basket,
            shipping_address=address,
            shipping_method=shipping,
            shipping_charge=shipping_charge,
            billing_address=None,
            order_total=total,
            surcharges=surcharges,
            **extra,
        )
    except UnableToPlaceOrder as error:
        raise ApiError(409, "not_placed", str(error)) from None
    return 201, order_out(request, order)


# --- orders ------------------------------------------------------------------


def _order_for(request, number, token):
    order = (
        Order.objects.select_related("payment")
        .prefetch_related("lines")
        .filter(number=number)
        .first()
    )
    if order is None:
        raise not_found()
    own = request.user.is_authenticated and order.user_id == request.user.pk
    if not own and not (token and order.check_verification_hash(token)):
        raise not_found()
    return order


def _payment_out(request, order):
    payment = getattr(order, "payment", None)
    if payment is None:
        return None
    hash_ = order.verification_hash()
    method = payment_methods.get_method(payment.method)
    bank = None
    if payment.account_number:
        bank = BankOut(
            bank_name=payment.bank_name,
            account_number=payment.account_number,
            account_holder=payment.account_holder,
        )
    qris_image = None
    if payment.qris_payload:
        qris_image = request.build_absolute_uri(
            reverse("payment:qris-image", kwargs={"number": order.number, "hash": hash_})
        )
    proof_url = None
    if method is not None and method.accepts_proof and payment.is_awaiting:
        proof_url = request.build_absolute_uri(
            reverse("payment:proof-upload", kwargs={"number": order.number, "hash": hash_})
        )
    return OrderPaymentOut(
        method=payment.method,
        status=payment.status,
        status_label=str(payment.get_status_display()),
        amount_due=rupiah(payment.amount_due),
        unique_code=payment.unique_code,
        expires_at=payment.expires_at,
        bank=bank,
        qris_payload=payment.qris_payload or None,
        qris_image_url=qris_image,
        proof_upload_url=proof_url,
    )


def order_out(request, order):
    hash_ = order.verification_hash()
    return OrderOut(
        number=str(order.number),
        status=order.status,
        status_label=fulfilment.label(order.status),
        placed_at=order.date_placed,
        shipping_method=str(order.shipping_method),
        shipping_charge=rupiah(order.shipping_incl_tax),
        total=rupiah(order.total_incl_tax),
        lines=[
            OrderLineOut(
                title=line.title,
                producer=line.partner_name,
                quantity=line.quantity,
                total=rupiah(line.line_price_incl_tax),
                status=line.status,
                status_label=fulfilment.label(line.status),
            )
            for line in order.lines.all()
        ],
        payment=_payment_out(request, order),
        token=hash_,
        status_url=request.build_absolute_uri(
            reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": hash_})
        ),
    )


@router.get("/orders/{number}", response=responses(OrderOut))
def order_detail(request, number: str, token: str = ""):
    """An order's status and how to pay it: for its signed-in shopper, or
    for anyone with its token (from the checkout answer or the order email)."""
    return order_out(request, _order_for(request, number, token))


@router.post("/orders/{number}/card-intent", response=responses(CardIntentOut, 409))
def card_intent(request, number: str, token: str = ""):
    """A Stripe PaymentIntent for paying the order by card: hand its client
    secret to Stripe.js. Asking again gives the same intent while it can
    still take the card, never a second charge."""
    order = _order_for(request, number, token)
    payment = getattr(order, "payment", None)
    if payment is None or payment.method != payment_methods.Card.code:
        raise ApiError(409, "not_card", _("This order is not paid by card."))
    try:
        intent = cards.intent_for_stripe_js(payment)
    except cards.CardPaymentError as error:
        raise ApiError(409, "card_unavailable", error.message) from None
    return CardIntentOut(
        payment_intent=intent["id"],
        client_secret=intent["client_secret"],
        publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
        amount=rupiah(payment.amount_due),
    )
