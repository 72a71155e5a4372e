"""The public, read-only API: shops, categories, products, producers, pages."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from catalog import listing, search
from storefront.models import ContentPage, ShopSettings, StoryPage
from tests import factories

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
ProducerGroup = get_model("partner", "ProducerGroup")

API = "/api/v1"


def get(client, path, status=200, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == status, response.content
    return response.json()


def assert_error(body, code, fields=None):
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code and body["message"]
    if fields is not None:
        assert set(body["fields"]) == set(fields)


def ids(body):
    return [item["id"] for item in body["items"]]


@pytest.fixture
def market(ibun, other_shop):
    """Two village shops with producers, categories and products, and the
    things shoppers never see: a hidden, a deleted and an inactive
    producer's product."""
    ShopSettings.objects.filter(site=ibun).update(whatsapp="0812-0000-0002", tagline="Produk Ibun")
    group = ProducerGroup.objects.create(
        name="KWT Mekar", village=factories.VillageFactory(name="Laksana")
    )
    siti = factories.ProducerFactory(
        site=ibun,
        name="Keripik Bu Siti",
        code="bu-siti",
        village=group.village,
        group=group,
        story="Keripik singkong\n\nsejak 2015.",
        whatsapp="081234567890",
        whatsapp_public=True,
        instagram="@busiti",
        instagram_public=False,
    )
    ani = factories.ProducerFactory(
        site=ibun, name="Rajut Bu Ani", code="bu-ani", whatsapp="081299999999"
    )
    dewi = factories.ProducerFactory(site=other_shop, name="Kopi Bu Dewi", code="bu-dewi")
    gone = factories.ProducerFactory(site=ibun, name="Sudah Pergi", code="pergi", is_active=False)

    food = Category.add_root(name="Makanan", slug="makanan")
    snacks = food.add_child(name="Keripik", slug="keripik")
    crafts = Category.add_root(name="Kerajinan", slug="kerajinan")
    drinks = Category.add_root(name="Minuman", slug="minuman")

    def product(producer, title, category, price=25000, stock=10, **fields):
        made = factories.ProductFactory(
            producer=producer, title=title, stock=stock, stock__price=price, **fields
        )
        if category is not None:
            ProductCategory.objects.create(product=made, category=category)
        return made

    now = timezone.now()
    keripik = product(siti, "Keripik Singkong Pedas", snacks, price=15000, stock=5)
    ProductImage.objects.create(product=keripik, original="products/keripik.jpg", caption="Renyah")
    ProductImage.objects.create(product=keripik, original="products/keripik-2.jpg", display_order=1)
    sold_out = product(siti, "Rengginang Ketan", food, price=20000, stock=0)
    tas = product(
        ani,
        "Tas Rajut Biru",
        crafts,
        price=85000,
        fulfilment=Product.Fulfilment.MADE_TO_ORDER,
        lead_time_days=3,
        weekly_capacity=2,
    )
    kopi = product(dewi, "Kopi Malabar", drinks, price=30000)
    hidden = product(siti, "Keripik Rahasia", snacks, is_public=False)
    deleted = product(siti, "Keripik Lama", snacks, deleted_at=now)
    departed = product(gone, "Keripik Pergi", snacks)
    # Creation order is the "newest" order: oldest first here.
    for age, made in enumerate([kopi, tas, sold_out, keripik]):
        Product.objects.filter(pk=made.pk).update(
            date_created=now - datetime.timedelta(hours=10 - age)
        )
    return {
        "ibun": ibun,
        "other": other_shop,
        "siti": siti,
        "ani": ani,
        "dewi": dewi,
        "gone": gone,
        "food": food,
        "snacks": snacks,
        "crafts": crafts,
        "drinks": drinks,
        "keripik": keripik,
        "sold_out": sold_out,
        "tas": tas,
        "kopi": kopi,
        "hidden": hidden,
        "deleted": deleted,
        "departed": departed,
    }


