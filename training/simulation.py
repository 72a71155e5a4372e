"""Simulated orders: practice demand for a trainee's practice shop.

Training without a market fails, so the instructor gives each trainee an
order to fulfil and a buyer's question to answer. A simulated order is a
real Oscar order placed through the same steps as a real one
(storefront.demo_sales.place_order: stock reserved under lock, Oscar's
OrderCreator, commissions, a cash-on-delivery payment record), so it lands
in her portal order list as a new order and she fulfils it with the real
buttons. Only the practice strategy may sell a practice product
(vendors.strategy), the buyer is invented, and the money is owed to nobody:
vendors.ledger writes no entry for a practice shop's lines and
vendors.fulfilment emails nobody about them.
"""

import random

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from oscar.core.loading import get_class, get_model

from storefront import demo_sales, shops
from training.login_codes import trainee_name
from training.models import SimulatedOrder
from vendors import stock

Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")

PAYMENT_METHOD = "cod"  # paid in cash at pick-up: the order can be fulfilled at once
# Invented buyers: common Sundanese and Indonesian names, nobody in particular.
BUYERS = [
    "Ratna Kusumawati",
    "Dewi Anggraeni",
    "Asep Supriatna",
    "Rina Marlina",
    "Siti Nurhasanah",
    "Yanti Susilawati",
    "Dedi Kurniawan",
    "Lilis Suryani",
    "Ujang Permana",
    "Nia Kurniasih",
]
BUYER_EMAIL = "pembeli.latihan@contoh.test"
# What buyers ask a village producer, for her to practise answering.
QUESTIONS = [
    gettext_noop("Is this still available? I need it for a family event on Sunday."),
    gettext_noop("Can I pick it up on Saturday afternoon?"),
    gettext_noop("How long does it keep?"),
    gettext_noop("Can you send me another photo, from the side?"),
    gettext_noop("Is there a lower price if I buy three?"),
    gettext_noop("Is it halal? Does it have a P-IRT number?"),
    gettext_noop("Can it be sent to Bandung, and how much is the delivery?"),
    gettext_noop("It is a present: can you wrap it and add a card?"),
    gettext_noop("Which colours or sizes do you have?"),
    gettext_noop("How is it made? My mother would like to know."),
]


class SimulationError(Exception):
    """No order could be made for her; ``message`` names her and says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def buyable_products(practice_shop):
    """Her published practice products that an order can take one of now
    (a price, stock or capacity left, her shop not on holiday)."""
    strategy = Selector().strategy(practice=True)
    candidates = (
        Product.objects.filter(producer=practice_shop, is_public=True, deleted_at__isnull=True)
        .select_related("producer", "product_class")
        .order_by("pk")
    )
    buyable = []
    for product in candidates:
        info = strategy.fetch_for_product(product)
        if info.stockrecord is not None and info.availability.is_purchase_permitted(1)[0]:
            buyable.append(product)
    return buyable


def simulate(enrolments, by_user, rng=None):
    """An order for each enrolment that has something to buy. Returns
    (the SimulatedOrders made, messages naming each trainee who got none)."""
    made, refused = [], []
    for enrolment in enrolments:
        try:
            made.append(simulate_one(enrolment, by_user, rng))
        except SimulationError as error:
            refused.append(error.message)
    return made, refused


def simulate_one(enrolment, by_user, rng=None):
    """Place one simulated order in her practice shop, or raise
    SimulationError and place nothing."""
    rng = rng or random.Random()
    shop = enrolment.practice_producer
    name = trainee_name(enrolment)
    products = buyable_products(shop)
    if not products:
        raise SimulationError(
            _(
                "%(name)s has no practice product that can be bought yet: it needs a price, "
                "a photo, stock and to be shown in her practice shop."
            )
            % {"name": name}
        )
    product = rng.choice(products)
    site = shop.site or enrolment.cohort.site
    with translation.override(shops.language_of(site)):
        question = _(rng.choice(QUESTIONS))
    try:
        with transaction.atomic():
            order, _payment = demo_sales.place_order(
                site,
                [(product, 1)],
                PAYMENT_METHOD,
                buyer_name=rng.choice(BUYERS),
                email=BUYER_EMAIL,
                practice=True,
            )
            return SimulatedOrder.objects.create(
                enrolment=enrolment, order=order, question=question, created_by=by_user
            )
    except stock.NotEnoughStock as error:  # sold out since it was picked
        raise SimulationError(f"{name}: {error.message}") from None
