"""QRIS codes: the shop's static code becomes one exact-amount code per order
that parses, keeps the merchant's fields and scans back to the same text."""

import binascii
import io
import string
from decimal import Decimal

import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from storefront.demo_data import IBUN_QRIS
from storefront.models import ShopSettings
from storefront.payment import qris

# An invented merchant, written out field by field (ID, length, value).
# 26 is an invented acquirer's template (63 characters):
#   00 18 ID.CO.BANKDESA.WWW, 01 18 936009990000012345, 02 08 IBUN0001, 03 03 UMI
# 51 is the national QRIS template (44 characters):
#   00 14 ID.CO.QRIS.WWW, 02 15 ID1234567890123, 03 03 UMI
# 62 is the additional data template: 07 03 A01 (terminal label).
# Every CRC below is crc16() over the text up to and including "6304",
# cross-checked with binascii.crc_hqx(text, 0xFFFF).
STATIC = (
    "000201"  # 00 02 format version 01
    "010211"  # 01 02 static
    "2663"
    "0018ID.CO.BANKDESA.WWW"
    "0118936009990000012345"
    "0208IBUN0001"
    "0303UMI"
    "5144"
    "0014ID.CO.QRIS.WWW"
    "0215ID1234567890123"
    "0303UMI"
    "52045499"  # 52 04 merchant category 5499
    "5303360"  # 53 03 rupiah
    "5802ID"  # 58 02 Indonesia
    "5915TOKO IBUN STORE"  # 59 15 merchant name
    "6012KAB. BANDUNG"  # 60 12 merchant city
    "610540376"  # 61 05 postal code
    "62070703A01"  # 62 07 additional data
    "63045011"  # 63 04 CRC 0x5011
)

# The same with 01 12 (dynamic) and 54 05 25123 inserted after 53; CRC 0x93E8.
DYNAMIC_25123 = (
    "000201"
    "010212"
    "26630018ID.CO.BANKDESA.WWW01189360099900000123450208IBUN00010303UMI"
    "51440014ID.CO.QRIS.WWW0215ID12345678901230303UMI"
    "52045499"
    "5303360"
    "540525123"
    "5802ID"
    "5915TOKO IBUN STORE"
    "6012KAB. BANDUNG"
    "610540376"
    "62070703A01"
    "630493E8"
)

# The same with 54 07 1500000; CRC 0x58CC.
DYNAMIC_1500000 = (
    "000201"
    "010212"
    "26630018ID.CO.BANKDESA.WWW01189360099900000123450208IBUN00010303UMI"
    "51440014ID.CO.QRIS.WWW0215ID12345678901230303UMI"
    "52045499"
    "5303360"
    "54071500000"
    "5802ID"
    "5915TOKO IBUN STORE"
    "6012KAB. BANDUNG"
    "610540376"
    "62070703A01"
    "630458CC"
)

# The static code with a fixed convenience fee: 55 02 02 and 56 04 2000
# after 53; CRC 0xF110.
STATIC_WITH_FEE = (
    "000201"
    "010211"
    "26630018ID.CO.BANKDESA.WWW01189360099900000123450208IBUN00010303UMI"
    "51440014ID.CO.QRIS.WWW0215ID12345678901230303UMI"
    "52045499"
    "5303360"
    "550202"
    "56042000"
    "5802ID"
    "5915TOKO IBUN STORE"
    "6012KAB. BANDUNG"
    "610540376"
    "62070703A01"
    "6304F110"
)

# Rp 50.000 from it: 55 and 56 gone, 54 05 50000 in their place; CRC 0xF821.
DYNAMIC_50000_WITHOUT_FEE = (
    "000201"
    "010212"
    "26630018ID.CO.BANKDESA.WWW01189360099900000123450208IBUN00010303UMI"
    "51440014ID.CO.QRIS.WWW0215ID12345678901230303UMI"
    "52045499"
    "5303360"
    "540550000"
    "5802ID"
    "5915TOKO IBUN STORE"
    "6012KAB. BANDUNG"
    "610540376"
    "62070703A01"
    "6304F821"
)


def tlv(tag, value):
    return f"{tag}{len(value):02d}{value}"


def with_crc(body):
    """Close a payload with field 63, computed independently of qris.py."""
    body += "6304"
    return body + f"{binascii.crc_hqx(body.encode(), 0xFFFF):04X}"


