"""QRIS: turn the shop's static merchant QR code into one QR per order.

QRIS is Indonesia's national QR standard, an EMVCo Merchant-Presented Mode
payload: a string of fields, each a 2-digit ID, a 2-digit length and the
value. Some fields are templates holding fields of their own. Field 00
(format version) comes first and field 63 (a CRC of everything before its
value) comes last.

The operator pastes the shop's *static* code (no amount; the payer types
one in) from their bank or QRIS provider. For each order we write a
*dynamic* code with the exact amount and no tip or fee prompt, so the money
that arrives can be matched to the order. Only fields 01, 54, 55-57 and 63
change; the merchant's account fields are copied as they are.
"""

import io
from decimal import Decimal

import segno
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STATIC = "11"
DYNAMIC = "12"
RUPIAH = "360"
INDONESIA = "ID"
AMOUNT = "54"
#: Tip or convenience fee: indicator, fixed fee, percentage.
TIP_FIELDS = {"55", "56", "57"}
MERCHANT_ACCOUNT_IDS = {f"{number:02d}" for number in range(26, 52)}
#: Fields whose value is itself a list of fields.
TEMPLATE_IDS = MERCHANT_ACCOUNT_IDS | {"62", "64"}
MAX_AMOUNT_LENGTH = 13
REQUIRED_FIELDS = {
    "52": gettext_lazy("merchant category code"),
    "59": gettext_lazy("merchant name"),
    "60": gettext_lazy("merchant city"),
}


