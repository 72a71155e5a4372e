"""A guest orders from Ibun Store with cash on delivery and bank transfer."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation
from oscar.core.loading import get_model

from tests import factories
from tests.shopping import ADDRESS, add_to_basket, checkout_as_guest

Order = get_model("order", "Order")
Payment = get_model("payment", "Payment")
Basket = get_model("basket", "Basket")


@pytest.fixture
def producer(ibun):
    return factories.ProducerFactory(site=ibun, name="Keripik Ceu Uji")


@pytest.fixture
def product(producer):
    return factories.ProductFactory(
        title="Keripik Singkong Pedas", producer=producer, stock=5, stock__price=25000
    )


@pytest.mark.django_db
def test_guest_orders_with_cash_on_delivery(
    ibun_client, product, django_capture_on_commit_callbacks
):
    add_to_basket(ibun_client, product, quantity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout_as_guest(ibun_client, payment="cod", shipping="pickup")

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.total_incl_tax == Decimal("50000")
    assert order.status == "Processing"
    assert order.guest_email == "pembeli@contoh.test"
    assert [line.partner for line in order.lines.all()] == [product.producer]
    assert order.sources.get().source_type.code == "cod"
    payment = order.payment
    assert (payment.method, payment.status, payment.unique_code) == ("cod", "awaiting", None)
    assert payment.amount_due == order.total_incl_tax
    assert payment.expires_at is None, "cash is paid on delivery: nothing to expire"
    # The stock is allocated for the order.
    product.stockrecords.get().refresh_from_db()
    assert product.stockrecords.get().num_allocated == 2

    thank_you = ibun_client.get(response["Location"])
    assert thank_you.status_code == 200
    assert order.number in thank_you.content.decode()
    assert len(mail.outbox) == 1
    assert order.number in mail.outbox[0].body


@pytest.mark.django_db
def test_guest_orders_with_bank_transfer_and_sees_the_exact_amount(ibun_client, product):
    add_to_basket(ibun_client, product)
    response = checkout_as_guest(ibun_client, payment="bank-transfer", shipping="delivery-village")

    order = Order.objects.get()
    assert order.status == "Awaiting payment"
    assert order.shipping_incl_tax == Decimal("5000")
    transfer = order.payment
    assert transfer.method == "bank-transfer"
    assert 1 <= transfer.unique_code <= 999
    assert transfer.amount_due == Decimal("30000") + transfer.unique_code
    assert transfer.account_number == "1234567890"

    page = ibun_client.get(response["Location"]).content.decode().replace("\xa0", " ")
    assert f"Rp {int(transfer.amount_due):,}".replace(",", ".") in page
    assert "1234567890" in page


@pytest.mark.django_db
def test_the_confirmation_is_queued_after_the_commit_and_sent_in_the_shops_language(
    ibun_client, product, django_capture_on_commit_callbacks
):
    add_to_basket(ibun_client, product)
    with django_capture_on_commit_callbacks() as callbacks:
        checkout_as_guest(ibun_client, email="sari@contoh.test")
    assert mail.outbox == [], "nothing is sent before the order commits"
    with translation.override("en"):  # a worker's language is not the shopper's
        for callback in callbacks:
            callback()
    (email,) = mail.outbox
    order = Order.objects.get()
    assert email.to == ["sari@contoh.test"]
    assert email.subject == f"Konfirmasi dari pesanan {order.number}"
    assert f"/{order.number}/" in email.body, "the link to the order's status"


@pytest.mark.django_db
def test_mail_failure_still_places_exactly_one_order(
    ibun_client, product, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    add_to_basket(ibun_client, product)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = checkout_as_guest(ibun_client)
    assert callbacks, "the confirmation email is sent after the order commits"

    assert response.status_code == 302
    assert "thank-you" in response["Location"]
    assert Order.objects.count() == 1
    # The basket was submitted: the shopper cannot accidentally order twice.
    assert Basket.objects.get(pk=Order.objects.get().basket_id).status == Basket.SUBMITTED
    assert ibun_client.get("/basket/").context["basket"].is_empty


@pytest.mark.django_db
def test_order_status_page_by_number_and_email(ibun_client, product):
    add_to_basket(ibun_client, product)
    checkout_as_guest(ibun_client, email="sari@contoh.test")
    order = Order.objects.get()

    wrong = ibun_client.post("/pesanan/", {"number": order.number, "email": "lain@contoh.test"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors

    response = ibun_client.post(
        "/pesanan/", {"number": order.number, "email": "SARI@contoh.test"}, follow=True
    )
    assert response.status_code == 200
    assert order.number in response.content.decode()
    assert "Keripik Singkong Pedas" in response.content.decode()


@pytest.mark.django_db
def test_each_transfer_gets_an_amount_no_other_waiting_transfer_has(ibun_client, product):
    for _ in range(5):
        add_to_basket(ibun_client, product, quantity=1)
        checkout_as_guest(ibun_client, payment="bank-transfer")
    amounts = list(Payment.objects.values_list("amount_due", flat=True))
    assert len(amounts) == 5
    assert len(set(amounts)) == 5


@pytest.mark.django_db
def test_transfer_is_not_offered_without_a_bank_account(ibun_client, ibun, product):
    from storefront.models import ShopSettings

    ShopSettings.objects.filter(site=ibun).update(bank_account_number="")
    add_to_basket(ibun_client, product)
    ibun_client.post("/checkout/", {"username": "a@contoh.test", "options": "anonymous"})
    ibun_client.post("/checkout/shipping-address/", ADDRESS)
    ibun_client.post("/checkout/shipping-method/", {"method_code": "pickup"})
    response = ibun_client.post("/checkout/payment-method/", {"method": "bank-transfer"})
    assert response.status_code == 200
    assert response.context["form"].errors["method"]
    assert not Order.objects.exists()