def replace_field(payload, tag, value):
    """The payload with one field's value changed and the CRC redone."""
    fields = [(t, value if t == tag else v) for t, v in qris.parse(payload) if t != "63"]
    return with_crc("".join(tlv(t, v) for t, v in fields))


def assert_is_dynamic_copy(result, static, amount):
    """result is static with the amount set, the tip fields gone, nothing else changed."""
    fields = qris.parse(result)  # also checks the CRC
    assert result[-4:] == f"{binascii.crc_hqx(result[:-4].encode(), 0xFFFF):04X}"
    values = dict(fields)
    assert values["01"] == "12"
    assert values["54"] == str(amount)
    assert not {"55", "56", "57"} & values.keys()
    tags = [tag for tag, _value in fields]
    assert tags[-1] == "63"
    assert tags[tags.index("54") - 1] == "53"
    changed = {"01", "54", "55", "56", "57", "63"}
    assert [f for f in fields if f[0] not in changed] == [
        f for f in qris.parse(static) if f[0] not in changed
    ]
    assert qris.read_amount(result) == amount
    with pytest.raises(qris.InvalidQris):
        qris.validate_static(result)


# CRC


def test_crc_check_value():
    assert qris.crc16(b"123456789") == 0x29B1


@pytest.mark.parametrize(
    "data", [b"", b"\x00", b"\xff" * 7, b"6304", STATIC[:-4].encode(), bytes(range(256))]
)
def test_crc_agrees_with_binascii(data):
    assert qris.crc16(data) == binascii.crc_hqx(data, 0xFFFF)


@given(st.binary())
def test_crc_agrees_with_binascii_for_any_bytes(data):
    assert qris.crc16(data) == binascii.crc_hqx(data, 0xFFFF)


# Hand-derived vectors


def test_the_vectors_are_valid_qris():
    for payload in (STATIC, DYNAMIC_25123, DYNAMIC_1500000, STATIC_WITH_FEE):
        assert qris.crc16(payload[:-4].encode()) == int(payload[-4:], 16)
        qris.parse(payload)


def test_parse_lists_the_fields_in_order():
    assert qris.parse(STATIC) == [
        ("00", "01"),
        ("01", "11"),
        ("26", "0018ID.CO.BANKDESA.WWW01189360099900000123450208IBUN00010303UMI"),
        ("51", "0014ID.CO.QRIS.WWW0215ID12345678901230303UMI"),
        ("52", "5499"),
        ("53", "360"),
        ("58", "ID"),
        ("59", "TOKO IBUN STORE"),
        ("60", "KAB. BANDUNG"),
        ("61", "40376"),
        ("62", "0703A01"),
        ("63", "5011"),
    ]
    assert qris.parse_template(dict(qris.parse(STATIC))["26"]) == [
        ("00", "ID.CO.BANKDESA.WWW"),
        ("01", "936009990000012345"),
        ("02", "IBUN0001"),
        ("03", "UMI"),
    ]


@pytest.mark.parametrize(
    "amount, expected",
    [
        (25123, DYNAMIC_25123),
        (Decimal("25123.00"), DYNAMIC_25123),
        (1500000, DYNAMIC_1500000),
        (Decimal("1500000"), DYNAMIC_1500000),
    ],
)
def test_dynamic_payload_matches_the_hand_derived_vector(amount, expected):
    result = qris.dynamic_payload(STATIC, amount)

    assert result == expected
    assert_is_dynamic_copy(result, STATIC, int(amount))


def test_tip_and_fee_fields_are_removed():
    result = qris.dynamic_payload(STATIC_WITH_FEE, 50000)

    assert result == DYNAMIC_50000_WITHOUT_FEE
    assert_is_dynamic_copy(result, STATIC_WITH_FEE, 50000)


def test_validate_static_accepts_the_static_code_and_strips_whitespace():
    assert qris.validate_static(STATIC) == STATIC
    assert qris.validate_static(f"  {STATIC}\n") == STATIC
    assert qris.dynamic_payload(f"\t{STATIC} ", 25123) == DYNAMIC_25123


def test_read_amount():
    assert qris.read_amount(STATIC) is None
    assert qris.read_amount(DYNAMIC_1500000) == 1500000
    assert qris.read_amount(replace_field(DYNAMIC_25123, "54", "25123.00")) == 25123
    with pytest.raises(qris.InvalidQris):
        qris.read_amount(replace_field(DYNAMIC_25123, "54", "25123.50"))


