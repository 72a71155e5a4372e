"""Moving a practice product to the trainee's real shop.

When a trainee has made a good product page in her practice shop (photos,
description, price), she moves it to her real shop (Partner.practice_of)
instead of typing it again. The copy is made by catalog.editing.duplicate:
title, description, class, categories, attributes, fulfilment, lead time,
capacity, price, stock and photos (files of its own). It is in the real
shop at once when the practice product was shown and is complete; else it
waits there hidden. The practice product stays where it is.

The copy remembers its source in Product.code ("promoted-from-<pk>"), a
unique column: moving the same product twice, even with two taps at once,
makes one copy only.
"""

from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from oscar.core.loading import get_model

from catalog import editing, photo_files
from vendors import audit

Product = get_model("catalogue", "Product")


class PromotionError(Exception):
    """The product cannot be moved; ``message`` is for the trainee."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


PROMOTED_PREFIX = "promoted-from-"


def promotion_code(product):
    """The code of the real shop's copy: how a second move finds the first."""
    return f"{PROMOTED_PREFIX}{product.pk}"


def promoted_copy(product):
    """Her real shop's copy of this practice product, or None."""
    return Product.objects.filter(code=promotion_code(product), deleted_at__isnull=True).first()


def promote(product, actor):
    """Copy the practice ``product`` into her real shop; returns the copy.
    Raises PromotionError (and copies nothing) when it is not a practice
    product or was moved already."""
    practice_shop = product.producer
    real_shop = practice_shop.practice_of if practice_shop is not None else None
    if real_shop is None or not practice_shop.is_practice:
        raise PromotionError(_("Only a product of a practice shop can be moved to a real shop."))
    if promoted_copy(product) is not None:
        raise already_moved(product)
    code = promotion_code(product)
    try:
        with photo_files.atomic_with_files():
            # A copy she deleted from her real shop does not count: free its
            # marker so the product can be moved again.
            Product.objects.filter(code=code, deleted_at__isnull=False).update(code=None)
            copy = editing.duplicate(product, product.title, producer=real_shop, code=code)
            if product.is_public and editing.publish_blocker(copy) is None:
                editing.set_public(copy, True)
            audit.record(
                real_shop,
                actor,
                gettext_noop("Product “%(title)s” moved here from the practice shop"),
                title=copy.title,
            )
    except IntegrityError:  # the same move, tapped twice at once
        raise already_moved(product) from None
    return copy


def already_moved(product):
    return PromotionError(
        _("“%(title)s” is already in your real shop: change it there.") % {"title": product.title}
    )
