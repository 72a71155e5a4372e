"""factory-boy factories for the objects most tests need."""

import importlib
from decimal import Decimal

import factory
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from regions.models import District, Province, Regency, Village
from storefront.demo_data import IBUN_QRIS
from storefront.models import PortalPage, ShopSettings, VillageShopPage

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["name"]

    name = "Jawa Barat"


class RegencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regency
        django_get_or_create = ["province", "name"]

    province = factory.SubFactory(ProvinceFactory)
    name = "Kabupaten Bandung"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["regency", "name"]

    regency = factory.SubFactory(RegencyFactory)
    name = "Ibun"


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ["district", "name"]

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Desa Uji {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@contoh.test")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def data_from_migrations():
    """What data migrations made and a transactional test's flush takes away
    (without serialized_rollback, which PostgreSQL sessions cannot use):
    Wagtail's locale and root page, and Indonesia as the shipping country.
    Returns the root page."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant("id"))
        root = Page.add_root(title="Root", slug="root")
    migration = importlib.import_module("storefront.migrations.0002_indonesia_shipping_country")
    migration.add_indonesia(django_apps, None)
    return root


def home_blocks(name):
    """A village shop's home as a new shop gets it: a hero, the newest
    products, the newest story."""
    return [
        ("hero", {"heading": name, "text": "", "button_text": "", "button_link": ""}),
        ("featured_products", {"heading": "Produk pilihan", "products": [], "count": 8}),
        ("story_teaser", {"story": None}),
    ]


def make_shop(hostname, name, *, language="id", district=None, is_default=False, **settings):
    """A village shop: a Wagtail Site with a VillageShopPage root and settings."""
    root = data_from_migrations()
    slug = hostname.split(".")[0].replace(":", "-")
    page = root.add_child(
        instance=(
            PortalPage(title=name, slug=f"{slug}-home")
            if is_default
            else VillageShopPage(title=name, slug=f"{slug}-home", body=home_blocks(name))
        )
    )
    site = Site.objects.create(
        hostname=hostname, port=80, root_page=page, site_name=name, is_default_site=is_default
    )
    defaults = {
        "language": language,
        "district": district,
        "collection_point": "Balai Desa",
        "bank_name": "Bank Uji",
        "bank_account_number": "1234567890",
        "bank_account_holder": "Koperasi Uji",
        "fee_village": 5000,
        "fee_outside_village": 10000,
        "qris_merchant_payload": IBUN_QRIS,
    }
    defaults.update(settings)
    ShopSettings.objects.update_or_create(site=site, defaults=defaults)
    return site


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Produsen Uji {n}")
    village = factory.SubFactory(VillageFactory)
    site = None
    story = "Membuat produk rumahan sejak 2015."


class ProductClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductClass
        django_get_or_create = ["name"]

    name = "Makanan"
    track_stock = True


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Produk Uji {n}")
    product_class = factory.SubFactory(ProductClassFactory)
    producer = factory.SubFactory(ProducerFactory)
    structure = Product.STANDALONE
    is_public = True

    @factory.post_generation
    def stock(obj, create, extracted, **kwargs):
        """ProductFactory(stock=5, stock__price=30000) also creates the stock record."""
        if not create:
            return
        StockRecord.objects.create(
            product=obj,
            partner=obj.producer,
            partner_sku=f"SKU-{obj.pk}",
            price=Decimal(kwargs.get("price", 25000)),
            num_in_stock=extracted if extracted is not None else 10,
        )
