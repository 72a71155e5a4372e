from oscar.apps.basket import forms as oscar_forms
from oscar.apps.basket.forms import *  # noqa: F403  Oscar's fork convention


class AddToBasketForm(oscar_forms.AddToBasketForm):
    def cleaned_options(self):
        """Oscar's reads the product's options from the database even when
        Product.has_options already said there are none, as for most of
        the shops' products (storefront.basket.views annotates it)."""
        if not self.parent_product.has_options:
            return []
        return super().cleaned_options()
