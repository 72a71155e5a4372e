"""The portal's pricing helper: from what a batch costs to a price.

She writes what one batch (one day's frying, one cloth) costs her: bought-in
materials, fuel and transport, electricity/gas/water, packaging, other
costs, and her own hours of work at the wage she wants per hour; how many
units the batch makes; and the margin she wants. The helper shows:

- cost per unit, her own labour included, so she never sells at a loss on
  her own time;
- the suggested price, cost per unit / (1 - margin), rounded up;
- the margin the rounded price really gives;
- the value added: (price - bought-in costs per unit) / price, one of the
  performance indicators of the programme's cluster assessment (bands
  <25, 25-50, 50-75, >75 %). Her labour is value she adds, so it is not
  counted as bought in.

Why margin on the price and not a mark-up on cost: "30 % margin" then means
30 of every 100 rupiah she takes is profit, which is what she can check
against her takings, and it is measured on the price like value added. A
mark-up (cost x 1.3) would leave her only 23 % of the price. The margin is
kept below 100 % (a 100 % margin has no price) and at most MAX_MARGIN.

Rounding: prices are rounded UP, never down (rounding down could drop below
cost), to a step that looks like a market price: Rp 100 below Rp 10.000,
Rp 500 below Rp 100.000, Rp 1.000 above. Percentages are cut (not rounded
up) to one decimal, so a value added of 49,96 % stays in the 25-50 band.

Everything is Decimal: no float ever touches money. ``calculate`` is pure
(no database); ``save_calculation``, ``apply_price`` and
``latest_value_added`` are the few functions that read or write rows.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog import editing
from storefront.money import format_rupiah

PriceCalculation = get_model("partner", "PriceCalculation")

ZERO = Decimal(0)
HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")

BOUGHT_IN = ("materials", "fuel", "electricity", "packaging", "other_costs")
MAX_AMOUNT = Decimal(1_000_000_000)  # one cost line of one batch
MAX_HOURS = Decimal(2000)  # a year of full days: more is a typing mistake
MAX_WAGE = Decimal(1_000_000)  # per hour
MAX_UNITS = 100_000
MAX_MARGIN = Decimal(90)
# What a product's price may be in the portal (vendors.portal.forms_products).
MIN_PRICE = Decimal(100)
MAX_PRICE = Decimal(1_000_000_000)

# (price below, step): the last step applies to every higher price.
STEPS = ((Decimal(10_000), Decimal(100)), (Decimal(100_000), Decimal(500)))
TOP_STEP = Decimal(1_000)


@dataclass(frozen=True)
class Inputs:
    """One batch: amounts in whole rupiah, hours of work, units, margin %."""

    materials: Decimal = ZERO
    fuel: Decimal = ZERO
    electricity: Decimal = ZERO
    packaging: Decimal = ZERO
    other_costs: Decimal = ZERO
    labour_hours: Decimal = ZERO
    hourly_wage: Decimal = ZERO
    units: int = 1
    margin_percent: Decimal = ZERO

    @classmethod
    def of(cls, source):
        """The inputs of a PriceCalculation, or of a dict of its fields."""
        get = source.get if isinstance(source, dict) else lambda name, _d: getattr(source, name)
        values = {field.name: get(field.name, field.default) for field in fields(cls)}
        return cls(**values)

    def as_dict(self):
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True)
class Result:
    inputs: Inputs
    bought_in_per_batch: Decimal
    labour_per_batch: Decimal
    bought_in_per_unit: Decimal  # exact, not rounded
    labour_per_unit: Decimal  # exact
    exact_cost_per_unit: Decimal
    exact_price: Decimal  # before rounding
    step: Decimal
    suggested_price: Decimal  # whole rupiah, a multiple of step
    margin_percent: Decimal  # what the rounded price gives, 1 decimal
    value_added_percent: Decimal  # 1 decimal

    @property
    def cost_per_batch(self):
        return self.bought_in_per_batch + self.labour_per_batch

    @property
    def cost_per_unit(self):
        """Whole rupiah, rounded up: cost is never shown lower than it is."""
        return self.exact_cost_per_unit.to_integral_value(rounding=ROUND_CEILING)

    @property
    def value_added_of_100(self):
        """Rupiah of every Rp 100 the buyer pays that are her work and profit."""
        return self.value_added_percent.to_integral_value(rounding=ROUND_DOWN)

    @property
    def profit_per_unit(self):
        return (self.suggested_price - self.exact_cost_per_unit).to_integral_value(
            rounding=ROUND_DOWN
        )


def price_step(price):
    """The rupiah step a price is rounded up to."""
    for below, step in STEPS:
        if price < below:
            return step
    return TOP_STEP


def round_up(price):
    """``price`` rounded up to its step (never lower than ``price``)."""
    step = price_step(price)
    return (price / step).to_integral_value(rounding=ROUND_CEILING) * step


def _cut(value):
    return value.quantize(ONE_DECIMAL, rounding=ROUND_DOWN)


def validate(inputs):
    """{field name or "__all__": [message]} of what is wrong; empty if fine."""
    errors = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    for name in BOUGHT_IN:
        value = getattr(inputs, name)
        if value < 0:
            add(name, _("An amount cannot be below 0."))
        elif value > MAX_AMOUNT:
            add(name, _("That amount is too high for one batch. Check the zeros."))
    if inputs.labour_hours < 0:
        add("labour_hours", _("Hours of work cannot be below 0."))
    elif inputs.labour_hours > MAX_HOURS:
        add("labour_hours", _("That is too many hours for one batch. Check the number."))
    if inputs.hourly_wage < 0:
        add("hourly_wage", _("A wage cannot be below 0."))
    elif inputs.hourly_wage > MAX_WAGE:
        add("hourly_wage", _("That wage per hour is too high. Check the zeros."))
    if inputs.units < 1:
        add("units", _("A batch makes at least 1 unit."))
    elif inputs.units > MAX_UNITS:
        add("units", _("That is too many units for one batch. Check the number."))
    if inputs.margin_percent < 0:
        add("margin_percent", _("The margin cannot be below 0 %."))
    elif inputs.margin_percent > MAX_MARGIN:
        add(
            "margin_percent",
            _("Choose a margin of at most %(max)s %%.") % {"max": int(MAX_MARGIN)},
        )
    if errors:
        return errors
    if sum(getattr(inputs, name) for name in BOUGHT_IN) + _labour(inputs) <= 0:
        add("__all__", _("Write at least one cost: materials, or your hours and wage."))
    return errors


def _labour(inputs):
    return inputs.labour_hours * inputs.hourly_wage


def calculate(inputs):
    """The Result for ``inputs``; ValidationError (a dict of messages per
    field) when they make no price."""
    errors = validate(inputs)
    if errors:
        raise ValidationError(errors)
    bought_in = sum((getattr(inputs, name) for name in BOUGHT_IN), ZERO)
    labour = _labour(inputs)
    units = Decimal(inputs.units)
    cost = (bought_in + labour) / units
    exact_price = cost / (1 - inputs.margin_percent / HUNDRED)
    price = round_up(exact_price)
    if price > MAX_PRICE:
        raise ValidationError(
            {
                "__all__": [
                    _("The price comes out above %(max)s. Check the amounts and the units.")
                    % {"max": format_rupiah(MAX_PRICE)}
                ]
            }
        )
    bought_in_per_unit = bought_in / units
    return Result(
        inputs=inputs,
        bought_in_per_batch=bought_in,
        labour_per_batch=labour,
        bought_in_per_unit=bought_in_per_unit,
        labour_per_unit=labour / units,
        exact_cost_per_unit=cost,
        exact_price=exact_price,
        step=price_step(exact_price),
        suggested_price=price,
        margin_percent=_cut((price - cost) / price * HUNDRED),
        value_added_percent=_cut((price - bought_in_per_unit) / price * HUNDRED),
    )


# --- rows ---------------------------------------------------------------------


def save_calculation(producer, user, name, inputs, product=None):
    """Calculate and keep it (the newest one gives her value added).
    ``product``, if given, must be one of hers. Raises ValidationError and
    saves nothing when the inputs make no price."""
    result = calculate(inputs)
    if product is not None and not _is_hers(producer, product):
        raise ValidationError({"product": [_("Choose one of your own products.")]})
    calculation = PriceCalculation.objects.create(
        producer=producer,
        product=product,
        name=name,
        created_by=user if user is not None and user.is_authenticated else None,
        cost_per_unit=result.cost_per_unit,
        suggested_price=result.suggested_price,
        value_added_percent=result.value_added_percent,
        **inputs.as_dict(),
    )
    return calculation, result


def apply_price(producer, calculation, product):
    """Give her product the calculation's suggested price, through the
    same stock-record update as the portal's price field. Only her own
    calculation and her own, not deleted product; otherwise ValidationError
    and nothing changes."""
    if calculation.producer_id != producer.pk or not _is_hers(producer, product):
        raise ValidationError({"product": [_("Choose one of your own products.")]})
    price = calculation.suggested_price
    if not MIN_PRICE <= price <= MAX_PRICE:
        raise ValidationError({"product": [_("This price cannot be used for a product.")]})
    with transaction.atomic():
        editing.save_stockrecord(product, price=price)
        if calculation.product_id is None:
            calculation.product = product
            calculation.save(update_fields=["product"])
    return price


def _is_hers(producer, product):
    return editing.producer_products(producer).filter(pk=product.pk).exists()


def latest_value_added(producer):
    """Value added % of her newest calculation, or None if she has none:
    the performance indicator of the cluster assessment."""
    return (
        PriceCalculation.objects.filter(producer=producer)
        .order_by("-created_at", "-pk")
        .values_list("value_added_percent", flat=True)
        .first()
    )
