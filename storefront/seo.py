"""What a shopper page tells search engines and link previews about itself.

Village shops live on links shared in WhatsApp and Facebook groups and on
search results, so every shopper page says in its <head>
(storefront/templates/seo/head.html, built by ``meta_for``):

* its canonical URL on the village shop's own hostname, so the copies that
  shared links make (?fbclid=, ?utm_source=) count as one page;
* the same page in each language (hreflang, ``?lang=id|en``);
* a title, description and photo for the preview (Open Graph, Twitter);
* schema.org JSON-LD: the shop as an Organization, the page's breadcrumbs
  and, on a product page, the Product with its price and availability.

Everything comes from objects the page's view has already loaded: a product
page adds one query (its first category), a category or story page one (its
ancestors), and no page adds a query per product it lists.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model
from oscar.templatetags.currency_filters import currency
from PIL import Image
from wagtail.images.models import AbstractImage, SourceImageIOError
from wagtail.models import Page

from catalog import listing, renditions
from storefront import shops
from storefront.middleware import LANGUAGE_QUERY_PARAMETER, language_from_query

logger = logging.getLogger(__name__)

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
MadeToOrder = get_class("partner.strategy", "MadeToOrder")
Selector = get_class("partner.strategy", "Selector")

SCHEMA = "https://schema.org/"
# Open Graph wants a territory with the language.
OG_LOCALES = {"id": "id_ID", "en": "en_US"}
# Previews want about 800 px; 960 is the rendition width nearest above it
# (Facebook draws a large preview from 600 px across).
SHARE_IMAGE_WIDTH = 960
SHARE_IMAGE_FORMAT = "jpeg"  # what every crawler and WhatsApp can read
WAGTAIL_SHARE_RENDITION = "width-800|format-jpeg"
DESCRIPTION_WORDS = 30  # as the themes' own description blocks
LONG_DESCRIPTION_CHARS = 5000  # schema.org description, Google's limit
IMAGE_SIZE_SECONDS = 30 * 24 * 60 * 60
MISSING_IMAGE_SIZE_SECONDS = 5 * 60


@dataclass(frozen=True)
class ShareImage:
    """The photo of a link preview (og:image), with its size when known."""

    url: str
    alt: str
    width: int | None = None
    height: int | None = None
    type: str = "image/jpeg"


@dataclass
class PageMeta:
    """Everything seo/head.html prints, as plain text (the template escapes it)."""

    title: str
    description: str
    site_name: str
    canonical_url: str
    alternates: list[tuple[str, str]]  # (hreflang, absolute URL)
    locale: str
    other_locales: list[str]
    og_type: str = "website"
    image: ShareImage | None = None
    share_description: str | None = None
    price: str | None = None
    currency: str | None = None
    structured_data: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.share_description is None:
            self.share_description = self.description

    @property
    def twitter_card(self):
        return "summary_large_image" if self.image else "summary"


# --- the page in front of us -----------------------------------------------------


def meta_for(request, context, description=None):
    """The PageMeta of the page being rendered with ``context`` (its template
    context: product, category, producer, Wagtail page, page_obj).

    ``description``, when given, is what the page's template put in its
    ``{% block description %}`` and wins over the one made here, so themes
    keep the last word on it.
    """
    page_number = _page_number(context.get("page_obj"))
    product = context.get("product")
    producer = context.get("producer")
    category = context.get("category")
    page = context.get("page")
    if isinstance(product, Product):
        meta = product_meta(request, product, description)
    elif isinstance(category, Category):
        meta = category_meta(request, category, page_number, description)
    elif isinstance(producer, Partner):
        meta = producer_meta(request, producer, description)
    elif isinstance(page, Page):
        meta = wagtail_page_meta(
            request, page, context.get("theme_images"), page_number, description
        )
    else:
        meta = shop_meta(request, page_number, description)
    _add_shop(meta, request, context.get("theme_images"))
    return meta


def _page_number(page_obj):
    """The number of a list page past the first, else None."""
    number = getattr(page_obj, "number", None)
    return number if isinstance(number, int) and number > 1 else None


# --- URLs ------------------------------------------------------------------------


def absolute_url(request, location):
    """``location`` (a path or a storage URL) as an absolute URL on the
    request's host: previews and search engines need whole addresses."""
    return request.build_absolute_uri(location)


