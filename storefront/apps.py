from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from oscar import config


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = _("Storefront")


class PasarDesaShop(config.Shop):
    """Oscar's URL tree without its redirect at "/": Wagtail serves each
    village shop's home page there."""

    def get_urls(self):
        return [url for url in super().get_urls() if getattr(url, "name", None) != "home"]
