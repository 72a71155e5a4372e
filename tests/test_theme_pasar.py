"""The pasar theme ("Pasar Pagi") renders every shopper page of a village
shop that chooses it, without JS, with the key content and forms, while the
other village shops keep the desa theme."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.template import loader
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from storefront.models import ContentPage, ShopSettings, StoryPage
from tests import factories
from tests.shopping import ADDRESS, add_to_basket, checkout_as_guest
from themes import active, registry

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Order = get_model("order", "Order")

# Structured data for search engines (storefront.seo) is not a script that runs.
JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>')
PASAR_CSS = "pasar/pasar.css"
DESA_CSS = "desa/site.css"
STYLESHEET = Path(registry.THEMES_DIR) / "pasar" / "static" / PASAR_CSS


class Markup(HTMLParser):
    """What the checks below read from a page: headings, landmarks, images
    and whether every form control has a label."""

    CONTROLS = ("input", "select", "textarea")
    UNLABELLED_TYPES = ("hidden", "submit", "button", "reset", "image")

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.images = []
        self.controls = []  # (attrs, inside a <label>)
        self.label_for = set()
        self._labels = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "label":
            self._labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag == "img":
            self.images.append(attrs)
        elif tag in self.CONTROLS:
            if (attrs.get("type") or "").lower() not in self.UNLABELLED_TYPES:
                self.controls.append((attrs, self._labels > 0))

    def handle_endtag(self, tag):
        if tag == "label" and self._labels:
            self._labels -= 1

    def unlabelled(self):
        return [
            attrs
            for attrs, wrapped in self.controls
            if not wrapped and attrs.get("id") not in self.label_for and not attrs.get("aria-label")
        ]


def page(client, url, status=200):
    """The page at ``url`` rendered with the pasar theme, checked for what
    every shopper page must have; returns its HTML."""
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:3000]
    html = response.content.decode()
    assert PASAR_CSS in html
    assert DESA_CSS not in html
    assert "<script" not in JSON_LD.sub("", html), "shopper pages run no JavaScript"
    markup = Markup(html)
    assert markup.tags.count("h1") == 1, "one h1 per page"
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in markup.tags, landmark
    assert 'class="masthead"' in html and 'class="foot"' in html
    for image in markup.images:
        assert image.get("alt") is not None, image
        assert image.get("width") and image.get("height"), image
    assert markup.unlabelled() == [], "every form control has a label"
    return html


def save_photo(name, size=(900, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG")
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def wagtail_image(title):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (160, 80, 30)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg")
    )


@pytest.fixture
def pasar(ibun):
    """Ibun Store in the pasar theme."""
    ShopSettings.objects.filter(site=ibun).update(theme="pasar", whatsapp="081200000777")
    return ibun


@pytest.fixture
def producer(pasar):
    producer = factories.ProducerFactory(
        site=pasar,
        name="Keripik Ceu Uji",
        story="Keripik sejak 2015.\n\nResep nenek.",
        whatsapp="0812000111",
        whatsapp_public=True,
    )
    producer.photo = save_photo("producers/ceu-uji.jpg", size=(320, 320))
    producer.save()
    return producer


@pytest.fixture
def product(producer):
    product = factories.ProductFactory(
        title="Keripik Singkong Pedas", producer=producer, stock=5, stock__price=25000
    )
    product.description = "<p>Renyah dan pedas, tanpa pengawet.</p>"
    product.save()
    name = save_photo(f"products/2026/12/pasar-{product.pk}.jpg")
    ProductImage.objects.create(product=product, original=name, caption="", display_order=0)
    return product


@pytest.fixture
def category(product):
    category = Category.add_root(name="Makanan Ringan", slug="makanan-ringan", is_public=True)
    ProductCategory.objects.create(product=product, category=category)
    return category


@pytest.fixture
def story(pasar, product):
    return pasar.root_page.add_child(
        instance=StoryPage(
            title="Cerita Keripik",
            slug="cerita-keripik",
            intro="Bagaimana keripik dibuat di Lampegan.",
            image=wagtail_image("Dapur Keripik"),
            producer=product.producer,
            body=[
                ("rich_text", RichText("<p>Singkong dari kebun sendiri.</p>")),
                ("product", {"product": product}),
                ("producer", {"producer": product.producer}),
            ],
        )
    )


@pytest.fixture
def home(pasar, product, story):
    """Ibun Store's home built from every kind of home block."""
    page = pasar.root_page.specific
    page.body = [
        (
            "hero",
            {
                "heading": "Pasar pagi Ibun",
                "text": "Buatan ibu-ibu desa, langsung dari dapurnya.",
                "image": wagtail_image("Pasar Ibun"),
                "button_text": "Lihat semua produk",
                "button_link": "/catalogue/",
            },
        ),
        ("featured_products", {"heading": "Produk pilihan", "products": [], "count": 8}),
        ("producer_spotlight", {"producer": product.producer, "text": ""}),
        ("story_teaser", {"story": None}),
        ("rich_text", RichText("<p>Semua produk dibuat di rumah.</p>")),
        ("gallery", [{"image": wagtail_image("Kebun Singkong"), "caption": "Kebun singkong"}]),
        (
            "call_to_action",
            {
                "heading": "Ada pertanyaan?",
                "text": "Tanyakan kepada kami.",
                "kind": "whatsapp",
                "button_text": "Chat lewat WhatsApp",
                "link": "",
            },
        ),
    ]
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_home_renders_every_block_in_the_pasar_theme(ibun_client, home):
    html = page(ibun_client, "/")
    assert "Ibun Store" in html
    assert "Pasar pagi Ibun" in html  # the hero's heading is the page's h1
    assert re.search(r"<h1[^>]*>Pasar pagi Ibun</h1>", html)
    assert "Keripik Singkong Pedas" in html and "25.000" in html
    assert 'class="ware-price"' in html
    assert "Keripik Ceu Uji" in html  # the spotlight
    assert "Cerita Keripik" in html  # the story teaser
    assert "Semua produk dibuat di rumah." in html
    assert "Kebun singkong" in html
    assert "https://wa.me/6281200000777" in html
    assert 'name="language" value="en"' in html
    assert f'action="{reverse("catalogue:index")}"' in html
    assert 'class="basket-pill"' in html