def canonical_url(request, page_number=None, language=None):
    """The page's address as search engines should know it.

    The path on this shop's hostname, with only what changes what the page
    shows: the page of a list (?page=2) and, when asked for, the language
    (?lang=en: each language version names itself canonical, as hreflang
    requires). Tracking parameters (?fbclid=, ?utm_source=), searches and
    everything else are left out.
    """
    query = {}
    if page_number:
        query["page"] = page_number
    if language:
        query[LANGUAGE_QUERY_PARAMETER] = language
    url = absolute_url(request, request.path)
    return f"{url}?{urlencode(query)}" if query else url


def language_alternates(request, page_number=None):
    """[(hreflang, URL)] of the page in each language, then x-default: the
    plain URL, which shows the shop's default language (or the visitor's
    choice)."""
    alternates = [
        (code, canonical_url(request, page_number, language=code))
        for code, _name in settings.LANGUAGES
    ]
    alternates.append(("x-default", canonical_url(request, page_number)))
    return alternates


def _base_meta(request, title, description, page_number=None):
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    locale = OG_LOCALES.get(language, OG_LOCALES[settings.LANGUAGE_CODE])
    return PageMeta(
        title=title,
        description=description,
        site_name=_site_name(request),
        canonical_url=canonical_url(request, page_number, language_from_query(request)),
        alternates=language_alternates(request, page_number),
        locale=locale,
        other_locales=[value for value in OG_LOCALES.values() if value != locale],
    )


# --- text ------------------------------------------------------------------------


def plain_text(text, words=None):
    """Rich text or HTML as one line of plain text, cut to ``words`` words."""
    text = " ".join(html.unescape(strip_tags(text or "")).split())
    return Truncator(text).words(words, truncate="…") if words else text


def _description(override, *fallbacks):
    """The theme's description if its template wrote one, else the first
    fallback that has text.

    The template's output is HTML: decoded once it is the text the template
    meant, which may still be HTML itself ("|striptags" leaves "&amp;" as
    it is), so it goes through plain_text too.
    """
    written = plain_text(html.unescape(override or ""))
    return written or next((text for text in fallbacks if text), "")


def _site_name(request):
    site = getattr(request, "site", None)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def _tagline(request):
    shop = shops.shop_settings(request)
    return shop.tagline if shop else ""


# --- images ----------------------------------------------------------------------


def stored_image_size(name):
    """(width, height) of an image in default storage, upright, or None.

    Previews draw at once only when og:image says its size, and a
    ProductImage does not store one. Pillow reads only the file's header,
    and the answer is kept in the shared cache: a photo never changes under
    its name (a new upload gets a new name). An unreadable file is asked
    again after a few minutes.
    """
    key = "seo:image-size:" + hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()
    try:
        cached = cache.get(key)
    except Exception:  # Redis down: read the header each time meanwhile
        logger.warning("image sizes' cache unreachable", exc_info=True)
        return _read_image_size(name)
    if cached is not None:
        return tuple(cached) or None
    size = _read_image_size(name)
    try:
        cache.set(key, size or (), IMAGE_SIZE_SECONDS if size else MISSING_IMAGE_SIZE_SECONDS)
    except Exception:
        logger.warning("image size not kept in the cache", exc_info=True)
    return size


def _read_image_size(name):
    try:
        with default_storage.open(name, "rb") as file, Image.open(file) as img:
            across, down = img.size
            if img.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # turned a quarter
                across, down = down, across
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        logger.info("No size for the image %s", name, exc_info=True)
        return None
    return across, down


def product_share_image(request, product):
    """The JPEG rendition of the product's first photo, about 800 px wide,
    or None (no photo, or Oscar's "image not found" placeholder)."""
    image = product.primary_image()  # photos fetched with the page's: no query
    original = getattr(image, "original", None)
    name = getattr(original, "name", "") or ""
    if not renditions.is_product_image_name(name):
        return None
    width = height = None
    size = stored_image_size(name)
    if size:
        across, down = size
        width = min(SHARE_IMAGE_WIDTH, across)  # renditions never enlarge
        height = max(1, round(width * down / across))
    return ShareImage(
        url=absolute_url(
            request, renditions.rendition_url(name, SHARE_IMAGE_WIDTH, SHARE_IMAGE_FORMAT)
        ),
        alt=image.caption or product.get_title(),
        width=width,
        height=height,
    )


