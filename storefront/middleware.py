"""Request set-up for a multi-shop site: which village shop, which language."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

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
        shops.remember_shop_settings(request, site)
        return self.get_response(request)


# ?lang=id or ?lang=en shows one page in that language without changing the
# visitor's choice: the links search engines follow for each language
# (hreflang), and a link a shopper shares in the language she read it in.
LANGUAGE_QUERY_PARAMETER = "lang"


def language_from_query(request):
    """The language asked for with ?lang=, or None when absent or unknown."""
    language = request.GET.get(LANGUAGE_QUERY_PARAMETER, "")
    return language if language in dict(settings.LANGUAGES) else None


def without_language_parameter(url):
    """``url`` without its ?lang= parameter (other parameters kept)."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = QueryDict(parts.query, mutable=True)
    if LANGUAGE_QUERY_PARAMETER not in query:
        return url
    del query[LANGUAGE_QUERY_PARAMETER]
    return urlunsplit(parts._replace(query=urlencode(list(query.lists()), doseq=True)))


class ShopLanguageMiddleware:
    """Django's LocaleMiddleware, but a shop's own language beats the browser's.

    Order of preference: a valid ?lang= in the URL (this request only), then
    the language the visitor picked with the switcher (Django's language
    cookie), then the shop's default language. The browser's
    Accept-Language is ignored on purpose: many shoppers' phones are set to
    English while they read Bahasa Indonesia best. The API is the exception:
    an app says which language it shows with Accept-Language, and the API
    answers in it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_from_query(request)
        if language is None and request.path.startswith(API_PATH):
            language = _accepted_language(request)
        if language is None:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            shop = shops.shop_settings(request)
            language = shop.language if shop else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if _is_language_switch(request) and response.has_header("Location"):
            # The switcher returns to the page it was on; had that page a
            # ?lang=, the language just picked would lose to it there.
            response["Location"] = without_language_parameter(response["Location"])
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


API_PATH = "/api/"


def _accepted_language(request):
    """The first of the request's Accept-Language that the site speaks."""
    header = request.headers.get("Accept-Language", "")
    for language, _quality in parse_accept_lang_header(header):
        code = language.split("-")[0].lower()
        if code in dict(settings.LANGUAGES):
            return code
    return None


def _is_language_switch(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name == "set_language"
