"""`python manage.py seed_scale --villages 100 --producers 10000 --products 100000`:
a province-sized data set on top of the demo, to see pages stay flat as data grows.

Invented regions (regencies > districts > villages in the demo's province),
one village shop per village (Wagtail Site, home page, ShopSettings), one
producer group per village, producers spread over the shops and products
spread over the producers, each with its category, attribute values, a
stock record with a price and one of a few shared pictures (24 files for
any number of products).

Rows are bulk inserted, a transaction per batch; the few categories and
pages go through treebeard and Wagtail as usual. Every object has a natural
key computed from its index (storefront.scale_data): a second run creates
only what is missing, so the same numbers again add nothing and bigger
numbers grow the set. Bulk inserts send no signals, so each batch of
products is added to the search index explicitly (catalog.search).
"""

import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from oscar.core.loading import get_model
from wagtail.models import Page, Site

from catalog import search
from regions.models import District, Province, Regency, Village
from storefront import demo_data
from storefront import demo_images as images
from storefront import scale_data as data
from storefront.models import ShopSettings, VillageShopPage

Category = get_model("catalogue", "Category")
CommissionRate = get_model("partner", "CommissionRate")
Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")
Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

# Stays under SQLite's limit of bound variables in one `IN (...)`.
LOOKUP_CHUNK = 900


class Command(BaseCommand):
    help = "Add a large generated data set (shops, producers, products) on top of the demo."

    def add_arguments(self, parser):
        parser.add_argument("--villages", type=int, default=100)
        parser.add_argument("--producers", type=int, default=10_000)
        parser.add_argument("--products", type=int, default=100_000)
        parser.add_argument("--batch-size", type=int, default=5_000)

    def handle(self, *args, villages, producers, products, batch_size, **options):
        if min(villages, producers, products) < 1 or batch_size < 1:
            raise CommandError("--villages, --producers, --products and --batch-size must be >= 1.")
        started = time.monotonic()
        if not Site.objects.filter(is_default_site=True).exists() or not all_classes_exist():
            self.stdout.write("No demo yet: running seed_demo first.")
            call_command("seed_demo", stdout=self.stdout)
        with transaction.atomic():
            sites = load_shops(villages)
            catalogue = load_catalogue()
        timings = {"shops": time.monotonic() - started}
        step = time.monotonic()
        new_producers = load_producers(producers, sites, catalogue, batch_size)
        timings["producers"] = time.monotonic() - step
        step = time.monotonic()
        new_products = load_products(products, producers, catalogue, batch_size)
        timings["products"] = time.monotonic() - step
        search.refresh_planner_statistics()
        total = time.monotonic() - started
        details = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data ready in {total:.1f} s ({details}): created {new_producers} "
                f"producers and {new_products} products; now {Site.objects.count()} sites, "
                f"{Partner.objects.count()} producers, {Product.objects.count()} products."
            )
        )


def all_classes_exist():
    return ProductClass.objects.filter(name__in=data.CLASS_NAMES).count() == len(data.CLASSES)


