"""Product lists rendered straight from the database in a fixed number of
queries, whatever the catalogue size.

Search (catalog.search) only turns a text query into product ids; the
products themselves always come from here.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from oscar.core.loading import get_model

from vendors import stock

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

#: The most a product list counts; COUNT_CAP means "this many or more".
#: Counting every product of a province for each page's links grew with the
#: catalogue (about 100 ms of a page at 100,000 products, bench/scale.py;
#: still 25 ms for a capped count of ten thousand), and past a thousand
#: (42 pages) nobody reads the number: she searches or picks a category.
COUNT_CAP = 1_000


def capped_count(queryset):
    return queryset.values("pk")[:COUNT_CAP].count()


class CappedPaginator(Paginator):
    """Pages of a product list counted up to COUNT_CAP: the last page is the
    one that holds the COUNT_CAP-th product."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            return capped_count(self.object_list)
        return min(len(self.object_list), COUNT_CAP)

    @property
    def is_capped(self):
        return self.count >= COUNT_CAP


class InOrderOf:
    """The products of `products` with the given ids, in the order of the
    ids (a search's, best match first), for a paginator: a page of it is a
    queryset of that page's products only, so a results page reads its few
    rows by primary key and costs no count."""

    def __init__(self, products, ids):
        self.products = products
        self.ids = list(ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, page):
        """The products of a slice of the ids (a paginator asks for no more)."""
        ids = self.ids[page]
        if not ids:
            return self.products.none()
        place = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)))
        return self.products.filter(pk__in=ids).order_by(place)


def _browsable(products):
    """Public standalone products of active producers. A trainee's practice
    shop sells nothing to the public."""
    return products.filter(
        is_public=True,
        deleted_at__isnull=True,
        structure__in=[Product.STANDALONE, Product.CHILD],
        producer__is_active=True,
        producer__is_practice=False,
    )


def _in_shop(products, site):
    """Sold in one village shop; the portal (default site) sells all."""
    if site is not None and not site.is_default_site:
        products = products.filter(producer__site=site)
    return products


def browsable_products():
    """Browsable products, ready for product cards."""
    return (
        _browsable(Product.objects)
        .select_related("producer__village__district__regency", "product_class")
        # Made-to-order products show whether this week is fully booked.
        .annotate(booked_this_week=stock.booked_this_week_subquery())
        .prefetch_related(_photos(), _stock())
        .order_by("-date_created", "-pk")
    )


def _photos():
    return Prefetch("images", queryset=ProductImage.objects.order_by("display_order"))


def _stock():
    return Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner"))


def product_for_page(site):
    """The products a product page of the shop may show, each as its row
    with its producer and class (Oscar picks the template by the class):
    the rest is for the page's shared fragments (fetch_product_page_related),
    which most visits are served ready."""
    return _in_shop(_browsable(Product.objects.select_related("producer", "product_class")), site)


def fetch_product_page_related(product):
    """Fetch what a product's page shows besides its row (photos, stock,
    details, the producer's village) in one query each, unless fetched
    already. The detail view leaves them to the page's shared fragment
    (catalog.templatetags.product_page), so a visitor served the fragment
    costs none of them."""
    prefetch_related_objects(
        [product],
        _photos(),
        _stock(),
        "attribute_values__attribute",
        "producer__village__district",
    )
    return product


def in_category(products, category):
    """`products` in the category or any below it. A correlated EXISTS
    rather than a join: the join lists a product once per category it is
    in and needs DISTINCT over the whole category before the first page
    (216 ms at 100,000 products on PostgreSQL). With EXISTS, PostgreSQL
    plans a semi-join and SQLite walks the newest-first index, checking
    each product, and stops at the page's last one; an IN (subquery) would
    be as good on PostgreSQL but makes SQLite list the whole category
    first (100 ms). bench/scale.py measures both."""
    ProductCategory = get_model("catalogue", "ProductCategory")
    within = ProductCategory.objects.filter(
        product=OuterRef("pk"), category__in=category.get_descendants_and_self()
    )
    return products.filter(Exists(within))


def products_for_site(site):
    """Browsable products sold in one village shop, ready for product cards;
    the portal (default site) sells all."""
    return _in_shop(browsable_products(), site)
