"""Where everything goes on an A4 poster, in millimetres, for both the PNG
and the PDF (sharing.posters draws it).

The layout is worked out from the bottom up: the QR code and its words keep
their size whatever the title, and the photo takes the room that is left.
Text is measured by the caller's ``measure(text, points, bold) -> mm`` so
each format wraps with its own font.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 210, 297
MARGIN = 14
BAND = 30
FOOTER = 10
INK = "#1d1d1b"
WHITE = "#ffffff"
MM_PER_POINT = 25.4 / 72
QR_WITH_PHOTO, QR_ALONE = 95, 130
MIN_PHOTO = 35


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    colour: str
    radius: float = 0


@dataclass(frozen=True)
class Text:
    """One line, centred on ``cx``, its top at ``y``."""

    cx: float
    y: float
    text: str
    points: float
    colour: str
    bold: bool = False


@dataclass(frozen=True)
class Photo:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class QR:
    x: float
    y: float
    size: float


def rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink_on(background):
    """White or ink, whichever reads better on ``background``."""
    return WHITE if contrast(WHITE, background) >= contrast(INK, background) else INK


def wrap(text, width, points, bold, measure, max_lines):
    """``text`` in at most ``max_lines`` lines of at most ``width`` mm, the
    last one cut with an ellipsis when it does not all fit."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if measure(candidate, points, bold) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    lines = [_fit(line, width, points, bold, measure) for line in lines]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _fit(lines[-1] + "…", width, points, bold, measure, force_ellipsis=True)
    return lines


def _fit(line, width, points, bold, measure, force_ellipsis=False):
    if measure(line, points, bold) <= width and not force_ellipsis:
        return line
    line = line.rstrip("…")
    while line and measure(line + "…", points, bold) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def layout(poster, measure):
    """The poster's drawing operations, back to front."""
    colours = poster.colours
    primary, accent = colours["primary_color"], colours["accent_color"]
    background = colours["background_color"]
    centre, inner = WIDTH / 2, WIDTH - 2 * MARGIN
    ops = [
        Box(0, 0, WIDTH, HEIGHT, background),
        Box(0, 0, WIDTH, BAND, primary),
        Box(0, HEIGHT - FOOTER, WIDTH, FOOTER, accent),
    ]
    for line in wrap(poster.shop_name, inner, 22, True, measure, 1):
        ops.append(Text(centre, (BAND - 22 * MM_PER_POINT) / 2, line, 22, ink_on(primary), True))

    # From the bottom: the address, "Scan to shop", the QR code.
    text_colour = ink_on(background)
    host_top = HEIGHT - FOOTER - 6 - 13 * MM_PER_POINT
    ops.append(Text(centre, host_top, poster.host, 13, text_colour))
    scan_colour = primary if contrast(primary, background) >= 3 else text_colour
    scan_top = host_top - 4 - 24 * MM_PER_POINT
    for line in wrap(poster.scan_text, inner, 24, True, measure, 1):
        ops.append(Text(centre, scan_top, line, 24, scan_colour, True))
    qr_size = QR_WITH_PHOTO if poster.photo is not None else QR_ALONE
    qr_top = scan_top - 4 - qr_size
    ops.append(Box(centre - qr_size / 2, qr_top, qr_size, qr_size, WHITE, radius=3))
    ops.append(QR(centre - qr_size / 2, qr_top, qr_size))

    # Above the QR code: title, price, village, and the photo on top.
    block = []  # (height in mm, op factory taking the top)
    for line in wrap(poster.title, inner, 26, True, measure, 2):
        block.append((26 * MM_PER_POINT * 1.3, _text(centre, line, 26, text_colour, True)))
    if poster.price:
        block.append((12, _price(centre, poster.price, accent, measure)))
    if poster.place:
        block.append((14 * MM_PER_POINT * 1.5, _text(centre, poster.place, 14, text_colour)))
    block_height = sum(height for height, _make in block)
    top, bottom = BAND + 8, qr_top - 6
    photo_room = bottom - top - block_height - 6
    if poster.photo is not None and photo_room >= MIN_PHOTO:
        width, height = poster.photo.size
        scale = min(inner / width, photo_room / height)
        w, h = width * scale, height * scale
        ops.append(Photo(centre - w / 2, top, w, h))
        y = top + h + 6
    else:
        y = top + max(0, (bottom - top - block_height) / 2)
    for height, make in block:
        ops.extend(make(y))
        y += height
    return ops


def _text(centre, line, points, colour, bold=False):
    return lambda top: [Text(centre, top, line, points, colour, bold)]


def _price(centre, price, accent, measure):
    """The price on a tag of the accent colour."""
    width = measure(price, 20, True) + 12

    def make(top):
        return [
            Box(centre - width / 2, top, width, 10, accent, radius=5),
            Text(centre, top + (10 - 20 * MM_PER_POINT) / 2, price, 20, ink_on(accent), True),
        ]

    return make
