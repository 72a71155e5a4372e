"""The village shops' CMS pages (Wagtail): homes, stories, content pages
and the producer directory, live and public only, with their content
rendered as the shop's theme renders it. Read only; anyone may call it."""

import copy

from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce
from ninja import Router
from ninja.pagination import paginate
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, Site
from wagtail.rich_text import expand_db_html

from api.errors import not_found
from api.listing import Built, Shared, each, shop_filter
from api.pagination import Pages
from api.public_schemas import PageDetailOut, PageOut, PageType
from api.schemas import responses
from api.security import ANYONE
from storefront.models import (
    ContentPage,
    ProducerDirectoryPage,
    ShopSettings,
    StoryPage,
    VillageShopPage,
)
from storefront.seo import plain_text
from themes import active as active_theme
from vendors import phones

router = Router(tags=["pages"], auth=ANYONE)


PAGE_TYPES = {
    "shop_home": VillageShopPage,
    "story": StoryPage,
    "content": ContentPage,
    "producer_directory": ProducerDirectoryPage,
}
TYPE_OF = {model: key for key, model in PAGE_TYPES.items()}
#: Pages whose introduction is rich text (a story's is one plain line).
RICH_INTROS = (ContentPage, ProducerDirectoryPage)


def _pages(site=None, page_type=None):
    """Live, public pages of the village shops (or of ``site``), as
    (pages, {root path: site}); each page has its introduction, if its type
    has one, as ``api_intro``, so a list needs no query per page type."""
    if site is not None:
        sites = [site]
    else:
        sites = list(Site.objects.filter(is_default_site=False).select_related("root_page"))
    roots = {site.root_page.path: site for site in sites}
    under = Q(pk__in=[])
    for path in roots:
        under |= Q(path__startswith=path)
    models = [PAGE_TYPES[page_type]] if page_type else list(PAGE_TYPES.values())
    intros = [f"{model._meta.model_name}__intro" for model in (StoryPage, *RICH_INTROS)]
    pages = (
        Page.objects.live()
        .public()
        .filter(under)
        .type(*models)
        .annotate(api_intro=Coalesce(*intros, Value(""), output_field=TextField()))
    )
    return pages, roots


def _site_of(page, roots):
    """The village shop whose root is the page's nearest ancestor (or itself)."""
    step = Page.steplen
    ends = range(len(page.path), 0, -step)
    return next(roots[page.path[:end]] for end in ends if page.path[:end] in roots)


def _page_out(page, request, roots):
    return {
        "id": page.pk,
        "type": TYPE_OF[type(page)],
        "title": page.title,
        "url": page.get_full_url(request),
        "shop_id": _site_of(page, roots).pk,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "intro": plain_text(page.api_intro),
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
    }


@router.get("/pages", response=responses(list[PageOut]), summary="CMS pages")
@paginate(Pages)
def list_pages(request, shop: int | None = None, type: PageType | None = None):
    """The live, public pages of the village shops' CMS, newest first:
    each shop's home (``shop_home``), stories, content pages (About,
    Contact, How to order) and the producer directory. ``type`` keeps one
    kind. The portal's own pages are not listed."""
    return Shared(lambda: _listed_pages(request, shop_filter(shop), type))


def _listed_pages(request, site, type):
    pages, roots = _pages(site, type)
    # Specific but deferred: the page's own class (for its type and URL)
    # without a query per page type.
    pages = pages.specific(defer=True)
    pages = pages.order_by(F("first_published_at").desc(nulls_last=True), "path")
    return Built(pages, each(_page_out, request, roots))


def _page_request(request, site):
    """``request`` as seen from ``site``: blocks look up products, links
    and settings for the shop the page belongs to, not the API's host."""
    page_request = copy.copy(request)
    page_request.site = page_request._wagtail_site = site
    page_request.__dict__.pop(ShopSettings.get_cache_attr_name(), None)
    return page_request


def _body_html(page, site, request):
    body = getattr(page, "body", None)
    if not body:
        return ""
    shop = ShopSettings.for_site(site)
    page_request = _page_request(request, site)
    context = {
        "request": page_request,
        "page": page,
        "self": page,
        "shop_site": site,
        "shop": shop,
        "shop_whatsapp_url": phones.wa_me(shop.whatsapp) if shop.whatsapp else None,
    }
    with active_theme.using(shop.theme, shop.theme_options):
        return "".join(str(block.render(context)) for block in body)


def _page_image(page, request):
    image = getattr(page, "image", None)
    if image is None:
        return None
    try:
        rendition = image.get_rendition("width-960")
    except SourceImageIOError:  # its file is gone: no photo rather than an error
        return None
    return {
        "url": request.build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text or "",
    }


@router.get("/pages/{page_id}", response=responses(PageDetailOut), summary="One CMS page")
def get_page(request, page_id: int):
    """One live, public page of a village shop with its content: the
    introduction and the body's blocks as HTML, rendered as the shop's
    theme renders them. 404 for drafts, restricted or unknown pages."""
    pages, roots = _pages()
    page = pages.filter(pk=page_id).specific().first()
    if page is None:
        raise not_found()
    site = _site_of(page, roots)
    producer = getattr(page, "producer", None)
    return {
        **_page_out(page, request, roots),
        "intro_html": expand_db_html(page.intro) if isinstance(page, RICH_INTROS) else "",
        "body_html": _body_html(page, site, request),
        "image": _page_image(page, request),
        "producer_code": producer.code if producer is not None and producer.is_active else None,
    }
