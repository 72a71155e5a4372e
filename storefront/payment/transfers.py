"""Bank transfers with a unique code: creating them and confirming payment."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

BankTransfer = get_model("payment", "BankTransfer")
Source = get_model("payment", "Source")

MAX_ATTEMPTS = 50


class NoFreeTransferCode(Exception):
    """Every code for this amount is taken by a waiting transfer."""


def create_for_order(order, shop):
    """Give the order a transfer amount no other waiting transfer has.

    A random code is tried under a savepoint; the database's conditional
    unique constraint decides, so two app servers can never hand out the
    same amount.
    """
    for _attempt in range(MAX_ATTEMPTS):
        code = secrets.randbelow(999) + 1
        try:
            with transaction.atomic():
                return BankTransfer.objects.create(
                    order=order,
                    unique_code=code,
                    amount_due=order.total_incl_tax + code,
                    bank_name=shop.bank_name,
                    account_number=shop.bank_account_number,
                    account_holder=shop.bank_account_holder,
                )
        except IntegrityError:
            continue
    raise NoFreeTransferCode(order.number)


class TransferNotAwaiting(Exception):
    pass


@transaction.atomic
def confirm_paid(transfer_id, user):
    """The operator saw the money arrive: mark the transfer and order paid.

    Locks the row so two clicks (or two operators) confirm once.
    """
    transfer = BankTransfer.objects.select_for_update().select_related("order").get(pk=transfer_id)
    if transfer.status != BankTransfer.Status.AWAITING:
        raise TransferNotAwaiting(transfer.order.number)
    transfer.status = BankTransfer.Status.PAID
    transfer.paid_at = timezone.now()
    transfer.confirmed_by = user
    transfer.save(update_fields=["status", "paid_at", "confirmed_by"])
    order = transfer.order
    for source in order.sources.all():
        source.debit(source.amount_allocated, reference=f"transfer:{transfer.unique_code}")
    if order.status == "Awaiting payment":
        order.set_status("Processing")
    return transfer