# Property: any static code and any amount give a valid dynamic code.

names = st.text(alphabet=string.ascii_letters + string.digits + " .,-&'", min_size=1, max_size=25)
guids = st.sampled_from(["ID.CO.QRIS.WWW", "ID.CO.BANKDESA.WWW", "ID.OR.KOPERASI.WWW"])


@st.composite
def merchant_accounts(draw):
    """One to three merchant account templates, in ascending ID order."""
    tags = draw(st.lists(st.integers(26, 51), min_size=1, max_size=3, unique=True))
    accounts = ""
    for tag in sorted(tags):
        value = tlv("00", draw(guids)) + tlv("01", draw(st.text(string.digits, min_size=1)))
        accounts += tlv(f"{tag:02d}", value)
    return accounts


@st.composite
def static_payloads(draw):
    tip = draw(st.sampled_from(["", "550201", "550202" + "56041000", "550203" + "57035.5"]))
    postal_code = draw(st.sampled_from(["", tlv("61", "40376"), tlv("61", "5411")]))
    additional_data = draw(
        st.sampled_from(["", tlv("62", tlv("07", "A01")), tlv("62", tlv("01", "INV-7"))])
    )
    return with_crc(
        tlv("00", "01")
        + tlv("01", "11")
        + draw(merchant_accounts())
        + tlv("52", draw(st.text(string.digits, min_size=4, max_size=4)))
        + tlv("53", "360")
        + tip
        + tlv("58", "ID")
        + tlv("59", draw(names))
        + tlv("60", draw(names.filter(lambda city: len(city) <= 15)))
        + postal_code
        + additional_data
    )


amounts = st.integers(1, 9_999_999_999_999)


@given(static_payloads(), st.one_of(amounts, amounts.map(Decimal)))
def test_any_static_code_and_amount_give_a_valid_dynamic_code(static, amount):
    assert qris.validate_static(static) == static

    result = qris.dynamic_payload(static, amount)

    assert_is_dynamic_copy(result, static, int(amount))


# Errors


def changed_digit(payload, position):
    digit = payload[position]
    return payload[:position] + ("1" if digit != "1" else "2") + payload[position + 1 :]


UNPARSEABLE = {
    "empty": "",
    "only whitespace": " \n\t",
    "not QRIS at all": "https://pasardesa.example/pay",
    "check digit changed": changed_digit(STATIC, len(STATIC) - 1),
    "merchant account digit changed": changed_digit(STATIC, 50),
    "truncated": STATIC[:-10],
    "truncated mid-header": "000201" + "63",
    "length past the end": with_crc("000201" + "5999TOKO"),
    "letter in a length": with_crc("000201" + "59A5TOKO IBUN STORE"),
    "00 not first": with_crc("010211" + "000201"),
    "00 missing": with_crc("010211"),
    "63 not last": STATIC + "5802ID",
    "63 missing": STATIC[:-8],
    "63 too short": STATIC[:-8] + "6303501",
    "field twice": with_crc("000201" + "5802ID" + "5802ID"),
    "broken merchant template": with_crc("000201" + "2605ABCDE"),
    "broken additional data": with_crc("000201" + "62050799X"),
}


@pytest.mark.parametrize("payload", UNPARSEABLE.values(), ids=UNPARSEABLE.keys())
def test_parse_refuses(payload):
    with pytest.raises(qris.InvalidQris) as error:
        qris.parse(payload)

    assert error.value.message
    assert str(error.value) == error.value.message


NOT_A_STATIC_MERCHANT_CODE = {
    "dynamic pasted as static": DYNAMIC_25123,
    "static with an amount": replace_field(DYNAMIC_25123, "01", "11"),
    "format version not 01": replace_field(STATIC, "00", "02"),
    "no point of initiation": with_crc(STATIC[:6] + STATIC[12:-8]),
    "currency not rupiah": replace_field(STATIC, "53", "840"),
    "country not Indonesia": replace_field(STATIC, "58", "MY"),
    "no merchant account": with_crc(
        "000201010211" + "52045499" + "5303360" + "5802ID" + "5904TOKO" + "6007BANDUNG"
    ),
    "no merchant name": replace_field(STATIC, "59", ""),
    "no city": with_crc(STATIC[:-8].replace("6012KAB. BANDUNG", "")),
}


