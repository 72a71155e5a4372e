from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from oscar import config


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = _("Storefront")

    def ready(self):
        from oscar.apps.catalogue.signals import product_viewed
        from oscar.apps.customer import receivers

        from storefront import page_cache

        page_cache.connect_signals()
        # Oscar's "recently viewed" cookie: no page shows that list, and the
        # cookie would make every product page a visitor's own. Importing
        # the module connects its receiver, once; CustomerConfig imports it
        # again later, which connects nothing.
        product_viewed.disconnect(receivers.receive_product_view)


class PasarDesaShop(config.Shop):
    """Oscar's URL tree without its redirect at "/": Wagtail serves each
    village shop's home page there."""

    def get_urls(self):
        return [url for url in super().get_urls() if getattr(url, "name", None) != "home"]
