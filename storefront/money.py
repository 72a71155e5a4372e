"""Rupiah have no cents: every amount the shop computes is whole rupiah.

Oscar rounds offer discounts to 0.01 by default, which would make totals
nobody can transfer (Rp 10.493,25) and that Stripe cannot charge; here
discounts are rounded down to whole rupiah (settings
OSCAR_OFFER_ROUNDING_FUNCTION), and shares of an amount (commissions,
partial refunds) are rounded half up, as shops round.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

ONE = Decimal(1)


def whole_rupiah(value):
    """``value`` in whole rupiah, halves rounded up."""
    return Decimal(value).quantize(ONE, rounding=ROUND_HALF_UP)


def share(total, part, whole):
    """``part``/``whole`` of ``total``, in whole rupiah."""
    return whole_rupiah(Decimal(total) * part / whole)


def round_discount(amount, currency=None):
    """An offer's discount in whole rupiah, never more than the offer gives."""
    return Decimal(amount).quantize(ONE, rounding=ROUND_DOWN)


def is_whole(amount):
    return Decimal(amount) == Decimal(amount).to_integral_value()


def format_rupiah(amount):
    """Rp 12.345 (and -Rp 12.345), the Indonesian way, for text that is not
    a template (PDFs, messages)."""
    amount = whole_rupiah(amount)
    text = f"{abs(amount):,.0f}".replace(",", ".")
    return f"-Rp {text}" if amount < 0 else f"Rp {text}"