def load_shops(count):
    """Regions, a village shop and a producer group for each of `count`
    villages; returns [(site, village, group)] in index order."""
    province = Province.objects.get_or_create(name=demo_data.PROVINCE)[0]
    root = Page.get_first_root_node()
    busana = Category.objects.get(depth=1, name=demo_data.CATEGORIES["Busana"])
    shops = []
    for index in range(count):
        district_index = index // data.VILLAGES_PER_DISTRICT
        regency = Regency.objects.get_or_create(
            province=province,
            name=data.regency_name(district_index // data.DISTRICTS_PER_REGENCY),
        )[0]
        district = District.objects.get_or_create(
            regency=regency, name=data.district_name(district_index)
        )[0]
        name = data.village_name(index)
        village = Village.objects.get_or_create(district=district, name=name)[0]
        group_name, kind = data.group_for_village(index)
        group = ProducerGroup.objects.get_or_create(
            name=group_name, village=village, defaults={"kind": kind}
        )[0]
        site = Site.objects.filter(hostname=data.village_hostname(index)).first()
        if site is None:
            site = create_shop(root, index, name, district)
            CommissionRate.objects.get_or_create(
                site=site, category=busana, defaults={"percent": 5}
            )
        shops.append((site, village, group))
    return shops


def create_shop(root, index, village_name, district):
    shop_name = f"Toko Desa {village_name}"
    hostname = data.village_hostname(index)
    home = root.add_child(
        instance=VillageShopPage(
            title=shop_name,
            slug=hostname.split(".")[0],
            body=[
                ("hero", {"heading": shop_name, "text": "", "button_text": "", "button_link": ""}),
                ("featured_products", {"heading": "Produk pilihan", "products": [], "count": 8}),
                ("story_teaser", {"story": None}),
            ],
        )
    )
    site = Site.objects.create(
        hostname=hostname, port=80, root_page=home, site_name=shop_name, is_default_site=False
    )
    ShopSettings.objects.create(
        site=site,
        language="id",
        theme="desa",
        tagline=f"Produk rumahan ibu-ibu Desa {village_name}",
        district=district,
        collection_point=f"Balai Desa {village_name}",
        whatsapp=f"0812{index:08d}",
        bank_name=demo_data.BANK_NAME,
        bank_account_number=f"0012-{index:04d}-0001",
        bank_account_holder=f"Koperasi Wanita {village_name}",
        **demo_data.DELIVERY_FEES,
    )
    return site


def load_catalogue():
    """Per class: the class, its attributes by code, its root category (the
    demo's), a sub-category per product kind and the shared picture names."""
    catalogue = {}
    for class_name, (_words, kinds, _prices, _weights) in data.CLASSES.items():
        product_class = ProductClass.objects.get(name=class_name)
        root = Category.objects.get(depth=1, name=demo_data.CATEGORIES[class_name])
        subcategories = {}
        for kind in kinds:
            child = root.get_children().filter(name=kind).first()
            subcategories[kind] = child or root.add_child(name=kind)
        pictures = []
        for number in range(data.IMAGES_PER_CLASS):
            name = data.image_name(class_name, number)
            if not default_storage.exists(name):
                picture = images.product_jpeg(f"{class_name} {number + 1}", class_name)
                name = default_storage.save(name, ContentFile(picture))
            pictures.append(name)
        catalogue[class_name] = {
            "class": product_class,
            "attributes": {a.code: a for a in product_class.attributes.all()},
            "root": root,
            "subcategories": subcategories,
            "pictures": pictures,
        }
    return catalogue


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def existing(model, field, values):
    """The values of `field` among `values` that rows of `model` already have."""
    found = set()
    for chunk in chunks(list(values), LOOKUP_CHUNK):
        found.update(model.objects.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    return found


def load_producers(count, shops, catalogue, batch_size):
    """Producers spread round-robin over the shops; half are in their
    village's group. Returns how many were created."""
    created = 0
    Through = Partner.categories.through
    for batch in chunks(range(count), batch_size):
        rows = {index: data.producer(index) for index in batch}
        there = existing(Partner, "code", (row[1] for row in rows.values()))
        new, classes = [], []
        for index, (name, code, class_name, whatsapp, story) in rows.items():
            if code in there:
                continue
            site, village, group = shops[index % len(shops)]
            classes.append(class_name)
            new.append(
                Partner(
                    code=code,
                    name=name,
                    site=site,
                    village=village,
                    group=group if index % 2 == 0 else None,
                    story=story,
                    whatsapp=whatsapp,
                    whatsapp_public=index % 3 != 0,
                )
            )
        with transaction.atomic():
            Partner.objects.bulk_create(new)
            Through.objects.bulk_create(
                [
                    Through(partner_id=producer.pk, category_id=catalogue[cls]["root"].pk)
                    for producer, cls in zip(new, classes, strict=True)
                ],
                ignore_conflicts=True,
            )
        created += len(new)
    return created


def producer_ids(count):
    """Partner pk and class of each of the first `count` scale producers, by index."""
    codes = {data.producer(index)[1]: index for index in range(count)}
    found = {}
    for chunk in chunks(list(codes), LOOKUP_CHUNK):
        for pk, code in Partner.objects.filter(code__in=chunk).values_list("pk", "code"):
            found[codes[code]] = pk
    return found


def load_products(count, producer_count, catalogue, batch_size):
    """Products spread round-robin over the producers, each with category,
    attribute values, stock record and a shared picture. Returns how many
    were created."""
    producers = producer_ids(producer_count)
    created = 0
    for batch in chunks(range(count), batch_size):
        items = []
        for index in batch:
            producer_index = index % producer_count
            class_name = data.producer_class(producer_index)
            items.append((producers[producer_index], class_name, data.product(index, class_name)))
        there = existing(Product, "upc", (item["upc"] for _pk, _cls, item in items))
        items = [entry for entry in items if entry[2]["upc"] not in there]
        with transaction.atomic():
            insert_products(items, catalogue)
        created += len(items)
    return created


def insert_products(items, catalogue):
    made_to_order = Product.Fulfilment.MADE_TO_ORDER
    products = Product.objects.bulk_create(
        [
            Product(
                upc=item["upc"],
                title=item["title"],
                slug=item["slug"],
                description=item["description"],
                product_class=catalogue[class_name]["class"],
                producer_id=producer_id,
                structure=Product.STANDALONE,
                is_public=True,
                fulfilment=made_to_order if item["stock"] is None else Product.Fulfilment.IN_STOCK,
                lead_time_days=item["lead_time_days"],
                weekly_capacity=demo_data.WEEKLY_CAPACITY if item["stock"] is None else None,
            )
            for producer_id, class_name, item in items
        ]
    )
    categories, stock, pictures, values = [], [], [], []
    for product, (producer_id, class_name, item) in zip(products, items, strict=True):
        entry = catalogue[class_name]
        categories.append(
            ProductCategory(product=product, category=entry["subcategories"][item["kind"]])
        )
        stock.append(
            StockRecord(
                product=product,
                partner_id=producer_id,
                partner_sku=item["upc"],
                price=item["price"],
                num_in_stock=item["stock"],
            )
        )
        pictures.append(
            ProductImage(
                product=product, original=entry["pictures"][item["image"]], display_order=0
            )
        )
        for code, value in data.attribute_values(class_name, item).items():
            attribute = entry["attributes"].get(code)
            if attribute is not None:
                kind = "value_integer" if attribute.type == "integer" else "value_text"
                values.append(
                    ProductAttributeValue(product=product, attribute=attribute, **{kind: value})
                )
    ProductCategory.objects.bulk_create(categories)
    StockRecord.objects.bulk_create(stock)
    ProductImage.objects.bulk_create(pictures)
    ProductAttributeValue.objects.bulk_create(values)
    search.index_products(Product.objects.filter(pk__in=[product.pk for product in products]))
