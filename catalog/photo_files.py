"""Photo files of products: stored before their rows, removed after.

A photo's file is stored before its row is written. Inside
``atomic_with_files()`` a rollback deletes the files stored in it; files of
deleted photos (with their renditions and thumbnails) go only after the
deletion commits, and only when no photo refers to them any more
(duplicated products share none, but the dashboard may).
"""

import contextlib
import contextvars
import logging
import os
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from oscar.core.loading import get_model

from catalog import renditions

logger = logging.getLogger(__name__)

ProductImage = get_model("catalogue", "ProductImage")

_new_files = contextvars.ContextVar("catalog_photo_files_new", default=None)


def _storage():
    return ProductImage._meta.get_field("original").storage


@contextlib.contextmanager
def atomic_with_files():
    """``transaction.atomic()`` that also deletes the photo files stored in
    it when it rolls back, so a failed save leaves neither rows nor files.

    Files stored in a nested block are handed to the outer block when the
    nested one succeeds. (A plain ``atomic()`` around this one that rolls
    back later is not seen: use this one outermost.)"""
    outer = _new_files.get()
    written = []
    token = _new_files.set(written)
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        storage = _storage()
        for name in written:
            try:
                storage.delete(name)
            except Exception:
                logger.exception("Cannot delete %s after a rollback", name)
        raise
    finally:
        _new_files.reset(token)
    if outer is not None:
        outer.extend(written)


def store_photo(product, content, display_order, caption=""):
    """Store ``content`` (a File with a name) as a photo of the product.

    The file is stored first and remembered by ``atomic_with_files()``, then
    the row is written: if the row (or anything after it) fails, the file
    goes too."""
    field = ProductImage._meta.get_field("original")
    image = ProductImage(product=product, display_order=display_order, caption=caption)
    name = field.generate_filename(image, content.name)
    name = field.storage.save(name, content, max_length=field.max_length)
    written = _new_files.get()
    if written is not None:
        written.append(name)
    image.original = name
    image.save()
    return image


def save_photos(product, processed, start=0):
    """Store photos from the pipeline (vendors.photos.process_upload) after
    the first ``start`` ones."""
    return [
        store_photo(product, photo, display_order=start + offset)
        for offset, photo in enumerate(processed)
    ]


def discard_image_files(names):
    """Once the transaction commits, delete each stored photo file (and its
    renditions) that no photo refers to any more."""
    names = {name for name in names if name}
    if not names:
        return

    def remove():
        still_used = set(
            ProductImage.objects.filter(original__in=names).values_list("original", flat=True)
        )
        storage = _storage()
        for name in names - still_used:
            try:
                storage.delete(name)
                renditions.delete_renditions(name)
                _delete_thumbnails(name)
            except Exception:
                logger.exception("Cannot delete the files of photo %s", name)

    transaction.on_commit(remove)


def _delete_thumbnails(name):
    """Oscar's dashboard makes sorl thumbnails of photos: forget them too."""
    from sorl.thumbnail import default
    from sorl.thumbnail.images import ImageFile

    default.kvstore.delete_thumbnails(ImageFile(name, _storage()))


def copy_of_file(image):
    """The photo's stored bytes under a new random name, or None if missing."""
    try:
        with image.original.open("rb") as source:
            content = source.read()
    except FileNotFoundError:
        logger.warning("Photo file %s is missing; not copied", image.original.name)
        return None
    extension = os.path.splitext(image.original.name)[1].lower() or ".jpg"
    return ContentFile(content, name=f"{uuid.uuid4().hex}{extension}")
