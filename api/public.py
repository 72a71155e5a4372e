"""The public catalogue: village shops, categories, products and producers
(the shops' CMS pages are in api.pages). Read only; anyone may call it, no
token needed.

Every list is paginated (``?page=``, ``?page_size=`` up to 100; the answer
is ``{"items": [...], "count": n}``) and costs the same number of queries
whatever its length and page size: products come from catalog.listing with
their stock records, photos and categories prefetched, and their price and
availability from the shop's strategy (vendors.strategy) as on the product
cards. Without ``?shop=`` a list covers every shop (``?shop=`` takes a
village shop's id from /shops; the regional portal is not one).

What is hidden from shoppers is hidden here too: products that are not
public, deleted, or of an inactive producer; inactive producers; pages that
are not live or are restricted; and of a producer only what her profile
page shows (never her phone number unless she made WhatsApp public, never
her email or accounts).
"""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from oscar.core.loading import get_class, get_model

from api.errors import invalid, not_found
from api.listing import Built, Shared, each, shop_filter
from api.pagination import Pages
from api.public_schemas import (
    CategoryOut,
    ProducerDetailOut,
    ProducerOut,
    ProductFilters,
    ProductOut,
    ShopOut,
)
from api.schemas import photo, responses, rupiah
from api.security import ANYONE
from catalog import listing, renditions, search
from storefront.models import (
    ShopSettings,
)
from storefront.seo import plain_text
from storefront.shops import village_shops
from vendors import directory, phones
from vendors.strategy import MadeToOrder, current_holiday

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")

router = Router(tags=["public"], auth=ANYONE)


def _on_site(site, path, request):
    """``path`` as an absolute URL on ``site``'s hostname, else the API's."""
    return f"{site.root_url}{path}" if site is not None else request.build_absolute_uri(path)


def _place(village):
    district = village.district if village is not None else None
    regency = district.regency if district is not None else None
    return {
        "village": village.name if village is not None else None,
        "district": district.name if district is not None else None,
        "regency": regency.name if regency is not None else None,
    }


# --- shops ------------------------------------------------------------------------


def _shop_out(site, settings):
    settings = settings or ShopSettings(site=site)
    district = settings.district
    return {
        "id": site.pk,
        "name": site.site_name,
        "hostname": site.hostname,
        "url": f"{site.root_url}/",
        "language": settings.language,
        "tagline": settings.tagline,
        "theme": settings.theme,
        "district": district.name if district else None,
        "regency": district.regency.name if district else None,
        "collection_point": settings.collection_point,
        "whatsapp_url": phones.wa_me(settings.whatsapp) if settings.whatsapp else None,
        "delivery": [
            {"zone": zone.value, "label": str(zone.label), "fee": fee}
            for zone, fee in settings.delivery_fees()
        ],
        "home_page_id": site.root_page_id,
    }


@router.get("/shops", response=responses(list[ShopOut]), summary="Village shops")
@paginate(Pages)
def list_shops(request):
    """Every village shop (the regional portal is not one), by name, with
    its language, contacts, collection point and delivery fees."""
    return Shared(
        lambda: Built(village_shops(), lambda shops: [_shop_out(*shop) for shop in shops])
    )


@router.get("/shops/{shop_id}", response=responses(ShopOut), summary="One village shop")
def get_shop(request, shop_id: int):
    """One village shop by id; 404 for the portal or an unknown id."""
    for site, settings in village_shops():
        if site.pk == shop_id:
            return _shop_out(site, settings)
    raise not_found()


# --- categories -------------------------------------------------------------------


def _category_paths_in(site):
    """Paths of the categories with a product of ``site``, and their ancestors'."""
    used = (
        ProductCategory.objects.filter(
            product__in=listing.products_for_site(site).order_by().values("pk")
        )
        .values_list("category__path", flat=True)
        .distinct()
    )
    step = Category.steplen
    return {path[:end] for path in used for end in range(step, len(path) + 1, step)}


@router.get("/categories", response=responses(list[CategoryOut]), summary="Categories")
@paginate(Pages)
def list_categories(request, shop: int | None = None):
    """The public product categories as a flat list in tree order: each
    after its parent (``parent_id``), top-level ones with ``depth`` 1.

    With ``?shop=``, only the categories that have products of that shop,
    with their parent categories so the tree stays whole (a parent may then
    have no products of its own). Without it, every public category."""
    return Shared(lambda: _categories(request, shop_filter(shop)))


