"""Village shops: their settings (shop) and the pages of the CMS (pages)."""

from storefront.models.pages import (  # noqa: F401
    ContentPage,
    PortalPage,
    ProducerDirectoryPage,
    StoryIndexPage,
    StoryPage,
    VillageShopPage,
)
from storefront.models.shop import ShopSettings  # noqa: F401
