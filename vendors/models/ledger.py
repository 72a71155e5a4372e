"""What the shop owes each producer, kept as a ledger.

The platform collects the shoppers' money (Stripe cannot pay village
producers out), keeps its commission and pays the rest out by bank transfer,
e-wallet or cash at the learning centre. Every event that moves money
between the shop and a producer is one LedgerEntry; her balance is always
the sum of her entries and is never stored. Each entry points at what caused
it, and the database refuses a second entry for the same cause, so nothing
is counted twice (vendors.ledger writes them).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CommissionRate", "LineCommission", "Payout", "LedgerEntry"]


class CommissionRate(models.Model):
    """A category whose commission differs from the shop's own rate
    (ShopSettings.commission_percent). It applies to the category's
    subcategories too."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="commission_rates",
        verbose_name=_("village shop"),
    )
    category = models.ForeignKey(
        "catalogue.Category",
        on_delete=models.CASCADE,
        related_name="commission_rates",
        verbose_name=_("category"),
    )
    percent = models.DecimalField(
        _("commission (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("commission by category")
        verbose_name_plural = _("commission by category")
        constraints = [
            models.UniqueConstraint(fields=["site", "category"], name="one_rate_per_category"),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100), name="rate_is_a_percentage"
            ),
        ]

    def __str__(self):
        return f"{self.category}: {self.percent}%"


class LineCommission(models.Model):
    """The commission on one order line, fixed when the order is placed:
    a later change of rates never changes what an old sale earns."""

    line = models.OneToOneField(
        "order.Line", on_delete=models.CASCADE, related_name="commission", primary_key=True
    )
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    def __str__(self):
        return f"{self.line_id}: {self.percent}% = {self.amount}"


class Payout(models.Model):
    """Money handed over between the shop and a producer outside any order:
    the shop paying out her balance, or her paying back the commission on
    cash she collected herself."""

    class Direction(models.TextChoices):
        TO_PRODUCER = "to_producer", _("Paid to the producer")
        FROM_PRODUCER = "from_producer", _("Paid by the producer to the shop")

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        EWALLET = "ewallet", _("E-wallet")
        CASH = "cash", _("Cash at the learning centre")

    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="payouts",
        verbose_name=_("producer"),
    )
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.TO_PRODUCER
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    method = models.CharField(_("paid by"), max_length=20, choices=Method.choices)
    reference = models.CharField(
        _("reference"),
        max_length=120,
        blank=True,
        help_text=_("Transfer number, e-wallet transaction id or receipt number."),
    )
    paid_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_amount_positive")
        ]

    def __str__(self):
        return f"{self.producer}: {self.get_direction_display()} {self.amount}"


class LedgerEntry(models.Model):
    """One movement of a producer's balance. ``amount`` is signed: positive
    when the shop owes her more, negative when it owes her less.

    A sale records its ``gross`` (what the shopper paid for the line) and the
    ``commission`` kept, amount = gross - commission; a refund records the
    gross and commission it takes back, amount = -(gross - commission).
    """

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        CASH_COLLECTED = "cash_collected", _("Cash you collected from the shopper")
        REFUND = "refund", _("Refund to the shopper")
        PAYOUT = "payout", _("Paid out to you")
        COMMISSION_PAID = "commission_paid", _("You paid the shop")

    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("producer"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    gross = models.DecimalField(_("sold for"), max_digits=12, decimal_places=2, default=0)
    commission = models.DecimalField(_("commission"), max_digits=12, decimal_places=2, default=0)
    line = models.ForeignKey(
        "order.Line", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refund_line = models.ForeignKey(
        "payment.RefundLine", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payout = models.OneToOneField(
        Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="entry"
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            # A line is sold, and its cash collected, once.
            models.UniqueConstraint(
                fields=["line", "kind"],
                condition=models.Q(line__isnull=False),
                name="one_entry_per_line_and_kind",
            ),
            # A refunded line is taken back once.
            models.UniqueConstraint(
                fields=["refund_line"],
                condition=models.Q(refund_line__isnull=False),
                name="one_entry_per_refund_line",
            ),
        ]

    def __str__(self):
        return f"{self.producer_id} {self.kind} {self.amount}"
