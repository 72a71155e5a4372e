"""Demo pictures drawn with Pillow, so the demo downloads nothing."""

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont

PALETTE = {
    "Makanan": (214, 140, 52),
    "Kerajinan": (120, 86, 160),
    "Busana": (176, 58, 86),
    "Pertanian": (72, 140, 68),
    "Perikanan": (44, 118, 170),
    "Peternakan": (150, 110, 70),
}


def _shade(colour, seed):
    """A variation of the category colour, stable for the same seed."""
    digest = hashlib.sha1(seed.encode()).digest()
    return tuple(max(0, min(255, c + digest[i] % 50 - 25)) for i, c in enumerate(colour))


def product_jpeg(title, category, size=640):
    colour = _shade(PALETTE.get(category, (120, 120, 120)), title)
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 70) for c in colour)
    margin = size // 6
    draw.ellipse([margin, margin, size - margin, size - margin], fill=light)
    font = ImageFont.load_default(size=size // 14)
    words, lines = title.split(), [""]
    for word in words:
        if len(lines[-1]) + len(word) > 16:
            lines.append("")
        lines[-1] = f"{lines[-1]} {word}".strip()
    y = size // 2 - len(lines) * size // 28
    for line in lines:
        width = draw.textlength(line, font=font)
        draw.text(((size - width) / 2, y), line, fill=(30, 30, 30), font=font)
        y += size // 14 + 4
    return _jpeg(image)


def portrait_jpeg(name, size=320):
    colour = _shade((190, 120, 90), name)
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = ImageFont.load_default(size=size // 3)
    width = draw.textlength(initials, font=font)
    draw.text(((size - width) / 2, size / 3), initials, fill=(255, 255, 255), font=font)
    return _jpeg(image)


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70, optimize=True)
    return buffer.getvalue()
