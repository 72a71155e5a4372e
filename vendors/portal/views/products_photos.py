"""A product's photos: add, make main, move up or down, delete.

Every change is a POST with ``action`` (upload, main, up, down, delete)
and, but for upload, ``image``: the id of one of this product's photos
(anything else is a 404). An optional ``next`` (a URL on this site) is
where to go afterwards: screen 2 of adding a product posts here and comes
back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.generic import TemplateView

from catalog import editing, photo_files
from vendors.portal import forms_products as forms
from vendors.portal.views.products_common import ProductMixin


class ProductPhotosView(ProductMixin, TemplateView):
    template_name = "vendors/portal/products/photos.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        images = editing.photos_of(self.get_product())
        context.setdefault("form", forms.PhotoUploadForm(existing=len(images)))
        context["images"] = images
        context["can_add"] = len(images) < forms.MAX_PHOTOS
        context["max_photos"] = forms.MAX_PHOTOS
        return context

    def next_url(self):
        """``next`` if it is a URL on this site, else this page."""
        url = self.request.POST.get("next", "")
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return self.product_url("product-photos")

    def post(self, request, *args, **kwargs):
        product = self.get_product()
        action = request.POST.get("action", "upload")
        if action == "upload":
            return self.upload(product)
        if action not in forms.PhotoActionForm.ACTIONS:
            messages.error(request, _("Unknown action."))
            return redirect(self.next_url())
        form = forms.PhotoActionForm(request.POST, product=product)
        if not form.is_valid():
            raise Http404("Not a photo of this product.")
        image = form.cleaned_data["image"]
        if action == "delete":
            return self.delete_image(product, image)
        with transaction.atomic():
            editing.move_photo(product, image, action)
            self.audit_product(gettext_noop("Photos of “%(title)s” reordered"))
        if action == "main":
            messages.success(request, _("Main photo chosen."))
        return redirect(self.next_url())

    def upload(self, product):
        existing = product.images.count()
        form = forms.PhotoUploadForm(self.request.POST, self.request.FILES, existing=existing)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        with photo_files.atomic_with_files():
            editing.add_photos(product, form.cleaned_data["photos"])
            self.audit_product(gettext_noop("Photos added to “%(title)s”"))
        messages.success(self.request, _("Photos added."))
        return redirect(self.next_url())

    def delete_image(self, product, image):
        try:
            with transaction.atomic():
                editing.delete_photo(product, image)
                self.audit_product(gettext_noop("A photo of “%(title)s” deleted"))
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(self.request, _("Photo deleted."))
        return redirect(self.next_url())