# --- shops ------------------------------------------------------------------------


@pytest.mark.django_db
def test_shops_lists_the_village_shops_but_not_the_portal(api_client, market, portal):
    body = get(api_client, "/shops")
    assert body["count"] == 2
    assert [shop["name"] for shop in body["items"]] == ["Ibun Store", "Toko Pangalengan"]
    assert portal.pk not in ids(body)
    ibun = body["items"][0]
    assert ibun == {
        "id": market["ibun"].pk,
        "name": "Ibun Store",
        "hostname": "ibun.localhost",
        "url": "http://ibun.localhost/",
        "language": "id",
        "tagline": "Produk Ibun",
        "theme": "desa",
        "district": "Ibun",
        "regency": "Kabupaten Bandung",
        "collection_point": "Balai Desa",
        "whatsapp_url": "https://wa.me/6281200000002",
        "delivery": [
            {"zone": "village", "label": "Dalam desa", "fee": 5000},
            {"zone": "outside_village", "label": ibun["delivery"][1]["label"], "fee": 10000},
        ],
        "home_page_id": market["ibun"].root_page_id,
    }
    # Bank details and the QRIS code are for checkout, not for the catalogue.
    assert "bank" not in str(body) and "qris" not in str(body).lower()


@pytest.mark.django_db
def test_one_shop_and_unknown_shops(api_client, market, portal):
    body = get(api_client, f"/shops/{market['other'].pk}")
    assert body["name"] == "Toko Pangalengan" and body["whatsapp_url"] is None
    assert_error(get(api_client, f"/shops/{portal.pk}", status=404), "not_found")
    assert_error(get(api_client, "/shops/999999", status=404), "not_found")


# --- categories -------------------------------------------------------------------


@pytest.mark.django_db
def test_categories_are_a_flat_tree(api_client, market):
    body = get(api_client, "/categories")
    by_name = {item["name"]: item for item in body["items"]}
    assert [item["name"] for item in body["items"]] == [
        "Makanan",
        "Keripik",
        "Kerajinan",
        "Minuman",
    ]
    snacks = by_name["Keripik"]
    assert snacks["parent_id"] == market["food"].pk and snacks["depth"] == 2
    assert by_name["Makanan"]["parent_id"] is None and by_name["Makanan"]["depth"] == 1
    assert snacks["slug"] == "keripik"
    assert snacks["url"] == "http://ibun.localhost" + market["snacks"].get_absolute_url()


@pytest.mark.django_db
def test_categories_of_one_shop_keep_their_parents(api_client, market, other_shop):
    Category.objects.filter(pk=market["food"].pk).update(name="Makanan")
    body = get(api_client, "/categories", shop=market["ibun"].pk)
    # Minuman has only Pangalengan's coffee; Makanan is kept as Keripik's parent.
    assert [item["name"] for item in body["items"]] == ["Makanan", "Keripik", "Kerajinan"]
    assert body["items"][1]["url"].startswith("http://ibun.localhost/")
    body = get(api_client, "/categories", shop=other_shop.pk)
    assert [item["name"] for item in body["items"]] == ["Minuman"]
    assert body["items"][0]["url"].startswith("http://pangalengan.localhost/")


@pytest.mark.django_db
def test_a_hidden_category_is_not_listed(api_client, market):
    hidden = Category.objects.get(pk=market["crafts"].pk)
    hidden.is_public = False
    hidden.save()
    names = [item["name"] for item in get(api_client, "/categories")["items"]]
    assert "Kerajinan" not in names
    tas = get(api_client, f"/products/{market['tas'].pk}")
    assert tas["category_ids"] == []


@pytest.mark.django_db
def test_an_unknown_shop_is_refused_by_name(api_client, market, portal):
    for path in ("/categories", "/products", "/producers", "/pages"):
        for shop in (999999, portal.pk):
            assert_error(get(api_client, path, status=422, shop=shop), "invalid", ["shop"])
        assert_error(get(api_client, path, status=422, shop="ibun"), "invalid", ["shop"])


