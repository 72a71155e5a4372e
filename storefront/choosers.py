"""Choosing a product or a producer in the CMS (for page blocks such as
"featured products" or "producer spotlight").

Products and producers are edited in the producer portal and the shop
dashboard, not in the CMS: these choosers only pick them, with a search by
name, and never create or edit one.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")


class ProductSearchForm(BaseFilterForm):
    """Part of a name or code is enough for the operator picking a product:
    the database's own matching, not the shoppers' full-text search (whole
    words), which Wagtail's chooser would use for an indexed model."""

    q = forms.CharField(label=_("Search term"), required=False)

    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.filter(Q(title__icontains=query) | Q(upc__icontains=query))
            self.is_searching, self.search_query = True, query
        return objects


class ProductSearch:
    filter_form_class = ProductSearchForm


class ProductChooseView(ProductSearch, ChooseView):
    pass


class ProductChooseResultsView(ProductSearch, ChooseResultsView):
    pass


class ProductChooserViewSet(ChooserViewSet):
    model = Product
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
    per_page = 20

    def get_object_list(self):
        """Products a shopper can see: public, not deleted, not a parent, not
        from a practice shop."""
        return (
            Product.objects.filter(is_public=True, deleted_at__isnull=True)
            .exclude(producer__is_practice=True)
            .exclude(structure=Product.PARENT)
            .select_related("producer")
            .order_by("title")
        )


class ProducerChooseView(ChooseView):
    search_fields = ["name"]


class ProducerChooseResultsView(ChooseResultsView):
    search_fields = ["name"]


class ProducerChooserViewSet(ChooserViewSet):
    model = Partner
    icon = "user"
    choose_one_text = _("Choose a producer")
    choose_another_text = _("Choose another producer")
    choose_view_class = ProducerChooseView
    choose_results_view_class = ProducerChooseResultsView
    per_page = 20

    def get_object_list(self):
        """Producers whose pages shoppers can open: no practice shops."""
        return (
            Partner.objects.filter(is_active=True, is_practice=False)
            .select_related("village")
            .order_by("name")
        )


product_chooser = ProductChooserViewSet("product_chooser")
producer_chooser = ProducerChooserViewSet("producer_chooser")
ProductChooserBlock = product_chooser.get_block_class(
    name="ProductChooserBlock", module_path="storefront.choosers"
)
ProducerChooserBlock = producer_chooser.get_block_class(
    name="ProducerChooserBlock", module_path="storefront.choosers"
)
