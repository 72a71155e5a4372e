"""A producer's products in the portal: add in three screens, list, quick
stock and price, edit, photos, hide/show, duplicate, soft delete; nobody
touches another producer's products; facilitators' changes are audited."""

import io
import os
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from catalog import editing, photo_files, renditions
from tests import factories
from vendors.portal.views.products_common import ProductMixin

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
AuditEntry = get_model("partner", "AuditEntry")
ProducerGroup = get_model("partner", "ProducerGroup")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")


def jpeg_bytes(color=(200, 30, 30), size=(60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def photo(name="foto.jpg", color=(200, 30, 30)):
    return SimpleUploadedFile(name, jpeg_bytes(color), content_type="image/jpeg")


def url(name, producer, product=None):
    kwargs = {"producer": producer.code}
    if product is not None:
        kwargs["pk"] = product.pk
    return reverse(f"portal:{name}", kwargs=kwargs)


class Shop:
    """Producer Sari of Ibun Store, signed in, with seeded classes and categories."""

    def __init__(self, client, ibun):
        for name in ("Makanan", "Kerajinan", "Busana", "Pertanian"):
            ProductClass.objects.get_or_create(name=name, defaults={"track_stock": True})
        self.food = Category.add_root(name="Makanan & Camilan")
        self.craft = Category.add_root(name="Kerajinan")
        self.farm = Category.add_root(name="Hasil Pertanian")
        village = factories.VillageFactory(name="Lampegan")
        self.group = ProducerGroup.objects.create(name="Kelompok Melati", village=village)
        self.producer = factories.ProducerFactory(
            site=ibun, name="Keripik Bu Sari", village=village, group=self.group
        )
        self.user = factories.UserFactory(first_name="Sari")
        self.producer.users.add(self.user)
        self.client = client
        client.force_login(self.user)

    def url(self, name, product=None):
        return url(name, self.producer, product)

    def product(self, title="Keripik Singkong", stock=10, price=15000, photos=1, **kwargs):
        product = factories.ProductFactory(
            producer=self.producer, title=title, stock=stock, stock__price=price, **kwargs
        )
        for order in range(photos):
            ProductImage.objects.create(
                product=product,
                original=ContentFile(jpeg_bytes((order * 40, 10, 10)), name=f"p{order}.jpg"),
                display_order=order,
            )
        return product


@pytest.fixture
def shop(ibun_client, ibun):
    return Shop(ibun_client, ibun)


def add_draft(shop, *files):
    response = shop.client.post(shop.url("product-add"), {"photos": list(files) or [photo()]})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Product.objects.filter(producer=shop.producer).latest("pk"), response


DETAILS = {
    "title": "Keripik Pisang Manis",
    "price": "Rp 25.000",
    "description": "Pisang kepok <b>renyah</b>.\nTanpa pengawet.",
}


@pytest.mark.django_db
def test_three_screens_put_a_product_with_photo_stock_and_category_in_the_shop(shop):
    assert shop.client.get(shop.url("product-add")).status_code == 200
    product, response = add_draft(shop, photo("a.jpg"), photo("b.jpg", (10, 200, 10)))
    assert response["Location"] == shop.url("product-details", product)
    assert not product.is_public
    assert product.producer == shop.producer
    assert product.images.count() == 2
    assert sorted(product.images.values_list("display_order", flat=True)) == [0, 1]

    page = shop.client.get(response["Location"])
    assert page.status_code == 200
    assert page.content.decode().count("<li") >= 3 and 'class="steps"' in page.content.decode()

    response = shop.client.post(
        shop.url("product-details", product), {**DETAILS, "category": shop.farm.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == shop.url("product-stock", product)
    product.refresh_from_db()
    assert product.title == "Keripik Pisang Manis"
    assert not product.is_public
    assert product.product_class.name == "Pertanian"
    assert list(product.categories.all()) == [shop.farm]
    assert "&lt;b&gt;renyah&lt;/b&gt;" in product.description
    assert product.description.startswith("<p>")

    assert shop.client.get(shop.url("product-stock", product)).status_code == 200
    response = shop.client.post(
        shop.url("product-stock", product), {"fulfilment": "stock", "num_in_stock": "12"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(shop.url("product-list"))
    product.refresh_from_db()
    assert product.is_public
    record = StockRecord.objects.get(product=product)
    assert record.partner == shop.producer
    assert record.price == Decimal(25000)
    assert record.num_in_stock == 12
    assert record.partner_sku == f"P{product.pk}"

    listing = shop.client.get(response["Location"])
    assert product.get_absolute_url() in listing.content.decode()  # link in the message
    catalogue = shop.client.get("/catalogue/")
    assert "Keripik Pisang Manis" in catalogue.content.decode()
    assert not AuditEntry.objects.exists()  # her own changes are not logged


@pytest.mark.django_db
def test_made_to_order_path(shop):
    product, _ = add_draft(shop)
    shop.client.post(shop.url("product-details", product), {**DETAILS, "category": shop.craft.pk})
    response = shop.client.post(
        shop.url("product-stock", product),
        {"fulfilment": "made_to_order", "lead_time_days": "5", "weekly_capacity": "20"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.is_public and product.is_made_to_order
    assert (product.lead_time_days, product.weekly_capacity) == (5, 20)
    assert product.product_class.name == "Kerajinan"
    assert StockRecord.objects.get(product=product).num_in_stock is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"fulfilment": "made_to_order", "lead_time_days": "0"},
        {"fulfilment": "made_to_order", "lead_time_days": "61"},
        {"fulfilment": "made_to_order"},
        {"fulfilment": "stock", "num_in_stock": "-1"},
        {"fulfilment": "stock", "num_in_stock": "banyak"},
        {"fulfilment": "stock"},
        {"fulfilment": "wholesale"},
    ],
)
def test_bad_stock_screen_changes_nothing(shop, data):
    product, _ = add_draft(shop)
    shop.client.post(shop.url("product-details", product), {**DETAILS, "category": shop.food.pk})
    response = shop.client.post(shop.url("product-stock", product), data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    product.refresh_from_db()
    assert not product.is_public
    assert StockRecord.objects.get(product=product).num_in_stock is None


@pytest.mark.django_db
@pytest.mark.parametrize("price", ["99", "0", "-500", "dua puluh ribu", "25,5", ""])
def test_bad_price_shows_an_error_and_changes_nothing(shop, price):
    product, _ = add_draft(shop)
    before = Product.objects.filter(pk=product.pk).values().get()
    response = shop.client.post(
        shop.url("product-details", product),
        {**DETAILS, "price": price, "category": shop.food.pk},
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert Product.objects.filter(pk=product.pk).values().get() == before
    assert not StockRecord.objects.filter(product=product).exists()


@pytest.mark.django_db
def test_a_non_image_upload_creates_nothing(shop):
    text = SimpleUploadedFile("foto.jpg", b"bukan foto sama sekali", content_type="image/jpeg")
    response = shop.client.post(shop.url("product-add"), {"photos": [photo(), text]})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert "foto.jpg" in response.content.decode()
    assert not Product.objects.exists()
    assert not ProductImage.objects.exists()

    response = shop.client.post(shop.url("product-add"), {})
    assert response.status_code == 200
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_the_list_shows_drafts_and_public_products_in_a_fixed_number_of_queries(shop):
    shop.product("Keripik Satu")
    add_draft(shop)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = shop.client.get(shop.url("product-list"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    few, page = count()
    assert "Keripik Satu" in page and "/r/160/webp/products/" in page
    for n in range(4):
        shop.product(f"Produk Lain {n}", photos=2)
    many, page = count()
    assert many == few
    assert page.index("Produk Lain 3") < page.index("Keripik Satu")


@pytest.mark.django_db
def test_quick_stock_and_price(shop):
    product = shop.product(stock=3, price=15000)
    response = shop.client.post(shop.url("product-stock-quick", product), {"num_in_stock": "7"})
    assert response.status_code == 302
    response = shop.client.post(shop.url("product-price-quick", product), {"price": "17.500"})
    assert response.status_code == 302
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.price) == (7, Decimal(17500))

    for view, data in [
        ("product-stock-quick", {"num_in_stock": "-2"}),
        ("product-stock-quick", {"num_in_stock": "x"}),
        ("product-price-quick", {"price": "50"}),
        ("product-price-quick", {"price": ""}),
    ]:
        response = shop.client.post(shop.url(view, product), data, follow=True)
        assert any(m.level_tag == "error" for m in response.context["messages"]), (view, data)
    record.refresh_from_db()
    assert (record.num_in_stock, record.price) == (7, Decimal(17500))

    assert shop.client.get(shop.url("product-stock-quick", product)).status_code == 405
    assert shop.client.get(shop.url("product-price-quick", product)).status_code == 405


@pytest.mark.django_db
def test_edit_everything_on_one_page(shop):
    product = shop.product()
    page = shop.client.get(shop.url("product-edit", product))
    assert page.status_code == 200
    response = shop.client.post(
        shop.url("product-edit", product),
        {
            **DETAILS,
            "category": shop.food.pk,
            "fulfilment": "made_to_order",
            "lead_time_days": "3",
        },
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.title == "Keripik Pisang Manis"
    assert product.is_made_to_order and product.lead_time_days == 3
    assert product.product_class.name == "Makanan"
    record = StockRecord.objects.get(product=product)
    assert record.price == Decimal(25000) and record.num_in_stock is None
    page = shop.client.get(shop.url("product-edit", product)).content.decode()
    assert "Pisang kepok &lt;b&gt;renyah&lt;/b&gt;." in page  # plain text back in the box


@pytest.mark.django_db
def test_hide_and_show(shop):
    product = shop.product()
    assert shop.client.get(shop.url("product-toggle", product)).status_code == 405
    shop.client.post(shop.url("product-toggle", product), follow=True)
    product.refresh_from_db()
    assert not product.is_public
    assert "Keripik Singkong" not in shop.client.get("/catalogue/").content.decode()
    shop.client.post(shop.url("product-toggle", product))
    product.refresh_from_db()
    assert product.is_public

    draft, _ = add_draft(shop)
    shop.client.post(shop.url("product-toggle", draft))  # no name and price yet
    draft.refresh_from_db()
    assert not draft.is_public


@pytest.mark.django_db
def test_duplicate_makes_a_hidden_copy_with_its_own_photo_files(shop):
    product = shop.product(photos=2)
    product.categories.add(shop.food)
    response = shop.client.post(shop.url("product-duplicate", product))
    assert response.status_code == 302
    copy = Product.objects.exclude(pk=product.pk).get(producer=shop.producer)
    assert copy.title == "Keripik Singkong (salinan)" or copy.title.startswith("Keripik Singkong (")
    assert not copy.is_public
    assert list(copy.categories.all()) == [shop.food]
    record = StockRecord.objects.get(product=copy)
    assert (record.partner, record.price, record.num_in_stock) == (
        shop.producer,
        Decimal(15000),
        10,
    )
    originals = [image.original for image in product.images.all()]
    copies = [image.original for image in copy.images.all()]
    assert len(copies) == 2
    assert {c.name for c in copies}.isdisjoint({o.name for o in originals})
    assert [c.read() for c in copies] == [o.read() for o in originals]
    assert StockRecord.objects.filter(product=product).count() == 1


@pytest.mark.django_db
def test_soft_delete(shop):
    product = shop.product()
    page = shop.client.get(shop.url("product-delete", product))
    assert page.status_code == 200
    assert Product.objects.get(pk=product.pk).deleted_at is None
    response = shop.client.post(shop.url("product-delete", product), follow=True)
    assert response.redirect_chain[0][0] == shop.url("product-list")
    product.refresh_from_db()
    assert product.deleted_at is not None and not product.is_public
    assert f'id="product-{product.pk}"' not in response.content.decode()
    assert "Keripik Singkong" not in shop.client.get(shop.url("product-list")).content.decode()
    assert "Keripik Singkong" not in shop.client.get("/catalogue/").content.decode()
    assert shop.client.get(shop.url("product-edit", product)).status_code == 404


@pytest.mark.django_db
def test_photos_reorder_main_and_delete(shop):
    product = shop.product(photos=3)
    first, second, third = product.images.order_by("display_order")
    page = shop.client.get(shop.url("product-photos", product))
    assert page.status_code == 200

    def order():
        return list(product.images.order_by("display_order").values_list("pk", flat=True))

    post = shop.client.post
    post(shop.url("product-photos", product), {"action": "main", "image": third.pk})
    assert order() == [third.pk, first.pk, second.pk]
    post(shop.url("product-photos", product), {"action": "down", "image": third.pk})
    assert order() == [first.pk, third.pk, second.pk]
    post(shop.url("product-photos", product), {"action": "up", "image": second.pk})
    assert order() == [first.pk, second.pk, third.pk]
    assert sorted(product.images.values_list("display_order", flat=True)) == [0, 1, 2]

    response = post(
        shop.url("product-photos", product),
        {"action": "upload", "photos": [photo("baru.jpg")]},
    )
    assert response.status_code == 302
    assert product.images.count() == 4
    assert order()[:3] == [first.pk, second.pk, third.pk]

    for image in product.images.order_by("-display_order")[:3]:
        post(shop.url("product-photos", product), {"action": "delete", "image": image.pk})
    assert order() == [first.pk]
    response = post(
        shop.url("product-photos", product), {"action": "delete", "image": first.pk}, follow=True
    )
    assert order() == [first.pk]  # a public product keeps its last photo
    assert any(m.level_tag == "error" for m in response.context["messages"])

    other = shop.product("Lain")
    alien = other.images.get()
    response = post(shop.url("product-photos", product), {"action": "delete", "image": alien.pk})
    assert response.status_code == 404
    assert ProductImage.objects.filter(pk=alien.pk).exists()


@pytest.mark.django_db
def test_another_producer_gets_404_everywhere_and_changes_nothing(shop, ibun):
    other = factories.ProducerFactory(site=ibun, name="Batik Bu Rina")
    theirs = factories.ProductFactory(producer=other, title="Batik Merak", stock=5)
    image = ProductImage.objects.create(
        product=theirs, original=ContentFile(jpeg_bytes(), name="b.jpg"), display_order=0
    )

    def snapshot():
        return (
            list(Product.objects.filter(producer=other).values()),
            list(StockRecord.objects.filter(partner=other).values()),
            list(ProductImage.objects.filter(product__producer=other).values()),
            Product.objects.count(),
        )

    before = snapshot()
    names = [
        "product-details",
        "product-stock",
        "product-edit",
        "product-photos",
        "product-toggle",
        "product-duplicate",
        "product-delete",
        "product-stock-quick",
        "product-price-quick",
    ]
    data = {
        **DETAILS,
        "category": shop.food.pk,
        "fulfilment": "stock",
        "num_in_stock": "0",
        "action": "delete",
        "image": image.pk,
    }
    post_only = {
        "product-toggle",
        "product-duplicate",
        "product-stock-quick",
        "product-price-quick",
    }
    for name in names:
        # Her own shop's URL with the other producer's product, then the
        # other producer's shop. A POST-only URL answers GET with 405 for
        # any product, which reveals nothing either.
        for target in (url(name, shop.producer, theirs), url(name, other, theirs)):
            expected = (
                405 if name in post_only and target.startswith(url("shop", shop.producer)) else 404
            )
            assert shop.client.get(target).status_code == expected, (name, target)
            assert shop.client.post(target, data).status_code == 404, (name, target)
    for name in ("product-list", "product-add"):
        assert shop.client.get(url(name, other)).status_code == 404
        assert shop.client.post(url(name, other), {"photos": [photo()]}).status_code == 404
    assert snapshot() == before


@pytest.mark.django_db
def test_a_facilitator_edits_and_it_is_audited(shop):
    product = shop.product()
    facilitator = factories.UserFactory(first_name="Dewi")
    FacilitatorAssignment.objects.create(facilitator=facilitator, group=shop.group)
    shop.client.force_login(facilitator)

    response = shop.client.post(shop.url("product-price-quick", product), {"price": "20000"})
    assert response.status_code == 302
    assert StockRecord.objects.get(product=product).price == Decimal(20000)
    entry = AuditEntry.objects.get(producer=shop.producer)
    assert entry.actor == facilitator
    assert "Keripik Singkong" in entry.action

    response = shop.client.post(
        shop.url("product-edit", product),
        {**DETAILS, "category": shop.food.pk, "fulfilment": "stock", "num_in_stock": "4"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(producer=shop.producer).count() == 2

    shop.client.force_login(shop.user)
    shop.client.post(shop.url("product-stock-quick", product), {"num_in_stock": "9"})
    shop.client.post(shop.url("product-toggle", product))
    assert AuditEntry.objects.filter(producer=shop.producer).count() == 2


# Review fixes: bad ids, stock allocations, files, light pages, photo order on
# screen 2, categories, the editing service.


def media_files(folder=""):
    """Every stored file under MEDIA_ROOT/folder, as storage names."""
    from django.conf import settings

    root = os.path.join(settings.MEDIA_ROOT, folder)
    found = set()
    for directory, _dirs, files in os.walk(root):
        for name in files:
            found.add(os.path.relpath(os.path.join(directory, name), settings.MEDIA_ROOT))
    return found


def allocate(product, quantity):
    """What checkout does when an order is placed: an F() update."""
    StockRecord.objects.filter(product=product).update(
        num_allocated=Coalesce(F("num_allocated"), 0) + quantity
    )


@pytest.mark.django_db
@pytest.mark.parametrize("image", ["²", "", "abc", "1.5", "-1", "9" * 30, "1 OR 1=1"])
def test_a_bad_photo_id_is_a_404_never_a_500(shop, image):
    product = shop.product(photos=2)
    before = list(product.images.values_list("pk", "display_order"))
    for action in ("up", "down", "main", "delete"):
        response = shop.client.post(
            shop.url("product-photos", product), {"action": action, "image": image}
        )
        assert response.status_code == 404, (action, image)
    assert list(product.images.values_list("pk", "display_order")) == before


@pytest.mark.django_db
def test_an_unknown_photo_action_is_explained(shop):
    product = shop.product(photos=2)
    response = shop.client.post(
        shop.url("product-photos", product), {"action": "terbang", "image": "²"}, follow=True
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["Tindakan tidak dikenal."]


@pytest.mark.django_db
def test_saving_stock_keeps_an_allocation_made_after_it_was_read(shop):
    """A checkout allocates (F() update) while the stock record is being
    saved: the allocation must survive the save."""
    from django.db.models.signals import pre_save

    product = shop.product(stock=10)
    record = StockRecord.objects.get(product=product)

    def checkout_meanwhile(sender, instance, **kwargs):
        if instance.pk == record.pk:
            allocate(product, 2)

    pre_save.connect(checkout_meanwhile, sender=StockRecord)
    try:
        editing.save_stockrecord(product, num_in_stock=8)
        editing.save_stockrecord(product, price=20000)
    finally:
        pre_save.disconnect(checkout_meanwhile, sender=StockRecord)
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated, record.price) == (8, 4, Decimal(20000))


@pytest.mark.django_db
def test_quick_stock_price_and_edit_keep_open_orders_allocations(shop):
    product = shop.product(stock=10)
    allocate(product, 3)
    shop.client.post(shop.url("product-stock-quick", product), {"num_in_stock": "12"})
    shop.client.post(shop.url("product-price-quick", product), {"price": "16000"})
    response = shop.client.post(
        shop.url("product-edit", product),
        {**DETAILS, "category": shop.food.pk, "fulfilment": "stock", "num_in_stock": "11"},
    )
    assert response.status_code == 302
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.num_allocated, record.price) == (11, 3, Decimal(25000))


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["product-edit", "product-stock"])
def test_made_to_order_is_refused_while_orders_hold_shelf_stock(shop, view):
    product = shop.product(stock=10)
    product.categories.add(shop.food)
    allocate(product, 3)
    data = {
        **DETAILS,
        "category": shop.food.pk,
        "fulfilment": "made_to_order",
        "lead_time_days": "4",
    }
    response = shop.client.post(shop.url(view, product), data)
    assert response.status_code == 200
    assert response.context["form"].errors["fulfilment"]
    product.refresh_from_db()
    record = StockRecord.objects.get(product=product)
    assert not product.is_made_to_order and product.lead_time_days == 0
    assert (record.num_in_stock, record.num_allocated) == (10, 3)
    assert product.title == "Keripik Singkong"  # screen 2's part rolled back too

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            editing.apply_stock(product, {"fulfilment": "made_to_order", "lead_time_days": 4})
    assert "3 on the shelf are reserved" in refused.value.message_dict["fulfilment"][0]

    # Once those orders are sent (the allocation consumed), she can switch.
    StockRecord.objects.filter(product=product).update(num_allocated=0, num_in_stock=7)
    response = shop.client.post(shop.url(view, product), data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.is_made_to_order and product.lead_time_days == 4
    assert StockRecord.objects.get(product=product).num_in_stock is None


@pytest.mark.django_db
def test_the_list_shows_free_and_reserved_stock_and_the_shelf_box(shop):
    product = shop.product(stock=10)
    allocate(product, 3)
    plain = shop.product("Rengginang", stock=4)
    response = shop.client.get(shop.url("product-list"))
    listed = next(p for p in response.context["products"] if p.pk == product.pk)
    assert (listed.free, listed.reserved) == (7, 3)
    html = response.content.decode()
    card = html[html.index(f'id="product-{product.pk}"') :]
    assert f'id="stock-{product.pk}" name="num_in_stock"' in card
    assert 'value="10"' in card  # the box holds the shelf count
    assert "Stok: 10" not in card
    plain_card = html[html.index(f'id="product-{plain.pk}"') :]
    assert "Stok: 4" in plain_card[: plain_card.index("</li>")]

    edit = shop.client.get(shop.url("product-edit", product))
    assert "3" in str(edit.context["form"].fields["num_in_stock"].help_text)

    # The quick box sets the shelf count; shoppers then see shelf - reserved.
    shop.client.post(shop.url("product-stock-quick", product), {"num_in_stock": "5"}, follow=True)
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.num_allocated, record.net_stock_level) == (5, 3, 2)
    response = shop.client.post(
        shop.url("product-stock-quick", product), {"num_in_stock": "1"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["success", "warning"]


@pytest.mark.django_db
def test_a_failed_add_leaves_no_product_no_photo_and_no_file(shop, monkeypatch):
    before = media_files("products")
    real_save = ProductImage.save
    saved = []

    def fail_on_second(self, *args, **kwargs):
        saved.append(self)
        if len(saved) == 2:
            raise RuntimeError("database gone")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(ProductImage, "save", fail_on_second)
    with pytest.raises(RuntimeError):
        shop.client.post(shop.url("product-add"), {"photos": [photo("a.jpg"), photo("b.jpg")]})
    assert not Product.objects.exists()
    assert not ProductImage.objects.exists()
    assert media_files("products") == before


@pytest.mark.django_db
def test_a_failed_duplicate_leaves_nothing_half_saved(shop, monkeypatch):
    product = shop.product(photos=2)
    before = media_files("products")
    products = Product.objects.count()

    def fail(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(ProductMixin, "audit_product", fail)
    with pytest.raises(RuntimeError):
        shop.client.post(shop.url("product-duplicate", product))
    assert Product.objects.count() == products
    assert ProductImage.objects.count() == 2
    assert StockRecord.objects.count() == 1
    assert media_files("products") == before


@pytest.mark.django_db
def test_deleting_a_photo_deletes_its_file_and_renditions(
    shop, client, django_capture_on_commit_callbacks
):
    product = shop.product(photos=2)
    image = product.images.order_by("display_order").last()
    name = image.original.name
    made = [renditions.render(name, width, fmt) for width in (160, 320) for fmt in ("webp", "jpeg")]
    assert all(default_storage.exists(path) for path in made)

    with django_capture_on_commit_callbacks(execute=True):
        response = shop.client.post(
            shop.url("product-photos", product), {"action": "delete", "image": image.pk}
        )
    assert response.status_code == 302
    assert not ProductImage.objects.filter(pk=image.pk).exists()
    assert not default_storage.exists(name)
    assert not any(default_storage.exists(path) for path in made)
    client.defaults["HTTP_HOST"] = "ibun.localhost"
    assert client.get(f"/r/160/webp/{name}").status_code == 404


@pytest.mark.django_db
def test_a_file_another_photo_uses_is_kept(shop, django_capture_on_commit_callbacks):
    product = shop.product(photos=2)
    first, second = product.images.order_by("display_order")
    ProductImage.objects.filter(pk=second.pk).update(original=first.original.name)
    with django_capture_on_commit_callbacks(execute=True):
        editing.delete_photo(product, ProductImage.objects.get(pk=second.pk))
    assert default_storage.exists(first.original.name)


@pytest.mark.django_db
def test_pages_show_small_renditions_not_the_stored_originals(shop):
    product = shop.product(photos=2)
    product.categories.add(shop.food)
    names = [image.original.name for image in product.images.all()]
    for view in ("product-list", "product-photos", "product-details"):
        url = shop.url(view) if view == "product-list" else shop.url(view, product)
        html = shop.client.get(url).content.decode()
        assert f"/r/160/webp/{names[0]}" in html, view
        assert 'sizes="72px"' in html, view
        for name in names:
            assert default_storage.url(name) not in html, view


@pytest.mark.django_db
def test_screen_two_orders_the_photos_and_comes_back(shop):
    product, _ = add_draft(shop, photo("a.jpg"), photo("b.jpg", (0, 200, 0)), photo("c.jpg"))
    first, second, third = product.images.order_by("display_order")
    details = shop.url("product-details", product)
    photos = shop.url("product-photos", product)
    page = shop.client.get(details).content.decode()
    # The first photo moves down; the second main, up or down; the last main or up.
    assert page.count(f'action="{photos}"') == 6
    assert f'name="next" value="{details}"' in page

    def order():
        return list(product.images.order_by("display_order").values_list("pk", flat=True))

    response = shop.client.post(photos, {"action": "main", "image": third.pk, "next": details})
    assert response.status_code == 302 and response["Location"] == details
    assert order() == [third.pk, first.pk, second.pk]
    response = shop.client.post(photos, {"action": "down", "image": third.pk, "next": details})
    assert response["Location"] == details
    assert order() == [first.pk, third.pk, second.pk]
    response = shop.client.post(photos, {"action": "up", "image": second.pk, "next": details})
    assert order() == [first.pk, second.pk, third.pk]

    for evil in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = shop.client.post(photos, {"action": "up", "image": first.pk, "next": evil})
        assert response["Location"] == photos, evil

    # Photos, then details with their order, then stock: the whole add flow.
    shop.client.post(details, {**DETAILS, "category": shop.food.pk})
    response = shop.client.post(
        shop.url("product-stock", product), {"fulfilment": "stock", "num_in_stock": "3"}
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.is_public and product.primary_image().pk == first.pk


@pytest.mark.django_db
def test_hidden_categories_are_not_offered(shop):
    hidden = Category.add_root(name="Arsip Lama", is_public=False)
    product, _ = add_draft(shop)
    page = shop.client.get(shop.url("product-details", product))
    choices = list(page.context["form"].fields["category"].queryset)
    assert hidden not in choices and shop.food in choices
    response = shop.client.post(
        shop.url("product-details", product), {**DETAILS, "category": hidden.pk}
    )
    assert response.status_code == 200
    assert "category" in response.context["form"].errors
    assert not StockRecord.objects.filter(product=product).exists()


@pytest.mark.django_db
def test_publish_rules_in_one_place(shop):
    draft, _ = add_draft(shop)
    assert editing.publish_blocker(draft) == editing.NEEDS_DETAILS
    for view in ("product-stock", "product-toggle"):
        response = shop.client.post(shop.url(view, draft), {"fulfilment": "stock"}, follow=True)
        assert response.redirect_chain[-1][0] == shop.url("product-details", draft)
        assert [str(m) for m in response.context["messages"]] == [
            "Tulis dulu nama dan harganya."
        ], view
    response = shop.client.post(
        shop.url("product-stock-quick", draft), {"num_in_stock": "3"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Tulis dulu nama dan harganya."]

    editing.apply_details(draft, {**DETAILS, "price": 25000, "category": shop.food})
    ProductImage.objects.filter(product=draft).delete()
    assert editing.publish_blocker(draft) == editing.NEEDS_PHOTO
    assert editing.publish_blocker(draft, photos=False) is None
    response = shop.client.post(shop.url("product-toggle", draft), follow=True)
    assert response.redirect_chain[-1][0] == shop.url("product-photos", draft)
    assert [str(m) for m in response.context["messages"]] == [
        "Tambahkan dulu paling sedikit satu foto."
    ]
    draft.refresh_from_db()
    assert not draft.is_public


@pytest.mark.django_db
def test_the_editing_service_duplicates_with_its_own_helpers(shop):
    product = shop.product(photos=2, stock=4, price=12000)
    product.categories.add(shop.craft)
    allocate(product, 1)
    with photo_files.atomic_with_files():
        copy = editing.duplicate(product, "Salinan")
    record = editing.stockrecord_of(copy)
    assert (record.partner_sku, record.price, record.num_in_stock, record.num_allocated) == (
        f"P{copy.pk}",
        Decimal(12000),
        4,
        None,
    )
    assert list(copy.categories.all()) == [shop.craft]
    assert [image.display_order for image in editing.photos_of(copy)] == [0, 1]
    assert not copy.is_public and copy.producer == shop.producer


@pytest.mark.django_db
def test_product_class_follows_the_category_name(shop):
    assert editing.class_for_category(shop.farm).name == "Pertanian"
    assert editing.class_for_category(shop.food).name == "Makanan"
    other = Category.add_root(name="Minuman Segar")
    assert editing.class_for_category(other) == ProductClass.objects.order_by("pk").first()


@pytest.mark.django_db
def test_a_failed_photo_delete_keeps_the_photo_and_its_file(
    shop, monkeypatch, django_capture_on_commit_callbacks
):
    product = shop.product(photos=2)
    image = product.images.order_by("display_order").last()

    def fail(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(ProductMixin, "audit_product", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        shop.client.post(
            shop.url("product-photos", product), {"action": "delete", "image": image.pk}
        )
    assert ProductImage.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.original.name)
