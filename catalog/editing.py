"""Editing a producer's products: the rules behind the portal's product screens.

The portal views only parse requests and show results; everything that
changes a product happens here, so tests (and any other screen) can call it
directly:

    with photo_files.atomic_with_files():
        product = create_draft(producer, photos)      # screen 1
    apply_details(product, {"title": ..., "price": ..., "category": ..., ...})
    blocker = publish_blocker(product)                # None, or why not yet
    put_in_shop(product, {"fulfilment": "stock", "num_in_stock": 12})

Stock: ``num_in_stock`` is what lies on the producer's shelf, including
what is reserved (``num_allocated``) for orders not sent yet; shoppers can
buy the difference. Stock records are only ever written column by column on
a locked row, so checkout's allocations are never overwritten.

Files: see catalog.photo_files (stored before their rows, removed only
after a deletion commits).
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import linebreaks, strip_tags
from django.utils.translation import gettext, gettext_lazy, ngettext
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from catalog import photo_files

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

KEEP = object()  # "leave this value as it is"


# Descriptions: producers type plain text, the shop shows escaped HTML.


def text_to_html(text):
    """Plain text from a producer -> escaped HTML paragraphs."""
    text = (text or "").strip()
    return linebreaks(text, autoescape=True) if text else ""


def html_to_text(value):
    """The stored description back to the plain text she typed."""
    value = value or ""
    value = re.sub(r"<br\s*/?>", "\n", value)
    value = re.sub(r"</p>\s*<p>", "\n\n", value)
    return html.unescape(strip_tags(value)).strip()


# Lookups


def producer_products(producer):
    """The only products a portal view may touch: hers and not deleted."""
    return Product.objects.filter(producer=producer, deleted_at__isnull=True)


def stockrecord_of(product, *, for_update=False):
    """The product's one stock record, held by its producer, or None.

    ``for_update`` locks the row until the surrounding transaction ends."""
    records = StockRecord.objects.filter(product=product, partner_id=product.producer_id)
    if for_update:
        records = records.select_for_update()
    return records.order_by("pk").first()


def photos_of(product):
    """Her photos of the product, main photo first."""
    return list(product.images.order_by("display_order", "pk"))


def root_category_of(product):
    category = product.categories.order_by("depth", "path").first()
    if category is None:
        return None
    return category if category.depth == 1 else category.get_root()


def class_for_category(category):
    """The product class a category implies, by name.

    Root categories are named after their class, sometimes with more words
    ("Hasil Pertanian" -> Pertanian, "Busana & Batik" -> Busana): the first
    word of the category's name that is a class's name wins. A category
    named after no class gets the first class."""
    classes = list(ProductClass.objects.order_by("pk"))
    by_name = {product_class.name.lower(): product_class for product_class in classes}
    for word in re.findall(r"\w+", category.name.lower()):
        if word in by_name:
            return by_name[word]
    return classes[0] if classes else None


# Stock


def reserved_count(record):
    """How many on the shelf are reserved for orders not sent yet."""
    if record is None or record.num_in_stock is None:
        return 0  # made to order: nothing on a shelf is reserved
    return max(record.num_allocated or 0, 0)


def free_to_sell(record):
    """What shoppers can still buy from the shelf (never below 0)."""
    if record is None or record.num_in_stock is None:
        return None
    return max(record.num_in_stock - reserved_count(record), 0)


def save_stockrecord(product, *, price=KEEP, num_in_stock=KEEP):
    """Create or update the product's one stock record, held by its producer.

    Only the columns that change are written, on a row locked for the rest
    of the transaction: a checkout's ``allocate()`` (an F() update of
    ``num_allocated``) is never overwritten with a stale value."""
    with transaction.atomic():
        record = stockrecord_of(product, for_update=True)
        if record is None:
            record = StockRecord(
                product=product,
                partner_id=product.producer_id,
                partner_sku=f"P{product.pk}",
                num_in_stock=None,
            )
            if price is not KEEP:
                record.price = Decimal(price)
            if num_in_stock is not KEEP:
                record.num_in_stock = num_in_stock
            record.save()
            return record
        changed = []
        if price is not KEEP and record.price != Decimal(price):
            record.price = Decimal(price)
            changed.append("price")
        if num_in_stock is not KEEP and record.num_in_stock != num_in_stock:
            record.num_in_stock = num_in_stock
            changed.append("num_in_stock")
        if changed:
            record.save(update_fields=[*changed, "date_updated"])
        return record


def made_to_order_refusal(reserved):
    return ValidationError(
        {
            "fulfilment": ngettext(
                "%(count)d on the shelf is reserved for an order not sent yet. Send or "
                "cancel that order first, then switch to made to order. To stop selling "
                "from the shelf now, set the number on the shelf to %(count)d.",
                "%(count)d on the shelf are reserved for orders not sent yet. Send or "
                "cancel those orders first, then switch to made to order. To stop selling "
                "from the shelf now, set the number on the shelf to %(count)d.",
                reserved,
            )
            % {"count": reserved}
        },
        code="reserved",
    )


def apply_stock(product, data):
    """Ready stock with the number on the shelf, or made to order with a lead time.

    Switching to made to order forgets the shelf count, so it is refused
    (ValidationError on ``fulfilment``, nothing changed) while goods on the
    shelf are reserved for orders not sent yet: those orders are sent from
    the shelf and the count must follow them."""
    with transaction.atomic():
        record = stockrecord_of(product, for_update=True)
        if data["fulfilment"] == Product.Fulfilment.MADE_TO_ORDER:
            reserved = reserved_count(record)
            if reserved:
                raise made_to_order_refusal(reserved)
            product.fulfilment = data["fulfilment"]
            product.lead_time_days = data["lead_time_days"]
            product.weekly_capacity = data.get("weekly_capacity")
            num_in_stock = None
        else:
            product.fulfilment = data["fulfilment"]
            product.lead_time_days = 0
            product.weekly_capacity = None
            num_in_stock = data["num_in_stock"]
        product.save()
        save_stockrecord(product, num_in_stock=num_in_stock)


def set_shelf_count(product, count):
    """The quick stock box: the number on her shelf, reserved ones included."""
    return save_stockrecord(product, num_in_stock=count)


# Name, price, category, description


def apply_details(product, data):
    """Name, price, category and description from screen 2 or the edit form."""
    with transaction.atomic():
        title = data["title"]
        if title != product.title:
            product.title = title
            product.slug = slugify(title) or product.slug
        product.description = text_to_html(data["description"])
        product.product_class = class_for_category(data["category"]) or product.product_class
        product.save()
        category = data["category"]
        ProductCategory.objects.filter(product=product).exclude(category=category).delete()
        ProductCategory.objects.get_or_create(product=product, category=category)
        save_stockrecord(product, price=data["price"])


def details_initial(product):
    record = stockrecord_of(product)
    initial = {
        "title": product.title if record is not None else "",
        "description": html_to_text(product.description),
        "category": root_category_of(product),
    }
    if record is not None and record.price is not None:
        initial["price"] = int(record.price)
    return initial


def stock_initial(product):
    record = stockrecord_of(product)
    return {
        "fulfilment": product.fulfilment,
        "num_in_stock": record.num_in_stock if record is not None else None,
        "lead_time_days": product.lead_time_days or None,
        "weekly_capacity": product.weekly_capacity,
    }


# In the shop or not


class Blocker(NamedTuple):
    """Why a product cannot be in the shop yet, and which screen fixes it."""

    message: str
    step: str  # "details" or "photos"


NEEDS_DETAILS = Blocker(gettext_lazy("First write the name and price."), "details")
NEEDS_PHOTO = Blocker(gettext_lazy("Add at least one photo first."), "photos")


def publish_blocker(product, *, photos=True):
    """None if the product may be in the shop, else the first Blocker:
    it needs its name and price (screen 2), then at least one photo."""
    if stockrecord_of(product) is None:
        return NEEDS_DETAILS
    if photos and not product.images.exists():
        return NEEDS_PHOTO
    return None


def put_in_shop(product, stock_data):
    """Screen 3: stock or made to order, then the product is in the shop."""
    with transaction.atomic():
        apply_stock(product, stock_data)
        product.is_public = True
        product.save(update_fields=["is_public", "date_updated"])


def set_public(product, is_public):
    product.is_public = is_public
    product.save(update_fields=["is_public", "date_updated"])


def soft_delete(product):
    """Gone from the shop and her list; the row stays for past orders."""
    product.deleted_at = timezone.now()
    product.is_public = False
    product.save(update_fields=["deleted_at", "is_public", "date_updated"])


# Photo order


PHOTO_MOVES = ("main", "up", "down")


def move_photo(product, image, move):
    """Make ``image`` the main photo, or move it one place up or down."""
    images = photos_of(product)
    position = next(i for i, other in enumerate(images) if other.pk == image.pk)
    image = images.pop(position)
    if move == "main":
        images.insert(0, image)
    elif move == "up":
        images.insert(max(position - 1, 0), image)
    elif move == "down":
        images.insert(min(position + 1, len(images)), image)
    else:
        raise ValueError(f"unknown move {move!r}")
    with transaction.atomic():
        renumber(images)
    return images


def renumber(images):
    """display_order 0, 1, 2... in the given order."""
    for order, image in enumerate(images):
        if image.display_order != order:
            ProductImage.objects.filter(pk=image.pk).update(display_order=order)
            image.display_order = order


def add_photos(product, processed):
    """Photos from the pipeline after the ones she has."""
    with photo_files.atomic_with_files():
        images = photos_of(product)
        renumber(images)
        return photo_files.save_photos(product, processed, start=len(images))


def last_photo_refusal():
    return ValidationError(
        gettext("A product in the shop needs at least one photo. Add another photo first."),
        code="last_photo",
    )


def delete_photo(product, image):
    """Delete one photo; its file and renditions go once that commits.

    A product in the shop keeps its last photo (ValidationError)."""
    with transaction.atomic():
        images = photos_of(product)
        if product.is_public and len(images) <= 1:
            raise last_photo_refusal()
        image.delete()  # its files go after the commit (catalog.receivers)
        renumber([other for other in images if other.pk != image.pk])


# New products


def create_draft(producer, processed, title):
    """Screen 1: a hidden draft with the photos (pipeline output). A failure
    leaves neither rows nor files; wrap it in photo_files.atomic_with_files() with
    whatever else must succeed with it (the view's audit entry)."""
    with photo_files.atomic_with_files():
        product = Product.objects.create(
            title=title,
            producer=producer,
            product_class=ProductClass.objects.order_by("pk").first(),
            structure=Product.STANDALONE,
            is_public=False,
        )
        photo_files.save_photos(product, processed)
    return product


def duplicate(product, title, *, producer=None, code=None):
    """A hidden copy with the same fields, attributes, price, stock,
    category and photos (each photo a file of its own). Nothing of the
    source changes.

    ``producer``: whose shop the copy is in (default the source's own; a
    practice product is promoted to her real shop this way, see
    training.practice). ``code``: the copy's Product.code, a unique marker
    of where it came from."""
    record = stockrecord_of(product)
    with photo_files.atomic_with_files():
        copy = Product.objects.create(
            title=title,
            code=code,
            producer=producer or product.producer,
            product_class=product.product_class,
            structure=Product.STANDALONE,
            description=product.description,
            fulfilment=product.fulfilment,
            lead_time_days=product.lead_time_days,
            weekly_capacity=product.weekly_capacity,
            is_discountable=product.is_discountable,
            is_public=False,
        )
        for category in product.categories.all():
            ProductCategory.objects.create(product=copy, category=category)
        _copy_attribute_values(product, copy)
        if record is not None:
            save_stockrecord(
                copy,
                price=record.price if record.price is not None else KEEP,
                num_in_stock=record.num_in_stock,
            )
        order = 0
        for image in photos_of(product):
            content = photo_files.copy_of_file(image)
            if content is not None:
                photo_files.store_photo(copy, content, display_order=order, caption=image.caption)
                order += 1
    return copy


def _copy_attribute_values(product, copy):
    """The source's attribute values (weight, shelf life, material...) on
    the copy, which has the same product class."""
    for value in product.attribute_values.all():
        options = list(value.value_multi_option.all())
        value.pk = None
        value.id = None
        value._state.adding = True
        value.product = copy
        value.save()
        if options:
            value.value_multi_option.set(options)
