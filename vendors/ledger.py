"""The producers' ledger: what each sale, refund, cash collection and payout
does to what the shop owes a producer.

The rules, in the words a producer reads on her statement:

* A line she delivered, of an order that is paid, is a sale: the shop owes
  her the price less the commission. Whichever comes last, delivery or
  payment, writes the entry.
* Cash she collected herself on delivery is money she already has: the
  whole price comes off, so what remains is the commission she owes back.
* A refund takes back the part of the sale it refunds, commission included.
* A payout is money the shop handed her; money she hands the shop (the
  commission on her cash sales) counts the other way.
* A trainee's practice shop (Partner.is_practice) sells to invented buyers:
  its lines are owed to nobody and write no entry.

Every writer here may be called again for the same cause (a replayed
webhook, a double tap, a retried task): the database's unique constraints on
LedgerEntry turn the second write into nothing, so balances never count
anything twice. A balance is always the sum of the entries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from storefront import money
from storefront.models import ShopSettings
from vendors.statuses import DELIVERED

LedgerEntry = get_model("partner", "LedgerEntry")
LineCommission = get_model("partner", "LineCommission")
CommissionRate = get_model("partner", "CommissionRate")
Payout = get_model("partner", "Payout")
Partner = get_model("partner", "Partner")
Payment = get_model("payment", "Payment")
RefundLine = get_model("payment", "RefundLine")
Refund = get_model("payment", "Refund")

ZERO = Decimal(0)
Kind = LedgerEntry.Kind


class LedgerError(Exception):
    """A payout that cannot be recorded; ``message`` is for the operator."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- commission --------------------------------------------------------------


def commission_percent(product, site):
    """The commission rate for a product sold in a village shop: the rate
    set for its most specific category (a rate on "Food" covers "Food >
    Snacks"), the lower one when two categories are equally specific, else
    the shop's own rate."""
    product = product.parent or product
    paths = list(product.categories.values_list("path", flat=True))
    if site is None:
        return ZERO
    candidates = [
        (len(rate.category.path), -rate.percent, rate.percent)
        for rate in CommissionRate.objects.filter(site=site).select_related("category")
        if any(path.startswith(rate.category.path) for path in paths)
    ]
    if candidates:
        return max(candidates)[2]
    return ShopSettings.for_site(site).commission_percent


def fix_commissions(order):
    """Fix each line's commission when the order is placed (inside its
    transaction): later rate changes leave old sales alone."""
    for line in order.lines.select_related("product__parent", "partner__site"):
        site = line.partner.site if line.partner else None
        percent = commission_percent(line.product, site) if line.product else ZERO
        LineCommission.objects.create(
            line=line, percent=percent, amount=money.share(line.line_price_incl_tax, percent, 100)
        )


def _commission_of(line):
    try:
        return line.commission.amount
    except LineCommission.DoesNotExist:
        site = line.partner.site if line.partner else None
        percent = commission_percent(line.product, site) if line.product else ZERO
        return money.share(line.line_price_incl_tax, percent, 100)


# --- writing entries ----------------------------------------------------------


def _write(**fields):
    """Insert one entry, or nothing if its cause already has one."""
    try:
        with transaction.atomic():
            return LedgerEntry.objects.create(**fields)
    except IntegrityError:
        return None


def _owed_lines(lines):
    """Lines whose money concerns a producer: a practice shop's sales
    (training.simulation) are owed to nobody and never reach the ledger."""
    return lines.filter(partner__isnull=False, partner__is_practice=False)


def order_is_paid(order):
    return Payment.objects.filter(order=order, status=Payment.Status.PAID).exists()


def credit_order(order):
    """Write the sale of every delivered line of a paid order (and the
    refunds already made on them). Safe to call at any time, any number of
    times."""
    if not order_is_paid(order):
        return []
    lines = _owed_lines(order.lines.filter(status=DELIVERED)).select_related(
        "commission", "partner__site", "product__parent"
    )
    return [entry for line in lines for entry in _credit_line(line)]


def credit_line(line):
    """The sale of one line, if it is delivered and its order paid."""
    if line.status != DELIVERED or line.partner_id is None or line.partner.is_practice:
        return []
    if not order_is_paid(line.order):
        return []
    return _credit_line(line)


def _credit_line(line):
    gross = line.line_price_incl_tax
    commission = _commission_of(line)
    sale = _write(
        producer_id=line.partner_id,
        kind=Kind.SALE,
        line=line,
        gross=gross,
        commission=commission,
        amount=gross - commission,
    )
    entries = [sale] if sale else []
    for refund_line in RefundLine.objects.filter(line=line, refund__status=Refund.Status.DONE):
        entries.extend(_reverse(refund_line))
    return entries


def record_cash_collected(order):
    """The producers who delivered a cash-on-delivery order kept the cash:
    the price of each of their delivered lines comes off their balance."""
    lines = _owed_lines(order.lines.filter(status=DELIVERED))
    entries = []
    for line in lines:
        entry = _write(
            producer_id=line.partner_id,
            kind=Kind.CASH_COLLECTED,
            line=line,
            gross=line.line_price_incl_tax,
            amount=-line.line_price_incl_tax,
        )
        if entry:
            entries.append(entry)
    return entries