def _categories(request, site):
    categories = Category.objects.browsable().order_by("path")
    kept = _category_paths_in(site) if site is not None else None
    step = Category.steplen
    found, items = {}, []
    for category in categories:  # parents come first in path order
        parent = found.get(category.path[:-step]) if category.depth > 1 else None
        full_slug = f"{parent[1]}/{category.slug}" if parent else category.slug
        found[category.path] = (category.pk, full_slug)
        if kept is not None and category.path not in kept:
            continue
        path = reverse("catalogue:category", kwargs={"category_slug": full_slug, "pk": category.pk})
        items.append(
            {
                "id": category.pk,
                "name": category.name,
                "slug": category.slug,
                "parent_id": parent[0] if parent else None,
                "depth": category.depth,
                "description": plain_text(category.description),
                "url": _on_site(site, path, request),
            }
        )
    return Built(items, lambda page: page)


# --- products ---------------------------------------------------------------------


def _products(site=None):
    """Products shoppers can see, with what their API items need."""
    first_record = StockRecord.objects.filter(product=OuterRef("pk")).order_by("pk")
    return (
        listing.products_for_site(site)
        .select_related("producer__site", "parent__product_class")
        .prefetch_related(
            Prefetch(
                "categories",
                queryset=Category.objects.browsable().only("pk"),
                to_attr="api_categories",
            )
        )
        .annotate(
            api_price=Subquery(first_record.values("price")[:1]),
            api_net_stock=Subquery(
                first_record.annotate(
                    net=Coalesce("num_in_stock", 0) - Coalesce("num_allocated", 0)
                ).values("net")[:1]
            ),
            api_track_stock=Coalesce(
                "product_class__track_stock", "parent__product_class__track_stock", Value(True)
            ),
        )
    )


def _can_buy_now():
    """In SQL, what VillageStrategy says of a listed product's first stock
    record: ``availability.is_available_to_buy``."""
    made_to_order = Q(fulfilment=Product.Fulfilment.MADE_TO_ORDER)
    is_open = Q(producer__on_holiday=False) | Q(producer__holiday_until__lt=timezone.localdate())
    has_room = Q(weekly_capacity__isnull=True) | Q(booked_this_week__lt=F("weekly_capacity"))
    on_shelf = Q(api_track_stock=False) | Q(api_net_stock__gt=0)
    can_buy = (
        is_open
        & Q(api_price__isnull=False)
        & ((made_to_order & has_room) | (~made_to_order & on_shelf))
    )
    return Case(When(can_buy, then=Value(True)), default=Value(False), output_field=BooleanField())


def _filtered_products(filters):
    products = _products(shop_filter(filters.shop))
    if filters.category is not None:
        category = Category.objects.browsable().filter(pk=filters.category).first()
        if category is None:
            raise invalid({"category": [_("There is no category with this id.")]})
        in_tree = ProductCategory.objects.filter(category__path__startswith=category.path)
        products = products.filter(pk__in=in_tree.values("product_id"))
    if filters.producer:
        if not directory.public_producers().filter(code=filters.producer).exists():
            raise invalid({"producer": [_("There is no producer with this code.")]})
        products = products.filter(producer__code=filters.producer)
    if filters.min_price is not None:
        products = products.filter(api_price__gte=filters.min_price)
    if filters.max_price is not None:
        products = products.filter(api_price__lte=filters.max_price)
    if filters.available is not None:
        products = products.annotate(api_can_buy=_can_buy_now()).filter(
            api_can_buy=filters.available
        )
    query = (filters.q or "").strip()[:200]
    ranked = search.product_ids_matching(query, products) if query else None
    if ranked is not None:
        products = products.filter(pk__in=ranked)
    sort = filters.sort or ("relevance" if ranked is not None else "newest")
    if sort == "relevance" and ranked:
        rank = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)))
        return products.order_by(rank.asc(), "-pk")
    orderings = {
        "price": [F("api_price").asc(nulls_last=True), "-date_created", "-pk"],
        "-price": [F("api_price").desc(nulls_last=True), "-date_created", "-pk"],
        "title": ["title", "pk"],
    }
    return products.order_by(*orderings.get(sort, ["-date_created", "-pk"]))


