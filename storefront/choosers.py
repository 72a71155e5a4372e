"""Choosing a product or a producer in the CMS (for page blocks such as
"featured products" or "producer spotlight").

Products and producers are edited in the producer portal and the shop
dashboard, not in the CMS: these choosers only pick them, with a search by
name, and never create or edit one.
"""

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")


class ProductChooseView(ChooseView):
    search_fields = ["title", "upc"]


class ProductChooseResultsView(ChooseResultsView):
    search_fields = ["title", "upc"]


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
