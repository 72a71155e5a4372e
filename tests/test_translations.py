"""Pages rendered in Bahasa Indonesia have no English left in them."""

import io
from gettext import GNUTranslations

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from tests.untranslated import CATALOG, english_only_msgids, untranslated_strings
from vendors import audit, fulfilment
from vendors.portal.views.orders import TABS as ORDER_TABS

Account = get_model("partner", "Account")
Category = get_model("catalogue", "Category")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
ProducerGroup = get_model("partner", "ProducerGroup")
StockRecord = get_model("partner", "StockRecord")


def test_the_catalogue_has_translations_to_check():
    assert "Basket" in english_only_msgids()
    assert len(english_only_msgids()) > 150


def indonesian_catalogue():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="id")


def test_every_msgid_has_an_indonesian_translation():
    catalogue = indonesian_catalogue()
    assert catalogue.plural_forms == "nplurals=1; plural=0;"
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    assert missing == [], "run `make messages` and translate these in locale/id"


def test_the_compiled_catalogue_is_up_to_date():
    """The .mo is committed: it must say what the .po says."""
    with (CATALOG.parent / "django.mo").open("rb") as handle:
        compiled = GNUTranslations(handle)
    stale = []
    for message in indonesian_catalogue():
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            found = compiled.ngettext(message.id[0], message.id[1], 1)
            expected = message.string[0]
        else:
            found = compiled.gettext(message.id)
            expected = message.string
        if found != expected:
            stale.append(message.id)
    assert stale == [], "compile it: msgfmt --check -o locale/id/LC_MESSAGES/django.mo ..."


@pytest.fixture
def shop_with_order(ibun_client, ibun):
    producer = factories.ProducerFactory(site=ibun, name="Sulam Bu Uji")
    product = factories.ProductFactory(producer=producer, title="Kerudung Sulam", stock=4)
    add_to_basket(ibun_client, product)
    response = checkout_as_guest(ibun_client, payment="bank-transfer")
    return product, producer, response["Location"]


@pytest.mark.django_db
def test_shopper_pages_are_fully_indonesian(ibun_client, shop_with_order):
    product, producer, thank_you = shop_with_order
    add_to_basket(ibun_client, product)
    pages = [
        "/",
        "/catalogue/",
        "/catalogue/?q=tidakadayangcocok",
        product.get_absolute_url(),
        "/produsen/",
        producer.get_absolute_url(),
        "/basket/",
        "/pesanan/",
        "/tidak-ada/",
        thank_you,
    ]
    for url in pages:
        response = ibun_client.get(url)
        assert response.status_code in (200, 404), url
        assert untranslated_strings(response.content.decode()) == [], url


@pytest.mark.django_db
def test_the_check_does_see_english(ibun_client, shop_with_order):
    """The same page in English is full of msgids: the check is not blind."""
    ibun_client.cookies["django_language"] = "en"
    found = untranslated_strings(ibun_client.get("/catalogue/").content.decode())
    assert "All products" in found


# --- the producer portal (/jual/) ----------------------------------------------