def _product_out(product, request, strategy):
    info = strategy.fetch_for_product(product)
    price, policy = info.price, info.availability
    amount = None
    if price.exists:
        amount = price.incl_tax if price.is_tax_known else price.excl_tax
    if isinstance(policy, MadeToOrder):
        num_available = policy.capacity_left
    elif hasattr(policy, "num_available"):  # stock kept on the shelf
        num_available = max(policy.num_available, 0)
    else:
        num_available = None
    producer = product.producer
    images = [
        image
        for image in product.images.all()
        if renditions.is_product_image_name(image.original.name)
    ]
    return {
        "id": product.pk,
        "title": product.get_title(),
        "slug": product.slug,
        "url": _on_site(producer.site, product.get_absolute_url(), request),
        "description": plain_text(product.description),
        "price": rupiah(amount),
        "fulfilment": product.fulfilment,
        "lead_time_days": product.lead_time_days,
        "availability": {
            "code": policy.code,
            "message": str(policy.message),
            "can_buy": policy.is_available_to_buy,
            "num_available": num_available,
        },
        "producer": {
            "code": producer.code,
            "name": producer.name,
            "village": producer.village.name if producer.village else None,
            "url": _on_site(producer.site, producer.get_absolute_url(), request),
        },
        "shop_id": producer.site_id,
        "category_ids": [category.pk for category in product.api_categories],
        "photos": [photo(image.original.name, image.caption, request) for image in images],
        "date_created": product.date_created,
    }


def _strategy(request):
    return getattr(request, "strategy", None) or Selector().strategy(request=request)


@router.get("/products", response=responses(list[ProductOut]), summary="Products")
@paginate(Pages)
def list_products(request, filters: Query[ProductFilters]):
    """Products shoppers can see, newest first, with price and
    availability as the shop shows them.

    Filters combine: ``shop``, ``category`` (with its sub-categories),
    ``producer``, ``min_price``/``max_price`` (whole rupiah; products
    without a price drop out), ``available``, and ``q``, a text search whose
    best matches come first unless another ``sort`` is asked for. An
    unknown shop, category or producer is a 422 naming the parameter."""
    return Shared(
        lambda: Built(_filtered_products(filters), each(_product_out, request, _strategy(request)))
    )


@router.get("/products/{product_id}", response=responses(ProductOut), summary="One product")
def get_product(request, product_id: int):
    """One product by id, in any village shop. A product that is hidden,
    deleted or of an inactive producer is a 404, as is an unknown id."""
    product = _products().filter(pk=product_id).first()
    if product is None:
        raise not_found()
    return _product_out(product, request, _strategy(request))


# --- producers --------------------------------------------------------------------


def _producers(site=None):
    products = (
        listing.browsable_products()
        .filter(producer=OuterRef("pk"))
        .order_by()
        .values("producer")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return directory.producers_for_site(site).annotate(
        product_count=Coalesce(Subquery(products, output_field=IntegerField()), 0)
    )


def _producer_out(producer, request):
    holiday = current_holiday(producer)
    return {
        "code": producer.code,
        "name": producer.name,
        "shop_id": producer.site_id,
        **_place(producer.village),
        "group": producer.group.name if producer.group else None,
        "story": producer.story,
        "photo": request.build_absolute_uri(producer.photo.url) if producer.photo else None,
        "url": _on_site(producer.site, producer.get_absolute_url(), request),
        "product_count": producer.product_count,
        "holiday": ({"until": holiday.until, "message": str(holiday.message)} if holiday else None),
    }


@router.get("/producers", response=responses(list[ProducerOut]), summary="Producers")
@paginate(Pages)
def list_producers(request, shop: int | None = None):
    """Active producers by name, as the shop's producer directory lists
    them, with how many products each has on sale."""
    return Shared(lambda: Built(_producers(shop_filter(shop)), each(_producer_out, request)))


@router.get("/producers/{code}", response=responses(ProducerDetailOut), summary="One producer")
def get_producer(request, code: str):
    """One active producer by code, as her profile page shows her: also
    the contacts she chose to make public. 404 when inactive or unknown."""
    producer = _producers().filter(code=code).first()
    if producer is None:
        raise not_found()
    contacts = [
        {"kind": kind, "label": label, "url": url}
        for kind, label, url in producer.public_contacts()
    ]
    return {**_producer_out(producer, request), "contacts": contacts}