# --- products ---------------------------------------------------------------------


@pytest.mark.django_db
def test_products_list_what_shoppers_see_newest_first(api_client, market):
    body = get(api_client, "/products")
    assert ids(body) == [market[name].pk for name in ("keripik", "sold_out", "tas", "kopi")], (
        "hidden, deleted and an inactive producer's products are never listed"
    )
    assert body["count"] == 4


@pytest.mark.django_db
def test_a_product_item(api_client, market):
    keripik = market["keripik"]
    item = get(api_client, "/products")["items"][0]
    assert item["id"] == keripik.pk
    assert item["title"] == "Keripik Singkong Pedas"
    assert item["slug"] == keripik.slug
    assert item["url"] == "http://ibun.localhost" + keripik.get_absolute_url()
    assert item["price"] == 15000 and isinstance(item["price"], int)
    assert item["currency"] == "IDR"
    assert item["fulfilment"] == "stock"
    assert item["availability"] == {
        "code": "instock",
        "message": "Tersedia: sisa 5",
        "can_buy": True,
        "num_available": 5,
    }
    assert item["producer"] == {
        "code": "bu-siti",
        "name": "Keripik Bu Siti",
        "village": "Laksana",
        "url": "http://ibun.localhost/produsen/bu-siti/",
    }
    assert item["shop_id"] == market["ibun"].pk
    assert item["category_ids"] == [market["snacks"].pk]
    assert [photo["caption"] for photo in item["photos"]] == ["Renyah", ""]
    first = item["photos"][0]
    assert set(first["webp"]) == {"160", "320", "480", "640", "960"}
    assert first["jpeg"]["320"].startswith("http://ibun.localhost/r/")
    assert "products/keripik.jpg" in first["jpeg"]["320"]


@pytest.mark.django_db
def test_availability_follows_the_strategy(api_client, market):
    items = {item["id"]: item for item in get(api_client, "/products")["items"]}
    sold_out = items[market["sold_out"].pk]["availability"]
    assert sold_out["code"] == "outofstock" and sold_out["can_buy"] is False
    assert sold_out["num_available"] == 0 and sold_out["message"] == "Habis"
    tas = items[market["tas"].pk]
    assert tas["fulfilment"] == "made_to_order" and tas["lead_time_days"] == 3
    assert tas["availability"]["code"] == "made_to_order"
    assert tas["availability"]["can_buy"] is True and tas["availability"]["num_available"] == 2


@pytest.mark.django_db
def test_messages_follow_the_request_language(api_client, market):
    path = f"{API}/products/{market['keripik'].pk}"
    english = api_client.get(path, headers={"Accept-Language": "en"}).json()
    assert english["availability"]["message"] == "In stock: 5 left"
    english = api_client.get(path, {"lang": "en"}).json()
    assert english["availability"]["message"] == "In stock: 5 left"
    assert get(api_client, f"/products/{market['keripik'].pk}")["availability"]["message"] == (
        "Tersedia: sisa 5"
    )


@pytest.mark.django_db
def test_filter_by_shop_leaves_other_shops_out(api_client, market):
    assert market["kopi"].pk not in ids(get(api_client, "/products", shop=market["ibun"].pk))
    assert ids(get(api_client, "/products", shop=market["other"].pk)) == [market["kopi"].pk]


@pytest.mark.django_db
def test_filter_by_category_takes_in_sub_categories(api_client, market):
    food = ids(get(api_client, "/products", category=market["food"].pk))
    assert food == [market["keripik"].pk, market["sold_out"].pk]
    snacks = ids(get(api_client, "/products", category=market["snacks"].pk))
    assert snacks == [market["keripik"].pk]
    body = get(api_client, "/products", status=422, category=999999)
    assert_error(body, "invalid", ["category"])


