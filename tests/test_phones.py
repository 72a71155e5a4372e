"""Indonesian phone numbers: however they are typed, one E.164 form and one
wa.me link, or None (never an exception, never a broken link)."""

import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import phonenumbers
import pytest
from django import forms
from hypothesis import assume, given
from hypothesis import strategies as st
from oscar.core.loading import get_model
from phonenumber_field.phonenumber import PhoneNumber

from vendors import auth_backends, phones
from vendors.portal.forms_profile import ProfileForm

Partner = get_model("partner", "Partner")

WA_ME = re.compile(r"https://wa\.me/62[0-9]+(\?text=[^\s#]*)?")


# A valid Indonesian mobile number, as its national significant number
# (without the trunk 0): 8, an operator digit, then 7 to 10 digits.
mobiles = st.builds(
    lambda operator, rest: "8" + operator + rest,
    st.sampled_from("12356789"),
    st.text(alphabet="0123456789", min_size=7, max_size=10),
)
separators = st.sampled_from(["", "", "", " ", "-", ".", " - ", "\u00a0"])
whitespace = st.sampled_from(["", " ", "  ", "\t"])


@st.composite
def typed(draw, national):
    """`national` as a person might type it: 0812..., 812..., 62812...,
    +62 812..., with spaces, dashes or dots anywhere between the digits."""
    prefix = draw(st.sampled_from(["0", "", "62", "+62"]))
    text = prefix + national
    start = 1 if text.startswith("+") else 0
    out = text[: start + 1]
    for char in text[start + 1 :]:
        out += draw(separators) + char
    return draw(whitespace) + out + draw(whitespace)


def is_mobile(national):
    number = phonenumbers.parse(national, "ID")
    return (
        phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    )


@given(st.data(), mobiles)
def test_every_way_of_typing_a_mobile_gives_the_same_e164(data, national):
    assume(is_mobile(national))
    expected = "+62" + national
    first, second = data.draw(typed(national)), data.draw(typed(national))
    assert phones.to_e164(first) == expected
    assert phones.to_e164(second) == expected
    assert phones.to_local(first) == "0" + national
    assert phones.wa_me(first) == f"https://wa.me/62{national}"


@given(st.text())
def test_any_text_gives_none_or_a_stable_indonesian_number(text):
    e164 = phones.to_e164(text)
    if e164 is not None:
        assert re.fullmatch(r"\+62[0-9]+", e164)
        assert phones.to_e164(e164) == e164
    link = phones.wa_me(text, text)
    assert link is None or WA_ME.fullmatch(link), link
    assert (link is None) == (e164 is None)


@given(st.text(), st.sampled_from("abcxyzABCXYZ@_"), st.text())
def test_text_with_letters_is_never_a_number(before, letter, after):
    assert phones.to_e164(before + letter + after) is None
    # Not even a valid number with a letter glued on ("0812-FLOWERS" style).
    assert phones.to_e164("0812 3456 7890" + letter) is None


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.floats(),
        st.binary(),
        st.lists(st.text()),
        st.builds(object),
    )
)
def test_values_that_are_not_text_give_none(value):
    assert phones.to_e164(value) is None
    assert phones.wa_me(value, "Halo") is None


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   ",
        "+",
        "0812",
        "12345",
        "sari@contoh.test",
        "sari",
        "0812-FLOWERS",
        "+1 650 253 0000",  # valid, but American
        "+60 12-345 6789",  # valid, but Malaysian
        "0" * 300,
    ],
)
def test_garbage_and_foreign_numbers_give_none(garbage):
    assert phones.to_e164(garbage) is None
    assert phones.to_local(garbage) is None
    assert phones.wa_me(garbage, "Halo") is None


@pytest.mark.parametrize(
    "written",
    [
        "081234567890",
        "0812-3456-7890",
        "(0812) 3456 7890",
        "81234567890",
        "6281234567890",
        "62 812 3456 7890",
        "+62 812-3456-7890",
        "+6281234567890",
        PhoneNumber.from_string("0812 3456 7890", region="ID"),
        phonenumbers.parse("+6281234567890"),
    ],
)
def test_the_usual_ways_of_writing_one_number(written):
    assert phones.to_e164(written) == "+6281234567890"
    assert phones.to_local(written) == "081234567890"


def test_landlines_are_numbers_too():
    assert phones.to_e164("022 520 1234") == "+62225201234"


def test_a_phonenumber_that_is_not_valid_gives_none():
    assert phones.to_e164(PhoneNumber.from_string("12345", region="ID")) is None
    assert phones.to_e164(PhoneNumber()) is None


def test_wa_me_carries_the_message_encoded():
    link = phones.wa_me("0812 3456 7890", "Halo Bu & Pak?\nPesanan #12/3")
    assert link.startswith("https://wa.me/6281234567890?text=")
    query = parse_qs(urlsplit(link).query)
    assert query == {"text": ["Halo Bu & Pak?\nPesanan #12/3"]}
    assert phones.wa_me("0812 3456 7890") == "https://wa.me/6281234567890"


def test_sign_in_keeps_its_name_for_the_same_rule():
    assert auth_backends.normalise_phone is phones.to_e164


@pytest.mark.parametrize(
    ("whatsapp", "public", "link"),
    [
        ("0812-3456-7890", True, "https://wa.me/6281234567890"),
        ("+62 812 3456 7890", True, "https://wa.me/6281234567890"),
        ("0812-3456-7890", False, None),
        ("12345", True, None),  # a broken number gets no (broken) link
        ("", True, None),
    ],
)
def test_public_contacts_link_only_a_usable_number(whatsapp, public, link):
    producer = Partner(name="Bu Sari", whatsapp=whatsapp, whatsapp_public=public)
    links = [url for kind, _label, url in producer.public_contacts() if kind == "whatsapp"]
    assert links == ([link] if link else [])


@pytest.mark.parametrize("typed_number", ["+62 812-3456-7890", "6281234567890", " 0812 3456 7890 "])
def test_the_profile_keeps_whatsapp_as_indonesians_write_it(typed_number):
    form = SimpleNamespace(cleaned_data={"whatsapp": typed_number})
    assert ProfileForm.clean_whatsapp(form) == "081234567890"


@pytest.mark.parametrize("typed_number", ["12345", "+1 202 555 0100", "wa saya"])
def test_the_profile_refuses_a_whatsapp_that_is_not_indonesian(typed_number):
    form = SimpleNamespace(cleaned_data={"whatsapp": typed_number})
    with pytest.raises(forms.ValidationError):
        ProfileForm.clean_whatsapp(form)
    assert ProfileForm.clean_whatsapp(SimpleNamespace(cleaned_data={"whatsapp": "  "})) == ""
