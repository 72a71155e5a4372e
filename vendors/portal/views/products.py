"""Portal views: a producer's products.

Adding a product takes three short screens: photos (which create a hidden
draft), then name, price, category and description, then stock or made to
order (which puts it in the shop). The product list updates stock and price
in one tap each; edit, photos, hide/show, duplicate and (soft) delete are one
step away.

Every product is looked up among this producer's own, not deleted products,
so another producer's product is a 404 and nothing changes. Every change is
passed to ``self.audit``, which logs it when someone acts for the producer.
"""

import os
import re
import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from vendors.portal import forms_products as forms
from vendors.portal.mixins import ProducerMixin

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

KEEP = object()


def producer_products(producer):
    """The only products a portal view may touch: hers and not deleted."""
    return Product.objects.filter(producer=producer, deleted_at__isnull=True)


def stockrecord_of(product):
    return (
        StockRecord.objects.filter(product=product, partner_id=product.producer_id)
        .order_by("pk")
        .first()
    )


def save_stockrecord(product, *, price=None, num_in_stock=KEEP):
    """Create or update the product's one stock record, held by its producer."""
    record = stockrecord_of(product)
    if record is None:
        record = StockRecord(
            product=product,
            partner_id=product.producer_id,
            partner_sku=f"P{product.pk}",
            num_in_stock=None,
        )
    if price is not None:
        record.price = Decimal(price)
    if num_in_stock is not KEEP:
        record.num_in_stock = num_in_stock
    record.save()
    return record


def class_for_category(category):
    """The product class named in the category's name ("Hasil Pertanian" ->
    Pertanian), its first word first; else the first class."""
    classes = list(ProductClass.objects.order_by("pk"))
    by_name = {product_class.name.lower(): product_class for product_class in classes}
    for word in re.findall(r"\w+", category.name.lower()):
        if word in by_name:
            return by_name[word]
    return classes[0] if classes else None


def root_category_of(product):
    category = product.categories.order_by("depth", "path").first()
    if category is None:
        return None
    return category if category.depth == 1 else category.get_root()


def save_photos(product, processed, start=0):
    for offset, photo in enumerate(processed):
        ProductImage.objects.create(
            product=product,
            original=ContentFile(photo.content, name=photo.name),
            display_order=start + offset,
        )


def delete_file_when_unused(name):
    """Remove a deleted photo's file once no image refers to it any more."""
    if not name:
        return

    def remove():
        if not ProductImage.objects.filter(original=name).exists():
            ProductImage._meta.get_field("original").storage.delete(name)

    transaction.on_commit(remove)


def apply_details(product, data):
    """Name, price, category and description from screen 2 or the edit form."""
    title = data["title"]
    if title != product.title:
        product.title = title
        product.slug = slugify(title) or product.slug
    product.description = forms.text_to_html(data["description"])
    product.product_class = class_for_category(data["category"]) or product.product_class
    product.save()
    ProductCategory.objects.filter(product=product).exclude(category=data["category"]).delete()
    ProductCategory.objects.get_or_create(product=product, category=data["category"])
    save_stockrecord(product, price=data["price"])


def apply_stock(product, data):
    """Ready stock with a quantity, or made to order with a lead time."""
    product.fulfilment = data["fulfilment"]
    if product.is_made_to_order:
        product.lead_time_days = data["lead_time_days"]
        product.weekly_capacity = data.get("weekly_capacity")
        num_in_stock = None
    else:
        product.lead_time_days = 0
        product.weekly_capacity = None
        num_in_stock = data["num_in_stock"]
    product.save()
    save_stockrecord(product, num_in_stock=num_in_stock)