def jpeg_bytes(color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(buffer, "JPEG")
    return buffer.getvalue()


def not_a_photo(name="foto.jpg"):
    """What a phone sometimes sends: text in a file named like a photo."""
    return SimpleUploadedFile(name, b"bukan foto, hanya teks", content_type="image/jpeg")


class PortalWorld:
    """Producer Sari of Ibun Store with a product in the shop (two photos),
    a made-to-order product, a draft without a price and an order of both
    products (both lines confirmed); her group's facilitator Dewi, who also
    helps producer Wati, whose profile is complete; a change Dewi made in
    Sari's shop."""

    def __init__(self, ibun):
        for name in ("Makanan", "Kerajinan"):
            ProductClass.objects.get_or_create(name=name, defaults={"track_stock": True})
        Category.add_root(name="Makanan & Camilan")
        Category.add_root(name="Kerajinan")
        village = factories.VillageFactory(name="Lampegan")
        group = ProducerGroup.objects.create(name="Kelompok Melati", village=village)
        self.producer = factories.ProducerFactory(
            site=ibun,
            name="Keripik Bu Sari",
            village=village,
            group=group,
            photo=ContentFile(jpeg_bytes(), name="sari.jpg"),
        )
        self.wati = factories.ProducerFactory(
            site=ibun,
            name="Batik Bu Wati",
            village=village,
            group=group,
            photo=ContentFile(jpeg_bytes(), name="wati.jpg"),
            whatsapp="081298765432",
            whatsapp_public=True,
        )
        self.sari = factories.UserFactory(username="sari", first_name="Sari")
        Account.objects.create(user=self.sari, phone="+6281234567890")
        self.producer.users.add(self.sari)
        self.dewi = factories.UserFactory(username="dewi", first_name="Dewi")
        FacilitatorAssignment.objects.create(facilitator=self.dewi, group=group)

        self.product = factories.ProductFactory(
            producer=self.producer, title="Keripik Singkong", stock=10, stock__price=15000
        )
        ProductImage.objects.create(
            product=self.product,
            original=ContentFile(jpeg_bytes(), name="keripik.jpg"),
            display_order=0,
        )
        ProductImage.objects.create(
            product=self.product,
            original=ContentFile(jpeg_bytes((30, 200, 30)), name="keripik-2.jpg"),
            display_order=1,
        )
        self.cake = factories.ProductFactory(
            producer=self.producer,
            title="Kue Lapis Legit",
            fulfilment=Product.Fulfilment.MADE_TO_ORDER,
            lead_time_days=3,
            stock__price=120000,
        )
        StockRecord.objects.filter(product=self.cake).update(num_in_stock=None)
        self.draft = Product.objects.create(
            title="Produk baru",
            producer=self.producer,
            product_class=ProductClass.objects.order_by("pk").first(),
            structure=Product.STANDALONE,
            is_public=False,
        )

        shopper = Client(HTTP_HOST="ibun.localhost")
        add_to_basket(shopper, self.product, quantity=2)
        add_to_basket(shopper, self.cake)
        assert checkout_as_guest(shopper, payment="cod").status_code == 302
        self.order = Order.objects.get()
        for line in self.order.lines.all():
            fulfilment.change_status(line, fulfilment.CONFIRMED, self.sari)
        audit.record(self.producer, self.dewi, "Produk “Keripik Singkong” diubah")

    def client(self, user=None, language=None):
        client = Client(HTTP_HOST="ibun.localhost")
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if user is not None:
            client.force_login(user)
        return client

    def url(self, name, product=None, producer=None, **kwargs):
        if name in ("home", "login", "reset"):
            return reverse(f"portal:{name}")
        kwargs["producer"] = (producer or self.producer).code
        if product is not None:
            kwargs["pk"] = product.pk
        return reverse(f"portal:{name}", kwargs=kwargs)

    def producer_pages(self):
        order_list = self.url("order-list")
        return [
            self.url("shop"),
            self.url("profile"),
            self.url("holiday"),
            self.url("audit-log"),
            self.url("product-list"),
            self.url("product-add"),
            self.url("product-details", self.product),
            self.url("product-details", self.draft),
            self.url("product-stock", self.product),
            self.url("product-stock", self.cake),
            self.url("product-edit", self.product),
            self.url("product-edit", self.cake),
            self.url("product-photos", self.product),
            self.url("product-photos", self.draft),
            self.url("product-delete", self.product),
            order_list,
            *(f"{order_list}?status={key}" for key, _label, _statuses in ORDER_TABS),
            self.url("order-detail", number=self.order.number),
        ]


@pytest.fixture
def portal_world(ibun):
    return PortalWorld(ibun)


def assert_indonesian(response, what, status=200):
    assert response.status_code == status, what
    html = response.content.decode()
    assert '<html lang="id">' in html, what
    assert untranslated_strings(html) == [], what


@pytest.mark.django_db
def test_portal_pages_are_fully_indonesian_for_a_producer(portal_world):
    world = portal_world
    client = world.client(world.sari)
    home = client.get(world.url("home"), follow=True)  # her one shop
    assert home.redirect_chain, "a producer with one shop goes straight to it"
    assert_indonesian(home, "home")
    for url in world.producer_pages():
        assert_indonesian(client.get(url), url)
    assert_indonesian(client.get("/jual/tidak-ada/"), "a shop not hers", status=404)
    anonymous = world.client()
    for url in (world.url("login"), world.url("reset")):
        assert_indonesian(anonymous.get(url), url)


@pytest.mark.django_db
def test_portal_pages_are_fully_indonesian_for_a_facilitator(portal_world):
    world = portal_world
    client = world.client(world.dewi)
    home = client.get(world.url("home"))
    assert "Batik Bu Wati" in home.content.decode()
    assert_indonesian(home, "home with several producers")
    for url in [*world.producer_pages(), world.url("profile", producer=world.wati)]:
        assert_indonesian(client.get(url), url)
    reset_issue = world.url("reset-issue")
    assert_indonesian(client.get(reset_issue), reset_issue)
    issued = client.post(reset_issue, {"user": world.sari.pk})
    assert issued.context["issued"]
    assert_indonesian(issued, "reset code issued")


@pytest.mark.django_db
def test_portal_mistakes_are_explained_in_indonesian(portal_world):
    world = portal_world
    anonymous = world.client()
    login = world.url("login")
    wrong = {"username": "081234567890", "password": "salah-sekali-999"}
    for attempt in range(4):
        response = anonymous.post(login, wrong)
        assert response.context["form"].non_field_errors(), attempt
        assert_indonesian(response, "failed sign-in")
    assert_indonesian(anonymous.post(login, wrong), "locked out", status=429)
    assert_indonesian(anonymous.post(login, {}), "empty sign-in")
    bad_reset = {
        "identifier": "081234567890",
        "code": "12",
        "new_password1": "abc",
        "new_password2": "abd",
    }
    weak_password = {**bad_reset, "new_password1": "12345", "new_password2": "12345"}
    wrong_code = {**bad_reset, "code": "000000"}
    wrong_code["new_password1"] = wrong_code["new_password2"] = "Kue-Lapis-Legit-2024"
    for data in (bad_reset, weak_password, wrong_code):
        response = anonymous.post(world.url("reset"), data)
        assert response.context["form"].errors, data
        assert_indonesian(response, f"reset with {data}")
    assert_indonesian(anonymous.post(world.url("reset"), {}), "empty reset")

    client = world.client(world.sari)
    forms_submitted_empty = [
        world.url("product-details", world.product),
        world.url("product-stock", world.product),
        world.url("product-edit", world.product),
        world.url("product-add"),
        world.url("product-photos", world.product),
    ]
    for url in forms_submitted_empty:
        response = client.post(url, {})
        assert response.context["form"].errors, url
        assert_indonesian(response, f"{url} submitted empty")
    bad_values = {
        world.url("product-edit", world.product): {
            "title": "Keripik",
            "price": "murah",
            "fulfilment": "stock",
            "num_in_stock": "-3",
        },
        world.url("product-edit", world.cake): {
            "title": "Kue",
            "price": "50",
            "fulfilment": "made_to_order",
            "lead_time_days": "99",
            "weekly_capacity": "0",
        },
        world.url("profile"): {
            "whatsapp": "12345",
            "instagram": "bukan nama!",
            "facebook_public": "on",
            "village": "999999",
        },
        world.url("holiday"): {"on_holiday": "on", "holiday_until": "2001-01-01"},
    }
    for url, data in bad_values.items():
        response = client.post(url, data)
        assert response.context["form"].errors, url
        assert_indonesian(response, f"{url} with bad values")
    rejected_photo = [
        (world.url("product-add"), {"photos": [not_a_photo()]}),
        (world.url("product-photos", world.product), {"action": "upload", "photos": not_a_photo()}),
        (world.url("profile"), {"photo": not_a_photo()}),
    ]
    for url, data in rejected_photo:
        response = client.post(url, data)
        assert response.context["form"].errors, url
        assert_indonesian(response, f"{url} with a text file named .jpg")


@pytest.mark.django_db
def test_portal_messages_after_a_change_are_indonesian(portal_world):
    world = portal_world
    client = world.client(world.sari)
    order_detail = world.url("order-detail", number=world.order.number)
    line = world.order.lines.get(product=world.product)
    status = world.url("order-line-status", number=world.order.number, line_id=line.pk)
    posts = [
        (world.url("product-stock-quick", world.product), {"num_in_stock": "7"}),
        (world.url("product-stock-quick", world.product), {"num_in_stock": "banyak"}),
        (world.url("product-stock-quick", world.cake), {"num_in_stock": "7"}),
        (world.url("product-price-quick", world.product), {"price": "Rp 16.000"}),
        (world.url("product-price-quick", world.product), {"price": "10"}),
        (world.url("product-toggle", world.product), {}),
        (world.url("product-toggle", world.product), {}),
        (world.url("product-toggle", world.draft), {}),
        (world.url("product-duplicate", world.cake), {}),
        (world.url("product-photos", world.product), {"action": "terbang"}),
        (status, {"status": "Packed"}),
        (status, {"status": "Cancelled"}),  # no reason given
        (order_detail, {"status": "Packed"}),  # her other line
        (order_detail, {"status": "Delivered"}),  # no line can jump there
        (world.url("holiday"), {"on_holiday": "on", "holiday_until": "2099-01-31"}),
        (world.url("holiday"), {"on_holiday": "on"}),
        (world.url("holiday"), {}),
        (world.url("product-delete", world.cake), {}),
    ]
    for url, data in posts:
        response = client.post(url, data, follow=True)
        assert list(response.context["messages"]), (url, data)
        assert_indonesian(response, f"after POST {url} {data}")


@pytest.mark.django_db
def test_the_check_sees_english_in_the_portal(ibun_client):
    """The portal's msgids are in the check: the sign-in page in English."""
    ibun_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    found = untranslated_strings(ibun_client.get(reverse("portal:login")).content.decode())
    assert {"Sign in to your shop", "Phone number or email", "Password"} <= set(found)