@pytest.mark.django_db
def test_product_cards_have_responsive_photos_named_after_the_product(ibun_client, product):
    html = page(ibun_client, reverse("catalogue:index"))
    assert "Keripik Singkong Pedas" in html and "25.000" in html
    assert product.producer.village.name in html
    card = re.search(r'<article class="ware[^"]*">.*?</article>', html, re.S).group(0)
    assert "<picture>" in card and 'type="image/webp"' in card
    assert "srcset=" in card and 'sizes="' in card
    assert 'alt="Keripik Singkong Pedas"' in card  # no caption: the product's name
    assert re.search(r'<img [^>]*width="\d+" height="\d+"', card)


@pytest.mark.django_db
def test_category_page_and_category_bar(ibun_client, category):
    html = page(ibun_client, category.get_absolute_url())
    assert "Makanan Ringan" in html and "Keripik Singkong Pedas" in html
    assert 'class="aisles"' in html
    assert re.search(r'<a href="[^"]*makanan-ringan[^"]*" aria-current="page">', html)
    assert 'class="trail"' in html


@pytest.mark.django_db
def test_search_results(ibun_client, product):
    html = page(ibun_client, reverse("catalogue:index") + "?q=singkong")
    assert "Keripik Singkong Pedas" in html
    assert "singkong" in html
    html = page(ibun_client, reverse("catalogue:index") + "?q=tidakadayangcocok")
    assert 'class="nothing"' in html


@pytest.mark.django_db
def test_product_page_has_the_add_to_basket_form(ibun_client, product):
    html = page(ibun_client, product.get_absolute_url())
    assert "Keripik Singkong Pedas" in html and "25.000" in html
    assert f'action="{reverse("basket:add", kwargs={"pk": product.pk})}"' in html
    form = re.search(r'<form class="item-add".*?</form>', html, re.S).group(0)
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="quantity"' in form
    assert 'type="submit"' in form
    assert 'loading="eager"' in html  # the first photo is above the fold
    assert "Keripik Ceu Uji" in html and product.producer.village.name in html
    assert "https://wa.me/62812000111" in html
    assert "Renyah dan pedas" in html


