from django.utils.functional import SimpleLazyObject

from storefront import page_cache, shops
from vendors import phones


def village_shop(request):
    """The current village shop's site and settings, for every template;
    its WhatsApp link when it has a usable number; and the pages its
    operator put in the menu (looked up only by a template that shows
    them, and shared by every page of the shop through the page cache)."""
    shop = shops.shop_settings(request)
    site = getattr(request, "site", None)
    return {
        "shop_site": site,
        "shop": shop,
        "shop_whatsapp_url": phones.wa_me(shop.whatsapp) if shop and shop.whatsapp else None,
        "shop_menu_pages": SimpleLazyObject(lambda: menu_links(request, site)),
    }


def menu_links(request, site):
    """The shop's pages marked "show in menus", but the producer directory,
    which the menu always links to: [{pk, title, url}]."""
    from storefront.models import ProducerDirectoryPage

    if site is None:
        return []

    def links():
        children = site.root_page.get_children().live().in_menu()
        pages = children.not_type(ProducerDirectoryPage).order_by("path")
        return [
            {"pk": page.pk, "title": page.title, "url": page.get_url(request)} for page in pages
        ]

    return page_cache.shared(request, "menu", [site.pk], links, per_url=False)
