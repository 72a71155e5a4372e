"""The producer part of the API does what the portal does, by the portal's
rules: her profile, her products (draft from a photo, details, stock,
photos, publish, soft delete), her orders and her statement; a facilitator
does the same for her, and every change she makes is audited. Bad input is
a 422 in the reader's language that changes nothing; a read-only token may
not write; an expired or revoked token and nobody at all get a 401.
"""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model
from PIL import Image

from api import tokens
from api.errors import PYDANTIC_MESSAGES
from api.models import ApiToken
from catalog import editing
from storefront.payment import confirmation, refunds
from tests import factories
from tests.shopping import add_to_basket, checkout_as_guest
from vendors import fulfilment, ledger

AuditEntry = get_model("partner", "AuditEntry")
Category = get_model("catalogue", "Category")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
Partner = get_model("partner", "Partner")
Payment = get_model("payment", "Payment")
Payout = get_model("partner", "Payout")
ProducerGroup = get_model("partner", "ProducerGroup")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

ACTORS = ["producer", "facilitator"]


def jpeg_bytes(color=(200, 30, 30), size=(60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(name="foto.jpg", color=(200, 30, 30)):
    return SimpleUploadedFile(name, jpeg_bytes(color), content_type="image/jpeg")


def not_a_photo(name="resep.jpg"):
    return SimpleUploadedFile(name, b"%PDF-1.4 bukan foto", content_type="image/jpeg")


class Shop:
    """Bu Sari of Ibun Store (group Melati), her facilitator Dewi, and Bu
    Rina of another group; seeded product classes and categories."""

    def __init__(self, ibun, client, bearer):
        for name in ("Makanan", "Kerajinan", "Busana", "Pertanian"):
            ProductClass.objects.get_or_create(name=name, defaults={"track_stock": True})
        self.food = Category.add_root(name="Makanan & Camilan")
        self.craft = Category.add_root(name="Kerajinan")
        village = factories.VillageFactory(name="Lampegan")
        self.group = ProducerGroup.objects.create(name="Kelompok Melati", village=village)
        other_group = ProducerGroup.objects.create(name="Kelompok Merak", village=village)
        self.sari = factories.ProducerFactory(
            site=ibun, name="Keripik Bu Sari", village=village, group=self.group
        )
        self.sari_user = factories.UserFactory(username="sari", first_name="Sari")
        self.sari.users.add(self.sari_user)
        self.dewi = factories.UserFactory(username="dewi", first_name="Dewi", last_name="Lestari")
        FacilitatorAssignment.objects.create(facilitator=self.dewi, group=self.group)
        self.rina = factories.ProducerFactory(site=ibun, name="Batik Bu Rina", group=other_group)
        self.rina_user = factories.UserFactory(username="rina")
        self.rina.users.add(self.rina_user)
        self.operator = factories.UserFactory(is_staff=True, is_superuser=True)
        self.client = client
        self.bearer = bearer

    def user(self, actor):
        return {"producer": self.sari_user, "facilitator": self.dewi}[actor]

    def url(self, path="", producer=None):
        return f"/api/v1/me/producers/{(producer or self.sari).code}{path}"

    def product(self, title="Keripik Singkong", stock=10, price=15000, photos=1, **kwargs):
        product = factories.ProductFactory(
            producer=self.sari, title=title, stock=stock, stock__price=price, **kwargs
        )
        product.categories.add(self.food)
        for order in range(photos):
            ProductImage.objects.create(
                product=product,
                original=ContentFile(jpeg_bytes((order * 40, 10, 10)), name=f"p{order}.jpg"),
                display_order=order,
            )
        return product

    def draft(self):
        """A product as the portal's first screen leaves it: photos only."""
        product = Product.objects.create(
            title="Produk baru",
            producer=self.sari,
            product_class=ProductClass.objects.order_by("pk").first(),
            structure=Product.STANDALONE,
            is_public=False,
        )
        ProductImage.objects.create(
            product=product, original=ContentFile(jpeg_bytes(), name="d.jpg"), display_order=0
        )
        return product

    # --- calls --------------------------------------------------------------------

    def call(self, method, path, body=None, *, as_="producer", headers=None, files=None):
        headers = headers if headers is not None else self.bearer(self.user(as_))
        url = path if path.startswith("/api/") else self.url(path)
        if files is not None:
            return self.client.post(url, files, headers=headers)
        if method in ("get", "delete"):
            return getattr(self.client, method)(url, body, headers=headers)
        return getattr(self.client, method)(
            url, json.dumps(body or {}), content_type="application/json", headers=headers
        )


@pytest.fixture
def shop(ibun, api_client, bearer):
    return Shop(ibun, api_client, bearer)


def audited(producer):
    return list(
        AuditEntry.objects.filter(producer=producer)
        .order_by("pk")
        .values_list("actor_name", "message")
    )


def check_audit(shop, actor, before, message):
    """A facilitator's change is in Bu Sari's log; her own is not."""
    after = audited(shop.sari)
    if actor == "facilitator":
        assert after[len(before) :] == [("Dewi Lestari", message)]
    else:
        assert after == before


def snapshot(producer):
    """Everything of hers a refused request must leave as it was."""
    producer = Partner.objects.get(pk=producer.pk)
    return (
        repr(
            (
                producer.story,
                producer.whatsapp,
                producer.instagram,
                producer.instagram_public,
                str(producer.photo),
                list(producer.categories.values_list("pk", flat=True)),
            )
        ),
        list(
            Product.objects.filter(producer=producer)
            .order_by("pk")
            .values_list(
                "pk", "title", "description", "is_public", "deleted_at", "fulfilment", "slug"
            )
        ),
        list(
            StockRecord.objects.filter(partner=producer)
            .order_by("pk")
            .values_list("price", "num_in_stock", "num_allocated")
        ),
        list(
            ProductImage.objects.filter(product__producer=producer)
            .order_by("pk")
            .values_list("pk", "display_order", "original")
        ),
        list(Line.objects.filter(partner=producer).values_list("pk", "status")),
        AuditEntry.objects.filter(producer=producer).count(),
    )


def in_indonesian(pydantic_error):
    """The API's own message for a malformed value, as an Indonesian reads it."""
    with translation.override("id"):
        return str(PYDANTIC_MESSAGES[pydantic_error])


def errors_of(response, status=422):
    assert response.status_code == status, response.content.decode()[:2000]
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    return body


# --- who ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_me_is_her_own_shop_or_the_producers_a_facilitator_helps(shop):
    FacilitatorAssignment.objects.create(facilitator=shop.dewi, village=shop.rina.village)
    other_village = factories.ProducerFactory(site=shop.sari.site, name="Anyaman Bu Tuti")

    mine = shop.call("get", "/api/v1/me").json()
    assert mine == {
        "username": "sari",
        "name": "Sari",
        "producers": [{"code": shop.sari.code, "name": "Keripik Bu Sari", "is_own_shop": True}],
    }

    helped = shop.call("get", "/api/v1/me", as_="facilitator").json()
    assert helped["name"] == "Dewi Lestari"
    assert {(p["code"], p["is_own_shop"]) for p in helped["producers"]} == {
        (shop.sari.code, False),
        (shop.rina.code, False),
    }
    assert other_village.code not in json.dumps(helped)

    shopper = factories.UserFactory(username="pembeli")
    assert shop.call("get", "/api/v1/me", headers=shop.bearer(shopper)).json()["producers"] == []


@pytest.mark.django_db
def test_a_deactivated_producer_is_acted_for_by_nobody(shop):
    Partner.objects.filter(pk=shop.sari.pk).update(is_active=False)
    assert shop.call("get", "/api/v1/me").json()["producers"] == []
    for actor in ACTORS:
        assert shop.call("get", "/profile", as_=actor).status_code == 404


@pytest.mark.django_db
def test_me_costs_the_same_queries_for_a_facilitator_of_2_or_20_producers(shop):
    cipedes = factories.VillageFactory(name="Cipedes")
    FacilitatorAssignment.objects.create(facilitator=shop.dewi, village=cipedes)

    def helped_producers(count):
        # Half through her group, half through her village.
        for index in range(count):
            if index % 2:
                factories.ProducerFactory(site=shop.sari.site, group=shop.group)
            else:
                factories.ProducerFactory(site=shop.sari.site, village=cipedes)

    helped_producers(1)  # and Bu Sari
    small = count_queries(shop, "/api/v1/me", as_="facilitator")
    helped_producers(18)
    assert count_queries(shop, "/api/v1/me", as_="facilitator") == small
    producers = shop.call("get", "/api/v1/me", as_="facilitator").json()["producers"]
    assert len(producers) == 20 and not any(p["is_own_shop"] for p in producers)


# --- profile ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_profile_shows_what_the_portal_shows_and_a_patch_keeps_the_rest(shop, actor):
    Partner.objects.filter(pk=shop.sari.pk).update(
        whatsapp="081234567890", whatsapp_public=True, instagram="keripiksari"
    )
    profile = shop.call("get", "/profile", as_=actor).json()
    assert profile["story"] == "Membuat produk rumahan sejak 2015."
    assert profile["village"]["name"] == "Lampegan" and profile["village_fixed"] is True
    assert profile["group"]["name"] == "Kelompok Melati" and profile["group_fixed"] is True
    assert profile["options"]["villages"] == [] and profile["options"]["groups"] == []
    assert {c["name"] for c in profile["options"]["categories"]} == {
        "Makanan & Camilan",
        "Kerajinan",
    }
    assert [s["done"] for s in profile["steps"]] == [False, True, True]
    assert profile["steps"][0]["label"] == "Tambahkan foto Anda" or profile["steps"][0]["label"]

    before = audited(shop.sari)
    response = shop.call(
        "patch",
        "/profile",
        {"story": "Keripik singkong dari Lampegan.", "categories": [shop.food.pk]},
        as_=actor,
    )
    assert response.status_code == 200, response.content
    profile = response.json()
    assert profile["story"] == "Keripik singkong dari Lampegan."
    assert [c["id"] for c in profile["categories"]] == [shop.food.pk]
    sari = Partner.objects.get(pk=shop.sari.pk)
    assert sari.story == "Keripik singkong dari Lampegan."
    # What was not sent is kept.
    assert (sari.whatsapp, sari.whatsapp_public, sari.instagram) == (
        "081234567890",
        True,
        "keripiksari",
    )
    assert sari.village.name == "Lampegan" and sari.group == shop.group
    check_audit(shop, actor, before, "Profile edited: %(fields)s")


@pytest.mark.django_db
def test_village_and_group_once_set_are_kept_whatever_is_sent(shop):
    other = factories.VillageFactory(name="Laksana")
    group = ProducerGroup.objects.create(name="Kelompok Lain", village=other)
    response = shop.call("patch", "/profile", {"village": other.pk, "group": group.pk})
    assert response.status_code == 200
    sari = Partner.objects.get(pk=shop.sari.pk)
    assert (sari.village.name, sari.group) == ("Lampegan", shop.group)


@pytest.mark.django_db
def test_bad_profile_input_is_refused_in_her_language_and_changes_nothing(shop):
    before = snapshot(shop.sari)
    body = errors_of(
        shop.call(
            "patch",
            "/profile",
            {"story": "Cerita baru", "instagram": "bukan nama!", "facebook_public": True},
        )
    )
    assert body["code"] == "invalid"
    assert body["fields"]["instagram"] == [
        "Nama pengguna Instagram hanya berisi huruf, angka, titik, dan garis bawah (_)."
    ]
    assert "facebook" in body["fields"]
    assert snapshot(shop.sari) == before

    english = shop.call(
        "patch",
        "/profile",
        {"whatsapp": "12"},
        headers={**shop.bearer(shop.sari_user), "Accept-Language": "en"},
    )
    assert errors_of(english)["fields"]["whatsapp"] == [
        "This is not a valid Indonesian phone number. Example: 0812 3456 7890"
    ]
    wrong_type = errors_of(shop.call("patch", "/profile", {"whatsapp_public": "mungkin"}))
    assert wrong_type["fields"] == {"whatsapp_public": [in_indonesian("bool_parsing")]}
    assert snapshot(shop.sari) == before


# --- products -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_a_photo_makes_a_hidden_draft_as_the_portal_first_screen(shop, actor):
    before = audited(shop.sari)
    response = shop.call(
        "post", "/products", files={"photo": [upload("a.jpg"), upload("b.jpg")]}, as_=actor
    )
    assert response.status_code == 201, response.content
    product = response.json()
    assert product["title"] == "Produk baru"
    assert product["is_public"] is False and product["price"] is None
    assert len(product["photos"]) == 2
    assert set(product["photos"][0]["webp"]) == {"160", "320", "480", "640", "960"}
    assert product["blocker"] == {"message": "Tulis dulu nama dan harganya.", "step": "details"}
    draft = Product.objects.get(pk=product["id"])
    assert draft.producer == shop.sari and not draft.is_public
    check_audit(shop, actor, before, "New product draft added")


@pytest.mark.django_db
def test_photos_with_details_make_a_draft_with_its_name_and_price(shop):
    response = shop.call(
        "post",
        "/products",
        files={
            "photo": upload(),
            "title": "  Keripik   Pisang ",
            "price": "25000",
            "category": str(shop.food.pk),
            "description": "Pisang kepok <b>renyah</b>.",
        },
    )
    assert response.status_code == 201, response.content
    product = response.json()
    assert (product["title"], product["price"], product["category"]["id"]) == (
        "Keripik Pisang",
        25000,
        shop.food.pk,
    )
    assert product["description"] == "Pisang kepok <b>renyah</b>."
    assert Product.objects.get(pk=product["id"]).description == (
        "<p>Pisang kepok &lt;b&gt;renyah&lt;/b&gt;.</p>"
    )
    assert product["is_public"] is False and product["blocker"] is None
    assert shop.food.pk in [c["id"] for c in product["category_choices"]]


@pytest.mark.django_db
def test_a_product_starts_with_a_photo_as_in_the_portal(shop):
    """The portal makes a draft only from an accepted photo: a JSON create
    without one makes nothing."""
    before = snapshot(shop.sari)
    body = errors_of(
        shop.call("post", "/products", {"title": "Keripik", "price": 25000, "category": 1})
    )
    assert body["fields"] == {"photo": ["Pilih paling sedikit satu foto."]}
    assert snapshot(shop.sari) == before


@pytest.mark.django_db
def test_a_bad_file_or_bad_details_create_nothing(shop, isolated_files):
    import os

    def files():
        root = os.path.join(isolated_files, "media")
        return sorted(
            os.path.join(folder, name) for folder, _d, names in os.walk(root) for name in names
        )

    before, stored = snapshot(shop.sari), files()
    body = errors_of(shop.call("post", "/products", files={"photo": [upload(), not_a_photo()]}))
    assert body["fields"] == {
        "photo": ["resep.jpg: File ini bukan foto. Pilih foto JPG, PNG, WebP, atau HEIC."]
    }
    english = shop.call(
        "post",
        "/products",
        files={"photo": not_a_photo()},
        headers={**shop.bearer(shop.sari_user), "Accept-Language": "en"},
    )
    assert errors_of(english)["fields"]["photo"] == [
        "resep.jpg: This file is not a photo. Choose a JPG, PNG, WebP or HEIC photo."
    ]
    body = errors_of(
        shop.call(
            "post",
            "/products",
            files={"photo": upload(), "title": "Keripik", "price": "50", "category": "999999"},
        )
    )
    assert body["fields"]["price"] == ["Harga paling sedikit Rp 100."]
    assert "category" in body["fields"]
    assert snapshot(shop.sari) == before and files() == stored


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_list_shows_drafts_and_products_newest_first_paginated(shop, actor):
    older = shop.product("Keripik Singkong", stock=10, price=15000)
    draft = shop.draft()
    deleted = shop.product("Dihapus")
    Product.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())  # never listed
    factories.ProductFactory(producer=shop.rina, title="Batik Rina")  # not hers

    page = shop.call("get", "/products", as_=actor).json()
    assert page["count"] == 2
    assert [p["id"] for p in page["items"]] == [draft.pk, older.pk]
    listed = page["items"][1]
    assert listed == {
        **listed,
        "title": "Keripik Singkong",
        "price": 15000,
        "num_in_stock": 10,
        "reserved": 0,
        "free_to_sell": 10,
        "fulfilment": "stock",
        "is_public": True,
        "category": {"id": shop.food.pk, "name": "Makanan & Camilan"},
    }
    assert listed["url"].startswith("http://ibun.localhost/")
    assert page["items"][0]["price"] is None and page["items"][0]["url"] is None

    second = shop.call("get", "/products", {"page": 2, "page_size": 1}, as_=actor).json()
    assert [p["id"] for p in second["items"]] == [older.pk]
    for query in ({"page": 10**19}, {"page_size": 101}, {"page": 0}):
        assert list(errors_of(shop.call("get", "/products", query, as_=actor))["fields"]) == list(
            query
        )


def count_queries(shop, path, as_="producer"):
    shop.call("get", path, as_=as_)  # warm up: token's last use, caches
    with CaptureQueriesContext(connection) as captured:
        response = shop.call("get", path, as_=as_)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.django_db
def test_the_product_list_costs_the_same_queries_for_3_or_30_products(shop):
    sub = shop.food.add_child(name="Keripik")
    for index in range(3):
        product = shop.product(f"Produk {index}", photos=2)
        product.categories.add(sub)
    small = count_queries(shop, "/products")
    for index in range(27):
        product = shop.product(f"Produk lagi {index}", photos=2)
        product.categories.add(sub)
    shop.draft()
    assert count_queries(shop, "/products?page_size=40") == small


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_details_patch_keeps_what_is_not_sent(shop, actor):
    product = shop.product("Keripik Singkong", price=15000)
    before = audited(shop.sari)
    response = shop.call(
        "patch", f"/products/{product.pk}", {"title": "Keripik Singkong Pedas"}, as_=actor
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Keripik Singkong Pedas"
    assert response.json()["price"] == 15000
    product.refresh_from_db()
    assert product.title == "Keripik Singkong Pedas" and product.slug == "keripik-singkong-pedas"
    assert list(product.categories.all()) == [shop.food]
    check_audit(shop, actor, before, "Product “%(title)s” edited")

    detail = shop.call("get", f"/products/{product.pk}", as_=actor).json()
    assert detail["title"] == "Keripik Singkong Pedas" and detail["blocker"] is None


@pytest.mark.django_db
def test_bad_details_are_refused_and_change_nothing(shop):
    product = shop.product()
    draft = shop.draft()
    before = snapshot(shop.sari)
    body = errors_of(shop.call("patch", f"/products/{product.pk}", {"price": 10, "title": " "}))
    assert body["fields"] == {
        "title": ["Beri nama produknya."],
        "price": ["Harga paling sedikit Rp 100."],
    }
    body = errors_of(shop.call("patch", f"/products/{product.pk}", {"price": "banyak"}))
    assert body["fields"] == {"price": [in_indonesian("int_parsing")]}
    # A draft has no name yet: the portal asks for it first.
    body = errors_of(shop.call("patch", f"/products/{draft.pk}", {"price": 20000}))
    assert body["fields"]["title"] == ["Beri nama produknya."]
    assert snapshot(shop.sari) == before


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_stock_price_and_made_to_order(shop, actor):
    product = shop.product(stock=10, price=15000)
    before = audited(shop.sari)
    response = shop.call(
        "patch", f"/products/{product.pk}/stock", {"num_in_stock": 4, "price": 17500}, as_=actor
    )
    assert response.status_code == 200, response.content
    assert (response.json()["num_in_stock"], response.json()["price"]) == (4, 17500)
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.price) == (4, Decimal(17500))
    if actor == "facilitator":
        assert [m for _n, m in audited(shop.sari)[len(before) :]] == [
            "Stock of “%(title)s” set to %(count)s",
            "Price of “%(title)s” set to Rp %(price)s",
        ]
    else:
        assert audited(shop.sari) == before

    response = shop.call(
        "patch",
        f"/products/{product.pk}/stock",
        {"fulfilment": "made_to_order", "lead_time_days": 3, "weekly_capacity": 20},
        as_=actor,
    )
    assert response.status_code == 200, response.content
    made = response.json()
    assert (made["fulfilment"], made["lead_time_days"], made["weekly_capacity"]) == (
        "made_to_order",
        3,
        20,
    )
    assert made["num_in_stock"] is None and made["price"] == 17500
    assert Product.objects.get(pk=product.pk).is_public  # not hidden by this


@pytest.mark.django_db
def test_bad_stock_is_refused_by_the_portal_rules_and_changes_nothing(shop):
    product = shop.product(stock=10, price=15000)
    made = shop.product("Kue Pesanan", fulfilment="made_to_order", lead_time_days=2)
    before = snapshot(shop.sari)
    cases = [
        (product, {"num_in_stock": -1}, {"num_in_stock": ["Tulis angka bulat, 0 atau lebih."]}),
        (
            product,
            {"fulfilment": "made_to_order"},
            {"lead_time_days": ["Tulis jumlah hari, dari 1 sampai 60."]},
        ),
        (product, {"price": 5}, {"price": ["Harga paling sedikit Rp 100."]}),
        (
            made,
            {"num_in_stock": 5},
            {"num_in_stock": ["Produk ini dibuat sesuai pesanan: tidak ada stok."]},
        ),
        (product, {"fulfilment": "stock", "num_in_stock": None}, None),
    ]
    for target, data, fields in cases:
        body = errors_of(shop.call("patch", f"/products/{target.pk}/stock", data))
        if fields is not None:
            assert body["fields"] == fields, data
        else:
            assert body["fields"]["num_in_stock"] == [
                "Tulis berapa yang sudah siap (0 atau lebih)."
            ]
    assert errors_of(shop.call("patch", f"/products/{product.pk}/stock", {"fulfilment": "x"}))[
        "fields"
    ]["fulfilment"]
    assert snapshot(shop.sari) == before


@pytest.mark.django_db
def test_stock_needs_the_name_and_price_first(shop):
    draft = shop.draft()
    before = snapshot(shop.sari)
    body = errors_of(shop.call("patch", f"/products/{draft.pk}/stock", {"num_in_stock": 3}), 409)
    assert body == {"code": "not_ready", "message": "Tulis dulu nama dan harganya.", "fields": {}}
    assert snapshot(shop.sari) == before


@pytest.mark.django_db
def test_made_to_order_is_refused_while_orders_hold_shelf_stock(shop):
    product = shop.product(stock=10, price=15000)
    StockRecord.objects.filter(product=product).update(num_allocated=2)
    before = snapshot(shop.sari)
    body = errors_of(
        shop.call(
            "patch",
            f"/products/{product.pk}/stock",
            {"fulfilment": "made_to_order", "lead_time_days": 3},
        )
    )
    assert list(body["fields"]) == ["fulfilment"]
    assert "2" in body["fields"]["fulfilment"][0]
    assert snapshot(shop.sari) == before


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_publish_follows_the_portal_blockers_and_unpublish_hides(shop, actor):
    response = shop.call("post", "/products", files={"photo": upload()}, as_=actor)
    product_id = response.json()["id"]
    before = snapshot(shop.sari)
    body = errors_of(shop.call("post", f"/products/{product_id}/publish", as_=actor), 409)
    assert body["message"] == "Tulis dulu nama dan harganya."
    assert snapshot(shop.sari) == before

    details = {"title": "Keripik Balado", "price": 20000, "category": shop.food.pk}
    assert shop.call("patch", f"/products/{product_id}", details, as_=actor).status_code == 200
    stock = {"fulfilment": "stock", "num_in_stock": 6}
    assert shop.call("patch", f"/products/{product_id}/stock", stock, as_=actor).status_code == 200
    before = audited(shop.sari)
    response = shop.call("post", f"/products/{product_id}/publish", as_=actor)
    assert response.status_code == 200, response.content
    assert response.json()["is_public"] is True
    assert Product.objects.get(pk=product_id).is_public
    check_audit(shop, actor, before, "Product “%(title)s” shown in the shop")

    before = audited(shop.sari)
    response = shop.call("post", f"/products/{product_id}/unpublish", as_=actor)
    assert response.json()["is_public"] is False and response.json()["url"] is None
    assert not Product.objects.get(pk=product_id).is_public
    check_audit(shop, actor, before, "Product “%(title)s” hidden")


@pytest.mark.django_db
def test_a_product_without_a_photo_is_not_published(shop):
    product = shop.product(photos=0, is_public=False)
    body = errors_of(shop.call("post", f"/products/{product.pk}/publish"), 409)
    assert body["message"] == "Tambahkan dulu paling sedikit satu foto."
    assert not Product.objects.get(pk=product.pk).is_public


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_photos_are_added_and_deleted_through_the_portal_pipeline(shop, actor):
    product = shop.product(photos=1)
    before = audited(shop.sari)
    response = shop.call(
        "post",
        f"/products/{product.pk}/photos",
        files={"photo": upload(color=(1, 2, 3))},
        as_=actor,
    )
    assert response.status_code == 201, response.content
    photos = response.json()["photos"]
    assert len(photos) == 2
    check_audit(shop, actor, before, "Photos added to “%(title)s”")
    stored = ProductImage.objects.get(pk=photos[1]["id"])
    with Image.open(stored.original) as image:  # the pipeline's JPEG, no metadata
        assert image.format == "JPEG" and not image.getexif()

    first = photos[0]["id"]
    before = audited(shop.sari)
    response = shop.call("delete", f"/products/{product.pk}/photos/{first}", as_=actor)
    assert response.status_code == 204, response.content
    assert list(product.images.values_list("pk", flat=True)) == [stored.pk]
    check_audit(shop, actor, before, "A photo of “%(title)s” deleted")

    # A product in the shop keeps its last photo.
    before = snapshot(shop.sari)
    body = errors_of(
        shop.call("delete", f"/products/{product.pk}/photos/{stored.pk}", as_=actor), 409
    )
    assert body["code"] == "last_photo"
    with translation.override("id"):
        assert body["message"] == editing.last_photo_refusal().messages[0]
    assert snapshot(shop.sari) == before


@pytest.mark.django_db
def test_a_bad_photo_or_too_many_photos_save_nothing(shop):
    product = shop.product(photos=7)
    before = snapshot(shop.sari)
    body = errors_of(
        shop.call("post", f"/products/{product.pk}/photos", files={"photo": not_a_photo()})
    )
    assert body["fields"] == {
        "photo": ["resep.jpg: File ini bukan foto. Pilih foto JPG, PNG, WebP, atau HEIC."]
    }
    body = errors_of(
        shop.call("post", f"/products/{product.pk}/photos", files={"photo": [upload(), upload()]})
    )
    assert body["fields"] == {"photo": ["Satu produk paling banyak punya 8 foto."]}
    body = errors_of(shop.call("post", f"/products/{product.pk}/photos", files={}))
    assert body["fields"] == {"photo": ["Pilih paling sedikit satu foto."]}
    assert snapshot(shop.sari) == before


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_delete_is_the_portal_soft_delete(shop, actor):
    product = shop.product()
    before = audited(shop.sari)
    assert shop.call("delete", f"/products/{product.pk}", as_=actor).status_code == 204
    product.refresh_from_db()
    assert product.deleted_at is not None and not product.is_public
    assert product.images.count() == 1  # kept for past orders
    check_audit(shop, actor, before, "Product “%(title)s” deleted")
    assert shop.call("get", f"/products/{product.pk}", as_=actor).status_code == 404
    assert shop.call("get", "/products", as_=actor).json()["count"] == 0


# --- orders -------------------------------------------------------------------------


def place_mixed_order(shop, payment="bank-transfer", shipping="pickup"):
    """One guest order with 2 of Bu Sari's keripik and 1 of Bu Rina's batik."""
    keripik = getattr(shop, "keripik", None) or shop.product("Keripik Pedas", price=15000)
    shop.keripik = keripik
    batik = getattr(shop, "batik", None) or factories.ProductFactory(
        producer=shop.rina, title="Kain Batik Merak", stock=5, stock__price=350000
    )
    shop.batik = batik
    client = Client(HTTP_HOST="ibun.localhost")
    add_to_basket(client, keripik, quantity=2)
    add_to_basket(client, batik)
    response = checkout_as_guest(client, payment=payment, shipping=shipping)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Order.objects.order_by("pk").last()


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_her_orders_show_only_her_lines_never_the_order_total(shop, actor):
    order = place_mixed_order(shop)
    line = order.lines.get(partner=shop.sari)
    page = shop.call("get", "/orders", as_=actor).json()
    assert page["count"] == 1
    assert page["items"] == [
        {
            "number": order.number,
            "date_placed": page["items"][0]["date_placed"],
            "shopper_first_name": "Siti Uji",
            "pickup": True,
            "delivery_method": order.shipping_method,
            "lines": [
                {
                    "id": line.pk,
                    "product_id": shop.keripik.pk,
                    "title": "Keripik Pedas",
                    "quantity": 2,
                    "price": 30000,
                    "status": "New",
                    "status_label": "Baru",
                }
            ],
            "my_total": 30000,
        }
    ]
    text = json.dumps(page)
    assert "Batik" not in text and "350000" not in text
    assert str(int(order.total_incl_tax)) not in text

    assert shop.call("get", "/orders", {"status": "Delivered"}, as_=actor).json()["count"] == 0
    assert shop.call("get", "/orders", {"status": "todo"}, as_=actor).json()["count"] == 1
    assert errors_of(shop.call("get", "/orders", {"status": "semua"}, as_=actor))["fields"]

    detail = shop.call("get", f"/orders/{order.number}", as_=actor).json()
    assert [item["id"] for item in detail["lines"]] == [line.pk]
    assert detail["my_total"] == 30000
    assert detail["shopper"] == {
        "first_name": "Siti Uji",
        "last_name": "",
        "phone": "+6281234567890",
    }
    assert detail["delivery"]["pickup"] is True and detail["delivery"]["address"] is None
    assert detail["payment"]["status"] == "awaiting"
    assert detail["whatsapp"].startswith("https://wa.me/6281234567890")
    assert [s["status"] for s in detail["lines"][0]["next_statuses"]] == ["Confirmed", "Cancelled"]
    text = json.dumps(detail)
    assert "Batik" not in text and "350000" not in text


@pytest.mark.django_db
def test_a_delivered_order_shows_the_address(shop):
    order = place_mixed_order(shop, payment="cod", shipping="delivery-village")
    detail = shop.call("get", f"/orders/{order.number}").json()
    assert detail["delivery"]["pickup"] is False
    assert detail["delivery"]["address"]["line1"] == "Jl. Raya Ibun No. 5, RT 01/RW 02"


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_she_moves_her_line_through_the_fulfilment_steps(shop, actor):
    order = place_mixed_order(shop)
    confirmation.mark_paid(Payment.objects.get(order=order).pk, by=shop.operator)
    line = order.lines.get(partner=shop.sari)
    rina_line = order.lines.get(partner=shop.rina)
    url = f"/orders/{order.number}/lines/{line.pk}/status"
    before = audited(shop.sari)

    response = shop.call("post", url, {"status": "Confirmed"}, as_=actor)
    assert response.status_code == 200, response.content
    assert response.json()["lines"][0]["status"] == "Confirmed"
    assert response.json()["lines"][0]["history"][0]["status"] == "Confirmed"
    line.refresh_from_db()
    assert line.status == "Confirmed"
    assert FulfilmentEvent.objects.get(line=line).actor == shop.user(actor)
    check_audit(shop, actor, before, "Order %(number)s: “%(title)s” marked %(status)s")

    # A step that is not allowed: 409 with the service's message, nothing changes.
    before = snapshot(shop.sari)
    body = errors_of(shop.call("post", url, {"status": "Delivered"}, as_=actor), 409)
    assert body["code"] == "conflict"
    assert body["message"] == "Barang ini tidak bisa diubah dari “Dikonfirmasi” ke “Diterima”."
    body = errors_of(shop.call("post", url, {"status": "Cancelled"}, as_=actor), 409)
    assert body["message"] == "Tulis alasan pembatalan agar pembeli mengerti."
    body = errors_of(shop.call("post", url, {"status": "Hilang"}, as_=actor))
    assert list(body["fields"]) == ["status"]
    assert snapshot(shop.sari) == before
    rina_line.refresh_from_db()
    assert rina_line.status == "New"

    for status in ("Packed", "Ready for pickup", "Delivered"):
        assert shop.call("post", url, {"status": status}, as_=actor).status_code == 200
    assert ledger.balance(shop.sari) > 0


@pytest.mark.django_db
def test_the_order_list_costs_the_same_queries_for_3_or_30_orders(shop):
    for _ in range(3):
        place_mixed_order(shop)
    small = count_queries(shop, "/orders")
    for _ in range(27):
        place_mixed_order(shop)
    assert count_queries(shop, "/orders?page_size=40") == small


# --- statement ----------------------------------------------------------------------


@pytest.fixture
def sold(shop):
    """Two paid orders of Bu Sari's, delivered through the API."""
    for _ in range(2):
        order = place_mixed_order(shop)
        confirmation.mark_paid(Payment.objects.get(order=order).pk, by=shop.operator)
        line = order.lines.get(partner=shop.sari)
        for status in ("Confirmed", "Packed", "Ready for pickup", "Delivered"):
            response = shop.call(
                "post", f"/orders/{order.number}/lines/{line.pk}/status", {"status": status}
            )
            assert response.status_code == 200, response.content
    return shop


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_the_statement_is_the_ledgers(sold, actor):
    shop = sold
    statement = shop.call("get", "/statement", as_=actor).json()
    expected = ledger.statement(shop.sari)
    assert statement["sold"] == 60000 == int(expected.sold)
    assert statement["commission"] == int(expected.commission) > 0
    assert statement["balance"] == statement["balance_now"] == int(ledger.balance(shop.sari))
    assert statement["opening_balance"] == 0
    assert statement["cash_collected"] == 0 and statement["paid_out"] == 0
    assert len(statement["rows"]) == 2
    assert all(row["description"].startswith("Pesanan ") for row in statement["rows"])
    assert statement["summary"][-1]["label"] == "Saldo"
    assert "Batik" not in json.dumps(statement)

    today = timezone.localdate()
    same = shop.call(
        "get", "/statement", {"start": today.isoformat(), "end": today.isoformat()}, as_=actor
    )
    assert same.json()["sold"] == 60000
    later = today.replace(year=today.year + 1)
    future = shop.call("get", "/statement", {"start": later.isoformat()}, as_=actor).json()
    assert future["rows"] == [] and future["opening_balance"] == statement["balance"]


@pytest.mark.django_db
def test_the_csv_is_the_portal_download(sold):
    shop = sold
    response = shop.call("get", "/statement.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    month = timezone.localdate().strftime("%Y-%m")
    assert response["Content-Disposition"] == (
        f'attachment; filename="saldo-{shop.sari.code}-{month}.csv"'
    )
    portal = Client(HTTP_HOST="ibun.localhost")
    portal.force_login(shop.sari_user)
    download = portal.get(
        reverse("portal:statement-download", kwargs={"producer": shop.sari.code, "format": "csv"})
    )
    assert response.content == download.content
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Tanggal" and rows[-1][1] == "Saldo"


@pytest.mark.django_db
def test_bad_statement_dates_are_refused(shop):
    english = {**shop.bearer(shop.sari_user), "Accept-Language": "en"}
    body = errors_of(
        shop.call(
            "get", "/statement", {"start": "2025-02-01", "end": "2025-01-01"}, headers=english
        )
    )
    assert body["fields"] == {"end": ["The end date must not be before the start date."]}
    body = errors_of(shop.call("get", "/statement", {"end": "9999-12-31"}, headers=english))
    assert body["fields"] == {"end": ["Choose a date from 2000 to 2200."]}
    body = errors_of(shop.call("get", "/statement.csv", {"start": "kemarin"}))
    assert list(body["fields"]) == ["start"]


def sale_refund_and_payout(shop):
    """Three entries on Bu Sari's ledger: her delivered line of a paid
    order, one of its two keripik refunded, and a payout to her."""
    if not hasattr(shop, "keripik"):  # enough stock for every round
        shop.keripik = shop.product("Keripik Pedas", stock=50, price=15000)
        shop.batik = factories.ProductFactory(
            producer=shop.rina, title="Kain Batik Merak", stock=50, stock__price=350000
        )
    order = place_mixed_order(shop)
    confirmation.mark_paid(Payment.objects.get(order=order).pk, by=shop.operator)
    line = order.lines.get(partner=shop.sari)
    for status in ("Confirmed", "Packed", "Ready for pickup", "Delivered"):
        fulfilment.change_status(line, status, shop.sari_user, notify=False)
    refunds.refund(order, {line.pk: 1}, user=shop.operator, reason="Remuk")
    ledger.record_payout(
        shop.sari,
        direction=Payout.Direction.TO_PRODUCER,
        amount=Decimal(1000),
        method=Payout.Method.BANK_TRANSFER,
        paid_on=timezone.localdate(),
        user=shop.operator,
        reference=f"TRF-{order.number}",
    )


@pytest.mark.django_db
def test_the_statement_costs_the_same_queries_for_3_or_30_entries(shop):
    sale_refund_and_payout(shop)
    small = count_queries(shop, "/statement")
    for _ in range(9):
        sale_refund_and_payout(shop)
    assert count_queries(shop, "/statement") == small
    rows = shop.call("get", "/statement").json()["rows"]
    assert len(rows) == 30
    descriptions = [row["description"] for row in rows]
    assert sum(d.startswith("Pesanan ") for d in descriptions) == 10
    assert sum(d.startswith("Pengembalian dana, pesanan ") for d in descriptions) == 10
    assert sum("TRF-" in d for d in descriptions) == 10


# --- tokens -------------------------------------------------------------------------


def write_calls(shop):
    """One request of each kind that changes something, all valid."""
    product = shop.product("Keripik Singkong", photos=2)
    image = product.images.order_by("pk").first()
    order = place_mixed_order(shop)
    line = order.lines.get(partner=shop.sari)
    return [
        ("patch", "/profile", {"story": "Diubah"}, None),
        ("post", "/products", None, {"photo": upload()}),
        ("patch", f"/products/{product.pk}", {"title": "Diubah"}, None),
        ("patch", f"/products/{product.pk}/stock", {"num_in_stock": 1}, None),
        ("post", f"/products/{product.pk}/photos", None, {"photo": upload()}),
        ("delete", f"/products/{product.pk}/photos/{image.pk}", None, None),
        ("post", f"/products/{product.pk}/unpublish", None, None),
        ("post", f"/products/{product.pk}/publish", None, None),
        ("delete", f"/products/{product.pk}", None, None),
        ("post", f"/orders/{order.number}/lines/{line.pk}/status", {"status": "Confirmed"}, None),
    ]


@pytest.mark.django_db
def test_a_read_only_token_reads_but_changes_nothing(shop):
    calls = write_calls(shop)
    headers = shop.bearer(shop.sari_user, scope=ApiToken.READ)
    assert shop.call("get", "/products", headers=headers).status_code == 200
    before = snapshot(shop.sari)
    for method, path, body, files in calls:
        response = shop.call(method, path, body, headers=headers, files=files)
        assert errors_of(response, 403)["code"] == "read_only_token", (method, path)
    assert snapshot(shop.sari) == before


@pytest.mark.django_db
def test_expired_revoked_or_no_token_is_a_401(shop):
    calls = write_calls(shop) + [("get", "/profile", None, None), ("get", "/orders", None, None)]
    expired = shop.bearer(shop.sari_user)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    revoked = shop.bearer(shop.sari_user)
    token = ApiToken.objects.latest("pk")
    assert tokens.revoke(shop.sari_user, token.pk)
    before = snapshot(shop.sari)
    for headers in (expired, revoked, {}, {"Authorization": "Bearer pd_tidak-ada"}):
        for method, path, body, files in calls + [("get", "/api/v1/me", None, None)]:
            response = shop.call(method, path, body, headers=headers, files=files)
            body_ = errors_of(response, 401)
            assert body_["code"] == "unauthenticated", (headers, method, path)
    assert snapshot(shop.sari) == before


@pytest.mark.django_db
def test_the_portal_session_works_too(shop):
    shop.client.force_login(shop.sari_user)
    response = shop.client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["producers"][0]["code"] == shop.sari.code
