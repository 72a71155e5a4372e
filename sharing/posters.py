"""Printable QR posters of a product or a whole shop, for markets and
exhibitions: A4 portrait, in the shop's theme colours and language.

A poster holds the shop's name on a band of its main colour, the photo when
there is one, the title and price (or the producer's name), her village, a
big QR code of the short link (channel "qr", her ref) with "Scan to shop",
and the shop's address in plain text for phones that cannot scan.

One layout (sharing.poster_layout) is drawn twice: as a PNG with Pillow, to
send on WhatsApp or print at a kiosk, and as a PDF with fpdf2, where the QR
is an image with one crisp square per module.
"""

import io
import logging
from dataclasses import dataclass

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from sharing import codes, poster_layout, targets
from sharing.models import Channel
from storefront import shops
from storefront.models import ShopSettings
from themes import registry
from vendors.photos import PhotoRejected, decode, open_image, to_srgb
from vendors.statements import latin1

logger = logging.getLogger(__name__)

DPI = 150  # A4 at 150 dpi: 1240 x 1754 px, sharp enough for a kiosk printer
PHOTO_SIDE = 1000
FALLBACK_COLOURS = {
    "primary_color": "#1f6b3a",
    "accent_color": "#b45309",
    "background_color": "#fbfaf6",
}


@dataclass
class Poster:
    producer: object
    product: object
    url: str
    shop_name: str
    title: str
    price: str
    place: str
    scan_text: str
    host: str
    colours: dict
    photo: Image.Image | None = None

    def filename(self, extension):
        what = self.product.pk if self.product is not None else "toko"
        return f"poster-{self.producer.code}-{what}.{extension}"


def poster_for(producer, product=None):
    """The poster of ``product``, or of her whole shop when it is None."""
    kind, target = (codes.PRODUCT, product.pk) if product is not None else (codes.SHOP, producer.pk)
    link = codes.Link(kind, target, Channel.QR, sharer=producer.pk)
    site = producer.site
    with translation.override(shops.language_of(site)):
        village = producer.village
        place = ""
        if village is not None:
            place = _("Village %(village)s, %(district)s district") % {
                "village": village.name,
                "district": village.district.name,
            }
        scan_text = _("Scan to shop")
        if producer.is_practice:
            scan_text = _("Practice poster from a training class")
        return Poster(
            producer=producer,
            product=product,
            url=targets.short_url(link, producer),
            shop_name=site.site_name if site is not None else "Pasar Desa",
            title=product.title if product is not None else producer.name,
            price=targets.price_text(product) if product is not None else "",
            place=place,
            scan_text=scan_text,
            host=targets.host_label(producer),
            colours=theme_colours(site),
            photo=_photo(product, producer),
        )


def theme_colours(site):
    """The shop's primary, accent and background colours as its theme and
    the operator's choices in the customizer make them."""
    values = {}
    if site is not None:
        shop = ShopSettings.for_site(site)
        values = registry.get(shop.theme).values(shop.theme_options)
    return {key: values.get(key) or default for key, default in FALLBACK_COLOURS.items()}


def _photo(product, producer):
    """The product's first photo (or, on a shop poster, the producer's),
    read from storage, upright, sRGB; None when there is none or it is
    unreadable: a poster without a photo is still a poster."""
    if product is not None:
        image = product.images.order_by("display_order", "pk").first()
        field = image.original if image is not None else None
    else:
        field = producer.photo
    if not field:
        return None
    try:
        with field.storage.open(field.name, "rb") as stored:
            return to_srgb(decode(open_image(stored), PHOTO_SIDE))
    except (PhotoRejected, OSError, ValueError):
        logger.warning("No photo on the poster: cannot read %s", field.name, exc_info=True)
        return None


def qr_code(url):
    return segno.make_qr(url, error="m", boost_error=False)


def qr_image(url, scale):
    """The QR code as a black-on-white image, ``scale`` pixels a module,
    with the standard quiet zone of 4 modules."""
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    buffer.seek(0)
    return Image.open(buffer).convert("L")


# --- PNG ------------------------------------------------------------------------


