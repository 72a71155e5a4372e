"""Receipts shoppers upload: a screenshot or photo of their banking or
e-wallet app, or the PDF their bank emails.

Photos get the same checks and treatment as product photos (vendors.photos:
size cap, real image formats only, no decompression bombs, metadata and GPS
stripped). A PDF must be a real, readable, unencrypted PDF under the same
size cap. Anything else is refused with a plain message and nothing saved.
"""

import io
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from vendors import photos

PaymentProof = get_model("payment", "PaymentProof")

PDF_MAGIC = b"%PDF-"
#: Receipts awaiting the operator's check, per payment: enough for a
#: shopper who sends a clearer one, not a way to fill the disk.
MAX_WAITING_PROOFS = 3


class ProofRejected(Exception):
    """The upload is not a usable receipt; ``message`` is for the shopper."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _not_a_receipt():
    return ProofRejected(
        _("This file is not a photo or PDF. Send a screenshot, photo or PDF of your receipt.")
    )


def read_upload(uploaded):
    """(ContentFile, content type) for an acceptable receipt, else raises
    ProofRejected."""
    uploaded.seek(0)
    head = uploaded.read(len(PDF_MAGIC))
    uploaded.seek(0)
    if head == PDF_MAGIC:
        return _read_pdf(uploaded), "application/pdf"
    try:
        photo = photos.process_upload(uploaded)
    except photos.PhotoRejected as error:
        if error.code == "not_a_photo":
            raise _not_a_receipt() from None
        raise ProofRejected(error.message) from None
    return photo, photo.content_type


def _read_pdf(uploaded):
    size = getattr(uploaded, "size", None)
    limit = photos.max_upload_bytes()
    if size is not None and size > limit:
        raise ProofRejected(
            _("This file is too big. Send a file smaller than %(limit)s MB.")
            % {"limit": limit // (1024 * 1024)}
        )
    content = uploaded.read(limit + 1)
    if len(content) > limit:
        raise ProofRejected(
            _("This file is too big. Send a file smaller than %(limit)s MB.")
            % {"limit": limit // (1024 * 1024)}
        )
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ProofRejected(
                _("This PDF is protected by a password. Send a screenshot of the receipt instead.")
            )
        if len(reader.pages) < 1:
            raise _not_a_receipt()
    except ProofRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise ProofRejected(
            _("This PDF is damaged or incomplete. Download it again or send a screenshot.")
        ) from None
    return ContentFile(content, name=f"{uuid.uuid4().hex}.pdf")


def submit(payment, uploaded):
    """Store a receipt for a payment still awaited, or raise ProofRejected
    and store nothing."""
    from storefront.payment import methods

    method = methods.get_method(payment.method)
    if method is None or not method.accepts_proof:
        raise ProofRejected(_("This order is not paid by transfer or QRIS."))
    content, content_type = read_upload(uploaded)
    proof = PaymentProof(payment=payment, content_type=content_type)
    proof.file.save(content.name, content, save=False)
    try:
        with transaction.atomic():
            # Checked under the payment's lock: a receipt never lands on a
            # payment confirmed or expired a moment before.
            payment = type(payment).objects.select_for_update().get(pk=payment.pk)
            if not payment.is_awaiting:
                raise ProofRejected(_("This order is not waiting for payment any more."))
            waiting = payment.proofs.filter(verdict=PaymentProof.Verdict.SUBMITTED).count()
            if waiting >= MAX_WAITING_PROOFS:
                raise ProofRejected(
                    _(
                        "The shop has not checked your earlier receipts yet. "
                        "Please wait for its answer."
                    )
                )
            proof.payment = payment
            proof.save()
    except Exception:
        proof.file.delete(save=False)
        raise
    return proof