def wagtail_share_image(request, image, alt):
    """A Wagtail image (a story's photo, the theme's hero) as a JPEG about
    800 px wide. One query, the first time it also makes the rendition, as
    the story page's own {% image %} does."""
    if not isinstance(image, AbstractImage):
        return None
    try:
        rendition = image.get_rendition(WAGTAIL_SHARE_RENDITION)
    except SourceImageIOError:  # its file is gone: no preview photo, no error page
        logger.warning("Missing file of image %s", image.pk)
        return None
    return ShareImage(
        url=absolute_url(request, rendition.url),
        alt=image.default_alt_text or alt,
        width=rendition.width,
        height=rendition.height,
    )


def file_share_image(request, file, alt):
    """An uploaded image file shown as it is (a producer's photo)."""
    if not file:
        return None
    size = stored_image_size(file.name) or (None, None)
    guessed = "image/png" if file.name.lower().endswith(".png") else "image/jpeg"
    return ShareImage(absolute_url(request, file.url), alt, *size, type=guessed)


# --- pages -----------------------------------------------------------------------


def shop_meta(request, page_number=None, description=None):
    """Basket, catalogue, search and other pages: the shop itself."""
    return _base_meta(
        request, _site_name(request), _description(description, _tagline(request)), page_number
    )


def product_meta(request, product, description=None):
    """A product page: photo, name, price, and the Product in JSON-LD."""
    listing.fetch_product_page_related(product)  # once for the head and the page
    info = _purchase_info(request, product)
    meta = _base_meta(
        request,
        product.get_title(),
        _description(
            description, plain_text(product.description, DESCRIPTION_WORDS), _tagline(request)
        ),
    )
    meta.og_type = "product"
    meta.image = product_share_image(request, product)
    if info.price.exists:
        amount = info.price.incl_tax if info.price.is_tax_known else info.price.excl_tax
        meta.price, meta.currency = number_text(amount), info.price.currency
        # WhatsApp shows only title, description and photo: the price goes
        # in the description.
        price = currency(amount, info.price.currency)
        meta.share_description = f"{price} · {meta.description}" if meta.description else price
    category = product.get_categories().first()
    trail = [(_("Home"), "/")]
    if category is not None:
        trail.append((category.name, category.get_absolute_url()))
    else:
        trail.append((_("Products"), reverse("catalogue:index")))
    trail.append((product.get_title(), request.path))
    meta.structured_data = _graph(
        breadcrumb_list(request, trail), product_data(request, product, info, meta.image)
    )
    return meta


def category_meta(request, category, page_number=None, description=None):
    """A category page: Home > Products > its parents > the category."""
    meta = _base_meta(
        request,
        category.name,
        _description(
            description, plain_text(category.description, DESCRIPTION_WORDS), _tagline(request)
        ),
        page_number,
    )
    trail = [(_("Home"), "/"), (_("Products"), reverse("catalogue:index"))]
    trail += [(node.name, node.get_absolute_url()) for node in category.get_ancestors_and_self()]
    meta.structured_data = _graph(breadcrumb_list(request, trail))
    return meta


def producer_meta(request, producer, description=None):
    """A producer's profile: Home > Producers > her name."""
    meta = _base_meta(
        request,
        producer.name,
        _description(description, plain_text(producer.story, DESCRIPTION_WORDS), _tagline(request)),
    )
    meta.og_type = "profile"
    meta.image = file_share_image(request, producer.photo, producer.name)
    trail = [
        (_("Home"), "/"),
        (_("Producers"), reverse("vendors:producer-list")),
        (producer.name, producer.get_absolute_url()),
    ]
    meta.structured_data = _graph(breadcrumb_list(request, trail))
    return meta


def wagtail_page_meta(request, page, theme_images=None, page_number=None, description=None):
    """A Wagtail page (shop home, story, about...): its SEO title and search
    description, else its title and introduction (a home built from blocks:
    its hero's text); its image (or its hero's), else the theme's hero
    image. Also the producer directory's page, which /produsen/ shows a
    page of producers at a time (hence ``page_number``)."""
    title = page.seo_title or page.title
    hero = _hero(page)
    meta = _base_meta(
        request,
        title,
        _description(
            description,
            page.search_description,
            plain_text(getattr(page, "intro", ""), DESCRIPTION_WORDS),
            plain_text(hero.get("text") if hero else "", DESCRIPTION_WORDS),
            _tagline(request),
        ),
        page_number,
    )
    image = getattr(page, "image", None) or (hero.get("image") if hero else None)
    if image is None and theme_images:
        image = theme_images.get("hero_image")
    meta.image = wagtail_share_image(request, image, title)
    meta.structured_data = _graph(*_page_breadcrumbs(request, page))
    return meta


