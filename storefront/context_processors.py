from storefront import shops


def village_shop(request):
    """The current village shop's site and settings, for every template."""
    return {"shop_site": getattr(request, "site", None), "shop": shops.shop_settings(request)}
