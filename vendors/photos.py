"""Product photo pipeline: check and normalise a photo a producer uploads.

Producers upload straight from cheap phones on slow connections, so a photo
may be huge, sideways, HEIC, carry the GPS position of their home, or be cut
off half way. ``process_upload`` turns anything acceptable into one small,
upright, metadata-free JPEG and rejects everything else with
``PhotoRejected``, whose message can be shown to the producer as is.

    try:
        photo = process_upload(request.FILES["photo"])
    except PhotoRejected as error:
        form.add_error("photo", error.message)
    else:
        product_image.original.save(photo.name, photo)

Nothing here trusts the file name, extension or content type: the format is
what Pillow finds in the bytes, restricted to the formats we accept.
"""

from __future__ import annotations

import io
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import formats
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps
from pillow_heif import register_heif_opener

register_heif_opener()

logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_BYTES = 15 * 1024 * 1024
DEFAULT_MAX_SIDE = 2000
DEFAULT_MAX_PIXELS = 60_000_000
# PNG, WebP and HEIF cannot be decoded at a reduced size like JPEG can, and a
# 60 MP RGBA PNG of 250 KB needs 650 MB and 4 s to decode and scale. 30 MP
# still covers the 24 MP HEIC of recent iPhones.
DEFAULT_MAX_FULL_DECODE_PIXELS = 30_000_000
JPEG_QUALITY = 85

# Formats Pillow may even try to parse (keeps EPS, PSD, ... parsers away from
# uploads) and the formats they may report. "MPO" is a JPEG with extra
# frames, which many phones write.
OPEN_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "HEIF"})

# What Pillow and pillow-heif raise for a file that parses but does not decode.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError)

_SRGB = ImageCms.createProfile("sRGB")


