"""`seed_scale` adds shops, producers and products on top of the demo, every
product browsable in its own shop, pictures shared, and a second run adds
only what is missing."""

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model
from wagtail.models import Site

from catalog import search
from regions.models import Village
from storefront import scale_data
from storefront.models import ShopSettings, VillageShopPage

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductImage = get_model("catalogue", "ProductImage")
ProducerGroup = get_model("partner", "ProducerGroup")
StockRecord = get_model("partner", "StockRecord")

SMALL = ["--villages", "3", "--producers", "20", "--products", "100"]


def scale_products():
    return Product.objects.filter(upc__startswith=scale_data.UPC_PREFIX)


def scale_sites():
    hostnames = [scale_data.village_hostname(index) for index in range(3)]
    return Site.objects.filter(hostname__in=hostnames)


def counts():
    return {
        "sites": Site.objects.count(),
        "villages": Village.objects.count(),
        "groups": ProducerGroup.objects.count(),
        "producers": Partner.objects.count(),
        "products": Product.objects.count(),
        "stock": StockRecord.objects.count(),
        "images": ProductImage.objects.count(),
        "values": ProductAttributeValue.objects.count(),
    }


@pytest.mark.django_db
def test_seed_scale_builds_browsable_shops_and_reruns_safely(client):
    """One test: the demo is seeded once (a few seconds), then checked."""
    call_command("seed_scale", *SMALL)  # runs seed_demo first: the database is empty
    first = counts()
    call_command("seed_scale", *SMALL)
    assert counts() == first, "the same numbers again add nothing"

    check_counts()
    check_every_product_is_complete_and_pictures_are_shared()
    check_every_product_is_browsable_in_its_shop(client)
    check_every_product_is_found_by_search()

    call_command("seed_scale", "--villages", "3", "--producers", "20", "--products", "130")
    assert scale_products().count() == 130, "bigger numbers grow the set"
    newest = scale_products().order_by("-pk").first()
    assert newest.pk in search.product_ids_matching(newest.upc)
    assert counts()["producers"] == first["producers"]


def check_counts():
    sites = scale_sites()
    assert sites.count() == 3
    for site in sites:
        assert isinstance(site.root_page.specific, VillageShopPage)
        shop = ShopSettings.for_site(site)
        assert shop.district is not None and shop.bank_account_number
        assert Partner.objects.filter(site=site).count() in (6, 7)
    producers = Partner.objects.filter(site__in=sites)
    assert producers.count() == 20
    assert len({producer.code for producer in producers}) == 20
    assert producers.exclude(group=None).count() == 10
    assert producers.filter(categories__isnull=True).count() == 0
    assert Village.objects.filter(producers__in=producers).distinct().count() == 3
    assert scale_products().count() == 100
    assert scale_products().filter(producer__in=producers).count() == 100


def check_every_product_is_complete_and_pictures_are_shared():
    products = scale_products().prefetch_related("stockrecords", "images", "categories")
    for product in products:
        assert [record.partner_id for record in product.stockrecords.all()] == [product.producer_id]
        assert product.stockrecords.all()[0].price > 0
        assert len(product.images.all()) == 1
        assert len(product.categories.all()) == 1
        assert product.categories.all()[0].depth == 2, "in a sub-category of a demo category"
        assert product.attr.weight > 0
        if product.is_made_to_order:
            assert product.lead_time_days >= 1
    pictures = ProductImage.objects.filter(product__in=scale_products())
    names = set(pictures.values_list("original", flat=True))
    assert len(names) <= len(scale_data.CLASSES) * scale_data.IMAGES_PER_CLASS
    assert len(names) < pictures.count(), "a few files shared by many products"
    for name in names:
        assert pictures.first().original.storage.exists(name)


def check_every_product_is_browsable_in_its_shop(client):
    for site in scale_sites():
        host = site.hostname
        expected = set(scale_products().filter(producer__site=site).values_list("title", "pk"))
        assert client.get("/", HTTP_HOST=host).status_code == 200
        listed = ""
        for page in (1, 2):
            response = client.get(f"/catalogue/?page={page}", HTTP_HOST=host)
            assert response.status_code == 200
            listed += response.content.decode()
        for _title, pk in expected:
            assert f"_{pk}/" in listed, "every product of the shop is in its catalogue"
        for product in scale_products().filter(producer__site=site)[:5]:
            page = client.get(product.get_absolute_url(), HTTP_HOST=host)
            assert page.status_code == 200
            assert product.title in page.content.decode()
        other = scale_products().exclude(producer__site=site).first()
        assert client.get(other.get_absolute_url(), HTTP_HOST=host).status_code == 404


def check_every_product_is_found_by_search():
    """Bulk inserts send no signals: seed_scale indexes what it inserts."""
    for product in scale_products():
        assert product.pk in search.product_ids_matching(product.upc), product.upc