@pytest.mark.django_db
def test_producer_list_and_profile(ibun_client, product):
    producer = product.producer
    html = page(ibun_client, reverse("vendors:producer-list"))
    assert "Keripik Ceu Uji" in html and 'class="stall"' in html
    html = page(ibun_client, producer.get_absolute_url())
    assert "Resep nenek." in html
    assert "https://wa.me/62812000111" in html
    assert "Keripik Singkong Pedas" in html


@pytest.mark.django_db
def test_story_page_with_embedded_product_and_producer(ibun_client, story):
    html = page(ibun_client, "/cerita-keripik/")
    assert "Cerita Keripik" in html
    assert "Singkong dari kebun sendiri." in html
    assert "Keripik Singkong Pedas" in html and "25.000" in html  # the product block
    assert 'class="block-producer' in html
    assert "srcset=" in html  # the story's photo


@pytest.mark.django_db
def test_content_page_in_the_menu_with_the_shop_contacts(ibun_client, pasar):
    pasar.root_page.add_child(
        instance=ContentPage(
            title="Tentang Kami",
            slug="tentang-kami",
            intro="<p>Koperasi ibu-ibu Ibun.</p>",
            show_contacts=True,
            show_in_menus=True,
        )
    )
    html = page(ibun_client, "/tentang-kami/")
    assert "Koperasi ibu-ibu Ibun." in html
    assert "https://wa.me/6281200000777" in html
    assert "Balai Desa" in html  # the pick-up point
    assert re.search(r'<a href="/tentang-kami/" aria-current="page">Tentang Kami</a>', html)


@pytest.mark.django_db
def test_basket_without_js(ibun_client, product):
    html = page(ibun_client, reverse("basket:summary"))
    assert "Keranjang" in html
    assert f'href="{reverse("catalogue:index")}"' in html
    add_to_basket(ibun_client, product, quantity=2)
    html = page(ibun_client, reverse("basket:summary"))
    assert "Keripik Singkong Pedas" in html
    assert 'name="form-0-quantity"' in html and 'name="form-0-DELETE"' in html
    assert 'name="form-TOTAL_FORMS"' in html
    assert f'href="{reverse("checkout:index")}"' in html
    assert "50.000" in html
    assert re.search(r'class="basket-pill-count">2<', html)


@pytest.mark.django_db
def test_checkout_steps_then_cash_on_pickup(ibun_client, product):
    add_to_basket(ibun_client, product)
    html = page(ibun_client, reverse("checkout:index"))
    assert 'name="username"' in html
    assert 'name="options" value="anonymous"' in html
    ibun_client.post("/checkout/", {"username": "pembeli@contoh.test", "options": "anonymous"})
    html = page(ibun_client, reverse("checkout:shipping-address"))
    for field in ("first_name", "phone_number", "line1", "line4", "postcode"):
        assert f'name="{field}"' in html, field
    assert "nav-checkout" in html
    ibun_client.post("/checkout/shipping-address/", ADDRESS)
    html = page(ibun_client, reverse("checkout:shipping-method"))
    assert 'name="method_code" value="pickup"' in html
    ibun_client.post("/checkout/shipping-method/", {"method_code": "pickup"})
    html = page(ibun_client, reverse("checkout:payment-method"))
    assert 'name="method"' in html and 'value="cod"' in html and 'value="bank-transfer"' in html
    assert 'class="tiles"' in html
    ibun_client.post(reverse("checkout:payment-method"), {"method": "cod"})
    html = page(ibun_client, reverse("checkout:preview"))
    assert 'name="action" value="place_order"' in html
    assert "Keripik Singkong Pedas" in html and "25.000" in html
    assert "Jl. Raya Ibun No. 5" in html  # where it goes, with a link to change it
    response = ibun_client.post("/checkout/preview/", {"action": "place_order"})
    assert response.status_code == 302
    order = Order.objects.get()
    html = page(ibun_client, response["Location"])
    assert order.number in html
    assert 'class="done"' in html
    assert "Keripik Singkong Pedas" in html
    assert "Balai Desa" in html  # pay in cash at the pick-up point


