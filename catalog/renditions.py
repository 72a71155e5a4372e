"""Responsive renditions of product photos for shopper pages.

A rendition is a product image scaled to one of a few widths and encoded as
AVIF, WebP or JPEG. It lives in default storage at a deterministic path and
is generated lazily, the first time a browser asks for it through the
``product-rendition`` view, so rendering a page never touches an image file:

    rendition_url("products/2026/11/abc.jpg", 320, "webp")  # URL of the lazy view
    render("products/2026/11/abc.jpg", 320, "webp")  # generate (once), return path
    delete_renditions("products/2026/11/abc.jpg")  # when the photo is deleted

All renditions of one original share a folder, ``renditions/<sha1 of name>/``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import posixpath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, features

from vendors.photos import decode, open_image, to_srgb

logger = logging.getLogger(__name__)

WIDTHS = (160, 320, 480, 640, 960)
FORMATS = ("avif", "webp", "jpeg")
AVIF_SUPPORTED = features.check("avif")

EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
CONTENT_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
# Tuned for small files at phone sizes; AVIF speed 6 keeps a 960 px encode
# well under a second on one core.
SAVE_OPTIONS = {
    "avif": {"format": "AVIF", "quality": 55, "speed": 6},
    "webp": {"format": "WEBP", "quality": 78, "method": 4},
    "jpeg": {"format": "JPEG", "quality": 80, "optimize": True, "progressive": True},
}
PREFIX = "renditions"


class RenditionError(Exception):
    """The original is missing, not a product image, or not a usable photo."""


def product_image_folder() -> str:
    """The top folder of Oscar product images ("products/")."""
    folder = getattr(settings, "OSCAR_IMAGE_FOLDER", "images/products/%Y/%m/")
    return folder.split("%", 1)[0].rstrip("/").split("/")[0] + "/"


def is_product_image_name(name: str) -> bool:
    """True for a clean relative storage name under the product image folder."""
    return (
        bool(name)
        and name.startswith(product_image_folder())
        and "\\" not in name
        and "\x00" not in name
        and ".." not in name.split("/")
        and posixpath.normpath(name) == name
    )


def effective_format(fmt: str) -> str:
    """AVIF falls back to WebP where this Pillow cannot encode it."""
    return "webp" if fmt == "avif" and not AVIF_SUPPORTED else fmt


def rendition_folder(name: str) -> str:
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()
    return f"{PREFIX}/{digest}"


def rendition_path(name: str, width: int, fmt: str) -> str:
    fmt = effective_format(fmt)
    return f"{rendition_folder(name)}/{width}.{EXTENSIONS[fmt]}"


def delete_renditions(name: str, storage=None) -> None:
    """Delete every rendition (each width and format) of the original ``name``.

    Call it when the original is deleted, so its renditions are never
    served again. Missing renditions are fine."""
    storage = storage or default_storage
    folder = rendition_folder(name)
    paths = {rendition_path(name, width, fmt) for width in WIDTHS for fmt in FORMATS}
    try:
        _dirs, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        files = []
    paths.update(f"{folder}/{file}" for file in files)
    for path in sorted(paths):
        storage.delete(path)
    try:  # an empty folder left on a file system storage
        os.rmdir(storage.path(folder))
    except (NotImplementedError, OSError):
        pass


def _check(width: int, fmt: str) -> None:
    if width not in WIDTHS:
        raise ValueError(f"width {width!r} is not one of {WIDTHS}")
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {FORMATS}")


def rendition_url(name: str, width: int, fmt: str) -> str:
    """URL of the lazy view for a rendition (no storage or database access)."""
    _check(width, fmt)
    return reverse("product-rendition", kwargs={"width": width, "fmt": fmt, "path": name})


def rendition_urls(name: str, fmt: str, widths=WIDTHS) -> dict[int, str]:
    """{width: URL} of one photo in one format, with a single reverse():
    an API page or a product grid lists ten URLs per photo, and reverse()
    was a third of an API product list's time."""
    for width in widths:
        _check(width, fmt)
    first = rendition_url(name, widths[0], fmt)
    marker = f"/{widths[0]}/{fmt}/"
    head, tail = first[: first.index(marker)], first[first.index(marker) + len(marker) :]
    return {width: f"{head}/{width}/{fmt}/{tail}" for width in widths}


def _orientation(img: Image.Image) -> int:
    try:
        return int(img.getexif().get(0x0112, 1))
    except Exception:
        return 1


def encode(img: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    img.save(out, **SAVE_OPTIONS[effective_format(fmt)])
    return out.getvalue()


def render(name: str, width: int, fmt: str, storage=None) -> str:
    """Generate the rendition of the stored image ``name`` unless it exists.

    Returns its storage path. Raises RenditionError for names outside the
    product image folder and for missing or unusable originals (also when a
    rendition of a since deleted original is still stored).
    """
    _check(width, fmt)
    if not is_product_image_name(name):
        raise RenditionError(f"not a product image: {name!r}")
    storage = storage or default_storage
    path = rendition_path(name, width, fmt)
    if not storage.exists(name):
        # A deleted photo: its renditions must not be served either.
        raise RenditionError(f"no such image: {name!r}")
    if storage.exists(path):
        return path
    try:
        with storage.open(name, "rb") as original:
            source = open_image(original)
            try:
                # Width, not long side: srcset "w" descriptors mean width.
                across, down = source.size
                if _orientation(source) in (5, 6, 7, 8):  # turned a quarter
                    across, down = down, across
                long_side = max(1, round(width * max(across, down) / across))
                img = to_srgb(decode(source, min(long_side, max(source.size))))
            finally:
                source.close()
            data = encode(img, fmt)
    except FileNotFoundError as exc:
        raise RenditionError(f"no such image: {name!r}") from exc
    except Exception as exc:  # PhotoRejected, decoder and encoder errors
        raise RenditionError(f"cannot render {name!r}: {exc}") from exc
    saved = storage.save(path, ContentFile(data))
    if saved != path:
        # Another request rendered it at the same moment; keep theirs.
        storage.delete(saved)
    return path
