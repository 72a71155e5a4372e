"""A practice shop's products never reach the public: not the village shop,
the portal, search, the sitemap, the public API nor a shopper's basket.

Each place is tested on its own, beside a real product of the same trainee
that does show, so an empty page cannot pass for a hidden product.
"""

import xml.etree.ElementTree as ET

import pytest
from oscar.core.loading import get_model

from catalog import search
from tests import factories
from tests.shopping import add_to_basket

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTS = ["ibun.localhost", "localhost"]  # her village shop and the regional portal


@pytest.fixture
def trainee(ibun):
    real = factories.ProducerFactory(site=ibun, name="Rengginang Bu Euis", code="bu-euis")
    practice = factories.ProducerFactory(
        site=ibun,
        name="Rengginang Bu Euis (Latihan)",
        code="latihan-bu-euis",
        is_practice=True,
        practice_of=real,
        village=real.village,
    )
    return {
        "real": real,
        "practice": practice,
        "real_product": factories.ProductFactory(producer=real, title="Rengginang Ketan Asli"),
        "practice_product": factories.ProductFactory(
            producer=practice, title="Rengginang Ketan Latihan"
        ),
    }


@pytest.mark.parametrize("host", HOSTS)
def test_not_in_the_catalogue_nor_category_pages(client, trainee, host):
    page = client.get("/catalogue/", HTTP_HOST=host).content.decode()
    assert "Rengginang Ketan Asli" in page
    assert "Rengginang Ketan Latihan" not in page


@pytest.mark.parametrize("host", HOSTS)
def test_its_page_is_not_found(client, trainee, host):
    real = client.get(trainee["real_product"].get_absolute_url(), HTTP_HOST=host)
    practice = client.get(trainee["practice_product"].get_absolute_url(), HTTP_HOST=host)
    assert real.status_code == 200
    assert practice.status_code == 404


@pytest.mark.parametrize("host", HOSTS)
def test_the_practice_shop_is_not_a_producer_page(client, trainee, host):
    directory = client.get("/produsen/", HTTP_HOST=host).content.decode()
    assert "Rengginang Bu Euis" in directory
    assert "(Latihan)" not in directory
    assert client.get("/produsen/latihan-bu-euis/", HTTP_HOST=host).status_code == 404


@pytest.mark.parametrize("host", HOSTS)
def test_not_found_by_search(client, trainee, host):
    assert trainee["practice_product"].pk not in search.product_ids_matching("rengginang")
    page = client.get("/catalogue/", {"q": "rengginang"}, HTTP_HOST=host).content.decode()
    assert "Rengginang Ketan Asli" in page
    assert "Rengginang Ketan Latihan" not in page


def test_oscar_never_indexes_or_offers_it(trainee):
    browsable = Product.objects.browsable()
    assert trainee["real_product"] in browsable
    assert trainee["practice_product"] not in browsable


def sitemap_locations(client, host):
    index = ET.fromstring(client.get("/sitemap.xml", HTTP_HOST=host).content)
    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    sections = [url for url in locations if url.endswith(".xml")]
    for section in sections:  # an index of sections, or one urlset
        path = section.split(host, 1)[1]
        section_xml = ET.fromstring(client.get(path, HTTP_HOST=host).content)
        locations += [loc.text for loc in section_xml.iter(f"{SITEMAP}loc")]
    return locations


@pytest.mark.parametrize("host", HOSTS)
def test_not_in_the_sitemap(client, trainee, host):
    locations = sitemap_locations(client, host)
    assert any(url.endswith(trainee["real_product"].get_absolute_url()) for url in locations)
    assert not any(trainee["practice_product"].get_absolute_url() in url for url in locations)
    assert not any("/produsen/latihan-bu-euis/" in url for url in locations)


@pytest.mark.parametrize("host", HOSTS)
def test_not_in_the_public_api(client, trainee, host):
    def api(path, **params):
        return client.get(f"/api/v1{path}", params, HTTP_HOST=host)

    products = api("/products").json()["items"]
    assert [item["title"] for item in products] == ["Rengginang Ketan Asli"]
    assert api("/products", q="rengginang").json()["count"] == 1
    assert api(f"/products/{trainee['real_product'].pk}").status_code == 200
    assert api(f"/products/{trainee['practice_product'].pk}").status_code == 404
    producers = [item["code"] for item in api("/producers").json()["items"]]
    assert "bu-euis" in producers and "latihan-bu-euis" not in producers
    assert api("/producers/latihan-bu-euis").status_code == 404
    basket = api("/basket").json()
    added = client.post(
        "/api/v1/basket/lines",
        {"product_id": trainee["practice_product"].pk, "quantity": 1},
        content_type="application/json",
        HTTP_HOST=host,
        HTTP_X_BASKET_TOKEN=basket.get("token", ""),
    )
    assert added.status_code in (404, 422), added.content


def test_a_shopper_cannot_buy_it_by_its_id(ibun_client, trainee):
    add_to_basket(ibun_client, trainee["practice_product"])
    add_to_basket(ibun_client, trainee["real_product"])
    basket = Basket.objects.get()
    assert [line.product for line in basket.all_lines()] == [trainee["real_product"]]