def record_refund(refund):
    """Take back what a done refund returns to the shopper, for each line
    already counted as a sale. Lines not yet sold (not delivered) are taken
    back when they are (credit_line)."""
    entries = []
    for refund_line in refund.lines.select_related("line"):
        entries.extend(_reverse(refund_line))
    return entries


def _reverse(refund_line):
    line = refund_line.line
    sale = LedgerEntry.objects.filter(line=line, kind=Kind.SALE).first()
    if sale is None or refund_line.refund.status != Refund.Status.DONE:
        return []
    # What this refund takes back is the difference between the shares of
    # everything refunded on the line up to and including it, and up to
    # before it: however many partial refunds, they add up to the sale.
    # Counted as the gross amount was when the refund was made (pending
    # refunds included), so refunds finishing out of order still add up.
    earlier = (
        RefundLine.objects.filter(
            line=line,
            refund__status__in=[Refund.Status.PENDING, Refund.Status.DONE],
            pk__lt=refund_line.pk,
        ).aggregate(quantity=Sum("quantity"))["quantity"]
        or 0
    )
    upto = earlier + refund_line.quantity
    gross = refund_line.amount
    commission = money.share(sale.commission, upto, line.quantity) - money.share(
        sale.commission, earlier, line.quantity
    )
    entry = _write(
        producer_id=line.partner_id,
        kind=Kind.REFUND,
        line=None,
        refund_line=refund_line,
        gross=gross,
        commission=commission,
        amount=-(gross - commission),
    )
    return [entry] if entry else []


@transaction.atomic
def record_payout(producer, *, direction, amount, method, paid_on, user, reference="", note=""):
    """Record money handed over, or raise LedgerError and record nothing.

    The producer's row is locked while her balance is checked, so two
    operators recording at once cannot pay out the same balance twice.
    """
    producer = Partner.objects.select_for_update().get(pk=producer.pk)
    amount = Decimal(amount)
    if amount <= 0 or not money.is_whole(amount):
        raise LedgerError(_("Enter an amount in whole rupiah, more than 0."))
    owed = balance(producer)
    if direction == Payout.Direction.TO_PRODUCER and amount > owed:
        raise LedgerError(
            _("The shop owes %(name)s only %(owed)s; you cannot pay out more.")
            % {"name": producer.name, "owed": money.format_rupiah(max(owed, ZERO))}
        )
    if direction == Payout.Direction.FROM_PRODUCER and amount > -owed:
        raise LedgerError(
            _("%(name)s owes the shop only %(owed)s; record no more than that.")
            % {"name": producer.name, "owed": money.format_rupiah(max(-owed, ZERO))}
        )
    payout = Payout.objects.create(
        producer=producer,
        direction=direction,
        amount=amount,
        method=method,
        paid_on=paid_on,
        recorded_by=user,
        reference=reference,
        note=note,
    )
    to_her = direction == Payout.Direction.TO_PRODUCER
    LedgerEntry.objects.create(
        producer=producer,
        kind=Kind.PAYOUT if to_her else Kind.COMMISSION_PAID,
        payout=payout,
        amount=-amount if to_her else amount,
    )
    return payout


# --- reading ------------------------------------------------------------------


def balance(producer, before=None):
    """What the shop owes her now (or before a moment): the sum of her
    entries. Negative when she owes the shop."""
    entries = LedgerEntry.objects.filter(producer=producer)
    if before is not None:
        entries = entries.filter(created_at__lt=before)
    return entries.aggregate(total=Sum("amount"))["total"] or ZERO


@dataclass
class Statement:
    """A producer's statement for a period, in the terms she reads."""

    producer: object
    start: object
    end: object
    opening: Decimal
    entries: list = field(default_factory=list)

    @property
    def sold(self):
        return self._sum(Kind.SALE, "gross") - self._sum(Kind.REFUND, "gross")

    @property
    def commission(self):
        return self._sum(Kind.SALE, "commission") - self._sum(Kind.REFUND, "commission")

    @property
    def cash_collected(self):
        return -self._sum(Kind.CASH_COLLECTED, "amount")

    @property
    def paid_out(self):
        return -self._sum(Kind.PAYOUT, "amount")

    @property
    def paid_to_shop(self):
        return self._sum(Kind.COMMISSION_PAID, "amount")

    @property
    def closing(self):
        return self.opening + sum((entry.amount for entry in self.entries), ZERO)

    def _sum(self, kind, attribute):
        return sum((getattr(e, attribute) for e in self.entries if e.kind == kind), ZERO)


def statement(producer, start=None, end=None):
    """Her entries from ``start`` (included) to ``end`` (excluded), with
    what she was owed before. Each entry carries its order line or refund,
    fetched in a fixed number of queries."""
    entries = LedgerEntry.objects.filter(producer=producer).select_related(
        "line__order", "refund_line__line__order", "refund_line__refund", "payout"
    )
    if start is not None:
        entries = entries.filter(created_at__gte=start)
    if end is not None:
        entries = entries.filter(created_at__lt=end)
    opening = balance(producer, before=start) if start is not None else ZERO
    return Statement(
        producer=producer, start=start, end=end, opening=opening, entries=list(entries)
    )
