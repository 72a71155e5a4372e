"""Paying for an order the Indonesian way, end to end through the pages a
shopper and an operator really use.

What this proves, method by method:

* Bank transfer: the shopper sees the exact amount with its 3-digit code and
  can send a receipt (a phone photo, stored privately and without its GPS
  position, or a PDF); every unusable file is refused with a message and
  stores nothing; the operator alone opens receipts, rejects one only with a
  reason the shopper is emailed, and confirms a payment exactly once.
* QRIS: each order gets a dynamic code for exactly its amount, shown inline
  and as a PNG that scans back to the same text; no two waiting transfer or
  QRIS orders share an amount.
* Cash on delivery: no deadline; the cash is confirmed once every line is
  delivered, and the producers' ledger says who holds the money.
* Expiry: one reminder, then one cancellation that gives the stock back; a
  cash order, a paid order and an order whose receipt awaits checking do not
  expire.
* The operator's status form cancels only unpaid orders (stock back) and
  never marks an unpaid order "Processing"; an order whose producer
  cancelled every line is not paid either.
* Refunds of a paid order through the payment box: reasons, limits, stock
  back exactly once, partial refunds that add up to the line price, the
  delivery fee refunded once, and Oscar's payment source in step.

Assertions read data (amounts, states, stock counts, status codes, URLs), not
sentences, which may not be translated yet.
"""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from django.contrib.auth.models import Permission
from django.contrib.messages import constants as message_levels
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fpdf import FPDF
from oscar.core.loading import get_model
from PIL import Image
from pypdf import PdfReader, PdfWriter

from storefront.payment import confirmation, expiry, proofs, qris
from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from vendors import fulfilment, ledger

Order = get_model("order", "Order")
Payment = get_model("payment", "Payment")
PaymentProof = get_model("payment", "PaymentProof")
Refund = get_model("payment", "Refund")
Transaction = get_model("payment", "Transaction")
StockRecord = get_model("partner", "StockRecord")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")
LedgerEntry = get_model("partner", "LedgerEntry")
Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
ConditionalOffer = get_model("offer", "ConditionalOffer")

SHOPPER_EMAIL = "pembeli@contoh.test"
ONE_MB = 1024 * 1024
GPS_IFD = 0x8825


# --- the shop, its people and its products -------------------------------------


@pytest.fixture
def producer(ibun):
    return factories.ProducerFactory(site=ibun, name="Opak Bu Tati")


@pytest.fixture
def producer_user(producer):
    """Bu Tati's own login: she has the dashboard for her lines, not staff."""
    user = factories.UserFactory(first_name="Tati")
    user.user_permissions.add(
        Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    )
    producer.users.add(user)
    return user


@pytest.fixture
def product(producer):
    return factories.ProductFactory(
        title="Opak Ketan", producer=producer, stock=10, stock__price=25000
    )


