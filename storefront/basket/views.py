from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from oscar.apps.basket import views
from oscar.apps.basket.views import *  # noqa: F403  Oscar's fork convention
from oscar.core.loading import get_model

Option = get_model("catalogue", "Option")
Product = get_model("catalogue", "Product")


class BasketAddView(views.BasketAddView):
    """Oscar's, with the product fetched together with what the form and
    the new line price it from (its class, producer, stock records and
    whether it has options, which Product.has_options reads from these
    annotations): two queries where Oscar's view makes five. Adding to the
    basket is the busiest write of a shop day."""

    def post(self, request, *args, **kwargs):
        products = (
            Product.objects.select_related("product_class", "producer")
            .prefetch_related("stockrecords")
            .annotate(
                has_product_class_options=Exists(
                    Option.objects.filter(productclass=OuterRef("product_class"))
                ),
                has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
            )
        )
        self.product = get_object_or_404(products, pk=kwargs["pk"])
        # Oscar's own post() would fetch the product again.
        return super(views.BasketAddView, self).post(request, *args, **kwargs)