def to_png(poster):
    scale = DPI / 25.4  # pixels per mm
    size = (round(poster_layout.WIDTH * scale), round(poster_layout.HEIGHT * scale))
    canvas = Image.new("RGB", size, "#ffffff")
    draw = ImageDraw.Draw(canvas)
    fonts = {}

    def font(points):
        pixels = round(points * DPI / 72)
        if pixels not in fonts:
            fonts[pixels] = ImageFont.load_default(size=pixels)
        return fonts[pixels]

    def measure(text, points, bold):
        return font(points).getlength(text) / scale

    px = lambda mm: round(mm * scale)  # noqa: E731
    for op in poster_layout.layout(poster, measure):
        if isinstance(op, poster_layout.Box):
            box = (px(op.x), px(op.y), px(op.x + op.w) - 1, px(op.y + op.h) - 1)
            draw.rounded_rectangle(box, radius=px(op.radius), fill=op.colour)
        elif isinstance(op, poster_layout.Text):
            size = font(op.points)
            stroke = max(1, round(op.points / 14)) if op.bold else 0
            draw.text(
                (px(op.cx), px(op.y)),
                op.text,
                font=size,
                fill=op.colour,
                anchor="ma",
                stroke_width=stroke,
                stroke_fill=op.colour,
            )
        elif isinstance(op, poster_layout.Photo):
            photo = poster.photo.resize((px(op.w), px(op.h)), Image.Resampling.LANCZOS)
            canvas.paste(photo, (px(op.x), px(op.y)))
        elif isinstance(op, poster_layout.QR):
            modules = qr_code(poster.url).symbol_size(border=4)[0]
            qr = qr_image(poster.url, max(1, px(op.size) // modules))
            left = px(op.x) + (px(op.size) - qr.width) // 2
            top = px(op.y) + (px(op.size) - qr.height) // 2
            canvas.paste(qr, (left, top))
    out = io.BytesIO()
    _few_colours(canvas, poster).save(out, "PNG", optimize=True, dpi=(DPI, DPI))
    return out.getvalue()


def _few_colours(canvas, poster):
    """The poster in 256 colours, so it stays a few hundred KB: the theme's
    colours, black and white exactly, the photo's own palette for the rest."""
    exact = {"#ffffff", "#000000", poster_layout.INK, *poster.colours.values()}
    palette = [channel for colour in sorted(exact) for channel in poster_layout.rgb(colour)]
    if poster.photo is not None:
        photo = poster.photo.quantize(256 - len(exact), dither=Image.Dither.NONE)
        palette += photo.getpalette()[: (256 - len(exact)) * 3]
    palette += palette[:3] * (256 - len(palette) // 3)
    reference = Image.new("P", (1, 1))
    reference.putpalette(palette[: 256 * 3])
    return canvas.quantize(palette=reference, dither=Image.Dither.NONE)


# --- PDF ------------------------------------------------------------------------


def to_pdf(poster):
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(0, 0, 0)
    pdf.add_page()
    pdf.set_title(latin1(poster.title))
    pdf.set_creator("Pasar Desa")

    def measure(text, points, bold):
        pdf.set_font("Helvetica", "B" if bold else "", points)
        return pdf.get_string_width(latin1(text))

    for op in poster_layout.layout(poster, measure):
        if isinstance(op, poster_layout.Box):
            pdf.set_fill_color(*poster_layout.rgb(op.colour))
            rounded = {"round_corners": True, "corner_radius": op.radius} if op.radius else {}
            pdf.rect(op.x, op.y, op.w, op.h, style="F", **rounded)
        elif isinstance(op, poster_layout.Text):
            pdf.set_font("Helvetica", "B" if op.bold else "", op.points)
            pdf.set_text_color(*poster_layout.rgb(op.colour))
            height = op.points * 25.4 / 72
            pdf.set_xy(op.cx - poster_layout.WIDTH / 2, op.y)
            pdf.cell(poster_layout.WIDTH, height, latin1(op.text), align="C")
        elif isinstance(op, poster_layout.Photo):
            jpeg = io.BytesIO()
            poster.photo.save(jpeg, "JPEG", quality=85)
            pdf.image(jpeg, op.x, op.y, op.w, op.h)
        elif isinstance(op, poster_layout.QR):
            pdf.image(qr_image(poster.url, 10), op.x, op.y, op.size, op.size)
    return bytes(pdf.output())
