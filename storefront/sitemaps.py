"""sitemap.xml and robots.txt of each village shop.

Each shop's sitemap lists its own live Wagtail pages, its public products
and its producers, on the hostname it was asked on: Ibun Store's never names
a product of another shop. Django's sitemap classes do the pagination and
the XML; the views here are small because Django's own take the domain from
django.contrib.sites (one fixed site), not from the request.

``/sitemap.xml`` is one list while the whole shop fits in it (50,000
addresses, the protocol's limit), else an index of ``/sitemap-<section>.xml``
pages (``?p=2`` and on).
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, Q
from django.http import Http404, HttpResponse
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_safe
from oscar.core.loading import get_model
from wagtail.models import Page

from catalog import listing
from vendors import directory

Product = get_model("catalogue", "Product")

# Never worth a search engine's visit: carts, checkout, back offices, the
# producer portal, payments, accounts and order status pages.
DISALLOWED_PATHS = (
    "/basket/",
    "/checkout/",
    "/dashboard/",
    "/cms/",
    "/django-admin/",
    "/jual/",
    "/bayar/",
    "/accounts/",
    "/pesanan/",
)


class ShopSitemap(Sitemap):
    """One section of one village shop's sitemap, built for one request."""

    def __init__(self, request):
        self.request = request
        self.site = request.site

    @cached_property
    def paginator(self):
        # Django's is a property: one COUNT each time it is read.
        return super().paginator

    def latest(self):
        """The newest lastmod of the section, in one query, or None."""
        return None


class PageSitemap(ShopSitemap):
    """The shop's live, public Wagtail pages: its home and what is under it."""

    def items(self):
        return (
            Page.objects.live()
            .public()
            .descendant_of(self.site.root_page, inclusive=True)
            .order_by("path")
            # Their own URLs: the producer directory is shown at /produsen/.
            .defer_streamfields()
            .specific()
        )

    def location(self, page):
        return page.get_url(self.request)

    def lastmod(self, page):
        # Wagtail's own sitemap does the same for pages never published
        # through a revision.
        return page.last_published_at or page.latest_revision_created_at

    def latest(self):
        pages = Page.objects.live().public().descendant_of(self.site.root_page, inclusive=True)
        return pages.aggregate(latest=Max("last_published_at"))["latest"]


class ProductSitemap(ShopSitemap):
    """The products shoppers can find in this shop (catalog.listing decides)."""

    def items(self):
        public = listing.products_for_site(self.site).values("pk")
        return (
            Product.objects.filter(pk__in=public).only("pk", "slug", "date_updated").order_by("pk")
        )

    def lastmod(self, product):
        return product.date_updated

    def latest(self):
        return self.items().aggregate(latest=Max("date_updated"))["latest"]


class ProducerSitemap(ShopSitemap):
    """The profiles of the shop's producers; a profile changes when one of
    her public products does (producers have no date of their own)."""

    def items(self):
        return (
            directory.producers_for_site(self.site)
            .annotate(
                last_product_update=Max(
                    "products__date_updated",
                    filter=Q(products__is_public=True, products__deleted_at__isnull=True),
                )
            )
            .order_by("name", "pk")
        )

    def lastmod(self, producer):
        return producer.last_product_update


SECTIONS = {"pages": PageSitemap, "products": ProductSitemap, "producers": ProducerSitemap}


def _sections(request):
    return {name: section(request) for name, section in SECTIONS.items()}


def _xml(template_name, context):
    response = HttpResponse(
        loader.render_to_string(template_name, context), content_type="application/xml"
    )
    # The sitemap is for crawlers, not a page to show in results.
    response["X-Robots-Tag"] = "noindex, noarchive"
    return response


def _urls(request, sitemap, page=1):
    try:
        return sitemap.get_urls(page=page, site=RequestSite(request), protocol=request.scheme)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such sitemap page.") from None


@require_safe
def sitemap(request):
    """The whole shop in one list, or an index of the section pages when it
    does not fit in one."""
    sections = _sections(request)
    total = sum(section.paginator.count for section in sections.values())
    if total <= ShopSitemap.limit:
        urls = [url for section in sections.values() for url in _urls(request, section)]
        return _xml("sitemap.xml", {"urlset": urls})
    index = []
    for name, section in sections.items():
        location = request.build_absolute_uri(reverse("seo:sitemap-section", args=[name]))
        latest = section.latest()
        for number in section.paginator.page_range:
            index.append(
                SitemapIndexItem(location if number == 1 else f"{location}?p={number}", latest)
            )
    return _xml("sitemap_index.xml", {"sitemaps": index})


@require_safe
def sitemap_section(request, section):
    """One section of the shop's sitemap, a page at a time (?p=2)."""
    if section not in SECTIONS:
        raise Http404("No such sitemap.")
    return _xml(
        "sitemap.xml",
        {"urlset": _urls(request, SECTIONS[section](request), request.GET.get("p", 1))},
    )


@require_safe
def robots_txt(request):
    """Crawl the shop, not its carts and back offices; here is its sitemap."""
    text = loader.render_to_string(
        "seo/robots.txt",
        {
            "disallowed_paths": DISALLOWED_PATHS,
            "sitemap_url": request.build_absolute_uri(reverse("seo:sitemap")),
        },
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
