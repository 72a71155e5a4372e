"""Request set-up for a multi-shop site: which village shop, which language."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from storefront import shops


class VillageShopMiddleware:
    """Sets request.site (a Wagtail Site) from the Host header.

    A host that no village shop claims gets a clear "shop not found" page
    instead of someone else's shop.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = shops.find_site(request)
        if site is None:
            translation.activate(settings.LANGUAGE_CODE)
            hostname, _port = shops.split_host(request)
            response = TemplateResponse(
                request,
                "storefront/shop_not_found.html",
                {"hostname": hostname, "title": _("Village shop not found")},
                status=404,
            )
            return response.render()
        # Wagtail's Site.find_for_request() reads this cache attribute.
        request._wagtail_site = site
        request.site = site
        return self.get_response(request)


class ShopLanguageMiddleware:
    """Django's LocaleMiddleware, but a shop's own language beats the browser's.

    Order of preference: the language the visitor picked with the switcher
    (Django's language cookie), then the shop's default language. The
    browser's Accept-Language is ignored on purpose: many shoppers' phones
    are set to English while they read Bahasa Indonesia best.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            shop = shops.shop_settings(request)
            language = shop.language if shop else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response
