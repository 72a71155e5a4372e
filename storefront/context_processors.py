from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from storefront import shops
from vendors import phones


def village_shop(request):
    """The current village shop's site and settings, for every template;
    its WhatsApp link when it has a usable number; and the pages its
    operator put in the menu (looked up only by a template that shows them)."""
    shop = shops.shop_settings(request)
    site = getattr(request, "site", None)
    return {
        "shop_site": site,
        "shop": shop,
        "shop_whatsapp_url": phones.wa_me(shop.whatsapp) if shop and shop.whatsapp else None,
        "shop_menu_pages": SimpleLazyObject(lambda: list(_menu_pages(site))),
    }


def _menu_pages(site):
    """The shop's pages marked "show in menus", but the producer directory,
    which the menu always links to."""
    from storefront.models import ProducerDirectoryPage

    if site is None:
        return Page.objects.none()
    children = site.root_page.get_children().live().in_menu()
    return children.not_type(ProducerDirectoryPage).order_by("path")
