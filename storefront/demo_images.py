"""Demo pictures drawn with Pillow, so the demo downloads nothing.

Product pictures are a coloured square (one colour per product class, shaded
per product so a listing does not look like one block), a light disc and the
product name. Producer photos are a warm square with her initials. Both are
small JPEGs (a few dozen KB at most), like a producer's phone photo after the
site's own resizing.
"""

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont

PRODUCT_SIZE = 800
PORTRAIT_SIZE = 400
JPEG_QUALITY = 70
TEXT_COLOUR = (35, 35, 35)
PALETTE = {
    "Makanan": (214, 140, 52),
    "Kerajinan": (120, 86, 160),
    "Busana": (176, 58, 86),
    "Pertanian": (72, 140, 68),
    "Perikanan": (44, 118, 170),
    "Peternakan": (150, 110, 70),
}
FALLBACK_COLOUR = (120, 120, 120)
PORTRAIT_COLOUR = (190, 120, 90)


def _shade(colour, seed):
    """A variation of `colour` that is stable for the same seed, so running
    the demo again draws the same picture."""
    digest = hashlib.sha1(seed.encode()).digest()
    return tuple(max(0, min(255, c + digest[i] % 50 - 25)) for i, c in enumerate(colour))


def _lighter(colour, amount=70):
    return tuple(min(255, c + amount) for c in colour)


def _wrap(text, width):
    """Split `text` into lines of at most about `width` characters: the
    default font has no layout engine, and long titles must stay inside."""
    lines = [""]
    for word in text.split():
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append("")
        lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def _draw_centred_lines(draw, lines, size, font_size):
    """Draw `lines` centred horizontally and vertically on a square canvas."""
    font = ImageFont.load_default(size=font_size)
    line_height = font_size + font_size // 4
    y = (size - line_height * len(lines)) / 2
    for line in lines:
        width = draw.textlength(line, font=font)
        draw.text(((size - width) / 2, y), line, fill=TEXT_COLOUR, font=font)
        y += line_height


def _jpeg(image):
    """Encode as an optimised JPEG: flat colours compress to a few KB."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def product_jpeg(title, product_class, size=PRODUCT_SIZE):
    """A product picture: class colour, a light disc and the title."""
    colour = _shade(PALETTE.get(product_class, FALLBACK_COLOUR), title)
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    margin = size // 8
    draw.ellipse([margin, margin, size - margin, size - margin], fill=_lighter(colour))
    _draw_centred_lines(draw, _wrap(title, 16), size, size // 14)
    return _jpeg(image)


def portrait_jpeg(name, size=PORTRAIT_SIZE):
    """A producer photo: her initials on a warm background. A placeholder
    on purpose: the demo must not show a real person's face."""
    colour = _shade(PORTRAIT_COLOUR, name)
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    margin = size // 10
    draw.ellipse([margin, margin, size - margin, size - margin], fill=_lighter(colour, 45))
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    _draw_centred_lines(draw, [initials], size, size // 3)
    return _jpeg(image)
