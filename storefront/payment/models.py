"""Payment fork: Oscar's sources and transactions, plus bank transfers that
are matched by a unique code added to the amount."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BankTransfer(models.Model):
    """What a shopper must transfer for one order, and whether it arrived.

    The amount due is the order total plus a 3-digit code, so the operator can
    match a bank statement line to exactly one waiting order. The shop's
    account is copied here so later changes to the settings do not rewrite
    what the shopper was told.
    """

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting transfer")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    order = models.OneToOneField(
        "order.Order",
        on_delete=models.PROTECT,
        related_name="bank_transfer",
        verbose_name=_("order"),
    )
    unique_code = models.PositiveSmallIntegerField(_("unique code"))
    amount_due = models.DecimalField(_("amount to transfer"), max_digits=12, decimal_places=2)
    bank_name = models.CharField(_("bank"), max_length=60)
    account_number = models.CharField(_("account number"), max_length=40)
    account_holder = models.CharField(_("account holder"), max_length=120)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        verbose_name = _("bank transfer")
        verbose_name_plural = _("bank transfers")
        constraints = [
            # Two waiting transfers with the same amount could not be told apart.
            models.UniqueConstraint(
                fields=["amount_due"],
                condition=models.Q(status="awaiting"),
                name="unique_awaiting_transfer_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(unique_code__gte=1, unique_code__lte=999),
                name="transfer_code_three_digits",
            ),
        ]

    def __str__(self):
        return f"{self.order.number}: {self.amount_due}"


from oscar.apps.payment.models import *  # noqa: E402,F403  Oscar's fork convention
