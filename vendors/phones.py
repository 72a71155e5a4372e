"""Indonesian phone numbers, the one place they are read and written.

People type the same number as 0812-3456-7890, 812 3456 7890, 62812... or
+62 812 3456 7890; it is stored and compared as E.164 (+6281234567890) and a
WhatsApp link uses its digits (wa.me/6281234567890). Anything that is not a
valid Indonesian number (an email, a username, a typo, a foreign number)
gives None, never an exception.
"""

import re
from urllib.parse import quote

import phonenumbers

REGION = "ID"
COUNTRY_CODE = 62

# Digits with the separators people type, and an optional leading "+".
# Letters are refused: phonenumbers would read "0812-FLOWERS" as digits.
_TYPED = re.compile(r"\+?[0-9\s\-.()/]+")
_NOT_DIGIT = re.compile(r"[^0-9]")


def _parse(value):
    if isinstance(value, phonenumbers.PhoneNumber):  # also phonenumber_field's
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _TYPED.fullmatch(text):
        return None
    digits = _NOT_DIGIT.sub("", text)
    if not digits:
        return None
    # "62812..." typed without the plus is the country code, not a local number.
    if text.startswith("+") or digits.startswith(str(COUNTRY_CODE)):
        digits = "+" + digits
    try:
        return phonenumbers.parse(digits, REGION)
    except phonenumbers.NumberParseException:
        return None


def to_e164(value):
    """The E.164 form ("+62...") of a valid Indonesian phone number (text as
    typed, or a PhoneNumber), else None."""
    number = _parse(value)
    try:
        if number is None or number.country_code != COUNTRY_CODE:
            return None
        if not phonenumbers.is_valid_number(number):
            return None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except Exception:  # a half-built PhoneNumber object: not a number we can use
        return None


def to_local(value):
    """The number as Indonesians write it (081234567890), or None."""
    e164 = to_e164(value)
    return "0" + e164[len("+62") :] if e164 else None


def wa_me(phone, text=""):
    """A WhatsApp link to `phone` with `text` ready to send, or None when
    the number is not a valid Indonesian one (wa.me/0812... opens nothing)."""
    e164 = to_e164(phone)
    if e164 is None:
        return None
    url = f"https://wa.me/{e164.lstrip('+')}"
    return f"{url}?text={quote(text, safe='')}" if text else url
