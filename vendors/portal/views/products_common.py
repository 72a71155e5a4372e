"""What every view about one of her products shares."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import View

from catalog import editing
from vendors.portal.mixins import ProducerMixin


class ProductMixin(ProducerMixin):
    """A view about one of her products: ``self.get_product()`` or 404.

    The product is looked up among this producer's own, not deleted
    products, so another producer's product is a 404 and nothing changes."""

    def get_product(self):
        if not hasattr(self, "_product"):
            self._product = get_object_or_404(
                editing.producer_products(self.producer).select_related("product_class"),
                pk=self.kwargs["pk"],
            )
        return self._product

    def product_url(self, name, product=None):
        product = product or self.get_product()
        return reverse(f"portal:{name}", kwargs={"producer": self.producer.code, "pk": product.pk})

    def list_url(self, product=None):
        url = reverse("portal:product-list", kwargs={"producer": self.producer.code})
        return f"{url}#product-{product.pk}" if product is not None else url

    def audit_product(self, message, product=None, **params):
        """``message`` is a gettext_noop msgid with %(title)s (and ``params``)."""
        product = product or self.get_product()
        self.audit(message, title=product.title, **params)

    def blocked(self, blocker):
        """Say why the product cannot go on yet and go to the screen that fixes it."""
        messages.error(self.request, blocker.message)
        return redirect(self.product_url(f"product-{blocker.step}"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["product"] = self.get_product()
        return context


class ProductPostView(ProductMixin, View):
    """A POST-only action on one product: GET is 405."""

    http_method_names = ["post"]
