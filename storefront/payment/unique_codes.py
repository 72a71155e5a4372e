"""Unique 3-digit codes that make a transfer or QRIS amount identifiable.

Most shoppers pay by bank transfer or QRIS, and the operator sees only
amounts arriving in the shop's account. Adding a code of 1-999 rupiah to the
order total makes each waiting amount different, so one bank statement line
matches exactly one order.
"""

import secrets

from django.db import IntegrityError, transaction

MAX_ATTEMPTS = 50


class NoFreeCode(Exception):
    """Every code for this amount is taken by a waiting payment."""


def assign(payment, total):
    """Give an unsaved payment a code and an amount no other waiting payment
    has, and save it.

    A random code is tried under a savepoint; the database's conditional
    unique constraint decides, so two app servers can never hand out the
    same amount.
    """
    for _attempt in range(MAX_ATTEMPTS):
        payment.unique_code = secrets.randbelow(999) + 1
        payment.amount_due = total + payment.unique_code
        try:
            with transaction.atomic():
                payment.save()
            return payment
        except IntegrityError:
            payment.pk = None
            continue
    raise NoFreeCode(str(total))