def _hero(page):
    """The value of the page's first hero block, or None."""
    for block in getattr(page, "body", None) or ():
        if getattr(block, "block_type", None) == "hero":
            return block.value
    return None


def _page_breadcrumbs(request, page):
    """The BreadcrumbList of a page below the shop's home: Home > ... > page.

    Pages between the home and this one (rarely any: one query) are asked
    for their specific type, whose URL may differ from their place in the
    tree (the producer directory is shown at /produsen/)."""
    site = getattr(request, "site", None)
    if site is None or page.pk == site.root_page_id:
        return []
    root = site.root_page  # loaded while Wagtail routed the request
    between = Page.objects.ancestor_of(page).filter(depth__gt=root.depth).order_by("depth")
    trail = [(_("Home"), "/")]
    trail += [(node.title, node.get_url(request)) for node in between.specific()]
    trail.append((page.title, page.get_url(request)))
    return [breadcrumb_list(request, trail)]


# --- schema.org ------------------------------------------------------------------


def _graph(*nodes):
    return {"@context": "https://schema.org", "@graph": [node for node in nodes if node]}


def _add_shop(meta, request, theme_images):
    """Every page names the village shop it belongs to, first."""
    graph = meta.structured_data.get("@graph") if meta.structured_data else None
    shop = shop_organization(request, (theme_images or {}).get("logo"))
    if graph is None:
        meta.structured_data = _graph(shop)
    else:
        graph.insert(0, shop)


def shop_organization(request, logo=None):
    """The village shop as a schema.org Organization: name, home, logo."""
    home = absolute_url(request, "/")
    data = {
        "@type": "Organization",
        "@id": f"{home}#shop",
        "name": _site_name(request),
        "url": home,
    }
    if isinstance(logo, AbstractImage) and logo.file:
        data["logo"] = absolute_url(request, logo.file.url)
    return data


def breadcrumb_list(request, trail):
    """[(name, path)] as a schema.org BreadcrumbList, in order."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute_url(request, path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def product_data(request, product, info, image=None):
    """The schema.org Product: made by its producer, offered by her at the
    price and availability the request's strategy gives."""
    url = canonical_url(request)
    data = {"@type": "Product", "name": product.get_title(), "url": url}
    description = plain_text(product.description)[:LONG_DESCRIPTION_CHARS]
    if description:
        data["description"] = description
    if image is not None:
        data["image"] = [image.url]
    stockrecord = info.stockrecord
    data["sku"] = (stockrecord.partner_sku if stockrecord else "") or product.upc or str(product.pk)
    producer = product.producer
    seller = None
    if producer is not None:
        seller = {
            "@type": "Organization",
            "name": producer.name,
            "url": absolute_url(request, producer.get_absolute_url()),
        }
        data["brand"] = seller
    if info.price.exists:
        amount = info.price.incl_tax if info.price.is_tax_known else info.price.excl_tax
        offer = {
            "@type": "Offer",
            "price": number_text(amount),
            "priceCurrency": info.price.currency,
            "availability": schema_availability(info.availability),
            "url": url,
        }
        if seller:
            offer["seller"] = seller
        data["offers"] = offer
    return data


def schema_availability(availability):
    """InStock, OutOfStock (sold out, fully booked, on holiday, hidden) or
    PreOrder (made to order: made after the order comes)."""
    if not availability.is_available_to_buy:
        return SCHEMA + "OutOfStock"
    if availability.code == MadeToOrder.code:
        return SCHEMA + "PreOrder"
    return SCHEMA + "InStock"


def number_text(amount):
    """A price as schema.org and Open Graph want it: "25000", no grouping,
    no currency, no needless decimals (rupiah have none)."""
    text = format(Decimal(amount), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _purchase_info(request, product):
    strategy = getattr(request, "strategy", None) or Selector().strategy(request=request)
    return strategy.fetch_for_product(product)


# Inside <script> only "</script>" (and "<!--") can end the JSON early; with
# <, > and & escaped no text a producer writes can.
_JSON_LD_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data):
    """``data`` as JSON that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_LD_ESCAPES))