@pytest.fixture
def operator(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def operator_client(ibun, operator):
    client = Client(HTTP_HOST="ibun.localhost")
    client.force_login(operator)
    return client


def place(client, product, *, payment="bank-transfer", quantity=1, shipping="pickup"):
    """A guest order placed through the real checkout; returns the order."""
    add_to_basket(client, product, quantity=quantity)
    response = checkout_as_guest(client, payment=payment, shipping=shipping, email=SHOPPER_EMAIL)
    assert response.status_code == 302, response.content.decode()[:1000]
    return Order.objects.latest("pk")


def payment_of(order):
    return Payment.objects.get(order=order)


def stock_of(product):
    record = StockRecord.objects.get(product=product)
    return record.num_in_stock, record.num_allocated or 0


def rupiah_text(amount):
    """How the pages write an amount: "Rp 25.123"."""
    return f"Rp {int(amount):,}".replace(",", ".")


def text_of(response):
    return response.content.decode().replace("\xa0", " ")


def messages_of(response):
    return [(message.level, str(message)) for message in response.context["messages"]]


def errors_of(response):
    return [text for level, text in messages_of(response) if level == message_levels.ERROR]


def order_page(client, order):
    """The shopper's order status page, after giving the order's email as
    Oscar asks a guest to."""
    kwargs = {"order_number": order.number, "hash": order.verification_hash()}
    client.post(reverse("customer:anon-order-form", kwargs=kwargs), {"email": SHOPPER_EMAIL})
    response = client.get(reverse("customer:anon-order", kwargs=kwargs))
    assert response.status_code == 200
    return response


def payment_url(name, order, hash=None):
    kwargs = {"number": order.number, "hash": hash or order.verification_hash()}
    return reverse(f"payment:{name}", kwargs=kwargs)


def send_receipt(client, order, data, name="bukti.jpg", hash=None):
    """The shopper sends a receipt from the payment panel; follows the redirect
    back to the page (thank-you or order status) that shows the message."""
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(payment_url("proof-upload", order, hash), {"proof": upload}, follow=True)


@pytest.fixture
def receipt_dir(monkeypatch):
    """The test session's "private" storage (tests/conftest.py), where receipts
    must go. PaymentProof.file bound its storage when the models loaded, before
    conftest pointed STORAGES["private"] at a temporary folder (see
    test_a_receipt_goes_to_the_private_storage_the_settings_name), so it is
    pointed there explicitly: the receipts these tests send stay out of the
    repository's var/private, which concurrent runs share."""
    storage = storages["private"]
    monkeypatch.setattr(PaymentProof._meta.get_field("file"), "storage", storage)
    root = Path(storage.location)
    root.mkdir(parents=True, exist_ok=True)
    return root


def files_in(root):
    return {path for path in root.rglob("*") if path.is_file()}


def dashboard_url(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def operator_does(client, order, action, **data):
    """The operator posts one of the payment box's (or Oscar's) order actions."""
    response = client.post(dashboard_url(order), {"order_action": action, **data}, follow=True)
    assert response.status_code == 200
    return response


# --- files a shopper may send ---------------------------------------------------


def phone_photo(width=640, height=480):
    """A JPEG as a phone writes it, with the GPS position of the shopper's home."""
    exif = Image.Exif()
    exif[0x010F] = "Samsung"  # Make
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (7.0, 6.0, 0.0), 3: "E", 4: (107.0, 45.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(
        buffer, "JPEG", exif=exif.tobytes(), quality=90
    )
    return buffer.getvalue()


def noisy_photo(side):
    """A JPEG of noise, which does not compress: big for its pixel count."""
    buffer = io.BytesIO()
    Image.effect_noise((side, side), 80).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def receipt_pdf(image_side=0):
    """A real one-page PDF receipt, optionally with a picture that makes it big."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(text="Bukti transfer Bank Uji: Rp 25.123 ke Koperasi Uji")
    if image_side:
        pdf.image(Image.effect_noise((image_side, image_side), 80).convert("RGB"), x=10, y=30)
    return bytes(pdf.output())


def first_half(data):
    """A download cut off half way."""
    return data[: len(data) // 2]


def locked_pdf():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(receipt_pdf())))
    writer.encrypt("rahasia")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


UNUSABLE_FILES = {
    "password-protected PDF": (locked_pdf, "bukti.pdf"),
    "truncated PDF": (lambda: first_half(receipt_pdf()), "bukti.pdf"),
    "text file named .jpg": (lambda: b"Sudah transfer ya bu, 25.123\n" * 20, "bukti.jpg"),
    "empty file": (lambda: b"", "bukti.jpg"),
    "photo over the size limit": (lambda: noisy_photo(1400), "bukti.jpg"),
    "PDF over the size limit": (lambda: receipt_pdf(image_side=1100), "bukti.pdf"),
}


# === 1. Bank transfer: the order page and receipts =================================


@pytest.mark.django_db
def test_the_order_page_shows_the_exact_amount_with_its_code_and_a_receipt_form(
    ibun_client, product
):
    order = place(ibun_client, product, quantity=2)
    payment = payment_of(order)
    assert payment.amount_due == order.total_incl_tax + payment.unique_code

    page = text_of(order_page(ibun_client, order))

    assert rupiah_text(payment.amount_due) in page
    assert f"<strong>{payment.unique_code:03d}</strong>" in page
    assert payment.account_number in page
    assert f'action="{payment_url("proof-upload", order)}"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'name="proof"' in page


@pytest.mark.django_db
def test_the_thank_you_page_shows_the_same_amount_and_receipt_form(ibun_client, product):
    add_to_basket(ibun_client, product)
    response = checkout_as_guest(ibun_client, payment="bank-transfer", email=SHOPPER_EMAIL)
    order = Order.objects.get()
    payment = payment_of(order)

    page = text_of(ibun_client.get(response["Location"]))

    assert order.number in page
    assert rupiah_text(payment.amount_due) in page
    assert f'action="{payment_url("proof-upload", order)}"' in page


@pytest.mark.django_db
def test_a_phone_photo_receipt_is_kept_privately_without_its_gps_position(
    ibun_client, product, settings, receipt_dir
):
    order = place(ibun_client, product)
    order_page(ibun_client, order)
    photo = phone_photo()
    assert b"Exif" in photo and b"Samsung" in photo

    response = send_receipt(ibun_client, order, photo, name="IMG_20240101.jpg")

    assert response.status_code == 200
    assert not errors_of(response)
    proof = PaymentProof.objects.get()
    assert proof.payment == payment_of(order)
    assert (proof.verdict, proof.content_type) == ("submitted", "image/jpeg")
    stored = Path(proof.file.path)
    assert stored.is_relative_to(receipt_dir)
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    data = stored.read_bytes()
    assert b"Exif" not in data and b"Samsung" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert not image.getexif().get_ifd(GPS_IFD)
    # The receipt only helps the operator: the order still waits for her check.
    assert payment_of(order).status == "awaiting"


@pytest.mark.django_db
def test_a_pdf_receipt_is_kept_as_a_pdf(ibun_client, product, receipt_dir):
    order = place(ibun_client, product)
    order_page(ibun_client, order)
    pdf = receipt_pdf()

    response = send_receipt(ibun_client, order, pdf, name="mutasi.pdf")

    assert not errors_of(response)
    proof = PaymentProof.objects.get()
    assert proof.content_type == "application/pdf"
    assert proof.file.name.endswith(".pdf")
    with proof.file.open("rb") as stored:
        assert stored.read() == pdf
    assert Path(proof.file.path).is_relative_to(receipt_dir)


@pytest.mark.django_db
def test_a_receipt_goes_to_the_private_storage_the_settings_name(ibun_client, product):
    """STORAGES["private"] decides where receipts live (tests/conftest.py
    points it at the test run's temporary folder)."""
    order = place(ibun_client, product)
    order_page(ibun_client, order)

    send_receipt(ibun_client, order, phone_photo())

    proof = PaymentProof.objects.get()
    stored = Path(proof.file.path)
    try:
        assert stored.is_relative_to(Path(storages["private"].location))
    finally:
        proof.file.delete(save=False)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(UNUSABLE_FILES))
def test_an_unusable_receipt_is_refused_with_a_message_and_nothing_is_stored(
    ibun_client, product, settings, receipt_dir, kind
):
    settings.PASAR_MAX_UPLOAD_BYTES = ONE_MB
    make, name = UNUSABLE_FILES[kind]
    data = make()
    if "size limit" in kind:
        assert len(data) > ONE_MB
    order = place(ibun_client, product)
    order_page(ibun_client, order)
    files_before = files_in(receipt_dir)

    response = send_receipt(ibun_client, order, data, name=name)

    assert response.status_code == 200
    (error,) = errors_of(response)
    assert error.strip()
    assert not PaymentProof.objects.exists()
    assert files_in(receipt_dir) == files_before
    assert payment_of(order).status == "awaiting"


@pytest.mark.django_db
def test_a_fourth_receipt_waiting_to_be_checked_is_refused(ibun_client, product, receipt_dir):
    order = place(ibun_client, product)
    order_page(ibun_client, order)
    for _ in range(proofs.MAX_WAITING_PROOFS):
        assert not errors_of(send_receipt(ibun_client, order, phone_photo()))
    files_before = files_in(receipt_dir)

    response = send_receipt(ibun_client, order, phone_photo())

    assert len(errors_of(response)) == 1
    assert PaymentProof.objects.filter(verdict="submitted").count() == 3
    assert files_in(receipt_dir) == files_before


@pytest.mark.django_db
def test_a_receipt_sent_with_a_wrong_hash_finds_no_order_and_stores_nothing(
    ibun_client, product, receipt_dir
):
    order = place(ibun_client, product)
    files_before = files_in(receipt_dir)

    response = send_receipt(ibun_client, order, phone_photo(), hash="x" * 12)

    assert response.status_code == 404
    assert not PaymentProof.objects.exists()
    assert files_in(receipt_dir) == files_before


@pytest.mark.django_db
def test_the_receipt_form_sent_without_a_file_asks_for_one(ibun_client, product, receipt_dir):
    order = place(ibun_client, product)
    files_before = files_in(receipt_dir)

    response = ibun_client.post(payment_url("proof-upload", order), {}, follow=True)

    assert response.status_code == 200
    assert len(errors_of(response)) == 1
    assert not PaymentProof.objects.exists()
    assert files_in(receipt_dir) == files_before


def _paid(order, operator):
    confirmation.confirm_received(payment_of(order).pk, operator)


def _expired(order, operator):
    expiry.expire_due(now=payment_of(order).expires_at + datetime.timedelta(minutes=1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payment, settle, status",
    [
        ("bank-transfer", _paid, "paid"),
        ("bank-transfer", _expired, "expired"),
        ("cod", None, "awaiting"),
    ],
    ids=["paid", "expired", "cash on delivery"],
)
def test_no_receipt_is_taken_for_a_paid_expired_or_cash_order(
    ibun_client, product, operator, receipt_dir, payment, settle, status
):
    order = place(ibun_client, product, payment=payment)
    if settle:
        settle(order, operator)
    assert payment_of(order).status == status
    order_page(ibun_client, order)
    files_before = files_in(receipt_dir)

    response = send_receipt(ibun_client, order, phone_photo())

    assert len(errors_of(response)) == 1
    assert not PaymentProof.objects.exists()
    assert files_in(receipt_dir) == files_before
    assert payment_of(order).status == status


# === 2. The operator checks receipts and confirms transfers =====================


@pytest.fixture
def order_with_receipt(ibun_client, product, receipt_dir):
    order = place(ibun_client, product, quantity=2)
    order_page(ibun_client, order)
    send_receipt(ibun_client, order, phone_photo())
    return order, PaymentProof.objects.get()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, name, content_type",
    [(phone_photo, "bukti.jpg", "image/jpeg"), (receipt_pdf, "bukti.pdf", "application/pdf")],
    ids=["photo", "pdf"],
)
def test_the_operator_sees_the_receipt_in_the_payment_box_and_opens_it(
    ibun_client, operator_client, product, receipt_dir, data, name, content_type
):
    order = place(ibun_client, product)
    send_receipt(ibun_client, order, data(), name=name)
    proof = PaymentProof.objects.get()
    proof_url = reverse("payment:proof-file", kwargs={"proof_id": proof.pk})

    page = text_of(operator_client.get(dashboard_url(order)))
    assert 'id="payment_box"' in page
    assert f'href="{proof_url}"' in page
    assert f'name="proof" value="{proof.pk}"' in page

    response = operator_client.get(proof_url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == Path(proof.file.path).read_bytes()


@pytest.fixture
def stranger_shopper_client(ibun):
    client = Client(HTTP_HOST="ibun.localhost")
    client.force_login(factories.UserFactory())
    return client


@pytest.fixture
def producer_client(ibun, producer_user):
    client = Client(HTTP_HOST="ibun.localhost")
    client.force_login(producer_user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["anonymous visitor", "the shopper with her order", "producer", "another shopper"]
)
def test_only_an_operator_may_open_a_receipt(request, ibun_client, order_with_receipt, who):
    _order, proof = order_with_receipt
    client = {
        "anonymous visitor": lambda: Client(HTTP_HOST="ibun.localhost"),
        # Her session has given the order's email and sent the receipt.
        "the shopper with her order": lambda: ibun_client,
        "producer": lambda: request.getfixturevalue("producer_client"),
        "another shopper": lambda: request.getfixturevalue("stranger_shopper_client"),
    }[who]()

    response = client.get(reverse("payment:proof-file", kwargs={"proof_id": proof.pk}))

    assert response.status_code == 404


@pytest.mark.django_db
def test_rejecting_a_receipt_needs_a_reason(
    operator_client, order_with_receipt, mailoutbox, django_capture_on_commit_callbacks
):
    order, proof = order_with_receipt
    deadline = payment_of(order).expires_at

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_does(
            operator_client, order, "reject_proof", proof=proof.pk, reason="   "
        )

    assert len(errors_of(response)) == 1
    proof.refresh_from_db()
    assert (proof.verdict, proof.rejection_reason, proof.reviewed_by) == ("submitted", "", None)
    assert payment_of(order).expires_at == deadline
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_rejected_receipt_tells_the_shopper_why_and_the_order_keeps_waiting(
    operator_client, operator, order_with_receipt, mailoutbox, django_capture_on_commit_callbacks
):
    order, proof = order_with_receipt
    deadline = payment_of(order).expires_at
    reason = "Nominal di bukti Rp 50.000, bukan jumlah pesanan"

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_does(
            operator_client, order, "reject_proof", proof=proof.pk, reason=reason
        )

    assert not errors_of(response)
    proof.refresh_from_db()
    assert (proof.verdict, proof.rejection_reason, proof.reviewed_by) == (
        "rejected",
        reason,
        operator,
    )
    (email,) = mailoutbox
    assert email.to == [SHOPPER_EMAIL]
    assert order.number in email.subject
    assert reason in email.body
    payment = payment_of(order)
    order.refresh_from_db()
    assert (payment.status, order.status) == ("awaiting", "Awaiting payment")
    # Far from its deadline, the order keeps the one it had.
    assert payment.expires_at == deadline


@pytest.mark.django_db
def test_a_late_rejection_leaves_the_shopper_the_warning_period_to_pay(
    operator_client, order_with_receipt, settings
):
    order, proof = order_with_receipt
    Payment.objects.filter(order=order).update(
        expires_at=timezone.now() + datetime.timedelta(minutes=30)
    )
    before = timezone.now()

    operator_does(operator_client, order, "reject_proof", proof=proof.pk, reason="Buram")

    grace = datetime.timedelta(hours=settings.PASAR_EXPIRY_WARNING_HOURS)
    assert payment_of(order).expires_at >= before + grace
    assert payment_of(order).status == "awaiting"


@pytest.mark.django_db
def test_confirming_a_transfer_takes_the_payment_once(
    operator_client, operator, order_with_receipt, mailoutbox, django_capture_on_commit_callbacks
):
    order, proof = order_with_receipt

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_does(operator_client, order, "confirm_payment")

    assert not errors_of(response)
    payment = payment_of(order)
    order.refresh_from_db()
    assert (payment.status, payment.confirmed_by, order.status) == ("paid", operator, "Processing")
    assert payment.paid_at is not None
    source = order.sources.get()
    assert source.amount_debited == order.total_incl_tax
    assert Transaction.objects.filter(source=source, txn_type="Debit").count() == 1
    proof.refresh_from_db()
    assert (proof.verdict, proof.reviewed_by) == ("accepted", operator)
    (email,) = mailoutbox
    assert email.to == [SHOPPER_EMAIL]
    assert order.number in email.subject


@pytest.mark.django_db
def test_a_second_confirmation_is_refused_and_changes_nothing(
    operator_client, order_with_receipt, mailoutbox, django_capture_on_commit_callbacks
):
    order, _proof = order_with_receipt
    operator_does(operator_client, order, "confirm_payment")
    paid_at = payment_of(order).paid_at

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_does(operator_client, order, "confirm_payment")

    assert len(errors_of(response)) == 1
    assert payment_of(order).paid_at == paid_at
    source = order.sources.get()
    assert source.amount_debited == order.total_incl_tax
    assert Transaction.objects.filter(source=source, txn_type="Debit").count() == 1
    assert mailoutbox == []


@pytest.mark.django_db
def test_money_for_an_expired_order_cannot_be_confirmed(
    ibun_client, operator_client, product, mailoutbox, django_capture_on_commit_callbacks
):
    stock_before = stock_of(product)
    order = place(ibun_client, product)
    expiry.expire_due(now=payment_of(order).expires_at + datetime.timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_does(operator_client, order, "confirm_payment")

    assert len(errors_of(response)) == 1
    order.refresh_from_db()
    assert (payment_of(order).status, order.status) == ("expired", "Cancelled")
    assert order.sources.get().amount_debited == 0
    assert stock_of(product) == stock_before
    assert mailoutbox == []


# === 3. QRIS ===================================================================


@pytest.mark.django_db
def test_a_qris_order_carries_a_single_payment_code_for_its_exact_amount(ibun_client, product):
    order = place(ibun_client, product, payment="qris")
    payment = payment_of(order)

    assert 1 <= payment.unique_code <= 999
    assert payment.amount_due == order.total_incl_tax + payment.unique_code
    fields = dict(qris.parse(payment.qris_payload))
    assert fields["01"] == qris.DYNAMIC
    assert qris.read_amount(payment.qris_payload) == payment.amount_due


@pytest.mark.django_db
def test_the_qris_order_page_embeds_the_code_as_inline_svg(ibun_client, product):
    order = place(ibun_client, product, payment="qris")

    page = text_of(order_page(ibun_client, order))

    assert '<div class="qris-code"><svg' in page
    assert 'role="img"' in page
    assert f'href="{payment_url("qris-image", order)}"' in page
    assert rupiah_text(payment_of(order).amount_due) in page


@pytest.mark.django_db
def test_the_qris_png_scans_back_to_exactly_the_payload(ibun_client, product):
    order = place(ibun_client, product, payment="qris")

    response = ibun_client.get(payment_url("qris-image", order))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.text == payment_of(order).qris_payload


@pytest.mark.django_db
@pytest.mark.parametrize("settle", [_paid, _expired], ids=["paid", "expired"])
def test_the_qris_png_is_gone_once_the_order_is_paid_or_expired(
    ibun_client, product, operator, settle
):
    order = place(ibun_client, product, payment="qris")
    settle(order, operator)

    assert ibun_client.get(payment_url("qris-image", order)).status_code == 404


@pytest.mark.django_db
def test_waiting_transfers_and_qris_orders_never_share_an_amount(ibun_client, product):
    for method in ["bank-transfer", "qris"] * 4:
        place(ibun_client, product, payment=method)

    amounts = list(Payment.objects.values_list("amount_due", flat=True))
    assert Payment.objects.filter(method="qris").count() == 4
    assert len(set(amounts)) == len(amounts) == 8


@pytest.mark.django_db
def test_the_database_refuses_a_qris_amount_a_waiting_transfer_already_has(ibun_client, product):
    transfer = payment_of(place(ibun_client, product, payment="bank-transfer"))
    qris_payment = payment_of(place(ibun_client, product, payment="qris"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=qris_payment.pk).update(amount_due=transfer.amount_due)
    assert payment_of(qris_payment.order).amount_due != transfer.amount_due


def waiting_transfers_holding_codes(total, codes):
    """Waiting transfers (of other shoppers) that already hold ``total`` plus
    each of these codes."""
    orders = Order.objects.bulk_create(
        Order(
            number=f"T{code:06d}",
            currency="IDR",
            total_incl_tax=total,
            total_excl_tax=total,
            status="Awaiting payment",
            guest_email=f"lain{code}@contoh.test",
            date_placed=timezone.now(),
        )
        for code in codes
    )
    Payment.objects.bulk_create(
        Payment(
            order=order,
            method="bank-transfer",
            amount_due=total + code,
            unique_code=code,
            expires_at=timezone.now() + datetime.timedelta(hours=24),
        )
        for order, code in zip(orders, codes, strict=True)
    )


@pytest.mark.django_db
def test_a_qris_order_avoids_every_amount_waiting_transfers_hold(ibun_client, product):
    """700 of the 999 codes for Rp 25.000 are taken by waiting transfers: the
    QRIS order must get one of the others (50 random tries, so a failure
    here is a real collision, not bad luck: 0.7**50 is about 2e-8)."""
    taken = range(1, 701)
    waiting_transfers_holding_codes(Decimal("25000"), taken)

    order = place(ibun_client, product, payment="qris")

    payment = payment_of(order)
    assert order.total_incl_tax == Decimal("25000")
    assert payment.unique_code not in taken
    assert qris.read_amount(payment.qris_payload) == payment.amount_due
    amounts = list(Payment.objects.filter(status="awaiting").values_list("amount_due", flat=True))
    assert len(amounts) == len(set(amounts)) == 701


@pytest.mark.django_db
def test_the_qris_png_of_a_transfer_order_does_not_exist(ibun_client, product):
    order = place(ibun_client, product, payment="bank-transfer")

    assert ibun_client.get(payment_url("qris-image", order)).status_code == 404


# === 4. Cash on delivery ========================================================


def walk_to(line, last_step, user):
    """The producer moves her line step by step, ending at ``last_step``."""
    steps = [
        fulfilment.CONFIRMED,
        fulfilment.PACKED,
        fulfilment.READY_FOR_PICKUP,
        fulfilment.DELIVERED,
    ]
    for step in steps[: steps.index(last_step) + 1]:
        fulfilment.change_status(line, step, user)


@pytest.fixture
def cash_order(ibun_client, product, producer):
    """Two lines of Bu Tati's: Opak Ketan x2 (50.000) and Rengginang x1 (30.000)."""
    second = factories.ProductFactory(
        title="Rengginang", producer=producer, stock=5, stock__price=30000
    )
    add_to_basket(ibun_client, second)
    return place(ibun_client, product, payment="cod", quantity=2)


@pytest.mark.django_db
def test_a_cash_order_waits_for_its_cash_without_a_deadline(cash_order):
    payment = payment_of(cash_order)

    assert (payment.method, payment.status) == ("cod", "awaiting")
    assert payment.expires_at is None
    assert payment.unique_code is None
    assert payment.amount_due == cash_order.total_incl_tax == Decimal("80000")
    assert cash_order.status == "Processing"


@pytest.mark.django_db
def test_cash_cannot_be_confirmed_before_every_line_is_delivered(
    operator_client, cash_order, producer, producer_user
):
    first, second = cash_order.lines.order_by("pk")
    walk_to(first, fulfilment.DELIVERED, producer_user)
    walk_to(second, fulfilment.READY_FOR_PICKUP, producer_user)

    response = operator_does(operator_client, cash_order, "confirm_cash", held_by="shop")

    assert len(errors_of(response)) == 1
    payment = payment_of(cash_order)
    assert (payment.status, payment.cash_held_by, payment.paid_at) == ("awaiting", "", None)
    assert not LedgerEntry.objects.filter(producer=producer).exists()
    assert cash_order.sources.get().amount_debited == 0


@pytest.mark.django_db
def test_cash_held_by_the_shop_is_owed_to_the_producer_less_commission(
    operator_client, operator, cash_order, producer, producer_user
):
    for line in cash_order.lines.all():
        walk_to(line, fulfilment.DELIVERED, producer_user)

    response = operator_does(operator_client, cash_order, "confirm_cash", held_by="shop")

    assert not errors_of(response)
    payment = payment_of(cash_order)
    assert (payment.status, payment.cash_held_by, payment.confirmed_by) == (
        "paid",
        "shop",
        operator,
    )
    # 80.000 less the shop's 10% commission.
    assert ledger.balance(producer) == Decimal("72000")
    assert LedgerEntry.objects.filter(producer=producer, kind="sale").count() == 2
    assert not LedgerEntry.objects.filter(producer=producer, kind="cash_collected").exists()


@pytest.mark.django_db
def test_cash_kept_by_the_producer_leaves_her_owing_the_commission(
    operator_client, cash_order, producer, producer_user
):
    for line in cash_order.lines.all():
        walk_to(line, fulfilment.DELIVERED, producer_user)

    operator_does(operator_client, cash_order, "confirm_cash", held_by="producers")

    assert payment_of(cash_order).cash_held_by == "producers"
    assert ledger.balance(producer) == Decimal("-8000")
    assert LedgerEntry.objects.filter(producer=producer, kind="cash_collected").count() == 2


@pytest.mark.django_db
def test_cash_cannot_be_confirmed_twice(operator_client, cash_order, producer, producer_user):
    for line in cash_order.lines.all():
        walk_to(line, fulfilment.DELIVERED, producer_user)
    operator_does(operator_client, cash_order, "confirm_cash", held_by="producers")
    entries = LedgerEntry.objects.filter(producer=producer).count()

    response = operator_does(operator_client, cash_order, "confirm_cash", held_by="shop")

    assert len(errors_of(response)) == 1
    assert payment_of(cash_order).cash_held_by == "producers"
    assert LedgerEntry.objects.filter(producer=producer).count() == entries
    assert ledger.balance(producer) == Decimal("-8000")


# === 5. Expiry ==================================================================


@pytest.mark.django_db
def test_a_shopper_is_reminded_once_however_many_runs(
    ibun_client, product, settings, mailoutbox, django_capture_on_commit_callbacks
):
    order = place(ibun_client, product)
    deadline = payment_of(order).expires_at
    inside_window = deadline - datetime.timedelta(hours=settings.PASAR_EXPIRY_WARNING_HOURS - 1)

    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.warn_soon_due(now=deadline - datetime.timedelta(hours=12)) == 0
        warned = [expiry.warn_soon_due(now=inside_window) for _ in range(3)]
        Payment.objects.filter(order=order).update(
            expires_at=timezone.now() + datetime.timedelta(hours=1)
        )
        call_command("expire_unpaid_orders", stdout=io.StringIO())

    assert warned == [1, 0, 0]
    (email,) = mailoutbox
    assert email.to == [SHOPPER_EMAIL]
    assert order.number in email.subject
    assert payment_of(order).status == "awaiting"


@pytest.mark.django_db
def test_an_overdue_transfer_order_is_cancelled_once_and_its_stock_comes_back(
    ibun_client, product, mailoutbox, django_capture_on_commit_callbacks
):
    stock_before = stock_of(product)
    order = place(ibun_client, product, quantity=3)
    assert stock_of(product) == (stock_before[0], stock_before[1] + 3)
    after_deadline = payment_of(order).expires_at + datetime.timedelta(minutes=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.expire_due(now=after_deadline) == 1

    payment = payment_of(order)
    order.refresh_from_db()
    assert (payment.status, order.status) == ("expired", "Cancelled")
    line = order.lines.get()
    assert line.status == fulfilment.CANCELLED
    (event,) = FulfilmentEvent.objects.filter(line=line)
    assert event.status == fulfilment.CANCELLED and event.note.strip()
    assert stock_of(product) == stock_before
    (email,) = mailoutbox
    assert email.to == [SHOPPER_EMAIL]
    assert order.number in email.subject

    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.expire_due(now=after_deadline + datetime.timedelta(hours=1)) == 0
        call_command("expire_unpaid_orders", stdout=io.StringIO())

    assert stock_of(product) == stock_before
    assert FulfilmentEvent.objects.filter(line=line).count() == 1
    assert payment_of(order).status == "expired"
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_command_expires_an_order_past_its_deadline(
    ibun_client, product, mailoutbox, django_capture_on_commit_callbacks
):
    stock_before = stock_of(product)
    order = place(ibun_client, product, payment="qris")
    Payment.objects.filter(order=order).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_unpaid_orders", stdout=out)

    assert "1 expired" in out.getvalue()
    assert payment_of(order).status == "expired"
    assert stock_of(product) == stock_before
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_cash_order_never_expires(ibun_client, product):
    order = place(ibun_client, product, payment="cod")
    years_later = timezone.now() + datetime.timedelta(days=3650)

    assert expiry.warn_soon_due(now=years_later) == 0
    assert expiry.expire_due(now=years_later) == 0

    order.refresh_from_db()
    assert (payment_of(order).status, order.status) == ("awaiting", "Processing")
    assert order.lines.get().status == fulfilment.NEW


@pytest.mark.django_db
def test_a_receipt_waiting_to_be_checked_holds_the_expiry_until_it_is_rejected(
    ibun_client, product, operator, settings, receipt_dir
):
    stock_before = stock_of(product)
    order = place(ibun_client, product)
    order_page(ibun_client, order)
    send_receipt(ibun_client, order, phone_photo())
    # The deadline passes while the receipt waits for the operator.
    Payment.objects.filter(order=order).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )

    assert expiry.expire_due() == 0
    assert payment_of(order).status == "awaiting"

    proof = PaymentProof.objects.get()
    confirmation.reject_proof(proof.pk, operator, "Bukti untuk pesanan lain")
    grace_end = timezone.now() + datetime.timedelta(hours=settings.PASAR_EXPIRY_WARNING_HOURS)
    assert expiry.expire_due(now=grace_end - datetime.timedelta(minutes=5)) == 0
    assert expiry.expire_due(now=grace_end + datetime.timedelta(minutes=5)) == 1

    order.refresh_from_db()
    assert (payment_of(order).status, order.status) == ("expired", "Cancelled")
    assert stock_of(product) == stock_before


@pytest.mark.django_db
def test_a_paid_order_does_not_expire(ibun_client, product, operator):
    order = place(ibun_client, product, quantity=2)
    stock_after_order = stock_of(product)
    confirmation.confirm_received(payment_of(order).pk, operator)
    overdue = payment_of(order).expires_at + datetime.timedelta(days=2)

    assert expiry.warn_soon_due(now=overdue - datetime.timedelta(days=2, hours=1)) == 0
    assert expiry.expire_due(now=overdue) == 0

    order.refresh_from_db()
    assert (payment_of(order).status, order.status) == ("paid", "Processing")
    assert order.lines.get().status == fulfilment.NEW
    assert stock_of(product) == stock_after_order


# === 6. The operator's order status form ========================================


@pytest.mark.django_db
def test_the_operator_cancels_an_unpaid_order_and_its_stock_comes_back(
    ibun_client, operator_client, product, mailoutbox, django_capture_on_commit_callbacks
):
    stock_before = stock_of(product)
    order = place(ibun_client, product, quantity=2)

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_does(
            operator_client, order, "change_order_status", new_status="Cancelled"
        )

    assert not errors_of(response)
    order.refresh_from_db()
    assert (order.status, payment_of(order).status) == ("Cancelled", "cancelled")
    line = order.lines.get()
    assert line.status == fulfilment.CANCELLED
    assert FulfilmentEvent.objects.get(line=line).note.strip()
    assert stock_of(product) == stock_before
    assert order.sources.get().amount_debited == 0
    (email,) = mailoutbox
    assert email.to == [SHOPPER_EMAIL]
    assert order.number in email.subject


@pytest.mark.django_db
def test_a_paid_order_is_not_cancelled_from_the_status_form(
    ibun_client, operator_client, operator, product
):
    order = place(ibun_client, product, quantity=2)
    confirmation.confirm_received(payment_of(order).pk, operator)
    stock_paid = stock_of(product)

    response = operator_does(operator_client, order, "change_order_status", new_status="Cancelled")

    assert len(errors_of(response)) == 1
    order.refresh_from_db()
    assert (order.status, payment_of(order).status) == ("Processing", "paid")
    assert order.lines.get().status == fulfilment.NEW
    assert stock_of(product) == stock_paid
    assert not Refund.objects.exists()


@pytest.mark.django_db
def test_an_unpaid_order_is_not_set_processing_by_hand(ibun_client, operator_client, product):
    order = place(ibun_client, product)

    response = operator_does(operator_client, order, "change_order_status", new_status="Processing")

    assert len(errors_of(response)) == 1
    order.refresh_from_db()
    payment = payment_of(order)
    assert (order.status, payment.status, payment.paid_at) == ("Awaiting payment", "awaiting", None)
    assert order.sources.get().amount_debited == 0


# --- an order whose producer cancelled every line ---------------------------------
# Nothing is left to deliver, so nothing may be paid: the same as when the
# operator cancels the order.


@pytest.mark.django_db
def test_an_order_its_producer_cancelled_entirely_no_longer_asks_to_be_paid(
    ibun_client, product, producer_user
):
    order = place(ibun_client, product)
    fulfilment.change_status(order.lines.get(), fulfilment.CANCELLED, producer_user, note="Habis")
    order.refresh_from_db()
    assert order.status == "Cancelled"

    page = text_of(order_page(ibun_client, order))

    assert payment_url("proof-upload", order) not in page
    assert payment_of(order).status == "cancelled"


@pytest.mark.django_db
def test_money_cannot_be_confirmed_for_an_order_its_producer_cancelled_entirely(
    ibun_client, operator_client, product, producer_user
):
    order = place(ibun_client, product)
    fulfilment.change_status(order.lines.get(), fulfilment.CANCELLED, producer_user, note="Habis")

    response = operator_does(operator_client, order, "confirm_payment")

    assert len(errors_of(response)) == 1
    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert payment_of(order).status != "paid"
    assert order.sources.get().amount_debited == 0


# === 7. Refunds of paid orders (not card) ========================================


@pytest.fixture
def bundle(producer):
    """Rengginang at 4.000 each, sold 3 for 10.000 (Oscar's fixed-price
    offer): a line price that does not divide by its quantity."""
    rengginang = factories.ProductFactory(
        title="Rengginang", producer=producer, stock=9, stock__price=4000
    )
    products = Range.objects.create(name="Rengginang 3 untuk 10.000")
    products.add_product(rengginang)
    ConditionalOffer.objects.create(
        name="Rengginang 3 untuk 10.000",
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(range=products, type=Condition.COUNT, value=3),
        benefit=Benefit.objects.create(
            range=products, type=Benefit.FIXED_PRICE, value=Decimal("10000")
        ),
    )
    return rengginang


def paid_order(client, operator, *products_and_quantities, shipping="pickup"):
    """A transfer order of these (product, quantity) lines, paid."""
    *others, (last, quantity) = products_and_quantities
    for product, other_quantity in others:
        add_to_basket(client, product, quantity=other_quantity)
    order = place(client, last, quantity=quantity, shipping=shipping)
    confirmation.confirm_received(payment_of(order).pk, operator)
    order.refresh_from_db()
    return order


def line_of(order, product):
    return order.lines.get(product=product)


def refund_through_box(client, order, quantities, reason="Barang rusak", restock=False):
    data = {f"refund_{line.pk}": quantity for line, quantity in quantities.items()}
    data["reason"] = reason
    if restock:
        data["restock"] = "on"
    return operator_does(client, order, "refund_lines", **data)


@pytest.mark.django_db
def test_a_refund_needs_a_reason(ibun_client, operator_client, operator, product):
    order = paid_order(ibun_client, operator, (product, 2))
    stock_paid = stock_of(product)

    response = refund_through_box(operator_client, order, {order.lines.get(): 2}, reason=" ")

    assert len(errors_of(response)) == 1
    assert not Refund.objects.exists()
    assert order.lines.get().status == fulfilment.NEW
    assert stock_of(product) == stock_paid
    assert order.sources.get().amount_refunded == 0


@pytest.mark.django_db
def test_no_more_can_be_refunded_than_was_bought(
    ibun_client, operator_client, operator, product, producer_user
):
    order = paid_order(ibun_client, operator, (product, 2))
    walk_to(order.lines.get(), fulfilment.DELIVERED, producer_user)
    stock_delivered = stock_of(product)

    response = refund_through_box(operator_client, order, {order.lines.get(): 3}, restock=True)

    assert len(errors_of(response)) == 1
    assert not Refund.objects.exists()
    assert stock_of(product) == stock_delivered
    assert order.sources.get().amount_refunded == 0


@pytest.mark.django_db
def test_part_of_a_line_not_yet_sent_cannot_be_refunded(
    ibun_client, operator_client, operator, product
):
    order = paid_order(ibun_client, operator, (product, 2))
    stock_paid = stock_of(product)

    response = refund_through_box(operator_client, order, {order.lines.get(): 1})

    assert len(errors_of(response)) == 1
    assert not Refund.objects.exists()
    assert order.lines.get().status == fulfilment.NEW
    assert stock_of(product) == stock_paid


@pytest.mark.django_db
def test_refunding_a_whole_unsent_line_cancels_it_and_returns_its_stock_once(
    ibun_client, operator_client, operator, product, producer
):
    other = factories.ProductFactory(title="Kicimpring", producer=producer, stock=5)
    stock_before = stock_of(product)
    order = paid_order(ibun_client, operator, (other, 1), (product, 2))
    line = line_of(order, product)

    response = refund_through_box(operator_client, order, {line: 2}, restock=True)

    assert not errors_of(response)
    (refund,) = Refund.objects.all()
    assert (refund.status, refund.amount, refund.shipping) == ("done", Decimal("50000"), 0)
    line.refresh_from_db()
    assert line.status == fulfilment.CANCELLED
    assert stock_of(product) == stock_before
    # Nothing of the line is left to refund, so nothing can give its stock back again.
    again = refund_through_box(operator_client, order, {line: 1}, restock=True)
    assert len(errors_of(again)) == 1
    assert Refund.objects.count() == 1
    assert stock_of(product) == stock_before
    order.refresh_from_db()
    assert order.status == "Processing"
    assert line_of(order, other).status == fulfilment.NEW


@pytest.mark.django_db
def test_a_refund_that_cancels_a_line_tells_the_shopper_why(
    ibun_client, operator_client, operator, product, mailoutbox, django_capture_on_commit_callbacks
):
    """Every other way a line is cancelled (by the producer, by the operator,
    by the shop cancelling the order) emails the shopper the reason, and the
    payment box asks for a reason "for the shopper and the producer"."""
    order = paid_order(ibun_client, operator, (product, 2))
    mailoutbox.clear()
    reason = "Stok rusak kena hujan, uang dikembalikan"

    with django_capture_on_commit_callbacks(execute=True):
        refund_through_box(operator_client, order, {order.lines.get(): 2}, reason=reason)

    assert order.lines.get().status == fulfilment.CANCELLED
    (email,) = mailoutbox
    assert email.to == [SHOPPER_EMAIL]
    assert order.number in email.subject
    assert reason in email.body


@pytest.mark.django_db
def test_a_partial_refund_of_a_delivered_line_puts_that_many_back_on_the_shelf(
    ibun_client, operator_client, operator, product, producer_user
):
    order = paid_order(ibun_client, operator, (product, 3))
    line = order.lines.get()
    walk_to(line, fulfilment.DELIVERED, producer_user)
    on_shelf, allocated = stock_of(product)

    response = refund_through_box(operator_client, order, {line: 2}, restock=True)

    assert not errors_of(response)
    assert stock_of(product) == (on_shelf + 2, allocated)
    (refund,) = Refund.objects.all()
    assert refund.amount == Decimal("50000")
    assert refund.lines.get().restocked
    line.refresh_from_db()
    assert line.status == fulfilment.DELIVERED
    # The same form sent again (a double tap) is refused: 1 is left, not 2.
    again = refund_through_box(operator_client, order, {line: 2}, restock=True)
    assert len(errors_of(again)) == 1
    assert Refund.objects.count() == 1
    assert stock_of(product) == (on_shelf + 2, allocated)
    # The last one, without the goods coming back, leaves the shelf alone.
    refund_through_box(operator_client, order, {line: 1})
    assert stock_of(product) == (on_shelf + 2, allocated)


@pytest.mark.django_db
def test_refunding_a_whole_line_ready_for_pickup_puts_its_goods_back_once(
    ibun_client, operator_client, operator, product, producer_user
):
    on_shelf_before, _allocated = stock_of(product)
    order = paid_order(ibun_client, operator, (product, 2))
    line = order.lines.get()
    walk_to(line, fulfilment.READY_FOR_PICKUP, producer_user)
    assert stock_of(product) == (on_shelf_before - 2, 0)

    response = refund_through_box(operator_client, order, {line: 2}, restock=True)

    assert not errors_of(response)
    line.refresh_from_db()
    assert line.status == fulfilment.CANCELLED
    # Two came back from the collection point: two go back on the shelf.
    assert stock_of(product) == (on_shelf_before, 0)


@pytest.mark.django_db
def test_two_partial_refunds_of_a_line_add_up_to_exactly_its_price(
    ibun_client, operator_client, operator, bundle, producer_user
):
    order = paid_order(ibun_client, operator, (bundle, 3))
    line = order.lines.get()
    assert (line.quantity, line.line_price_incl_tax) == (3, Decimal("10000.00"))
    walk_to(line, fulfilment.DELIVERED, producer_user)

    refund_through_box(operator_client, order, {line: 1})
    refund_through_box(operator_client, order, {line: 2})

    first, second = Refund.objects.order_by("pk")
    # 1/3 of 10.000 rounds to 3.333; the other 2/3 are what is left: 6.667.
    assert (first.amount, second.amount) == (Decimal("3333"), Decimal("6667"))
    assert sum(r.amount for r in Refund.objects.all()) == order.total_incl_tax
    assert order.sources.get().amount_refunded == Decimal("10000")


@pytest.mark.django_db
def test_refunding_everything_refunds_the_delivery_fee_once(
    ibun_client, operator_client, operator, product, bundle, producer_user
):
    order = paid_order(
        ibun_client, operator, (bundle, 3), (product, 1), shipping="delivery-village"
    )
    assert order.shipping_incl_tax == Decimal("5000")
    for line in order.lines.all():
        walk_to(line, fulfilment.DELIVERED, producer_user)
    rengginang, opak = line_of(order, bundle), line_of(order, product)

    refund_through_box(operator_client, order, {rengginang: 2})
    refund_through_box(operator_client, order, {rengginang: 1, opak: 1})

    first, last = Refund.objects.order_by("pk")
    assert (first.shipping, last.shipping) == (0, Decimal("5000"))
    assert first.amount + last.amount == order.total_incl_tax == Decimal("40000")
    # Nothing is left: a further refund is refused and refunds no fee again.
    again = refund_through_box(operator_client, order, {opak: 1})
    assert len(errors_of(again)) == 1
    assert Refund.objects.count() == 2


@pytest.mark.django_db
def test_the_payment_source_records_exactly_what_was_refunded(
    ibun_client, operator_client, operator, product, bundle, producer_user
):
    order = paid_order(
        ibun_client, operator, (bundle, 3), (product, 2), shipping="delivery-village"
    )
    for line in order.lines.all():
        walk_to(line, fulfilment.DELIVERED, producer_user)
    rengginang, opak = line_of(order, bundle), line_of(order, product)

    refund_through_box(operator_client, order, {rengginang: 1})
    refund_through_box(operator_client, order, {opak: 1})
    source = order.sources.get()
    refunds = Refund.objects.all()
    assert source.amount_refunded == sum(r.amount for r in refunds)

    refund_through_box(operator_client, order, {rengginang: 2, opak: 1})
    source.refresh_from_db()
    assert source.amount_refunded == sum(r.amount for r in Refund.objects.all())
    assert source.amount_refunded == source.amount_debited == order.total_incl_tax
    assert Transaction.objects.filter(source=source, txn_type="Refund").count() == 3


@pytest.mark.django_db
def test_an_unpaid_order_cannot_be_refunded(ibun_client, operator_client, product):
    order = place(ibun_client, product, quantity=2)
    stock_before_refund = stock_of(product)

    response = refund_through_box(operator_client, order, {order.lines.get(): 2})

    assert len(errors_of(response)) == 1
    assert not Refund.objects.exists()
    assert order.lines.get().status == fulfilment.NEW
    assert stock_of(product) == stock_before_refund