@pytest.mark.django_db
def test_filter_by_producer(api_client, market):
    assert ids(get(api_client, "/products", producer="bu-ani")) == [market["tas"].pk]
    assert_error(
        get(api_client, "/products", status=422, producer="pergi"), "invalid", ["producer"]
    )
    assert_error(
        get(api_client, "/products", status=422, producer="nobody"), "invalid", ["producer"]
    )


@pytest.mark.django_db
def test_filter_by_price(api_client, market):
    body = get(api_client, "/products", min_price=20000, max_price=30000)
    assert ids(body) == [market["sold_out"].pk, market["kopi"].pk]
    assert ids(get(api_client, "/products", min_price=85000)) == [market["tas"].pk]
    assert ids(get(api_client, "/products", max_price=15000)) == [market["keripik"].pk]
    body = get(api_client, "/products", status=422, min_price=-1)
    assert_error(body, "invalid", ["min_price"])
    assert_error(get(api_client, "/products", status=422, max_price="murah"), "invalid")


@pytest.mark.django_db
def test_filter_by_availability_agrees_with_the_strategy(api_client, market):
    # More ways of not being buyable: booked out this week is simulated by no
    # capacity; a producer on holiday; no price yet; not stock-tracked.
    full = factories.ProductFactory(
        producer=market["ani"],
        fulfilment=Product.Fulfilment.MADE_TO_ORDER,
        lead_time_days=2,
        weekly_capacity=0,
    )
    away = factories.ProducerFactory(site=market["ibun"], on_holiday=True)
    on_holiday = factories.ProductFactory(producer=away)
    back = factories.ProducerFactory(
        site=market["ibun"],
        on_holiday=True,
        holiday_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    returned = factories.ProductFactory(producer=back)
    unpriced = factories.ProductFactory(producer=market["siti"])
    StockRecord.objects.filter(product=unpriced).update(price=None)
    untracked = factories.ProductFactory(
        producer=market["siti"],
        product_class=factories.ProductClassFactory(name="Jasa", track_stock=False),
        stock=0,
    )
    StockRecord.objects.filter(product=market["keripik"]).update(num_allocated=5)

    everything = get(api_client, "/products", page_size=100)["items"]
    can_buy = {item["id"] for item in everything if item["availability"]["can_buy"]}
    assert can_buy == {market["tas"].pk, market["kopi"].pk, returned.pk, untracked.pk}
    assert set(ids(get(api_client, "/products", available="true", page_size=100))) == can_buy
    cannot = set(ids(get(api_client, "/products", available="false", page_size=100)))
    assert cannot == {item["id"] for item in everything} - can_buy
    assert {full.pk, on_holiday.pk, unpriced.pk, market["keripik"].pk} <= cannot
    holiday = next(item for item in everything if item["id"] == on_holiday.pk)
    assert holiday["availability"]["code"] == "on_holiday"
    assert holiday["price"] == 25000
    assert next(item for item in everything if item["id"] == unpriced.pk)["price"] is None


@pytest.mark.django_db
def test_sorts(api_client, market):
    def order(sort):
        return ids(get(api_client, "/products", sort=sort))

    keripik, sold_out, tas, kopi = (market[n].pk for n in ("keripik", "sold_out", "tas", "kopi"))
    assert order("newest") == [keripik, sold_out, tas, kopi]
    assert order("price") == [keripik, sold_out, kopi, tas]
    assert order("-price") == [tas, kopi, sold_out, keripik]
    assert order("title") == [keripik, kopi, sold_out, tas]
    assert order("relevance") == order("newest"), "without q, relevance is newest"
    assert_error(get(api_client, "/products", status=422, sort="cheapest"), "invalid", ["sort"])


@pytest.mark.django_db
def test_search_keeps_the_search_engine_s_order(api_client, market):
    ranked = search.product_ids_matching("keripik")
    visible = [pk for pk in ranked if pk in {market["keripik"].pk}]
    assert visible == [market["keripik"].pk], "the search engine itself finds hidden ones too"
    assert ids(get(api_client, "/products", q="keripik")) == [market["keripik"].pk]

    more = factories.ProductFactory(
        producer=market["siti"], title="Keripik Pisang", description="Keripik keripik keripik."
    )
    ranked = [
        pk for pk in search.product_ids_matching("keripik") if pk in {more.pk, market["keripik"].pk}
    ]
    assert ids(get(api_client, "/products", q="keripik")) == ranked
    assert ids(get(api_client, "/products", q="keripik", sort="relevance")) == ranked
    by_price = ids(get(api_client, "/products", q="keripik", sort="-price"))
    assert by_price == [more.pk, market["keripik"].pk]  # 25000, then 15000
    body = get(api_client, "/products", q="tidakadayangcocok")
    assert body == {"items": [], "count": 0}


@pytest.mark.django_db
def test_pagination(api_client, market):
    first = get(api_client, "/products", page_size=3)
    assert first["count"] == 4 and len(first["items"]) == 3
    second = get(api_client, "/products", page_size=3, page=2)
    assert second["count"] == 4
    assert ids(first) + ids(second) == ids(get(api_client, "/products"))
    assert get(api_client, "/products", page=9)["items"] == []
    too_big = api_client.get(f"{API}/products", {"page_size": 1000})
    assert too_big.status_code == 422 and list(too_big.json()["fields"]) == ["page_size"]
    past_the_database = api_client.get(f"{API}/products", {"page": 10**22})
    assert past_the_database.status_code == 422
    assert_error(get(api_client, "/products", status=422, page=0), "invalid", ["page"])
    assert_error(get(api_client, "/products", status=422, page_size=0), "invalid", ["page_size"])
    for path in ("/shops", "/categories", "/producers", "/pages"):
        body = get(api_client, path, page_size=1)
        assert len(body["items"]) == 1 and body["count"] > 1, path


@pytest.mark.django_db
def test_a_count_stops_at_the_cap_and_the_pages_go_on(api_client, market, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    first = get(api_client, "/products", page_size=2)
    assert first["count"] == 3, "4 products: the count says 3 or more"
    rest = get(api_client, "/products", page_size=2, page=2)
    assert len(ids(first) + ids(rest)) == 4
    assert get(api_client, "/products", shop=market["other"].pk)["count"] < 3


@pytest.mark.django_db
def test_one_product(api_client, market):
    body = get(api_client, f"/products/{market['kopi'].pk}")
    assert body["title"] == "Kopi Malabar" and body["price"] == 30000
    assert body["url"].startswith("http://pangalengan.localhost/")
    assert body["shop_id"] == market["other"].pk


@pytest.mark.django_db
def test_hidden_deleted_and_unknown_products_are_404(api_client, market):
    for name in ("hidden", "deleted", "departed"):
        body = get(api_client, f"/products/{market[name].pk}", status=404)
        assert_error(body, "not_found", [])
    assert_error(get(api_client, "/products/999999", status=404), "not_found")
    assert_error(get(api_client, "/products/abc", status=422), "invalid")


# --- producers --------------------------------------------------------------------


@pytest.mark.django_db
def test_producers_are_the_active_ones_with_their_product_counts(api_client, market):
    body = get(api_client, "/producers")
    assert [item["code"] for item in body["items"]] == ["bu-siti", "bu-dewi", "bu-ani"]
    siti = body["items"][0]
    assert siti == {
        "code": "bu-siti",
        "name": "Keripik Bu Siti",
        "shop_id": market["ibun"].pk,
        "village": "Laksana",
        "district": "Ibun",
        "regency": "Kabupaten Bandung",
        "group": "KWT Mekar",
        "story": "Keripik singkong\n\nsejak 2015.",
        "photo": None,
        "url": "http://ibun.localhost/produsen/bu-siti/",
        "product_count": 2,  # not the hidden nor the deleted one
        "holiday": None,
    }
    assert "contacts" not in siti, "as in the directory: contacts are on the profile"
    text = str(body)
    assert "0812" not in text and "62812" not in text and "@contoh.test" not in text


@pytest.mark.django_db
def test_producers_of_one_shop(api_client, market):
    body = get(api_client, "/producers", shop=market["other"].pk)
    assert [item["code"] for item in body["items"]] == ["bu-dewi"]


@pytest.mark.django_db
def test_one_producer_shows_only_her_public_contacts(api_client, market):
    siti = get(api_client, "/producers/bu-siti")
    assert siti["contacts"] == [
        {"kind": "whatsapp", "label": "WhatsApp", "url": "https://wa.me/6281234567890"}
    ], "Instagram is not public"
    ani = get(api_client, "/producers/bu-ani")
    assert ani["contacts"] == [] and "81299999999" not in str(ani)
    assert_error(get(api_client, "/producers/pergi", status=404), "not_found")
    assert_error(get(api_client, "/producers/nobody", status=404), "not_found")


@pytest.mark.django_db
def test_a_producer_on_holiday_says_so(api_client, market):
    until = timezone.localdate() + datetime.timedelta(days=3)
    market["ani"].on_holiday, market["ani"].holiday_until = True, until
    market["ani"].save()
    ani = get(api_client, "/producers/bu-ani")
    assert ani["holiday"]["until"] == until.isoformat()
    assert ani["holiday"]["message"].startswith("Produsen sedang libur")


@pytest.mark.django_db
def test_a_producer_photo_is_an_absolute_url(api_client, market):
    market["siti"].photo.name = "producers/siti.jpg"
    market["siti"].save()
    siti = get(api_client, "/producers/bu-siti")
    assert siti["photo"].startswith("http://ibun.localhost/")
    assert siti["photo"].endswith("producers/siti.jpg")


# --- pages ------------------------------------------------------------------------


@pytest.fixture
def pages(market):
    ibun, other = market["ibun"], market["other"]
    home = ibun.root_page.specific
    story = home.add_child(
        instance=StoryPage(
            title="Benang dari kebun",
            slug="benang",
            intro="Cerita rajutan.",
            producer=market["ani"],
            seo_title="Cerita rajut Ibun",
            search_description="Bu Ani merajut.",
            body=[
                ("rich_text", RichText("<p>Bu Ani merajut setiap sore.</p>")),
                ("product", {"product": market["tas"]}),
            ],
        )
    )
    about = home.add_child(
        instance=ContentPage(
            title="Tentang kami",
            slug="tentang-kami",
            intro="<p>Toko <b>bersama</b> ibu-ibu.</p>",
            body=[
                (
                    "call_to_action",
                    {
                        "heading": "Tanya kami",
                        "text": "",
                        "kind": "whatsapp",
                        "button_text": "",
                        "link": "",
                    },
                )
            ],
        )
    )
    story.save_revision().publish()
    draft = home.add_child(instance=StoryPage(title="Belum terbit", slug="draf", live=False))
    secret = home.add_child(instance=ContentPage(title="Rahasia", slug="rahasia"))
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    elsewhere = other.root_page.specific.add_child(
        instance=StoryPage(title="Kopi Malabar", slug="kopi")
    )
    return {
        "home": home,
        "story": story,
        "about": about,
        "draft": draft,
        "secret": secret,
        "elsewhere": elsewhere,
    }


@pytest.mark.django_db
def test_pages_list_the_live_public_pages(api_client, pages, market):
    body = get(api_client, "/pages")
    listed = set(ids(body))
    wanted = {pages[name].pk for name in ("home", "story", "about", "elsewhere")}
    assert wanted <= listed
    assert pages["draft"].pk not in listed and pages["secret"].pk not in listed
    story = next(item for item in body["items"] if item["id"] == pages["story"].pk)
    assert story["type"] == "story"
    assert story["url"] == "http://ibun.localhost/benang/"
    assert story["shop_id"] == market["ibun"].pk
    assert story["seo_title"] == "Cerita rajut Ibun"
    assert story["search_description"] == "Bu Ani merajut."
    assert story["intro"] == "Cerita rajutan."
    assert story["first_published_at"]


@pytest.mark.django_db
def test_pages_by_shop_and_type(api_client, pages, market):
    ibun = set(ids(get(api_client, "/pages", shop=market["ibun"].pk)))
    assert pages["elsewhere"].pk not in ibun and pages["home"].pk in ibun
    stories = get(api_client, "/pages", type="story")
    assert {item["type"] for item in stories["items"]} == {"story"}
    assert set(ids(stories)) == {pages["story"].pk, pages["elsewhere"].pk}
    content = get(api_client, "/pages", type="content", shop=market["ibun"].pk)
    assert ids(content) == [pages["about"].pk]
    homes = get(api_client, "/pages", type="shop_home")
    assert set(ids(homes)) == {market["ibun"].root_page_id, market["other"].root_page_id}
    assert_error(get(api_client, "/pages", status=422, type="blog"), "invalid", ["type"])


@pytest.mark.django_db
def test_one_page_has_its_body_as_html(api_client, pages, market):
    story = get(api_client, f"/pages/{pages['story'].pk}")
    assert story["type"] == "story" and story["producer_code"] == "bu-ani"
    assert "Bu Ani merajut setiap sore." in story["body_html"]
    assert "Tas Rajut Biru" in story["body_html"], "the embedded product"
    assert story["intro"] == "Cerita rajutan." and story["intro_html"] == ""
    assert story["image"] is None

    about = get(api_client, f"/pages/{pages['about'].pk}")
    assert about["intro"] == "Toko bersama ibu-ibu."
    assert about["intro_html"] == "<p>Toko <b>bersama</b> ibu-ibu.</p>"
    assert "Tanya kami" in about["body_html"]
    assert "https://wa.me/6281200000002" in about["body_html"], "the shop's own WhatsApp"


@pytest.mark.django_db
def test_a_page_of_another_shop_renders_with_that_shop(api_client, pages, market):
    """Asked on Ibun's host, Pangalengan's home still shows Pangalengan's
    newest products, not Ibun's."""
    home = get(api_client, f"/pages/{market['other'].root_page_id}")
    assert home["type"] == "shop_home" and home["url"] == "http://pangalengan.localhost/"
    assert "Kopi Malabar" in home["body_html"]
    assert "Keripik Singkong Pedas" not in home["body_html"]


@pytest.mark.django_db
def test_drafts_restricted_and_unknown_pages_are_404(api_client, pages, portal):
    for page in (pages["draft"], pages["secret"], portal.root_page):
        assert_error(get(api_client, f"/pages/{page.pk}", status=404), "not_found")
    assert_error(get(api_client, "/pages/999999", status=404), "not_found")


# --- the schema ---------------------------------------------------------------------


@pytest.mark.django_db
def test_every_public_operation_is_described(api_client):
    schema = api_client.get(f"{API}/openapi.json").json()
    public = {
        (path, method): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if {"public", "pages"} & set(operation.get("tags", []))
    }
    assert {path for path, _method in public} == {
        "/api/v1/shops",
        "/api/v1/shops/{shop_id}",
        "/api/v1/categories",
        "/api/v1/products",
        "/api/v1/products/{product_id}",
        "/api/v1/producers",
        "/api/v1/producers/{code}",
        "/api/v1/pages",
        "/api/v1/pages/{page_id}",
    }
    for (path, method), operation in public.items():
        assert method == "get", path
        assert operation.get("description"), path
        assert {"200", "404", "422"} <= set(operation["responses"]), path
        # Anyone may call it: the empty requirement is among its securities.
        assert {} in operation["security"], f"{path} is public"


def test_rupiah_prices_are_whole_numbers():
    from api.schemas import rupiah

    assert rupiah(Decimal("15000.00")) == 15000