def details_initial(product):
    record = stockrecord_of(product)
    initial = {
        "title": product.title if record is not None else "",
        "description": forms.html_to_text(product.description),
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


class ProductMixin(ProducerMixin):
    """A view about one of her products: ``self.get_product()`` or 404."""

    def get_product(self):
        if not hasattr(self, "_product"):
            self._product = get_object_or_404(
                producer_products(self.producer).select_related("product_class"),
                pk=self.kwargs["pk"],
            )
        return self._product

    def product_url(self, name, product=None):
        product = product or self.get_product()
        return reverse(f"portal:{name}", kwargs={"producer": self.producer.code, "pk": product.pk})

    def list_url(self, product=None):
        url = reverse("portal:product-list", kwargs={"producer": self.producer.code})
        return f"{url}#product-{product.pk}" if product is not None else url

    def audit_product(self, text, product=None):
        product = product or self.get_product()
        self.audit(text % {"title": product.title})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["product"] = self.get_product()
        return context


class ProductAddView(ProducerMixin, FormView):
    """Screen 1: photos. One accepted upload makes a hidden draft."""

    template_name = "vendors/portal/products/add_photos.html"
    form_class = forms.PhotoUploadForm

    def form_valid(self, form):
        first_class = ProductClass.objects.order_by("pk").first()
        with transaction.atomic():
            product = Product.objects.create(
                title=_("New product"),
                producer=self.producer,
                product_class=first_class,
                structure=Product.STANDALONE,
                is_public=False,
            )
            save_photos(product, form.cleaned_data["photos"])
            self.audit(_("New product draft added"))
        return redirect("portal:product-details", producer=self.producer.code, pk=product.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(step=1, **kwargs)


class ProductDetailsView(ProductMixin, FormView):
    """Screen 2: name, price, category and a few words."""

    template_name = "vendors/portal/products/details.html"
    form_class = forms.DetailsForm

    def get_initial(self):
        return details_initial(self.get_product())

    def form_valid(self, form):
        product = self.get_product()
        with transaction.atomic():
            apply_details(product, form.cleaned_data)
            self.audit_product(_("Product “%(title)s” edited"))
        return redirect(self.product_url("product-stock"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(step=2, **kwargs)


class ProductStockView(ProductMixin, FormView):
    """Screen 3: stock or made to order; saving puts the product in the shop."""

    template_name = "vendors/portal/products/stock.html"
    form_class = forms.StockForm

    def get(self, request, *args, **kwargs):
        if stockrecord_of(self.get_product()) is None:
            messages.error(request, _("First write the name and price."))
            return redirect(self.product_url("product-details"))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        product = self.get_product()
        if stockrecord_of(product) is None:
            messages.error(request, _("First write the name and price."))
            return redirect(self.product_url("product-details"))
        if not product.images.exists():
            messages.error(request, _("Add at least one photo first."))
            return redirect(self.product_url("product-photos"))
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return stock_initial(self.get_product())

    def form_valid(self, form):
        product = self.get_product()
        with transaction.atomic():
            apply_stock(product, form.cleaned_data)
            product.is_public = True
            product.save()
            self.audit_product(_("Product “%(title)s” put in the shop"))
        messages.success(
            self.request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("“%(title)s” is now in your shop.") % {"title": product.title},
                product.get_absolute_url(),
                _("See it in the shop"),
            ),
        )
        return redirect(self.list_url(product))

    def get_context_data(self, **kwargs):
        return super().get_context_data(step=3, **kwargs)


class ProductListView(ProducerMixin, ListView):
    """All her products, hidden drafts too, newest first, in a fixed number
    of queries (photos and stock records are prefetched)."""

    template_name = "vendors/portal/products/product_list.html"
    context_object_name = "products"
    paginate_by = 30

    def get_queryset(self):
        return (
            producer_products(self.producer)
            .select_related("product_class")
            .prefetch_related(
                Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "pk")),
                Prefetch(
                    "stockrecords",
                    queryset=StockRecord.objects.filter(partner=self.producer).order_by("pk"),
                ),
            )
            .order_by("-date_created", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for product in context["products"]:
            images = list(product.images.all())
            records = list(product.stockrecords.all())
            product.main_image = images[0] if images else None
            product.record = records[0] if records else None
        return context


class ProductEditView(ProductMixin, FormView):
    """Name, price, category, description and stock on one page."""

    template_name = "vendors/portal/products/edit.html"
    form_class = forms.ProductEditForm

    def get_initial(self):
        product = self.get_product()
        return {**details_initial(product), **stock_initial(product)}

    def form_valid(self, form):
        product = self.get_product()
        with transaction.atomic():
            apply_details(product, form.cleaned_data)
            apply_stock(product, form.cleaned_data)
            self.audit_product(_("Product “%(title)s” edited"))
        messages.success(self.request, _("“%(title)s” saved.") % {"title": product.title})
        return redirect(self.list_url(product))


class ProductPhotosView(ProductMixin, TemplateView):
    """Add photos, move them up or down, choose the main one, delete one.

    Every change is a POST with ``action`` (upload, up, down, main, delete)
    and, but for upload, ``image``: the id of one of this product's photos."""

    template_name = "vendors/portal/products/photos.html"
    ACTIONS = ("upload", "up", "down", "main", "delete")

    def images(self):
        return list(self.get_product().images.order_by("display_order", "pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        images = self.images()
        context.setdefault("form", forms.PhotoUploadForm(existing=len(images)))
        context["images"] = images
        context["can_add"] = len(images) < forms.MAX_PHOTOS
        context["max_photos"] = forms.MAX_PHOTOS
        return context

    def post(self, request, *args, **kwargs):
        product = self.get_product()
        action = request.POST.get("action", "upload")
        if action not in self.ACTIONS:
            messages.error(request, _("Unknown action."))
            return redirect(self.product_url("product-photos"))
        if action == "upload":
            return self.upload(product)
        image_id = request.POST.get("image", "")
        if not image_id.isdigit():
            raise Http404
        images = self.images()
        image = next((image for image in images if image.pk == int(image_id)), None)
        if image is None:
            raise Http404
        if action == "delete":
            return self.delete_image(product, images, image)
        position = images.index(image)
        images.pop(position)
        if action == "main":
            images.insert(0, image)
        elif action == "up":
            images.insert(max(position - 1, 0), image)
        else:
            images.insert(min(position + 1, len(images)), image)
        with transaction.atomic():
            self.renumber(images)
            self.audit_product(_("Photos of “%(title)s” reordered"))
        if action == "main":
            messages.success(request, _("Main photo chosen."))
        return redirect(self.product_url("product-photos"))

    @staticmethod
    def renumber(images):
        for order, image in enumerate(images):
            if image.display_order != order:
                ProductImage.objects.filter(pk=image.pk).update(display_order=order)

    def upload(self, product):
        images = self.images()
        form = forms.PhotoUploadForm(self.request.POST, self.request.FILES, existing=len(images))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        with transaction.atomic():
            self.renumber(images)
            save_photos(product, form.cleaned_data["photos"], start=len(images))
            self.audit_product(_("Photos added to “%(title)s”"))
        messages.success(self.request, _("Photos added."))
        return redirect(self.product_url("product-photos"))

    def delete_image(self, product, images, image):
        if product.is_public and len(images) <= 1:
            messages.error(
                self.request,
                _("A product in the shop needs at least one photo. Add another photo first."),
            )
            return redirect(self.product_url("product-photos"))
        name = image.original.name
        with transaction.atomic():
            image.delete()
            self.renumber([other for other in images if other.pk != image.pk])
            self.audit_product(_("A photo of “%(title)s” deleted"))
            delete_file_when_unused(name)
        messages.success(self.request, _("Photo deleted."))
        return redirect(self.product_url("product-photos"))


class ProductPostView(ProductMixin, View):
    """A POST-only action on one product: GET is 405."""

    http_method_names = ["post"]


class ProductToggleView(ProductPostView):
    def post(self, request, *args, **kwargs):
        product = self.get_product()
        if product.is_public:
            with transaction.atomic():
                product.is_public = False
                product.save(update_fields=["is_public", "date_updated"])
                self.audit_product(_("Product “%(title)s” hidden"))
            messages.success(request, _("“%(title)s” is hidden.") % {"title": product.title})
            return redirect(self.list_url(product))
        if stockrecord_of(product) is None:
            messages.error(request, _("First write the name and price."))
            return redirect(self.product_url("product-details"))
        if not product.images.exists():
            messages.error(request, _("Add at least one photo first."))
            return redirect(self.product_url("product-photos"))
        with transaction.atomic():
            product.is_public = True
            product.save(update_fields=["is_public", "date_updated"])
            self.audit_product(_("Product “%(title)s” shown in the shop"))
        messages.success(request, _("“%(title)s” is in the shop.") % {"title": product.title})
        return redirect(self.list_url(product))


def copy_image_file(image):
    with image.original.open("rb") as source:
        content = source.read()
    extension = os.path.splitext(image.original.name)[1].lower() or ".jpg"
    return ContentFile(content, name=f"{uuid.uuid4().hex}{extension}")


class ProductDuplicateView(ProductPostView):
    """A hidden copy with the same fields, price, stock, category and photos."""

    def post(self, request, *args, **kwargs):
        source = self.get_product()
        images = list(source.images.order_by("display_order", "pk"))
        record = stockrecord_of(source)
        categories = list(source.categories.all())
        with transaction.atomic():
            copy = Product.objects.create(
                title=_("%(title)s (copy)") % {"title": source.title},
                producer=self.producer,
                product_class=source.product_class,
                structure=Product.STANDALONE,
                description=source.description,
                fulfilment=source.fulfilment,
                lead_time_days=source.lead_time_days,
                weekly_capacity=source.weekly_capacity,
                is_discountable=source.is_discountable,
                is_public=False,
            )
            for category in categories:
                ProductCategory.objects.create(product=copy, category=category)
            if record is not None:
                StockRecord.objects.create(
                    product=copy,
                    partner=self.producer,
                    partner_sku=f"P{copy.pk}",
                    price=record.price,
                    price_currency=record.price_currency,
                    num_in_stock=record.num_in_stock,
                )
            for order, image in enumerate(images):
                ProductImage.objects.create(
                    product=copy,
                    original=copy_image_file(image),
                    caption=image.caption,
                    display_order=order,
                )
            self.audit_product(_("Product “%(title)s” duplicated"), source)
        messages.success(
            request,
            _("Copy made: “%(title)s”. It is hidden until you show it.") % {"title": copy.title},
        )
        return redirect(self.product_url("product-edit", copy))


class ProductDeleteView(ProductMixin, TemplateView):
    """GET asks; POST removes it from the shop and the list, keeping the row
    for past orders."""

    template_name = "vendors/portal/products/delete.html"

    def post(self, request, *args, **kwargs):
        product = self.get_product()
        with transaction.atomic():
            product.deleted_at = timezone.now()
            product.is_public = False
            product.save(update_fields=["deleted_at", "is_public", "date_updated"])
            self.audit_product(_("Product “%(title)s” deleted"))
        messages.success(request, _("“%(title)s” deleted.") % {"title": product.title})
        return redirect(self.list_url())


class ProductStockQuickView(ProductPostView):
    def post(self, request, *args, **kwargs):
        product = self.get_product()
        form = forms.QuickStockForm(request.POST)
        if product.is_made_to_order:
            messages.error(request, _("This product is made to order: it has no stock."))
        elif stockrecord_of(product) is None:
            messages.error(request, _("First write the name and price."))
        elif not form.is_valid():
            messages.error(request, forms.error_text(form))
        else:
            count = form.cleaned_data["num_in_stock"]
            with transaction.atomic():
                save_stockrecord(product, num_in_stock=count)
                self.audit(
                    _("Stock of “%(title)s” set to %(count)d")
                    % {"title": product.title, "count": count}
                )
            messages.success(
                request,
                _("Stock of “%(title)s”: %(count)d.") % {"title": product.title, "count": count},
            )
        return redirect(self.list_url(product))


class ProductPriceQuickView(ProductPostView):
    def post(self, request, *args, **kwargs):
        product = self.get_product()
        form = forms.QuickPriceForm(request.POST)
        if not form.is_valid():
            messages.error(request, forms.error_text(form))
        else:
            price = form.cleaned_data["price"]
            with transaction.atomic():
                save_stockrecord(product, price=price)
                self.audit(
                    _("Price of “%(title)s” set to Rp %(price)s")
                    % {"title": product.title, "price": f"{price:,}".replace(",", ".")}
                )
            messages.success(request, _("Price of “%(title)s” saved.") % {"title": product.title})
        return redirect(self.list_url(product))


P = "<slug:producer>/produk/"
urlpatterns = [
    path(P, ProductListView.as_view(), name="product-list"),
    path(f"{P}baru/", ProductAddView.as_view(), name="product-add"),
    path(f"{P}<int:pk>/detail/", ProductDetailsView.as_view(), name="product-details"),
    path(f"{P}<int:pk>/stok/", ProductStockView.as_view(), name="product-stock"),
    path(f"{P}<int:pk>/ubah/", ProductEditView.as_view(), name="product-edit"),
    path(f"{P}<int:pk>/foto/", ProductPhotosView.as_view(), name="product-photos"),
    path(f"{P}<int:pk>/tampil/", ProductToggleView.as_view(), name="product-toggle"),
    path(f"{P}<int:pk>/salin/", ProductDuplicateView.as_view(), name="product-duplicate"),
    path(f"{P}<int:pk>/hapus/", ProductDeleteView.as_view(), name="product-delete"),
    path(f"{P}<int:pk>/stok-cepat/", ProductStockQuickView.as_view(), name="product-stock-quick"),
    path(f"{P}<int:pk>/harga-cepat/", ProductPriceQuickView.as_view(), name="product-price-quick"),
]
