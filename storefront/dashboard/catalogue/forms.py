"""Dashboard product form: who sells the product and how it is made."""

from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.apps.dashboard.catalogue.forms import *  # noqa: F403  Oscar's fork convention
from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")


class ProductForm(oscar_forms.ProductForm):
    class Meta(oscar_forms.ProductForm.Meta):
        fields = [
            "title",
            "upc",
            "producer",
            "fulfilment",
            "lead_time_days",
            "weekly_capacity",
            "description",
            "is_public",
            "is_discountable",
            "structure",
            "slug",
            "meta_title",
            "meta_description",
        ]

    def __init__(self, product_class, *args, user=None, **kwargs):
        super().__init__(product_class, *args, **kwargs)
        if "producer" not in self.fields:
            return
        producers = Partner.objects.order_by("name")
        if user is not None and not user.is_staff:
            # A producer can only list products as herself.
            producers = producers.filter(users=user)
            if producers.count() == 1 and not self.instance.producer_id:
                self.initial.setdefault("producer", producers.get().pk)
        self.fields["producer"].queryset = producers
        self.fields["producer"].required = not self.instance.is_parent
        self.fields["producer"].empty_label = _("Choose a producer")
