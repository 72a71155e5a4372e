"""Search engines and link previews: canonical URLs, Open Graph, JSON-LD,
hreflang and ?lang=, sitemap.xml and robots.txt of each village shop."""

import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from storefront import seo, sitemaps
from storefront.models import StoryPage
from tests import factories
from tests.test_query_counts import queries_for

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

HOST = "http://ibun.localhost"
STORY = "/cerita-keripik/"  # the story fixture's path
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Head(HTMLParser):
    """The <head> facts a crawler reads: meta tags, links, JSON-LD, lang."""

    def __init__(self, html):
        super().__init__()
        self.meta = {}  # property or name -> [content, ...]
        self.links = []  # (rel, hreflang, href)
        self.json_ld = []
        self.lang = None
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append((attrs.get("rel"), attrs.get("hreflang"), attrs.get("href")))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def one(self, key):
        values = self.meta.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]

    @property
    def canonical(self):
        (href,) = [href for rel, _lang, href in self.links if rel == "canonical"]
        return href

    @property
    def hreflangs(self):
        return {lang: href for rel, lang, href in self.links if rel == "alternate" and lang}

    def nodes(self, schema_type):
        (block,) = self.json_ld
        graph = json.loads(block)["@graph"]
        return [node for node in graph if node["@type"] == schema_type]

    def node(self, schema_type):
        (node,) = self.nodes(schema_type)
        return node

    def breadcrumbs(self):
        items = self.node("BreadcrumbList")["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(items) + 1))
        return [(item["name"], item["item"]) for item in items]


def head(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content.decode()[:2000]
    return Head(response.content.decode())


def save_photo(name, size=(1200, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG")
    return default_storage.save(name, ContentFile(buffer.getvalue()))


@pytest.fixture
def producer(ibun):
    return factories.ProducerFactory(
        site=ibun, name="Keripik Ceu Uji", story="Resep nenek sejak 2015."
    )


@pytest.fixture
def product(producer):
    product = factories.ProductFactory(
        title="Keripik Singkong Pedas",
        producer=producer,
        stock=5,
        stock__price=25000,
    )
    product.description = "<p>Renyah &amp; <b>pedas</b>,\n tanpa pengawet.</p>"
    product.save()
    name = save_photo(f"products/2026/12/seo-{product.pk}.jpg")
    ProductImage.objects.create(product=product, original=name, caption="", display_order=0)
    return product


@pytest.fixture
def other_product(other_shop):
    producer = factories.ProducerFactory(site=other_shop, name="Kopi Ibu Lain")
    return factories.ProductFactory(title="Kopi Pangalengan", producer=producer)


@pytest.fixture
def story(ibun):
    story = ibun.root_page.add_child(
        instance=StoryPage(
            title="Cerita Keripik",
            slug="cerita-keripik",
            intro="Bagaimana keripik dibuat di Lampegan.",
        )
    )
    story.save_revision().publish()
    return story


# --- Open Graph, canonical, hreflang ------------------------------------------


@pytest.mark.django_db
def test_product_page_previews_with_photo_name_and_price(ibun_client, product):
    page = head(ibun_client, product.get_absolute_url())
    url = HOST + product.get_absolute_url()

    assert page.one("og:type") == "product"
    assert page.one("og:title") == "Keripik Singkong Pedas"
    assert page.one("og:site_name") == "Ibun Store"
    assert page.one("og:url") == url
    assert page.one("og:locale") == "id_ID"
    assert page.one("og:locale:alternate") == "en_US"
    assert page.one("product:price:amount") == "25000"
    assert page.one("product:price:currency") == "IDR"
    # WhatsApp shows no price tag: the price leads the description.
    assert page.one("og:description") == "Rp\u00a025.000 · Renyah & pedas, tanpa pengawet."
    # The theme's description block (it leaves "&amp;" in), read as plain text.
    assert page.one("description") == "Renyah & pedas, tanpa pengawet."
    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("twitter:title") == "Keripik Singkong Pedas"

    image = page.one("og:image")
    photo = product.primary_image().original.name
    assert image == f"{HOST}/r/960/jpeg/{photo}"
    assert page.one("og:image:type") == "image/jpeg"
    assert (page.one("og:image:width"), page.one("og:image:height")) == ("960", "720")
    assert page.one("og:image:alt") == "Keripik Singkong Pedas"
    assert page.one("twitter:image") == image

    # The address serves a JPEG of the size the page announced.
    rendition = ibun_client.get(urlsplit(image).path)
    assert rendition.status_code == 302
    stored = rendition["Location"].removeprefix("/media/")
    with default_storage.open(stored) as file, Image.open(file) as img:
        assert (img.format, img.size) == ("JPEG", (960, 720))


@pytest.mark.django_db
def test_a_photo_smaller_than_the_preview_width_keeps_its_own_size(ibun_client, product):
    name = save_photo(f"products/2026/12/small-{product.pk}.jpg", size=(600, 800))
    product.images.update(original=name)
    page = head(ibun_client, product.get_absolute_url())
    assert (page.one("og:image:width"), page.one("og:image:height")) == ("600", "800")


@pytest.mark.django_db
def test_a_product_without_photo_has_no_image_and_a_small_card(ibun_client, producer):
    product = factories.ProductFactory(producer=producer)
    page = head(ibun_client, product.get_absolute_url())
    assert "og:image" not in page.meta
    assert page.one("twitter:card") == "summary"
    assert "image" not in page.node("Product")


@pytest.mark.django_db
def test_canonical_url_drops_tracking_and_search_parameters(ibun_client, product):
    url = product.get_absolute_url()
    page = head(ibun_client, f"{url}?utm_source=whatsapp&fbclid=abc123&ref=grup")
    assert page.canonical == HOST + url
    assert page.one("og:url") == HOST + url

    listing = head(ibun_client, "/catalogue/?utm_medium=social&q=keripik")
    assert listing.canonical == HOST + "/catalogue/"


@pytest.mark.django_db
def test_canonical_url_keeps_the_page_number(ibun_client, producer):
    for _ in range(25):  # 24 a page
        factories.ProductFactory(producer=producer)
    assert head(ibun_client, "/catalogue/?page=2&utm_source=fb").canonical == (
        HOST + "/catalogue/?page=2"
    )
    assert head(ibun_client, "/catalogue/?page=1").canonical == HOST + "/catalogue/"
    # A page past the end shows the last page, which is its canonical.
    assert head(ibun_client, "/catalogue/?page=9").canonical == HOST + "/catalogue/?page=2"


@pytest.mark.django_db
def test_every_page_links_its_language_versions(ibun_client, product, story):
    for url in (product.get_absolute_url(), "/", "/catalogue/", STORY, "/basket/"):
        page = head(ibun_client, url)
        plain = HOST + url
        assert page.hreflangs == {
            "id": f"{plain}?lang=id",
            "en": f"{plain}?lang=en",
            "x-default": plain,
        }, url
        assert page.canonical == plain, url


@pytest.mark.django_db
def test_hreflang_links_keep_the_page_number(ibun_client, producer):
    for _ in range(25):
        factories.ProductFactory(producer=producer)
    page = head(ibun_client, "/catalogue/?page=2")
    assert page.hreflangs["en"] == HOST + "/catalogue/?page=2&lang=en"
    assert page.hreflangs["x-default"] == HOST + "/catalogue/?page=2"


@pytest.mark.django_db
def test_the_other_shop_gets_its_own_hostname(client, other_product):
    page = head(client, other_product.get_absolute_url(), HTTP_HOST="pangalengan.localhost")
    assert page.canonical == "http://pangalengan.localhost" + other_product.get_absolute_url()
    assert page.one("og:site_name") == "Toko Pangalengan"
    assert page.node("Organization")["url"] == "http://pangalengan.localhost/"


# --- ?lang= ---------------------------------------------------------------------


@pytest.mark.django_db
def test_lang_parameter_renders_english_for_that_request(ibun_client, product):
    url = product.get_absolute_url()
    response = ibun_client.get(f"{url}?lang=en")
    html = response.content.decode()
    page = Head(html)
    assert response["Content-Language"] == "en"
    assert page.lang == "en"
    assert "Search products" in html and "Cari produk" not in html
    assert page.one("og:locale") == "en_US"
    # Each language version names itself canonical.
    assert page.canonical == f"{HOST}{url}?lang=en"
    assert page.hreflangs["x-default"] == HOST + url
    # The Product's own address stays the plain one.
    assert page.node("Product")["url"] == HOST + url

    # Nothing was remembered: the next page is in the shop's language again.
    follow = ibun_client.get(url)
    assert follow["Content-Language"] == "id"
    assert settings_cookie(follow) is None


def settings_cookie(response):
    from django.conf import settings

    return response.cookies.get(settings.LANGUAGE_COOKIE_NAME)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["xx", "", "EN", "en-us", "<b>"])
def test_an_unknown_lang_parameter_is_ignored(ibun_client, product, value):
    url = product.get_absolute_url()
    response = ibun_client.get(url, {"lang": value})
    page = Head(response.content.decode())
    assert response["Content-Language"] == "id"
    assert page.lang == "id"
    assert "Cari produk" in response.content.decode()
    assert page.canonical == HOST + url


@pytest.mark.django_db
def test_lang_parameter_beats_the_cookie_for_one_request_and_keeps_it(ibun_client, product):
    ibun_client.post("/i18n/setlang/", {"language": "en", "next": "/catalogue/"})
    assert ibun_client.get("/catalogue/")["Content-Language"] == "en"

    assert ibun_client.get("/catalogue/?lang=id")["Content-Language"] == "id"
    assert ibun_client.get("/catalogue/")["Content-Language"] == "en"


@pytest.mark.django_db
def test_the_language_switcher_leaves_the_lang_parameter_behind(ibun_client, product):
    """The switcher returns to the page it is on; a ?lang= there would
    otherwise overrule the language just chosen."""
    response = ibun_client.post(
        "/i18n/setlang/", {"language": "id", "next": "/catalogue/?page=2&lang=en"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/catalogue/?page=2"
    assert ibun_client.get(response["Location"])["Content-Language"] == "id"


# --- JSON-LD --------------------------------------------------------------------


@pytest.mark.django_db
def test_product_json_ld(ibun_client, product):
    page = head(ibun_client, product.get_absolute_url())
    url = HOST + product.get_absolute_url()
    data = page.node("Product")
    stockrecord = product.stockrecords.get()
    producer = {
        "@type": "Organization",
        "name": "Keripik Ceu Uji",
        "url": HOST + product.producer.get_absolute_url(),
    }

    assert data["name"] == "Keripik Singkong Pedas"
    assert data["description"] == "Renyah & pedas, tanpa pengawet."
    assert data["url"] == url
    assert data["sku"] == stockrecord.partner_sku
    assert data["image"] == [page.one("og:image")]
    assert data["brand"] == producer
    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == "25000"
    assert Decimal(offer["price"]) == stockrecord.price
    assert offer["priceCurrency"] == "IDR"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["url"] == url
    assert offer["seller"] == producer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "availability"),
    [
        ({"stock": 4}, "InStock"),
        ({"stock": 0}, "OutOfStock"),
        ({"fulfilment": Product.Fulfilment.MADE_TO_ORDER, "lead_time_days": 3}, "PreOrder"),
        (
            {
                "fulfilment": Product.Fulfilment.MADE_TO_ORDER,
                "lead_time_days": 3,
                "weekly_capacity": 0,
            },
            "OutOfStock",
        ),
    ],
    ids=["in-stock", "sold-out", "made-to-order", "made-to-order-fully-booked"],
)
def test_offer_availability_follows_the_strategy(ibun_client, producer, setup, availability):
    product = factories.ProductFactory(producer=producer, **setup)
    offer = head(ibun_client, product.get_absolute_url()).node("Product")["offers"]
    assert offer["availability"] == f"https://schema.org/{availability}"


@pytest.mark.django_db
def test_a_producer_on_holiday_sells_nothing(ibun_client, producer, product):
    producer.on_holiday = True
    producer.save()
    offer = head(ibun_client, product.get_absolute_url()).node("Product")["offers"]
    assert offer["availability"] == "https://schema.org/OutOfStock"


@pytest.mark.django_db
def test_product_breadcrumbs_go_through_products_or_the_first_category(ibun_client, product):
    url = HOST + product.get_absolute_url()
    assert head(ibun_client, product.get_absolute_url()).breadcrumbs() == [
        ("Beranda", HOST + "/"),
        ("Produk", HOST + "/catalogue/"),
        ("Keripik Singkong Pedas", url),
    ]

    food = Category.add_root(name="Makanan", slug="makanan", is_public=True)
    snacks = food.add_child(name="Camilan", slug="camilan", is_public=True)
    ProductCategory.objects.create(product=product, category=snacks)
    assert head(ibun_client, product.get_absolute_url()).breadcrumbs() == [
        ("Beranda", HOST + "/"),
        ("Camilan", HOST + snacks.get_absolute_url()),
        ("Keripik Singkong Pedas", url),
    ]
    # English names for an English page.
    page = head(ibun_client, product.get_absolute_url() + "?lang=en")
    assert page.breadcrumbs()[0] == ("Home", HOST + "/")


@pytest.mark.django_db
def test_category_and_producer_breadcrumbs(ibun_client, product):
    food = Category.add_root(name="Makanan", slug="makanan", is_public=True)
    snacks = food.add_child(name="Camilan", slug="camilan", is_public=True)
    ProductCategory.objects.create(product=product, category=snacks)

    category_page = head(ibun_client, snacks.get_absolute_url())
    assert category_page.breadcrumbs() == [
        ("Beranda", HOST + "/"),
        ("Produk", HOST + "/catalogue/"),
        ("Makanan", HOST + food.get_absolute_url()),
        ("Camilan", HOST + snacks.get_absolute_url()),
    ]
    assert category_page.one("og:title") == "Camilan"

    producer = product.producer
    producer_page = head(ibun_client, producer.get_absolute_url())
    assert producer_page.breadcrumbs() == [
        ("Beranda", HOST + "/"),
        ("Produsen", HOST + reverse("vendors:producer-list")),
        ("Keripik Ceu Uji", HOST + producer.get_absolute_url()),
    ]
    assert producer_page.one("og:title") == "Keripik Ceu Uji"
    # The theme's description block (the producer's story) still decides.
    assert producer_page.one("description") == "Resep nenek sejak 2015."


@pytest.mark.django_db
def test_every_page_names_the_village_shop(ibun_client, product, story):
    for url in ("/", "/catalogue/", "/basket/", product.get_absolute_url(), STORY):
        page = head(ibun_client, url)
        assert page.node("Organization") == {
            "@type": "Organization",
            "@id": HOST + "/#shop",
            "name": "Ibun Store",
            "url": HOST + "/",
        }, url


@pytest.mark.django_db
def test_pages_without_breadcrumbs_have_no_breadcrumb_list(ibun_client, product):
    for url in ("/", "/catalogue/", "/basket/"):
        assert head(ibun_client, url).nodes("BreadcrumbList") == [], url


@pytest.mark.django_db
def test_a_product_name_cannot_end_the_json_ld_script(ibun_client, producer):
    evil = 'Keripik </script><script>alert("x")</script> & <!-- "pedas"'
    product = factories.ProductFactory(producer=producer, title=evil)
    html = ibun_client.get(product.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    page = Head(html)
    (block,) = page.json_ld
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003c/script\\u003e" in block
    assert page.node("Product")["name"] == evil
    assert page.one("og:title") == evil  # escaped in the attribute, read back whole


def test_json_ld_escapes_what_could_close_the_script():
    text = seo.json_ld({"name": "</script><!--&"})
    assert str(text) == '{"name":"\\u003c/script\\u003e\\u003c!--\\u0026"}'
    assert json.loads(text) == {"name": "</script><!--&"}


@pytest.mark.django_db
def test_a_themes_description_block_still_decides_the_description(ibun_client, product):
    """base.html has no description block of its own any more: seo/head.html
    reads the page's override (and its {{ block.super }} renders nothing)."""
    from django.template import engines

    request = ibun_client.get(product.get_absolute_url()).wsgi_request
    template = engines["django"].from_string(
        '{% extends "base.html" %}'
        "{% block description %}{{ block.super }}Dari tema: {{ product.get_title }} "
        "&amp; teman{% endblock %}"
    )
    page = Head(template.render({"product": product}, request))
    assert page.one("description") == "Dari tema: Keripik Singkong Pedas & teman"
    assert (
        page.one("og:description") == "Rp\u00a025.000 · Dari tema: Keripik Singkong Pedas & teman"
    )

    plain = engines["django"].from_string('{% extends "base.html" %}')
    assert Head(plain.render({"product": product}, request)).one("description") == (
        "Renyah & pedas, tanpa pengawet."
    )


# --- Wagtail pages ---------------------------------------------------------------


@pytest.mark.django_db
def test_story_uses_its_seo_title_and_search_description(ibun_client, story):
    story.seo_title = "Keripik Lampegan: dari kebun ke toples"
    story.search_description = "Cerita Ceu Enok membuat keripik."
    story.save_revision().publish()

    page = head(ibun_client, STORY)
    assert page.one("og:title") == "Keripik Lampegan: dari kebun ke toples"
    assert page.one("description") == "Cerita Ceu Enok membuat keripik."
    assert page.one("og:description") == "Cerita Ceu Enok membuat keripik."
    assert page.one("og:type") == "website"
    assert page.breadcrumbs() == [("Beranda", HOST + "/"), ("Cerita Keripik", HOST + STORY)]


def wagtail_image(title, size=(1600, 1200)):
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    Image.new("RGB", size, (160, 80, 30)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg")
    )


@pytest.mark.django_db
def test_story_previews_with_its_image(ibun_client, story):
    story.image = wagtail_image("Kebun singkong")
    story.save_revision().publish()

    page = head(ibun_client, STORY)
    image = page.one("og:image")
    assert image.startswith(HOST + "/") and image.endswith(".jpg")
    assert (page.one("og:image:width"), page.one("og:image:height")) == ("800", "600")
    assert page.one("og:image:alt") == "Kebun singkong"
    assert page.one("twitter:card") == "summary_large_image"
    assert ibun_client.get(urlsplit(image).path).status_code == 200


@pytest.mark.django_db
def test_an_image_whose_file_is_gone_gives_no_preview_photo(ibun_client, story):
    story.image = wagtail_image("Hilang")
    story.save_revision().publish()
    default_storage.delete(story.image.file.name)

    page = head(ibun_client, STORY)
    assert "og:image" not in page.meta


@pytest.mark.django_db
def test_story_falls_back_to_its_title_and_intro(ibun_client, story):
    page = head(ibun_client, STORY)
    assert page.one("og:title") == "Cerita Keripik"
    assert page.one("description") == "Bagaimana keripik dibuat di Lampegan."


@pytest.mark.django_db
def test_home_page_falls_back_to_the_shop_tagline(ibun_client, ibun):
    from storefront.models import ShopSettings

    ShopSettings.objects.filter(site=ibun).update(tagline="Produk rumahan dari Ibun")
    page = head(ibun_client, "/")
    assert page.one("og:title") == "Ibun Store"
    assert page.one("description") == "Produk rumahan dari Ibun"
    assert page.one("og:description") == "Produk rumahan dari Ibun"


@pytest.mark.django_db
def test_producer_directory_uses_its_cms_page_and_keeps_the_page_number(client, ibun):
    from storefront.models import ProducerDirectoryPage

    directory = ibun.root_page.add_child(
        instance=ProducerDirectoryPage(
            title="Para Pembuat", slug="para-pembuat", intro="<p>Kenali ibu-ibu Ibun.</p>"
        )
    )
    directory.save_revision().publish()
    for _ in range(25):  # 24 a page
        factories.ProducerFactory(site=ibun)

    page = head(client, "/produsen/?page=2&utm_source=wa", HTTP_HOST="ibun.localhost")
    assert page.one("og:title") == "Para Pembuat"
    assert page.one("description") == "Kenali ibu-ibu Ibun."
    assert page.canonical == HOST + "/produsen/?page=2"
    assert page.breadcrumbs() == [("Beranda", HOST + "/"), ("Para Pembuat", HOST + "/produsen/")]
    # In the sitemap at the address it is shown at.
    assert HOST + "/produsen/" in sitemap_locations(client)


# --- sitemap.xml and robots.txt ---------------------------------------------------


def sitemap_locations(client, url="/sitemap.xml", host="ibun.localhost"):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    entries = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }
    return entries


@pytest.mark.django_db
def test_sitemap_lists_the_shops_pages_products_and_producers_only(
    client, ibun, product, other_product, story
):
    producer = product.producer
    hidden = factories.ProductFactory(producer=producer, is_public=False)
    draft = ibun.root_page.add_child(instance=StoryPage(title="Draf", slug="draf", live=False))

    entries = sitemap_locations(client)

    assert set(entries) == {
        HOST + "/",
        HOST + STORY,
        HOST + product.get_absolute_url(),
        HOST + producer.get_absolute_url(),
    }
    assert HOST + other_product.get_absolute_url() not in entries
    assert HOST + hidden.get_absolute_url() not in entries
    assert not any(draft.slug in url for url in entries)
    updated = timezone.localtime(product.date_updated)  # the shop's day (Asia/Jakarta)
    assert entries[HOST + product.get_absolute_url()] == f"{updated:%Y-%m-%d}"
    published = timezone.localtime(StoryPage.objects.get(pk=story.pk).last_published_at)
    assert entries[HOST + STORY] == f"{published:%Y-%m-%d}"
    assert entries[HOST + producer.get_absolute_url()]  # her newest product's

    other = sitemap_locations(client, host="pangalengan.localhost")
    assert "http://pangalengan.localhost" + other_product.get_absolute_url() in other
    assert not any("Keripik" in url or product.get_absolute_url() in url for url in other)


@pytest.mark.django_db
def test_a_large_sitemap_becomes_an_index_of_pages(client, ibun, product, story, monkeypatch):
    for _ in range(4):
        factories.ProductFactory(producer=product.producer)
    everything = sitemap_locations(client)
    monkeypatch.setattr(sitemaps.ShopSitemap, "limit", 2)

    response = client.get("/sitemap.xml", HTTP_HOST="ibun.localhost")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    parts = [node.findtext(f"{SITEMAP}loc") for node in root.iter(f"{SITEMAP}sitemap")]
    assert parts == [
        f"{HOST}/sitemap-pages.xml",
        f"{HOST}/sitemap-products.xml",
        f"{HOST}/sitemap-products.xml?p=2",
        f"{HOST}/sitemap-products.xml?p=3",
        f"{HOST}/sitemap-producers.xml",
    ]
    found = {}
    for part in parts:
        found.update(sitemap_locations(client, part.removeprefix(HOST)))
    assert found == everything
    assert client.get("/sitemap-products.xml?p=4", HTTP_HOST="ibun.localhost").status_code == 404


@pytest.mark.django_db
def test_robots_txt(client, ibun, other_shop):
    response = client.get("/robots.txt", HTTP_HOST="ibun.localhost")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow")}
    assert {
        "/basket/",
        "/checkout/",
        "/dashboard/",
        "/cms/",
        "/django-admin/",
        "/jual/",
        "/bayar/",
        "/accounts/",
    } <= disallowed
    assert "Sitemap: http://ibun.localhost/sitemap.xml" in lines
    # The paths are the project's own.
    for name in ("basket:summary", "checkout:index", "dashboard:index", "admin:index"):
        assert any(reverse(name).startswith(path) for path in disallowed), name
    other = client.get("/robots.txt", HTTP_HOST="pangalengan.localhost").content.decode()
    assert "Sitemap: http://pangalengan.localhost/sitemap.xml" in other


# --- query counts -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_for",
    [
        lambda product: product.get_absolute_url(),
        lambda product: product.get_absolute_url() + "?lang=en",
        lambda product: "/catalogue/",
        lambda product: "/catalogue/?page=2",
        lambda product: product.categories.first().get_absolute_url(),
        lambda product: "/",
        lambda product: product.producer.get_absolute_url(),
        lambda product: "/sitemap.xml",
    ],
    ids=["product", "product-en", "catalogue", "page-2", "category", "home", "producer", "sitemap"],
)
def test_seo_adds_no_query_per_product(ibun_client, producer, url_for):
    category = Category.add_root(name="Makanan", slug="makanan", is_public=True)

    def add(count, start):
        products = []
        for index in range(start, start + count):
            made_to_order = index % 2 == 0
            product = factories.ProductFactory(
                producer=producer,
                fulfilment=Product.Fulfilment.MADE_TO_ORDER if made_to_order else "stock",
                lead_time_days=2 if made_to_order else 0,
                weekly_capacity=5 if made_to_order else None,
            )
            ProductCategory.objects.create(product=product, category=category)
            ProductImage.objects.create(product=product, original=f"products/seo-{index}.jpg")
            products.append(product)
        return products

    first = add(30, 0)[0]
    small = queries_for(ibun_client, url_for(first))
    add(60, 30)
    large = queries_for(ibun_client, url_for(first))
    assert large == small
