"""Unique 3-digit codes that make a transfer or QRIS amount identifiable.

Most shoppers pay by bank transfer or QRIS, and the operator sees only
amounts arriving in the shop's account. Adding a code of 1-999 rupiah to the
order total makes each waiting amount different, so one bank statement line
matches exactly one order.
"""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

MAX_ATTEMPTS = 50
#: An amount stays taken this long after its order expired or was
#: cancelled: the first shopper's late transfer must not match a new order.
RESERVED_AFTER_CLOSING = datetime.timedelta(days=7)


class NoFreeCode(Exception):
    """Every code for this amount is taken by a waiting payment."""


def assign(payment, total):
    """Give an unsaved payment a code and an amount no other waiting payment
    has, and save it.

    A random code is tried under a savepoint; the database's conditional
    unique constraint decides, so two app servers can never hand out the
    same amount. Amounts of orders that expired or were cancelled in the
    last week are skipped too.
    """
    recently_closed = set(
        type(payment)
        .objects.filter(
            status__in=["expired", "cancelled"],
            unique_code__isnull=False,
            created_at__gte=timezone.now() - RESERVED_AFTER_CLOSING,
            amount_due__gt=total,
            amount_due__lte=total + 999,
        )
        .values_list("amount_due", flat=True)
    )
    for _attempt in range(MAX_ATTEMPTS):
        payment.unique_code = secrets.randbelow(999) + 1
        payment.amount_due = total + payment.unique_code
        if payment.amount_due in recently_closed:
            continue
        try:
            with transaction.atomic():
                payment.save()
            return payment
        except IntegrityError:
            payment.pk = None
            continue
    raise NoFreeCode(str(total))
