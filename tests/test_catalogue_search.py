"""Search pages: the portal finds the best matches of the whole index and
keeps those it sells (catalog.search, whole_catalogue); a village shop and
a category match among their own products only. Both must give what the
plain search over the same products gives."""

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import listing, search
from tests import factories

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")


@pytest.fixture
def market(ibun, other_shop):
    """Sambal from two shops, and sambal that nobody may buy."""
    ibun_maker = factories.ProducerFactory(site=ibun)
    other_maker = factories.ProducerFactory(site=other_shop)
    sold = [
        factories.ProductFactory(producer=ibun_maker, title="Sambal Bawang Ibun"),
        factories.ProductFactory(producer=other_maker, title="Sambal Terasi Pangalengan"),
        factories.ProductFactory(producer=ibun_maker, title="Keripik Pedas Sambal Ijo"),
    ]
    hidden = factories.ProductFactory(producer=ibun_maker, title="Sambal Disembunyikan")
    Product.objects.filter(pk=hidden.pk).update(is_public=False)
    deleted = factories.ProductFactory(producer=ibun_maker, title="Sambal Terhapus")
    Product.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    retired_maker = factories.ProducerFactory(site=ibun)
    retired = factories.ProductFactory(producer=retired_maker, title="Sambal Produsen Berhenti")
    Partner.objects.filter(pk=retired_maker.pk).update(is_active=False)
    factories.ProductFactory(producer=ibun_maker, title="Kopi Malabar")
    return {"sold": sold, "unsold": [hidden, deleted, retired]}


@pytest.mark.django_db
def test_the_whole_catalogue_search_gives_what_the_plain_search_gives(market):
    products = listing.products_for_site(None)

    from_index = search.product_ids_matching("sambal", products, whole_catalogue=True)

    assert from_index == search.product_ids_matching("sambal", products)
    assert set(from_index) == {product.pk for product in market["sold"]}


@pytest.mark.django_db
@pytest.mark.parametrize("cap", [1, 2, 3])
def test_the_whole_catalogue_search_keeps_to_the_list_cap(market, monkeypatch, cap):
    """With a cap of 2 the best four matches of the index are the three
    nobody may buy and one on sale: the search matches among the products
    on sale after all."""
    monkeypatch.setattr(listing, "COUNT_CAP", cap)
    products = listing.products_for_site(None)

    from_index = search.product_ids_matching("sambal", products, whole_catalogue=True)

    assert from_index == search.product_ids_matching("sambal", products)
    assert len(from_index) == cap


@pytest.mark.django_db
def test_the_portal_page_finds_every_shop_s_sambal_and_nothing_unsold(client, market):
    page = client.get("/catalogue/", {"q": "sambal"}, HTTP_HOST="localhost")

    assert [product.pk for product in page.context["products"]] == search.product_ids_matching(
        "sambal", listing.products_for_site(None)
    )
    html = page.content.decode()
    assert "Sambal Terasi Pangalengan" in html and "Sambal Bawang Ibun" in html
    for product in market["unsold"]:
        assert product.title not in html


@pytest.mark.django_db
def test_a_village_shop_and_a_portal_category_search_their_own_products(
    ibun_client, client, market
):
    html = ibun_client.get("/catalogue/", {"q": "sambal"}).content.decode()
    assert "Sambal Bawang Ibun" in html and "Sambal Terasi Pangalengan" not in html

    snacks = Category.add_root(name="Camilan")
    ProductCategory.objects.create(product=market["sold"][2], category=snacks)
    page = client.get(snacks.get_absolute_url(), {"q": "sambal"}, HTTP_HOST="localhost")
    assert [product.pk for product in page.context["products"]] == [market["sold"][2].pk]
