"""Photo files follow their rows, after the transaction commits.

Oscar's own receiver (OSCAR_DELETE_IMAGE_FILES, switched off in settings)
deletes a file the moment its row is deleted, before the transaction
commits: a rollback would keep a photo whose file is gone. Here the file,
its renditions and thumbnails go only once the delete has committed, and
only if no other photo still uses the file (duplicated products share them).
"""

from django.db import transaction
from django.db.models.signals import post_delete


def discard_product_photo(sender, instance, **kwargs):
    from catalog import photo_files

    photo_files.discard_image_files([instance.original.name])


def discard_category_image(sender, instance, **kwargs):
    if instance.image:
        name, storage = instance.image.name, instance.image.storage
        transaction.on_commit(lambda: storage.delete(name))


def connect(product_image, category):
    post_delete.connect(
        discard_product_photo, sender=product_image, dispatch_uid="catalog.discard_product_photo"
    )
    post_delete.connect(
        discard_category_image, sender=category, dispatch_uid="catalog.discard_category_image"
    )
