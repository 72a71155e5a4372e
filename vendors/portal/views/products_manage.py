"""One step away from her list: edit everything on one page, hide or show,
duplicate, and (soft) delete. Every change is passed to ``self.audit``,
which logs it when someone acts for the producer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.generic import FormView, TemplateView

from catalog import editing, photo_files
from vendors.portal import forms_products as forms
from vendors.portal.views.products_common import ProductMixin, ProductPostView


class ProductEditView(ProductMixin, FormView):
    """Name, price, category, description and stock on one page."""

    template_name = "vendors/portal/products/edit.html"
    form_class = forms.ProductEditForm

    def get_form_kwargs(self):
        record = editing.stockrecord_of(self.get_product())
        return {**super().get_form_kwargs(), "reserved": editing.reserved_count(record)}

    def get_initial(self):
        product = self.get_product()
        return {**editing.details_initial(product), **editing.stock_initial(product)}

    def form_valid(self, form):
        product = self.get_product()
        try:
            with transaction.atomic():
                editing.apply_details(product, form.cleaned_data)
                editing.apply_stock(product, form.cleaned_data)
                self.audit_product(gettext_noop("Product “%(title)s” edited"))
        except ValidationError as error:
            product.refresh_from_db()  # the title shown must be the saved one
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(title)s” saved.") % {"title": product.title})
        return redirect(self.list_url(product))


class ProductToggleView(ProductPostView):
    """Hide it, or show it again once it has a name, price and photo."""

    def post(self, request, *args, **kwargs):
        product = self.get_product()
        if product.is_public:
            with transaction.atomic():
                editing.set_public(product, False)
                self.audit_product(gettext_noop("Product “%(title)s” hidden"))
            messages.success(request, _("“%(title)s” is hidden.") % {"title": product.title})
            return redirect(self.list_url(product))
        blocker = editing.publish_blocker(product)
        if blocker:
            return self.blocked(blocker)
        with transaction.atomic():
            editing.set_public(product, True)
            self.audit_product(gettext_noop("Product “%(title)s” shown in the shop"))
        messages.success(request, _("“%(title)s” is in the shop.") % {"title": product.title})
        return redirect(self.list_url(product))


class ProductDuplicateView(ProductPostView):
    """A hidden copy with the same fields, price, stock, category and photos."""

    def post(self, request, *args, **kwargs):
        source = self.get_product()
        with photo_files.atomic_with_files():
            copy = editing.duplicate(source, _("%(title)s (copy)") % {"title": source.title})
            self.audit_product(gettext_noop("Product “%(title)s” duplicated"), source)
        messages.success(
            request,
            _("Copy made: “%(title)s”. It is hidden until you show it.") % {"title": copy.title},
        )
        return redirect(self.product_url("product-edit", copy))


class ProductDeleteView(ProductMixin, TemplateView):
    """GET asks; POST removes it from the shop and the list, keeping the row
    (and its photos) for past orders."""

    template_name = "vendors/portal/products/delete.html"

    def post(self, request, *args, **kwargs):
        product = self.get_product()
        with transaction.atomic():
            editing.soft_delete(product)
            self.audit_product(gettext_noop("Product “%(title)s” deleted"))
        messages.success(request, _("“%(title)s” deleted.") % {"title": product.title})
        return redirect(self.list_url())
