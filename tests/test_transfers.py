"""Bank transfer amounts never collide, even when the random code does."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from storefront.models import ShopSettings
from storefront.payment import transfers

BankTransfer = get_model("payment", "BankTransfer")


@pytest.fixture
def shop(ibun):
    return ShopSettings.for_site(ibun)


def codes(monkeypatch, *values):
    """Make the random code generator return these codes (minus one, as
    randbelow(999) + 1 is the code)."""
    sequence = iter(values)
    monkeypatch.setattr(transfers.secrets, "randbelow", lambda upper: next(sequence) - 1)


@pytest.mark.django_db
def test_a_code_whose_amount_is_taken_is_skipped(monkeypatch, shop):
    first, second = create_order(), create_order()
    assert first.total_incl_tax == second.total_incl_tax
    codes(monkeypatch, 123, 123, 456)

    one = transfers.create_for_order(first, shop)
    two = transfers.create_for_order(second, shop)

    assert one.unique_code == 123
    assert two.unique_code == 456
    assert two.amount_due == second.total_incl_tax + 456


@pytest.mark.django_db
def test_a_paid_transfer_frees_its_amount(monkeypatch, shop):
    first, second = create_order(), create_order()
    codes(monkeypatch, 7, 7)
    paid = transfers.create_for_order(first, shop)
    BankTransfer.objects.filter(pk=paid.pk).update(status=BankTransfer.Status.PAID)

    assert transfers.create_for_order(second, shop).unique_code == 7


@pytest.mark.django_db
def test_when_every_code_is_taken_it_says_so(monkeypatch, shop):
    first, second = create_order(), create_order()
    codes(monkeypatch, *([9] * (transfers.MAX_ATTEMPTS + 1)))
    transfers.create_for_order(first, shop)
    with pytest.raises(transfers.NoFreeTransferCode):
        transfers.create_for_order(second, shop)
    assert BankTransfer.objects.count() == 1


@pytest.mark.django_db
def test_confirming_a_transfer_marks_the_order_paid_once(shop):
    order = create_order()
    order.status = "Awaiting payment"
    order.save()
    transfer = transfers.create_for_order(order, shop)
    order.sources.create(
        source_type=get_model("payment", "SourceType").objects.create(name="Transfer bank"),
        amount_allocated=order.total_incl_tax,
    )

    transfers.confirm_paid(transfer.pk, user=None)
    order.refresh_from_db()
    assert order.status == "Processing"
    assert order.sources.get().amount_debited == order.total_incl_tax
    with pytest.raises(transfers.TransferNotAwaiting):
        transfers.confirm_paid(transfer.pk, user=None)
    assert order.sources.get().amount_debited == Decimal(order.total_incl_tax)
