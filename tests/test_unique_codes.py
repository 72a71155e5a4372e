"""Transfer and QRIS amounts never collide, even when the random code does."""

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from storefront.payment import qris, unique_codes
from tests import payments

Payment = get_model("payment", "Payment")


def codes(monkeypatch, *values):
    """Make the random code generator return these codes (minus one, as
    randbelow(999) + 1 is the code)."""
    sequence = iter(values)
    monkeypatch.setattr(unique_codes.secrets, "randbelow", lambda upper: next(sequence) - 1)


@pytest.mark.django_db
def test_a_code_whose_amount_is_taken_is_skipped(monkeypatch, ibun):
    first, second = create_order(), create_order()
    assert first.total_incl_tax == second.total_incl_tax
    codes(monkeypatch, 123, 123, 456)

    one = payments.awaiting(first, "bank-transfer", ibun)
    two = payments.awaiting(second, "qris", ibun)

    assert one.unique_code == 123
    assert two.unique_code == 456, "transfers and QRIS share the codes: one list to match"
    assert two.amount_due == second.total_incl_tax + 456
    assert qris.read_amount(two.qris_payload) == two.amount_due


@pytest.mark.django_db
def test_a_paid_transfer_frees_its_amount(monkeypatch, ibun):
    first, second = create_order(), create_order()
    codes(monkeypatch, 7, 7)
    paid = payments.awaiting(first, "bank-transfer", ibun)
    Payment.objects.filter(pk=paid.pk).update(status=Payment.Status.PAID)

    assert payments.awaiting(second, "bank-transfer", ibun).unique_code == 7


@pytest.mark.django_db
def test_cash_payments_of_the_same_amount_need_no_code(ibun):
    first, second = create_order(), create_order()
    one = payments.awaiting(first, "cod", ibun)
    two = payments.awaiting(second, "cod", ibun)
    assert one.unique_code is None and two.unique_code is None
    assert one.amount_due == two.amount_due


@pytest.mark.django_db
def test_when_every_code_is_taken_it_says_so(monkeypatch, ibun):
    first, second = create_order(), create_order()
    codes(monkeypatch, *([9] * (unique_codes.MAX_ATTEMPTS + 1)))
    payments.awaiting(first, "bank-transfer", ibun)
    with pytest.raises(unique_codes.NoFreeCode):
        payments.awaiting(second, "bank-transfer", ibun)
    assert Payment.objects.count() == 1
