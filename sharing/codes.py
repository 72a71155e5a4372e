"""Short share codes: what was shared, on which channel, by whom, in a
dozen letters and digits.

A code is stateless (no row per rendered link): rendering a page with share
buttons writes nothing, and a printed QR poster keeps working for as long
as its product or shop exists. It packs

    header byte: version (3 bits) | kind (1) | channel (3) | has sharer (1)
    target id, then sharer id when there is one (unsigned LEB128 varints)
    4 bytes of HMAC-SHA256 over the above

and writes the bytes as one base-62 number (0-9, A-Z, a-z only: nothing a
chat app would take for formatting, like WhatsApp's _italics_).

The HMAC is not about secrecy (the ids are not secret); it makes garbled or
hand-made codes fail cleanly and keeps anyone from crediting shares to a
producer's ref code. It is keyed by SECRET_KEY, and codes made with a key in
SECRET_KEY_FALLBACKS still open: rotate keys that way, or every printed
poster stops working.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from sharing.models import Channel

VERSION = 1
PRODUCT, SHOP = "product", "shop"
KINDS = (PRODUCT, SHOP)
#: A channel's number inside codes: append only, never reorder, or old
#: codes (printed posters) would change channel.
CHANNELS = (Channel.WHATSAPP, Channel.FACEBOOK, Channel.INSTAGRAM, Channel.LINK, Channel.QR)
MAC_BYTES = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: Longer than any code we make (two 64-bit ids): anything longer is junk.
MAX_LENGTH = 40
_SALT = "sharing.codes"
_VALUES = {char: index for index, char in enumerate(ALPHABET)}


@dataclass(frozen=True)
class Link:
    """What a code says: a product or a shop (``kind``) with its id, the
    channel it was shared on, and the producer whose ref it carries."""

    kind: str
    target: int
    channel: str
    sharer: int | None = None

    def on(self, channel):
        """The same link shared on another channel."""
        return Link(self.kind, self.target, channel, self.sharer)


def encode(link: Link) -> str:
    if link.kind not in KINDS or link.target < 1 or (link.sharer is not None and link.sharer < 1):
        raise ValueError(f"cannot encode {link!r}")
    header = (
        VERSION << 5
        | KINDS.index(link.kind) << 4
        | CHANNELS.index(link.channel) << 1
        | (link.sharer is not None)
    )
    payload = bytes([header]) + _varint(link.target)
    if link.sharer is not None:
        payload += _varint(link.sharer)
    data = payload + _mac(payload, settings.SECRET_KEY)
    return _base62(int.from_bytes(data, "big"))


def decode(code: str) -> Link | None:
    """The Link a code says, or None for anything that is not one of ours
    (garbled, cut short, hand-made, or made with a key no longer known)."""
    if not isinstance(code, str) or not 0 < len(code) <= MAX_LENGTH or code[0] == ALPHABET[0]:
        return None  # (a leading zero would be a second spelling of a code)
    number = 0
    for char in code:
        if char not in _VALUES:
            return None
        number = number * 62 + _VALUES[char]
    data = number.to_bytes((number.bit_length() + 7) // 8, "big")
    if len(data) <= MAC_BYTES + 1:
        return None
    payload, mac = data[:-MAC_BYTES], data[-MAC_BYTES:]
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not any(constant_time_compare(mac, _mac(payload, key)) for key in keys):
        return None
    return _parse(payload)


def _parse(payload):
    header = payload[0]
    kind, channel = header >> 4 & 1, header >> 1 & 0b111
    if header >> 5 != VERSION or channel >= len(CHANNELS):
        return None
    numbers, position = [], 1
    while position < len(payload):
        number, position = _read_varint(payload, position)
        if number is None:
            return None
        numbers.append(number)
    if len(numbers) != 1 + (header & 1) or min(numbers) < 1:
        return None
    sharer = numbers[1] if header & 1 else None
    return Link(KINDS[kind], numbers[0], str(CHANNELS[channel]), sharer)


def _mac(payload, key):
    return salted_hmac(_SALT, payload, secret=key, algorithm="sha256").digest()[:MAC_BYTES]


def _varint(number):
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        if number:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _read_varint(data, position):
    """(number, next position), or (None, position) when cut short or too
    long for an id."""
    number = shift = 0
    while position < len(data) and shift < 70:
        byte = data[position]
        number |= (byte & 0x7F) << shift
        position += 1
        if not byte & 0x80:
            return number, position
        shift += 7
    return None, position


def _base62(number):
    digits = []
    while number:
        number, digit = divmod(number, 62)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits)) or ALPHABET[0]