@pytest.mark.parametrize(
    "payload", NOT_A_STATIC_MERCHANT_CODE.values(), ids=NOT_A_STATIC_MERCHANT_CODE.keys()
)
def test_validate_static_and_dynamic_payload_refuse(payload):
    with pytest.raises(qris.InvalidQris) as error:
        qris.validate_static(payload)
    assert error.value.message

    with pytest.raises(qris.InvalidQris):
        qris.dynamic_payload(payload, 25123)


def test_a_dynamic_code_gets_its_own_message():
    with pytest.raises(qris.InvalidQris) as error:
        qris.validate_static(DYNAMIC_25123)

    assert "satu kali pembayaran" in error.value.message  # "for one payment only"
    with translation.override("en"), pytest.raises(qris.InvalidQris) as error:
        qris.validate_static(DYNAMIC_25123)
    assert "single payment" in error.value.message


@pytest.mark.parametrize(
    "amount",
    [
        0,
        -1,
        Decimal("0"),
        Decimal("-25000"),
        Decimal("25000.50"),
        Decimal("0.4"),
        Decimal("NaN"),
        Decimal("Infinity"),
        10_000_000_000_000,
        Decimal("1E+13"),
    ],
)
def test_dynamic_payload_refuses_a_bad_amount(amount):
    with pytest.raises(qris.InvalidQris) as error:
        qris.dynamic_payload(STATIC, amount)

    assert error.value.message


@pytest.mark.parametrize("amount", [25000.0, "25000", True, None])
def test_dynamic_payload_refuses_an_amount_that_is_not_a_number_type(amount):
    with pytest.raises(TypeError):
        qris.dynamic_payload(STATIC, amount)


# QR images


def decode(png):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


@pytest.mark.parametrize("payload", [DYNAMIC_25123, DYNAMIC_1500000, DYNAMIC_50000_WITHOUT_FEE])
def test_the_png_scans_back_to_the_payload(payload):
    assert decode(qris.qr_png(payload)) == payload


def test_a_lowercase_merchant_name_scans_back_too():
    static = replace_field(STATIC, "59", "Toko Bu Ani & Putri")
    payload = qris.dynamic_payload(static, 12_345_678)

    assert decode(qris.qr_png(payload, scale=4)) == payload


def test_svg_is_inline_and_labelled():
    svg = qris.qr_svg(DYNAMIC_25123, label='Kode QRIS "Rp 25.123" <pesanan>')

    assert svg.startswith("<svg")
    assert "<?xml" not in svg
    assert 'role="img"' in svg
    assert 'aria-label="Kode QRIS &quot;Rp 25.123&quot; &lt;pesanan&gt;"' in svg
    assert "viewBox" in svg
    assert "width=" not in svg.split(">")[0]  # scales with its CSS box


def test_svg_has_a_default_label_in_the_reader_s_language():
    assert 'aria-label="Kode QRIS untuk di-scan' in qris.qr_svg(DYNAMIC_25123)
    with translation.override("en"):
        assert 'aria-label="QRIS code to scan with your payment app"' in qris.qr_svg(DYNAMIC_25123)


# The shop's settings: the operator pastes the static code in the CMS.


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, message",
    [
        (DYNAMIC_25123, "Kode QRIS ini hanya untuk satu kali pembayaran"),
        (changed_digit(STATIC, len(STATIC) - 1), "Kode QRIS ini rusak"),
    ],
    ids=["dynamic code", "bad check digits"],
)
def test_shop_settings_refuse_a_qris_code_that_cannot_take_an_amount(ibun, payload, message):
    settings = ShopSettings.for_site(ibun)
    settings.qris_merchant_payload = payload

    with pytest.raises(ValidationError) as error:
        settings.full_clean()

    [said] = error.value.message_dict["qris_merchant_payload"]
    assert said.startswith(message), said
    settings.refresh_from_db()
    assert settings.qris_merchant_payload == IBUN_QRIS, "nothing saved"


@pytest.mark.django_db
def test_shop_settings_keep_a_static_qris_code_without_the_pasted_whitespace(ibun):
    settings = ShopSettings.for_site(ibun)
    settings.qris_merchant_payload = f"  {STATIC}\n"

    settings.full_clean()
    settings.save()

    assert ShopSettings.objects.get(site=ibun).qris_merchant_payload == STATIC


@pytest.mark.django_db
def test_shop_settings_without_a_qris_code_are_valid(ibun):
    settings = ShopSettings.for_site(ibun)
    settings.qris_merchant_payload = ""

    settings.full_clean()
