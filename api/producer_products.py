"""Her products, on the producer router (api.producer): the portal's
product screens (vendors/portal/views/products_*) for an app.

A product starts from a photo, as in the portal: the photo makes a hidden
draft; its details (name, price, category, description), then its stock or
made-to-order lead time, then publishing put it in the shop, each refused
with the portal's message while something is missing. Every product is
looked up among her own, not deleted products: another producer's is a 404
and nothing changes. Every change is audited when someone acts for her.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import File, Form, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status
from oscar.core.loading import get_model

from api.errors import ApiError, from_form, invalid, not_found
from api.producer import P, PreparedPages, choice, producer_for, record, refused_fields, router
from api.producer_schemas import (
    BlockerOut,
    OwnProductOut,
    ProductCreateIn,
    ProductDetailOut,
    ProductDetailsIn,
    ProductPhotoOut,
    StockIn,
)
from api.schemas import photo, responses, rupiah
from api.security import SIGNED_IN
from catalog import editing, photo_files
from vendors.portal import forms_products as forms

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductImage = editing.ProductImage
StockRecord = editing.StockRecord


def product_for(producer, product_id):
    """One of her products that is not deleted, else 404."""
    product = (
        editing.producer_products(producer)
        .select_related("product_class")
        .filter(pk=product_id)
        .first()
    )
    if product is None:
        raise not_found()
    return product


def record_product(request, producer, product, message, **params):
    record(request, producer, message, title=product.title, **params)


def photo_out(image, request):
    return ProductPhotoOut(
        id=image.pk, **photo(image.original.name, image.caption, request).model_dump()
    )


def product_fields(product, request, *, stock, images, category):
    price = stock.price if stock is not None else None
    return {
        "id": product.pk,
        "title": product.title,
        "description": editing.html_to_text(product.description),
        "category": choice(category),
        "price": rupiah(price),
        "fulfilment": product.fulfilment,
        "num_in_stock": stock.num_in_stock if stock is not None else None,
        "reserved": editing.reserved_count(stock),
        "free_to_sell": editing.free_to_sell(stock),
        "lead_time_days": product.lead_time_days or None,
        "weekly_capacity": product.weekly_capacity,
        "is_public": product.is_public,
        "url": (
            request.build_absolute_uri(product.get_absolute_url()) if product.is_public else None
        ),
        "updated_at": product.date_updated,
        "photos": [photo_out(image, request) for image in images],
    }


def product_detail(product, request):
    blocker = editing.publish_blocker(product)
    return ProductDetailOut(
        **product_fields(
            product,
            request,
            stock=editing.stockrecord_of(product),
            images=editing.photos_of(product),
            category=editing.root_category_of(product),
        ),
        blocker=BlockerOut(message=str(blocker.message), step=blocker.step) if blocker else None,
        category_choices=[choice(c) for c in forms.root_categories()],
    )


def products_page(products, request):
    """The list's products from what was prefetched: main photo first, her
    stock record, the top category (roots read once, only if needed)."""
    roots = None
    out = []
    for product in products:
        records = list(product.stockrecords.all())
        categories = sorted(product.categories.all(), key=lambda c: (c.depth, c.path))
        category = categories[0] if categories else None
        if category is not None and category.depth > 1:
            if roots is None:
                roots = {root.path: root for root in Category.objects.filter(depth=1)}
            category = roots.get(category.path[: Category.steplen])
        fields = product_fields(
            product,
            request,
            stock=records[0] if records else None,
            images=list(product.images.all()),
            category=category,
        )
        out.append(OwnProductOut(**fields))
    return out


@router.get(f"{P}/products", auth=SIGNED_IN, response=responses(list[OwnProductOut]))
@paginate(PreparedPages, prepare=products_page)
def list_products(request, code: str):
    """All her products, hidden drafts too, newest first, as in the portal's
    list, in a fixed number of queries."""
    producer = producer_for(request, code)
    return (
        editing.producer_products(producer)
        .select_related("product_class")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "pk")),
            Prefetch(
                "stockrecords",
                queryset=StockRecord.objects.filter(partner=producer).order_by("pk"),
            ),
            "categories",
        )
        .order_by("-date_created", "-pk")
    )


def checked_photos(uploads, existing):
    """The portal's photo form over the uploaded ``photo`` files: each
    through the photo pipeline, all refused if one is bad. Returns (the
    processed photos, errors named "photo")."""
    form = forms.PhotoUploadForm(
        data={}, files=MultiValueDict({"photos": list(uploads or [])}), existing=existing
    )
    if form.is_valid():
        return form.cleaned_data["photos"], {}
    return None, refused_fields(form.errors, {"photos": "photo"})


@router.post(
    f"{P}/products",
    auth=SIGNED_IN,
    response=responses(ProductDetailOut, status=201),
    openapi_extra={"requestBody": {"required": True}},
)
def create_product(
    request,
    code: str,
    details: Form[ProductCreateIn],
    photo: File[list[UploadedFile]] = None,
):
    """A new product from one or more photos (multipart/form-data, field
    ``photo``, repeated for several), as the portal's add screens: the
    photos make a hidden draft. Send title, price and category (and a
    description) with them to give it its details too. As in the portal, a
    product starts with a photo: a request without one creates nothing.
    Then set its stock (PATCH …/stock) and publish it (POST …/publish)."""
    producer = producer_for(request, code)
    processed, errors = checked_photos(photo, existing=0)
    given = details.model_dump(exclude_none=True)
    details_form = None
    if given:
        details_form = forms.DetailsForm(data=given)
        if not details_form.is_valid():
            errors.update(refused_fields(details_form.errors))
    if errors:
        raise invalid(errors)
    with photo_files.atomic_with_files():
        product = editing.create_draft(producer, processed, title=_("New product"))
        record(request, producer, gettext_noop("New product draft added"))
        if details_form is not None:
            editing.apply_details(product, details_form.cleaned_data)
            record_product(request, producer, product, gettext_noop("Product “%(title)s” edited"))
    return Status(201, product_detail(product, request))


@router.get(f"{P}/products/{{product_id}}", auth=SIGNED_IN, response=responses(ProductDetailOut))
def get_product(request, code: str, product_id: int):
    """One of her products, with what still keeps it out of the shop."""
    producer = producer_for(request, code)
    return product_detail(product_for(producer, product_id), request)


@router.patch(f"{P}/products/{{product_id}}", auth=SIGNED_IN, response=responses(ProductDetailOut))
def edit_product(request, code: str, product_id: int, payload: ProductDetailsIn):
    """Name, price, category and description (the portal's details form);
    what is not sent keeps its value."""
    producer = producer_for(request, code)
    product = product_for(producer, product_id)
    data = editing.details_initial(product)
    data["category"] = getattr(data.get("category"), "pk", None)
    data.update(payload.model_dump(exclude_unset=True))
    form = forms.DetailsForm(data=data)
    if not form.is_valid():
        raise from_form(form)
    with transaction.atomic():
        editing.apply_details(product, form.cleaned_data)
        record_product(request, producer, product, gettext_noop("Product “%(title)s” edited"))
    return product_detail(product, request)


@router.delete(f"{P}/products/{{product_id}}", auth=SIGNED_IN, response=responses(None, status=204))
def delete_product(request, code: str, product_id: int):
    """Remove it from the shop and her list. The row and its photos stay for
    past orders (the portal's soft delete)."""
    producer = producer_for(request, code)
    product = product_for(producer, product_id)
    with transaction.atomic():
        editing.soft_delete(product)
        record_product(request, producer, product, gettext_noop("Product “%(title)s” deleted"))
    return Status(204, None)


STOCK_FIELDS = ("fulfilment", "num_in_stock", "lead_time_days", "weekly_capacity")


@router.patch(
    f"{P}/products/{{product_id}}/stock",
    auth=SIGNED_IN,
    response=responses(ProductDetailOut, 409),
)
def edit_stock(request, code: str, product_id: int, payload: StockIn):
    """Price, and ready stock or made to order, by the portal's stock and
    price forms; what is not sent keeps its value. ``num_in_stock`` is
    everything on her shelf, reserved goods included. Switching to made to
    order is refused while shelf goods are reserved for orders not sent yet.
    A product needs its name and price first (409). This does not publish
    it: POST …/publish does."""
    producer = producer_for(request, code)
    product = product_for(producer, product_id)
    blocker = editing.publish_blocker(product, photos=False)
    if blocker:
        raise ApiError(409, "not_ready", blocker.message)
    sent = payload.model_dump(exclude_unset=True)
    errors, stock_form, price = {}, None, None
    if any(name in sent for name in STOCK_FIELDS):
        data = {**editing.stock_initial(product), **{k: sent[k] for k in STOCK_FIELDS if k in sent}}
        if (
            data["fulfilment"] == Product.Fulfilment.MADE_TO_ORDER
            and sent.get("num_in_stock") is not None
        ):
            errors["num_in_stock"] = [_("This product is made to order: it has no stock.")]
        reserved = editing.reserved_count(editing.stockrecord_of(product))
        stock_form = forms.StockForm(data=data, reserved=reserved)
        if not stock_form.is_valid():
            errors.update(refused_fields(stock_form.errors))
    if "price" in sent:
        price_form = forms.QuickPriceForm(data={"price": sent["price"]})
        if price_form.is_valid():
            price = price_form.cleaned_data["price"]
        else:
            errors.update(refused_fields(price_form.errors))
    if errors:
        raise invalid(errors)
    try:
        with transaction.atomic():
            if stock_form is not None:
                editing.apply_stock(product, stock_form.cleaned_data)
                count = stock_form.cleaned_data.get("num_in_stock")
                if product.is_made_to_order:
                    message, params = gettext_noop("Product “%(title)s” edited"), {}
                else:
                    message = gettext_noop("Stock of “%(title)s” set to %(count)s")
                    params = {"count": count}
                record_product(request, producer, product, message, **params)
            if price is not None:
                editing.save_stockrecord(product, price=price)
                record_product(
                    request,
                    producer,
                    product,
                    gettext_noop("Price of “%(title)s” set to Rp %(price)s"),
                    price=f"{price:,}".replace(",", "."),
                )
    except ValidationError as error:
        product.refresh_from_db()
        fields = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        raise invalid(fields) from None
    return product_detail(product, request)


@router.post(
    f"{P}/products/{{product_id}}/photos",
    auth=SIGNED_IN,
    response=responses(ProductDetailOut, status=201),
)
def add_photos(request, code: str, product_id: int, photo: File[list[UploadedFile]] = None):
    """Add photos (multipart/form-data, field ``photo``, repeated for
    several) after the ones it has, through the portal's photo pipeline. One
    bad file refuses the whole upload, with a message in her language, and
    nothing is saved. At most 8 photos per product."""
    producer = producer_for(request, code)
    product = product_for(producer, product_id)
    processed, errors = checked_photos(photo, existing=product.images.count())
    if errors:
        raise invalid(errors)
    with photo_files.atomic_with_files():
        editing.add_photos(product, processed)
        record_product(request, producer, product, gettext_noop("Photos added to “%(title)s”"))
    return Status(201, product_detail(product, request))


@router.delete(
    f"{P}/products/{{product_id}}/photos/{{photo_id}}",
    auth=SIGNED_IN,
    response=responses(None, 409, status=204),
)
def delete_photo(request, code: str, product_id: int, photo_id: int):
    """Delete one photo of the product. A product in the shop keeps its last
    photo (409): add another first, or hide the product."""
    producer = producer_for(request, code)
    product = product_for(producer, product_id)
    image = product.images.filter(pk=photo_id).first()
    if image is None:
        raise not_found()
    try:
        with transaction.atomic():
            editing.delete_photo(product, image)
            record_product(
                request, producer, product, gettext_noop("A photo of “%(title)s” deleted")
            )
    except ValidationError as error:
        raise ApiError(409, "last_photo", " ".join(error.messages)) from None
    return Status(204, None)


@router.post(
    f"{P}/products/{{product_id}}/publish",
    auth=SIGNED_IN,
    response=responses(ProductDetailOut, 409),
)
def publish_product(request, code: str, product_id: int):
    """Show it in the shop, once it has a name, a price and a photo (else
    409 saying what to do first). Publishing a product in the shop changes
    nothing."""
    producer = producer_for(request, code)
    product = product_for(producer, product_id)
    if not product.is_public:
        blocker = editing.publish_blocker(product)
        if blocker:
            raise ApiError(409, "not_ready", blocker.message)
        with transaction.atomic():
            editing.set_public(product, True)
            record_product(
                request, producer, product, gettext_noop("Product “%(title)s” shown in the shop")
            )
    return product_detail(product, request)


@router.post(
    f"{P}/products/{{product_id}}/unpublish",
    auth=SIGNED_IN,
    response=responses(ProductDetailOut),
)
def unpublish_product(request, code: str, product_id: int):
    """Hide it from the shop; it stays in her list. Hiding a hidden product
    changes nothing."""
    producer = producer_for(request, code)
    product = product_for(producer, product_id)
    if product.is_public:
        with transaction.atomic():
            editing.set_public(product, False)
            record_product(request, producer, product, gettext_noop("Product “%(title)s” hidden"))
    return product_detail(product, request)
