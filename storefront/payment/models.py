"""Payment fork: Oscar's sources and transactions, plus what a village shop
needs to take money the Indonesian way.

Oscar's Source and Transaction record the money itself (allocated, debited,
refunded). Around them:

* Payment: what the shopper owes for one order, how she pays it and whether
  it has arrived. One per order, whatever the method.
* PaymentProof: a photo or PDF of a transfer receipt the shopper uploads, and
  the operator's verdict on it.
* StripeEvent: the Stripe webhook events already handled, so a replayed or
  duplicated event changes nothing.
* Refund and RefundLine: money given back, line by line.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from storefront.payment import storage


def private_storage():
    """Files only the shop and the shopper concerned may see (settings
    STORAGES["private"]): never served from the public media URL."""
    return storage.private_storage


class Payment(models.Model):
    """What a shopper must pay for one order, and whether it arrived.

    Bank transfers and QRIS add a 3-digit code to the order total so the
    operator can match a bank statement or QRIS merchant-app line to exactly
    one waiting order; the shop's account and the QRIS payload are copied
    here so later changes to the settings do not rewrite what the shopper
    was told. A card payment keeps the Stripe PaymentIntent of its latest
    attempt. Cash on delivery waits for the goods to be delivered and the
    operator to confirm the cash, noting who holds it.
    """

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting payment")
        PAID = "paid", _("Paid")
        EXPIRED = "expired", _("Expired: not paid in time")
        CANCELLED = "cancelled", _("Cancelled")

    class CashHolder(models.TextChoices):
        PRODUCERS = "producers", _("The producers who delivered")
        SHOP = "shop", _("The shop (paid at the collection point)")

    order = models.OneToOneField(
        "order.Order",
        on_delete=models.PROTECT,
        related_name="payment",
        verbose_name=_("order"),
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("village shop"),
    )
    method = models.CharField(_("payment method"), max_length=30)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING
    )
    amount_due = models.DecimalField(_("amount to pay"), max_digits=12, decimal_places=2)
    unique_code = models.PositiveSmallIntegerField(_("unique code"), null=True, blank=True)

    # Bank transfer: the account the shopper was told to pay into.
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    account_number = models.CharField(_("account number"), max_length=40, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=120, blank=True)
    # QRIS: the dynamic payload (with the amount) the shopper scans.
    qris_payload = models.TextField(_("QRIS payload"), blank=True)
    # Card: the Stripe PaymentIntent of the latest attempt and what Stripe
    # last said about it.
    stripe_payment_intent = models.CharField(
        _("Stripe PaymentIntent"), max_length=255, blank=True, db_index=True
    )
    gateway_status = models.CharField(_("card payment status"), max_length=40, blank=True)
    failure_code = models.CharField(_("last failure"), max_length=40, blank=True)
    # Cash on delivery: who has the shopper's cash now.
    cash_held_by = models.CharField(
        _("cash held by"), max_length=20, choices=CashHolder.choices, blank=True
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("pay before"), null=True, blank=True, db_index=True)
    warned_at = models.DateTimeField(_("expiry warning sent"), null=True, blank=True)
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
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            # Two waiting transfers with the same amount could not be told apart.
            models.UniqueConstraint(
                fields=["amount_due"],
                condition=models.Q(status="awaiting", unique_code__isnull=False),
                name="unique_awaiting_coded_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(unique_code__isnull=True)
                | models.Q(unique_code__gte=1, unique_code__lte=999),
                name="payment_code_three_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_due__gt=0), name="payment_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.order.number}: {self.method} {self.amount_due}"

    @property
    def is_awaiting(self):
        return self.status == self.Status.AWAITING

    @property
    def is_paid(self):
        return self.status == self.Status.PAID

    @property
    def failure_text(self):
        """What the shopper reads about her last refused card, in her
        language (the code is stored, not the sentence)."""
        from storefront.payment.cards import failure_text

        return failure_text(self.failure_code)


class PaymentProof(models.Model):
    """A receipt the shopper uploaded: a screenshot of her banking app or
    e-wallet, or a PDF. Kept in private storage: it shows her bank details."""

    class Verdict(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the shop to check")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, related_name="proofs", verbose_name=_("payment")
    )
    file = models.FileField(
        _("file"), upload_to="payment-proofs/%Y/%m/", storage=private_storage, max_length=255
    )
    content_type = models.CharField(max_length=40)
    verdict = models.CharField(
        _("verdict"), max_length=20, choices=Verdict.choices, default=Verdict.SUBMITTED
    )
    rejection_reason = models.CharField(_("reason"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("checked"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("proof of payment")
        verbose_name_plural = _("proofs of payment")

    def __str__(self):
        return f"{self.payment.order.number}: {self.get_verdict_display()}"


class StripeEvent(models.Model):
    """A Stripe webhook event that has been handled. The primary key is
    Stripe's event id: inserting it in the same transaction as its effect
    makes each event count once, however often Stripe delivers it."""

    id = models.CharField(primary_key=True, max_length=255)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.id} {self.type}"


class Refund(models.Model):
    """Money given back to the shopper for some lines of an order.

    Card refunds go through Stripe: the row is saved as pending first, so a
    refund Stripe made is never unknown here even if this server dies right
    after asking. Other methods are refunded by the operator by hand (a
    transfer back, cash) and recorded as done.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Refunded")
        FAILED = "failed", _("Failed")

    order = models.ForeignKey(
        "order.Order", on_delete=models.PROTECT, related_name="refunds", verbose_name=_("order")
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    shipping = models.DecimalField(
        _("delivery fee refunded"), max_digits=12, decimal_places=2, default=0
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("reason"), max_length=300)
    reference = models.CharField(_("reference"), max_length=255, blank=True)
    stripe_refund = models.CharField(max_length=255, null=True, blank=True, unique=True)
    failure_message = models.CharField(_("failure"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refunded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("refunded at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")
        ]

    def __str__(self):
        return f"{self.order.number}: {self.amount} ({self.status})"


class RefundLine(models.Model):
    """How many of one order line a refund gives money back for."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="refund_lines")
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    restocked = models.BooleanField(_("put back in stock"), default=False)

    class Meta:
        verbose_name = _("refunded line")
        constraints = [
            models.UniqueConstraint(fields=["refund", "line"], name="one_refund_line_per_line"),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="refund_line_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.line_id} x {self.quantity}"


from oscar.apps.payment.models import *  # noqa: E402,F403  Oscar's fork convention