@pytest.mark.django_db
def test_bank_transfer_thank_you_order_status_and_lookup(ibun_client, product):
    add_to_basket(ibun_client, product)
    response = checkout_as_guest(ibun_client, payment="bank-transfer", shipping="delivery-village")
    assert response.status_code == 302
    order = Order.objects.get()
    transfer = order.payment
    html = page(ibun_client, response["Location"])
    assert order.number in html
    assert f"{transfer.unique_code:03d}" in html
    assert transfer.account_number in html
    assert 'name="proof"' in html  # the receipt upload form
    kwargs = {"order_number": order.number, "hash": order.verification_hash()}
    # Oscar asks for the order's email before showing a guest order.
    html = page(ibun_client, reverse("customer:anon-order-form", kwargs=kwargs))
    assert 'name="email"' in html
    ibun_client.post(
        reverse("customer:anon-order-form", kwargs=kwargs), {"email": "pembeli@contoh.test"}
    )
    html = page(ibun_client, reverse("customer:anon-order", kwargs=kwargs))
    assert order.number in html
    assert transfer.account_number in html and f"{transfer.unique_code:03d}" in html
    assert 'class="line-progress"' in html

    html = page(ibun_client, reverse("order-lookup"))
    assert 'name="number"' in html and 'name="email"' in html
    response = ibun_client.post(
        reverse("order-lookup"), {"number": "999", "email": "x@contoh.test"}
    )
    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode()
    response = ibun_client.post(
        reverse("order-lookup"), {"number": order.number, "email": "pembeli@contoh.test"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_not_found_page(ibun_client, pasar):
    html = page(ibun_client, "/produsen/tidak-ada/", status=404)
    assert "Ibun Store" in html
    assert 'class="oops"' in html


@pytest.mark.django_db
def test_the_other_shop_keeps_the_desa_theme(client, product, other_shop):
    desa_home = client.get("/", HTTP_HOST="pangalengan.localhost").content.decode()
    pasar_home = client.get("/", HTTP_HOST="ibun.localhost").content.decode()
    desa_catalogue = client.get("/catalogue/", HTTP_HOST="pangalengan.localhost")
    assert DESA_CSS in desa_home and PASAR_CSS not in desa_home
    assert "Toko Pangalengan" in desa_home
    assert PASAR_CSS in pasar_home and DESA_CSS not in pasar_home
    html = desa_catalogue.content.decode()
    assert DESA_CSS in html and 'class="masthead"' not in html


@pytest.mark.django_db
def test_the_portal_in_the_pasar_theme(client, portal, ibun):
    ShopSettings.objects.filter(site=portal).update(theme="pasar")
    client.defaults["HTTP_HOST"] = "localhost"
    html = page(client, "/")
    assert "Ibun Store" in html and 'class="village-list"' in html


def test_the_theme_passes_its_check():
    call_command("themes", "--check", "pasar")
    theme = registry.installed()["pasar"]
    assert theme.values()["font"] == "poppins"
    assert {"--brand", "--accent", "--bg", "--font"} <= set(theme.css_variables(theme.values()))
    assert (theme.path / theme.screenshot).stat().st_size < 30_000


def test_the_stylesheet_is_small_and_uses_the_option_variables():
    css = STYLESHEET.read_text()
    assert len(css.encode()) < 30_000
    for variable in ("var(--brand)", "var(--accent)", "var(--bg)", "var(--font"):
        assert variable in css
    assert "@import" not in css and "url(" not in css  # no web font or image of its own


def test_error_pages_render_without_context():
    with active.using("pasar"):
        html = loader.get_template("500.html").render({})
        assert "<html" in html and "{%" not in html and "#a63f14" in html
        html = loader.render_to_string(
            "storefront/shop_not_found.html",
            {"hostname": "salah.localhost", "title": "Toko desa tidak ditemukan"},
        )
        assert PASAR_CSS in html and "salah.localhost" in html
