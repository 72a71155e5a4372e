"""Unpaid transfer, QRIS and card orders: a reminder before the deadline,
then cancellation, which puts their stock back on sale.

Run by ``manage.py expire_unpaid_orders`` every few minutes (cron, a systemd
timer or the task worker). Any number of runs, on any number of servers at
once, warn each shopper once and expire each order once: every step is a
conditional update or happens under the payment's row lock.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from wagtail.models import Site

from storefront import shops, tasks
from storefront.payment import cancellation, emails

Payment = get_model("payment", "Payment")

logger = logging.getLogger("storefront.payment")


def warn_soon_due(now=None):
    """Email each shopper whose order expires within
    PASAR_EXPIRY_WARNING_HOURS, once. Returns how many were warned."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(hours=settings.PASAR_EXPIRY_WARNING_HOURS)
    due = Payment.objects.filter(
        status=Payment.Status.AWAITING,
        expires_at__gt=now,
        expires_at__lte=soon,
        warned_at__isnull=True,
    ).exclude(proofs__verdict="submitted")  # she says she paid: no "pay or else"
    warned = 0
    for payment_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            # Only the run that flips warned_at sends the email.
            if Payment.objects.filter(pk=payment_id, warned_at__isnull=True).update(warned_at=now):
                transaction.on_commit(
                    lambda pk=payment_id: tasks.enqueue(emails.expiry_warning, pk)
                )
                warned += 1
    return warned


def expire_due(now=None):
    """Cancel every order whose payment deadline has passed. Returns how
    many expired."""
    now = now or timezone.now()
    due = Payment.objects.filter(status=Payment.Status.AWAITING, expires_at__lte=now)
    expired = 0
    for payment_id, site in due.values_list("pk", "site").iterator():
        # The note is what the shopper and producer read on the line.
        with translation.override(shops.language_of(Site.objects.filter(pk=site).first())):
            reason = _("Not paid in time")
        try:
            payment = cancellation.cancel_unpaid(
                payment_id, reason=reason, status=Payment.Status.EXPIRED, now=now
            )
        except Exception:
            # One order that cannot expire (Stripe down, a line already
            # shipped by hand) must not stop the others; it is retried on
            # the next run.
            logger.exception("Payment %s could not expire", payment_id)
            continue
        if payment is not None:
            expired += 1
    return expired