class PhotoRejected(Exception):
    """The upload is not a usable photo. ``message`` is for the producer."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)


class ProcessedPhoto(ContentFile):
    """A normalised JPEG, ready for ``FieldFile.save(photo.name, photo)``."""

    format = "JPEG"
    content_type = "image/jpeg"

    def __init__(self, content: bytes, name: str, width: int, height: int):
        super().__init__(content, name=name)
        self.width = width
        self.height = height

    @property
    def content(self) -> bytes:
        return self.file.getvalue()


def max_upload_bytes() -> int:
    return getattr(settings, "PASAR_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_side() -> int:
    return getattr(settings, "PASAR_PHOTO_MAX_SIDE", DEFAULT_MAX_SIDE)


def max_pixels(image_format: str = "JPEG") -> int:
    """Most pixels a photo of this format may declare (JPEGs decode scaled down)."""
    limit = getattr(settings, "PASAR_PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    if image_format in ("JPEG", "MPO"):
        return limit
    full = getattr(settings, "PASAR_PHOTO_MAX_FULL_DECODE_PIXELS", DEFAULT_MAX_FULL_DECODE_PIXELS)
    return min(limit, full)


# Messages: short, plain words, and always what to do next.


def _empty():
    return PhotoRejected(_("This file is empty. Take or choose the photo again."), "empty")


def _too_big(limit_bytes):
    megabytes = limit_bytes / (1024 * 1024)
    limit = int(megabytes) if megabytes == int(megabytes) else formats.number_format(megabytes, 1)
    return PhotoRejected(
        _("This photo is too big. Choose a photo smaller than %(limit)s MB.") % {"limit": limit},
        "too_big",
    )


def _not_a_photo():
    return PhotoRejected(
        _("This file is not a photo. Choose a JPG, PNG, WebP or HEIC photo."), "not_a_photo"
    )


def _damaged():
    return PhotoRejected(
        _("This photo is damaged or incomplete. Take or choose the photo again."), "damaged"
    )


def _too_many_pixels(limit_pixels):
    return PhotoRejected(
        _(
            "This photo has too many pixels (more than %(limit)s megapixels). "
            "Choose a smaller photo."
        )
        % {"limit": limit_pixels // 1_000_000},
        "too_many_pixels",
    )


def _size_of(fileobj) -> int:
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
    return size


def open_image(fileobj) -> Image.Image:
    """Open (not decode) an image whose real content is an accepted format.

    Raises PhotoRejected if it is not one, or if it declares more pixels
    than max_pixels() allows. Only the header has been read when this returns.
    """
    fileobj.seek(0)
    try:
        img = Image.open(fileobj, formats=OPEN_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(max_pixels("PNG")) from exc
    except DECODE_ERRORS as exc:  # UnidentifiedImageError is an OSError
        raise _not_a_photo() from exc
    except Exception as exc:
        # Parsers of untrusted headers can fail in ways nobody lists: still
        # "not a photo" for the producer, and the traceback for us.
        logger.exception("Unexpected error while opening a photo upload")
        raise _not_a_photo() from exc
    try:
        if img.format not in ACCEPTED_FORMATS:
            raise _not_a_photo()
        width, height = img.size
        if width < 1 or height < 1:
            raise _damaged()
        pixel_limit = max_pixels(img.format)
        if width * height > pixel_limit:
            raise _too_many_pixels(pixel_limit)
    except PhotoRejected:
        img.close()
        raise
    return img


def decode(img: Image.Image, max_long_side: int) -> Image.Image:
    """Decode ``img`` scaled down so its long side is at most ``max_long_side``.

    JPEGs are decoded straight at a reduced size (libjpeg DCT scaling, a
    power of two at least as large as the target) so a 12 MP photo never
    exists in memory at full size. The result is upright (EXIF orientation
    applied) but keeps its mode.
    """
    width, height = img.size
    scale = max_long_side / max(width, height)
    if scale < 1 and img.format in ("JPEG", "MPO"):
        img.draft(None, (max(1, round(width * scale)), max(1, round(height * scale))))
    try:
        img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(max_pixels(img.format)) from exc
    except DECODE_ERRORS as exc:
        raise _damaged() from exc
    # thumbnail() keeps the aspect ratio and never enlarges.
    img.thumbnail((max_long_side, max_long_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    try:
        return ImageOps.exif_transpose(img) or img
    except Exception:  # unreadable EXIF must not cost the producer a good photo
        logger.info("Ignoring unreadable EXIF orientation in a photo", exc_info=True)
        return img


def to_srgb(img: Image.Image) -> Image.Image:
    """Plain 8-bit RGB in sRGB, transparency flattened onto white, no metadata."""
    icc = img.info.get("icc_profile")
    if img.mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    elif img.mode in ("LA", "La", "PA", "RGBa") or (
        img.mode in ("L", "RGB") and "transparency" in img.info
    ):
        img = img.convert("RGBA")
    if img.mode == "RGBA":
        background = Image.new("RGB", img.size, (255, 255, 255))
        background.paste(img, mask=img.getchannel("A"))
        img = background
    elif img.mode != "RGB":
        img = img.convert("RGB")
    if icc:
        # Phones (iPhone: Display P3) tag wider colour spaces; convert so the
        # untagged output shows the same colours. A broken profile is ignored.
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            img = ImageCms.profileToProfile(img, source, _SRGB, outputMode="RGB") or img
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            logger.info("Ignoring an unusable ICC profile in a photo", exc_info=True)
    img.info = {}  # no EXIF, GPS, XMP, ICC or JPEG comment may survive
    return img


def process_upload(uploaded_file) -> ProcessedPhoto:
    """Check and normalise an uploaded photo (an UploadedFile, file object or bytes).

    Returns an upright sRGB JPEG, long side at most PASAR_PHOTO_MAX_SIDE,
    without any metadata, named "<uuid4>.jpg". Raises PhotoRejected only.
    """
    fileobj = io.BytesIO(uploaded_file) if isinstance(uploaded_file, bytes) else uploaded_file
    size = _size_of(fileobj)
    if size == 0:
        raise _empty()
    limit = max_upload_bytes()
    if size > limit:
        raise _too_big(limit)

    source = open_image(fileobj)
    try:
        img = to_srgb(decode(source, max_side()))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    except PhotoRejected:
        raise
    except DECODE_ERRORS as exc:
        raise _damaged() from exc
    except Exception as exc:
        # Decoders of untrusted bytes can fail in ways nobody lists; the
        # producer must still get a clear answer, and we get the traceback.
        logger.exception("Unexpected error while processing a photo upload")
        raise _damaged() from exc
    finally:
        source.close()
    return ProcessedPhoto(out.getvalue(), f"{uuid.uuid4().hex}.jpg", img.width, img.height)
