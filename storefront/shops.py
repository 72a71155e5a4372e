"""Finding the village shop a request is for, and listing shops."""

import ipaddress

from django.conf import settings
from django.db.models import Q
from wagtail.models import Site

from storefront.models import ShopSettings


def split_host(request):
    """The request's hostname and port, without raising on odd Host headers."""
    host = request.get_host()
    hostname, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    return hostname.lower(), int(port) if port.isdigit() else None


def find_site(request):
    """The Site whose hostname matches the request, or None.

    Bare IP addresses and hostnames that no shop claims go to the default
    site (the regional portal) only when they are not a sub-domain that
    looks like a shop name: "foo.localhost" is a mistyped shop, not the
    portal.
    """
    hostname, _port = split_host(request)
    # Two rows at most, whatever the number of shops (Wagtail keeps
    # hostnames in lower case), each with its ShopSettings: see
    # remember_shop_settings().
    sites = list(
        Site.objects.select_related("shopsettings").filter(
            Q(hostname=hostname) | Q(is_default_site=True)
        )
    )
    for site in sites:
        if site.hostname == hostname:
            return site
    default = next((site for site in sites if site.is_default_site), None)
    if default is None:
        return None
    if _is_ip_address(hostname) or not hostname.endswith("." + default.hostname.lower()):
        return default
    return None


def _is_ip_address(hostname):
    try:
        ipaddress.ip_address(hostname.strip("[]"))
    except ValueError:
        return False
    return True


def village_shops():
    """Every village shop (all sites but the portal) with its settings."""
    sites = Site.objects.filter(is_default_site=False).select_related("root_page")
    settings_by_site = {
        shop.site_id: shop
        for shop in ShopSettings.objects.filter(site__in=sites).select_related("district__regency")
    }
    return [(site, settings_by_site.get(site.pk)) for site in sites.order_by("site_name")]


def language_of(site):
    """The default language of a village shop: what its shoppers and
    producers read unless they chose otherwise."""
    if site is None:
        return settings.LANGUAGE_CODE
    return ShopSettings.for_site(site).language or settings.LANGUAGE_CODE


def remember_shop_settings(request, site):
    """Keep the ShopSettings that find_site() read with the site where
    Wagtail's ShopSettings.for_request() looks first: every request reads
    them (language, theme), and this saves it a query."""
    try:
        shop = site.shopsettings
    except ShopSettings.DoesNotExist:
        return  # for_request() creates them
    shop._request = request  # as for_request() does, for page URLs
    setattr(request, ShopSettings.get_cache_attr_name(), shop)


def shop_settings(request):
    """The request's ShopSettings, cached on the request by Wagtail."""
    if getattr(request, "site", None) is None:
        return None
    return ShopSettings.for_request(request)
