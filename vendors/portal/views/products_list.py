"""Her product list: every product, hidden drafts too, with the price and
the number on the shelf changed in one tap each."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.generic import ListView

from catalog import editing
from vendors.portal import forms_products as forms
from vendors.portal.mixins import ProducerMixin
from vendors.portal.views.products_common import ProductPostView

ProductImage = editing.ProductImage
StockRecord = editing.StockRecord


class ProductListView(ProducerMixin, ListView):
    """All her products, hidden drafts too, newest first, in a fixed number
    of queries (photos and stock records are prefetched). Stock shows what
    is free to sell and what is reserved for orders not sent yet."""

    template_name = "vendors/portal/products/product_list.html"
    context_object_name = "products"
    paginate_by = 30

    def get_queryset(self):
        return (
            editing.producer_products(self.producer)
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
            product.reserved = editing.reserved_count(product.record)
            product.free = editing.free_to_sell(product.record)
        return context


class ProductStockQuickView(ProductPostView):
    """The number on her shelf, reserved goods included."""

    def post(self, request, *args, **kwargs):
        product = self.get_product()
        form = forms.QuickStockForm(request.POST)
        blocker = editing.publish_blocker(product, photos=False)
        if product.is_made_to_order:
            messages.error(request, _("This product is made to order: it has no stock."))
        elif blocker:
            messages.error(request, blocker.message)
        elif not form.is_valid():
            messages.error(request, forms.error_text(form))
        else:
            count = form.cleaned_data["num_in_stock"]
            with transaction.atomic():
                record = editing.set_shelf_count(product, count)
                self.audit_product(
                    gettext_noop("Stock of “%(title)s” set to %(count)s"), count=count
                )
            messages.success(
                request,
                _("Stock of “%(title)s”: %(count)d.") % {"title": product.title, "count": count},
            )
            reserved = editing.reserved_count(record)
            if reserved > count:
                messages.warning(
                    request,
                    ngettext(
                        "%(reserved)d is reserved for an order not sent yet, but only "
                        "%(count)d are on the shelf.",
                        "%(reserved)d are reserved for orders not sent yet, but only "
                        "%(count)d are on the shelf.",
                        reserved,
                    )
                    % {"reserved": reserved, "count": count},
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
                editing.save_stockrecord(product, price=price)
                self.audit_product(
                    gettext_noop("Price of “%(title)s” set to Rp %(price)s"),
                    price=f"{price:,}".replace(",", "."),
                )
            messages.success(request, _("Price of “%(title)s” saved.") % {"title": product.title})
        return redirect(self.list_url(product))
