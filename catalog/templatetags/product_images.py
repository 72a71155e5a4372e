"""``{% product_picture %}``: a responsive <picture> for an Oscar product image.

    {% load product_images %}
    {% product_picture image sizes="(max-width: 400px) 50vw, 240px"
                       widths="160,320,480" alt=title %}

URLs point at the lazy rendition view, so rendering makes no database query
and opens no image file; each rendition is generated on its first request.
"""

import logging

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html

from catalog import renditions

register = template.Library()
logger = logging.getLogger(__name__)

DEFAULT_SIZES = "(max-width: 400px) 50vw, 240px"
DEFAULT_WIDTHS = (160, 320, 480)
FALLBACK_WIDTH = 320


def _widths(widths):
    if isinstance(widths, str):
        widths = [w for w in widths.replace(" ", "").split(",") if w]
    chosen = []
    for width in widths or ():
        try:
            width = int(width)
        except (TypeError, ValueError):
            width = None
        if width in renditions.WIDTHS:
            chosen.append(width)
        else:
            logger.warning("product_picture: ignoring width %r", width)
    return sorted(set(chosen)) or list(DEFAULT_WIDTHS)


def _image_name(image):
    """(name, caption, is_missing) of a ProductImage, Oscar's missing-image dict or a name."""
    if not image:
        return "", "", True
    if isinstance(image, dict):
        return image.get("original") or "", image.get("caption") or "", image.get("is_missing")
    if isinstance(image, str):
        return image, "", False
    original = getattr(image, "original", image)
    return getattr(original, "name", "") or "", getattr(image, "caption", "") or "", False


def _class(css_class):
    return format_html(' class="{}"', css_class) if css_class else ""


def _srcset(name, widths, fmt):
    urls = renditions.rendition_urls(name, fmt, widths)
    return ", ".join(f"{url} {width}w" for width, url in urls.items())


@register.simple_tag
def product_picture(
    image, sizes=DEFAULT_SIZES, widths=DEFAULT_WIDTHS, alt=None, css_class="", loading="lazy"
):
    """A <picture> with AVIF and WebP sources and a JPEG <img> fallback.

    width/height describe a square box (product photos are shown cropped
    square); CSS decides the real size. Use loading="eager" for the one
    photo above the fold.
    """
    name, caption, is_missing = _image_name(image)
    alt = caption if alt is None else alt
    if is_missing or not renditions.is_product_image_name(name):
        if not name:
            return ""
        # Oscar's "image not found" placeholder, or an image outside the
        # product folder: shown as it is, never rendered.
        return format_html(
            '<img src="{}" alt="{}"{} width="{}" height="{}" loading="{}" decoding="async">',
            default_storage.url(name),
            alt,
            _class(css_class),
            FALLBACK_WIDTH,
            FALLBACK_WIDTH,
            loading,
        )
    widths = _widths(widths)
    src_width = (
        FALLBACK_WIDTH
        if FALLBACK_WIDTH in widths
        else next((w for w in widths if w >= FALLBACK_WIDTH), widths[-1])
    )
    avif = ""
    if renditions.AVIF_SUPPORTED:
        avif = format_html(
            '<source type="image/avif" srcset="{}" sizes="{}">',
            _srcset(name, widths, "avif"),
            sizes,
        )
    return format_html(
        "<picture>{}"
        '<source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} '
        'loading="{}" decoding="async">'
        "</picture>",
        avif,
        _srcset(name, widths, "webp"),
        sizes,
        renditions.rendition_url(name, src_width, "jpeg"),
        _srcset(name, widths, "jpeg"),
        sizes,
        src_width,
        src_width,
        alt,
        _class(css_class),
        loading,
    )
