"""Adding a product in three short screens.

1. Photos: one accepted upload makes a hidden draft.
2. Name, price, category and a few words; the photos are shown here too,
   with "make main" and up/down buttons (posted to the photos view, which
   comes back here).
3. Stock or made to order; saving puts the product in the shop.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.generic import FormView

from catalog import editing, photo_files
from vendors.portal import forms_products as forms
from vendors.portal.mixins import ProducerMixin
from vendors.portal.views.products_common import ProductMixin


class ProductAddView(ProducerMixin, FormView):
    """Screen 1: photos. One accepted upload makes a hidden draft."""

    template_name = "vendors/portal/products/add_photos.html"
    form_class = forms.PhotoUploadForm

    def form_valid(self, form):
        with photo_files.atomic_with_files():
            product = editing.create_draft(
                self.producer, form.cleaned_data["photos"], title=_("New product")
            )
            self.audit(gettext_noop("New product draft added"))
        return redirect("portal:product-details", producer=self.producer.code, pk=product.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(step=1, **kwargs)


class ProductDetailsView(ProductMixin, FormView):
    """Screen 2: name, price, category and a few words; the photos' order."""

    template_name = "vendors/portal/products/details.html"
    form_class = forms.DetailsForm

    def get_initial(self):
        return editing.details_initial(self.get_product())

    def form_valid(self, form):
        product = self.get_product()
        with transaction.atomic():
            editing.apply_details(product, form.cleaned_data)
            self.audit_product(gettext_noop("Product “%(title)s” edited"))
        return redirect(self.product_url("product-stock"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(step=2, **kwargs)
        context["images"] = editing.photos_of(self.get_product())
        context["photos_url"] = self.product_url("product-photos")
        context["back_here"] = self.request.path
        return context


class ProductStockView(ProductMixin, FormView):
    """Screen 3: stock or made to order; saving puts the product in the shop."""

    template_name = "vendors/portal/products/stock.html"
    form_class = forms.StockForm

    def get(self, request, *args, **kwargs):
        blocker = editing.publish_blocker(self.get_product(), photos=False)
        if blocker:
            return self.blocked(blocker)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        blocker = editing.publish_blocker(self.get_product())
        if blocker:
            return self.blocked(blocker)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        record = editing.stockrecord_of(self.get_product())
        return {**super().get_form_kwargs(), "reserved": editing.reserved_count(record)}

    def get_initial(self):
        return editing.stock_initial(self.get_product())

    def form_valid(self, form):
        product = self.get_product()
        try:
            with transaction.atomic():
                editing.put_in_shop(product, form.cleaned_data)
                self.audit_product(gettext_noop("Product “%(title)s” put in the shop"))
        except ValidationError as error:
            product.refresh_from_db()
            form.add_error(None, error)
            return self.form_invalid(form)
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