class InvalidQris(ValueError):
    """A QRIS code (or an amount for one) that cannot be used.

    `message` is a sentence for the shop operator, in the active language.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE, the check digits of field 63.

    Polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR.
    """
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = (crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1
        crc &= 0xFFFF
    return crc


def _check_digits(payload_before_crc: str) -> str:
    """Field 63's value. Lengths count characters and the CRC covers the
    UTF-8 bytes; real QRIS payloads are plain ASCII, where the two agree."""
    return f"{crc16(payload_before_crc.encode()):04X}"


def _is_digits(text):
    return text.isascii() and text.isdigit()


def _cut_short():
    return InvalidQris(_("The QRIS code is cut short. Copy all of it again from your bank."))


def _split(text):
    """Split text into its (ID, value) fields, or raise InvalidQris."""
    fields = []
    position = 0
    while position < len(text):
        header = text[position : position + 4]
        if not _is_digits(header):
            raise InvalidQris(
                _(
                    "This is not a QRIS code: a field number and length were expected "
                    "at character %(position)d."
                )
                % {"position": position + 1}
            )
        if len(header) < 4:
            raise _cut_short()
        length = int(header[2:])
        value = text[position + 4 : position + 4 + length]
        if len(value) < length:
            raise _cut_short()
        fields.append((header[:2], value))
        position += 4 + length
    return fields


def parse_template(value: str) -> list[tuple[str, str]]:
    """The fields inside a template field's value (IDs 26-51, 62, 64)."""
    return _split(value)


def parse(payload: str) -> list[tuple[str, str]]:
    """The top-level (ID, value) fields of a QRIS payload, in order.

    Checks the structure and the check digits, not what the fields mean:
    that is validate_static()'s job. Surrounding whitespace is ignored, as
    pasted text often has some.
    """
    payload = payload.strip()
    if not payload:
        raise InvalidQris(_("This is not a QRIS code: it is empty."))
    fields = _split(payload)
    if fields[0][0] != "00":
        raise InvalidQris(_("This is not a QRIS code: QRIS codes start with 000201."))
    tag, check_digits = fields[-1]
    if tag != "63" or len(check_digits) != 4:
        raise InvalidQris(
            _("This is not a QRIS code: it must end with its check digits (field 63).")
        )
    if check_digits.upper() != _check_digits(payload[:-4]):
        raise InvalidQris(
            _(
                "The QRIS code is damaged (its check digits do not match). "
                "Copy it again from your bank."
            )
        )
    seen = set()
    for tag, value in fields:
        if tag in seen:
            raise InvalidQris(
                _("This is not a QRIS code: field %(id)s appears twice.") % {"id": tag}
            )
        seen.add(tag)
        if tag in TEMPLATE_IDS:
            try:
                parse_template(value)
            except InvalidQris:
                raise InvalidQris(
                    _("This is not a QRIS code: the contents of field %(id)s are damaged.")
                    % {"id": tag}
                ) from None
    return fields


def _merchant_fields(payload):
    """The fields of a static merchant code that can be given an amount."""
    fields = parse(payload)
    values = dict(fields)
    if values["00"] != "01":
        raise InvalidQris(
            _("This QRIS code has an unknown format version (%(version)s).")
            % {"version": values["00"]}
        )
    if values.get("01") == DYNAMIC:
        raise InvalidQris(
            _(
                "This QRIS code is for one single payment. Paste the shop's static "
                "QRIS code from your bank or QRIS provider instead."
            )
        )
    if AMOUNT in values:
        raise InvalidQris(
            _(
                "This QRIS code already has an amount. Paste the shop's QRIS code "
                "without an amount instead."
            )
        )
    if values.get("01") != STATIC:
        raise InvalidQris(
            _("This QRIS code does not say whether it is static or for a single payment.")
        )
    if not MERCHANT_ACCOUNT_IDS & values.keys():
        raise InvalidQris(_("This QRIS code has no merchant account to pay into."))
    for tag, name in REQUIRED_FIELDS.items():
        if not values.get(tag):
            raise InvalidQris(
                _("This QRIS code has no %(name)s (field %(id)s).") % {"name": name, "id": tag}
            )
    if values.get("53") != RUPIAH:
        raise InvalidQris(_("This QRIS code is not for payments in rupiah."))
    if values.get("58") != INDONESIA:
        raise InvalidQris(_("This QRIS code is not for a merchant in Indonesia."))
    return fields


def validate_static(payload: str) -> str:
    """The cleaned payload, if it is a static merchant QRIS code we can give
    an amount to; otherwise raise InvalidQris saying what is wrong."""
    _merchant_fields(payload)
    return payload.strip()


def _amount_text(amount):
    """The amount as field 54 writes it: whole rupiah, plain digits."""
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise TypeError(f"amount must be an int or Decimal, not {type(amount).__name__}")
    if isinstance(amount, Decimal) and not (
        amount.is_finite() and amount == amount.to_integral_value()
    ):
        raise InvalidQris(_("The amount must be a whole number of rupiah."))
    amount = int(amount)
    if amount <= 0:
        raise InvalidQris(_("The amount must be more than zero."))
    text = str(amount)
    if len(text) > MAX_AMOUNT_LENGTH:
        raise InvalidQris(_("The amount is too large for a QRIS code."))
    return text


def dynamic_payload(static_payload: str, amount) -> str:
    """The shop's static code made into a single payment of `amount` rupiah.

    Field 01 becomes dynamic, field 54 gets the amount (placed in ascending
    ID order, i.e. right after 53), the tip and fee fields are dropped so
    the payer's app cannot change the amount, and the check digits are
    recomputed. Every other field keeps its value and place.
    """
    amount_field = (AMOUNT, _amount_text(amount))
    fields = [
        (tag, DYNAMIC if tag == "01" else value)
        for tag, value in _merchant_fields(static_payload)
        if tag not in TIP_FIELDS and tag != "63"
    ]
    after = next((i for i, (tag, _value) in enumerate(fields) if tag > AMOUNT), len(fields))
    fields.insert(after, amount_field)
    body = "".join(f"{tag}{len(value):02d}{value}" for tag, value in fields) + "6304"
    return body + _check_digits(body)


def read_amount(payload: str) -> int | None:
    """The amount of a dynamic code in whole rupiah, or None if it has none.

    Other issuers may write cents ("25000.00"); zero cents are accepted.
    """
    value = dict(parse(payload)).get(AMOUNT)
    if value is None:
        return None
    whole, _dot, cents = value.partition(".")
    if not _is_digits(whole) or cents.strip("0"):
        raise InvalidQris(_("The amount in this QRIS code is not a whole number of rupiah."))
    return int(whole)


def _qr(payload):
    # Error correction level M, not boosted, so every code gets the same
    # level; callers add the standard quiet zone of 4 modules.
    return segno.make_qr(payload, error="m", boost_error=False)


def qr_svg(payload: str, label: str | None = None) -> str:
    """The QR code as an inline <svg> element that scales with its CSS box.

    `label` is what screen readers announce instead of the picture. The
    background is white so the code also scans on a page in dark mode.
    """
    if label is None:
        label = _("QRIS code to scan with your payment app")
    svg = _qr(payload).svg_inline(border=4, omitsize=True, light="#fff", dark="#000")
    # segno's markup holds no payload text; format_html escapes the label.
    return mark_safe(svg.replace("<svg", format_html('<svg role="img" aria-label="{}"', label), 1))


def qr_png(payload: str, scale: int = 8) -> bytes:
    """The QR code as a PNG image, `scale` pixels per module (for downloads
    and e-mail, where inline SVG does not display)."""
    buffer = io.BytesIO()
    _qr(payload).save(buffer, kind="png", scale=scale, border=4, light="#fff", dark="#000")
    return buffer.getvalue()
