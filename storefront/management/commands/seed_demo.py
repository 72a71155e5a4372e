"""`python manage.py seed_demo`: the demo village shops, producers, products
and logins, from storefront.demo_data.

Idempotent: every object is looked up by a natural key (a hostname, a name,
a product's upc, a username) before it is created, and nothing that exists
is overwritten, so running the command again changes nothing and an
operator's edits to the demo survive. Pictures are drawn locally
(storefront.demo_images): the demo downloads nothing.
"""

import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from oscar.core.loading import get_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from catalog import search
from lessons import demo as lessons_demo
from programme import demo as programme_demo
from regions.models import District, Province, Regency, Village
from storefront import demo_data as data
from storefront import demo_images as images
from storefront import demo_sales
from storefront.models import (
    ContentPage,
    PortalPage,
    ProducerDirectoryPage,
    ShopSettings,
    StoryIndexPage,
    StoryPage,
    VillageShopPage,
)
from training import demo as training_demo

Account = get_model("partner", "Account")
Category = get_model("catalogue", "Category")
CommissionRate = get_model("partner", "CommissionRate")
Country = get_model("address", "Country")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProducerGroup = get_model("partner", "ProducerGroup")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

PORTAL = "portal"


class Command(BaseCommand):
    help = "Load the demo village shops, producers, products and logins (safe to run again)."

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            villages = load_regions()
            sites = load_shops()
            load_country()
            classes, categories = load_catalogue_structure()
            groups = load_groups(villages)
            producers = load_producers(sites, villages, groups, categories)
            load_products(producers, classes, categories)
            load_stories(sites, producers)
            load_home_pages(sites, producers)
            users = load_users(producers)
            load_commission_rates(sites, categories)
            lessons_demo.load(sites[PORTAL].root_page)
        load_sales(producers, users)
        training_logins = training_demo.load(
            sites["ibun"], villages[data.TRAINING_VILLAGE], data.INSTRUCTOR_PASSWORD
        )
        programme_demo.load(sites["ibun"], users["operator"])
        search.refresh_planner_statistics()
        self.print_summary(time.monotonic() - started, training_logins)

    def print_summary(self, seconds, training_logins):
        """Counts, then where to look and how to sign in: what someone who
        just ran `make run` needs next."""
        counts = {
            "sites": Site.objects.count(),
            "villages": Village.objects.count(),
            "producer groups": ProducerGroup.objects.count(),
            "producers": Partner.objects.count(),
            "products": Product.objects.count(),
            "stories": StoryPage.objects.count(),
        }
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {seconds:.1f} s: {summary}."))
        self.stdout.write(
            "  Regional portal:   http://localhost:8000/\n"
            "  Ibun Store:        http://ibun.localhost:8000/\n"
            "  Toko Pangalengan:  http://pangalengan.localhost:8000/\n"
            "  CMS (Wagtail):     http://localhost:8000/cms/\n"
            "  Shop dashboard:    http://localhost:8000/dashboard/\n"
            "  Producer portal:   http://ibun.localhost:8000/jual/\n"
            "  Training classes:  http://ibun.localhost:8000/latih/\n"
            "  Lessons:           http://localhost:8000/belajar/"
        )
        self.stdout.write("  Logins (username or email / password):")
        for username, email, password, *_rest in data.USERS:
            self.stdout.write(f"    {username} ({email}) / {password}")
        for login, password, who in training_logins:
            self.stdout.write(f"    {login} / {password or '(first-login code)'}: {who}")


def load_regions():
    """Province > regency > districts > villages; returns villages by name
    (village names are unique within the demo)."""
    province, _ = Province.objects.get_or_create(name=data.PROVINCE)
    regency, _ = Regency.objects.get_or_create(province=province, name=data.REGENCY)
    villages = {}
    for district_name, village_names in data.DISTRICTS.items():
        district, _ = District.objects.get_or_create(regency=regency, name=district_name)
        for name in village_names:
            villages[name] = Village.objects.get_or_create(district=district, name=name)[0]
    return villages


def remove_wagtail_welcome():
    """Delete Wagtail's "Welcome to your new Wagtail site!" page and the
    localhost site pointing at it: the portal takes localhost over.

    The welcome page is the only plain `Page` (not one of our page types)
    just under the tree root, so any such page that no site still uses goes.
    """
    plain_page = ContentType.objects.get_for_model(Page)
    welcome_pages = Page.objects.filter(depth=2, content_type=plain_page)
    Site.objects.filter(root_page__in=welcome_pages).delete()
    for page in list(welcome_pages.filter(sites_rooted_here__isnull=True)):
        page.delete()


def load_shops():
    """The portal (default site at localhost) and the village shops, each
    with its home page and ShopSettings; returns sites by key."""
    remove_wagtail_welcome()
    sites = {shop["key"]: get_or_create_site(shop) for shop in data.SHOPS}
    # Exactly one default site: the portal.
    Site.objects.filter(is_default_site=True).exclude(pk=sites[PORTAL].pk).update(
        is_default_site=False
    )
    for shop in data.SHOPS:
        load_shop_settings(sites[shop["key"]], shop)
    return sites


def get_or_create_site(shop):
    """The shop's Site, found by hostname; created with a new home page
    under the tree root if missing. An existing site is left as it is."""
    site = Site.objects.filter(hostname=shop["hostname"]).first()
    if site is not None:
        return site
    is_portal = shop["key"] == PORTAL
    home = Page.get_first_root_node().add_child(
        instance=(
            PortalPage(title=shop["name"], slug=shop["key"], intro=f"<p>{shop['tagline']}</p>")
            if is_portal
            else VillageShopPage(title=shop["name"], slug=shop["key"])
        )
    )
    return Site.objects.create(
        hostname=shop["hostname"],
        port=80,  # Wagtail matches the hostname first, so :8000 in dev still works.
        root_page=home,
        site_name=shop["name"],
        is_default_site=is_portal,
    )


def load_shop_settings(site, shop):
    """ShopSettings for a site, created once; an operator's later changes
    in the Wagtail admin are kept."""
    district = (
        District.objects.get(regency__name=data.REGENCY, name=shop["district"])
        if shop["district"]
        else None
    )
    ShopSettings.objects.get_or_create(
        site=site,
        defaults={
            "language": "id",
            "theme": "desa",
            "tagline": shop["tagline"],
            "district": district,
            "collection_point": shop["collection_point"],
            "whatsapp": shop["whatsapp"],
            "bank_name": data.BANK_NAME,
            "bank_account_number": shop["account_number"],
            "bank_account_holder": shop["holder"],
            "qris_merchant_payload": data.IBUN_QRIS if shop["key"] == "ibun" else "",
            **data.DELIVERY_FEES,
        },
    )


def load_country():
    """Indonesia, the one shipping country: Oscar's address forms and
    checkout need at least one."""
    Country.objects.get_or_create(
        iso_3166_1_a2="ID",
        defaults={
            "iso_3166_1_a3": "IDN",
            "iso_3166_1_numeric": "360",
            "printable_name": "Indonesia",
            "name": "Republic of Indonesia",
            "is_shipping_country": True,
        },
    )


def load_catalogue_structure():
    """Product classes with their attributes and one root category per
    class; returns (classes, categories), both keyed by class name."""
    classes, categories = {}, {}
    for class_name, category_name in data.CATEGORIES.items():
        product_class, _ = ProductClass.objects.get_or_create(
            name=class_name, defaults={"track_stock": True, "requires_shipping": True}
        )
        attributes = [("weight", "Berat (gram)", "integer")]
        attributes += data.CLASS_ATTRIBUTES.get(class_name, [])
        for code, label, kind in attributes:
            ProductAttribute.objects.get_or_create(
                product_class=product_class, code=code, defaults={"name": label, "type": kind}
            )
        classes[class_name] = product_class
        # Category is a treebeard node: add_root, never objects.create.
        category = Category.objects.filter(depth=1, name=category_name).first()
        categories[class_name] = category or Category.add_root(name=category_name)
    return classes, categories


def load_groups(villages):
    """Producer groups by name."""
    return {
        name: ProducerGroup.objects.get_or_create(
            name=name, defaults={"kind": kind, "village": villages[village]}
        )[0]
        for name, kind, village in data.GROUPS
    }


def load_producers(sites, villages, groups, categories):
    """Producers (Oscar partners) with a drawn photo and the categories of
    the products they sell; never an address. Returns producers by name."""
    producers = {}
    for (
        name,
        shop,
        village,
        group,
        whatsapp,
        wa_public,
        instagram,
        ig_public,
        story,
    ) in data.PRODUCERS:
        producer, _ = Partner.objects.get_or_create(
            name=name,
            defaults={
                "site": sites[shop],
                "village": villages[village],
                "group": groups.get(group),
                "story": story,
                "whatsapp": whatsapp,
                "whatsapp_public": wa_public,
                "instagram": instagram,
                "instagram_public": ig_public,
            },
        )
        if not producer.photo:
            producer.photo.save(f"{producer.code}.jpg", ContentFile(images.portrait_jpeg(name)))
        producers[name] = producer
    for _upc, producer_name, _title, class_name, *_rest in data.PRODUCTS:
        producers[producer_name].categories.add(categories[class_name])
    return producers


def load_products(producers, classes, categories):
    """Each product with its category, attributes, the producer's stock
    record and a picture; each step only adds what is missing."""
    for row in data.PRODUCTS:
        upc, producer_name, title, class_name = row[:4]
        producer = producers[producer_name]
        product = Product.objects.filter(upc=upc).first() or create_product(
            row, producer, classes[class_name]
        )
        fill_missing_attributes(product, producer_name, class_name)
        ProductCategory.objects.get_or_create(product=product, category=categories[class_name])
        load_stock_record(product, producer, row)
        if not product.images.exists():
            ProductImage.objects.create(
                product=product,
                display_order=0,
                original=ContentFile(images.product_jpeg(title, class_name), name=f"{upc}.jpg"),
            )


def create_product(row, producer, product_class):
    """A new public product; no stock given means made to order, with the
    producer's lead time and a weekly capacity."""
    upc, _producer, title, _class, _price, stock, lead_days, _weight, text = row
    made_to_order = stock is None
    product = Product(
        upc=upc,
        title=title,
        product_class=product_class,
        producer=producer,
        description=f"<p>{text}</p>",
        is_public=True,
        fulfilment=(
            Product.Fulfilment.MADE_TO_ORDER if made_to_order else Product.Fulfilment.IN_STOCK
        ),
        lead_time_days=lead_days if made_to_order else 0,
        weekly_capacity=data.WEEKLY_CAPACITY if made_to_order else None,
    )
    product.save()
    return product


def fill_missing_attributes(product, producer_name, class_name, weight=None):
    """Set the demo's attribute values that the product does not have yet
    (Oscar 4: product.attr.<code> = value, then product.attr.save()).
    Products outside data.PRODUCTS (the training demo's) give their weight."""
    if weight is None:
        weight = next(row for row in data.PRODUCTS if row[0] == product.upc)[7]
    values = data.attribute_values(product.upc, weight, producer_name, class_name)
    missing = {
        code: value for code, value in values.items() if getattr(product.attr, code, None) is None
    }
    if not missing:
        return
    for code, value in missing.items():
        setattr(product.attr, code, value)
    product.attr.save()


def load_stock_record(product, producer, row):
    """The product's one stock record, always the producer's own: order
    lines and payouts follow the stock record's partner."""
    upc, price, stock = row[0], row[4], row[5]
    StockRecord.objects.get_or_create(
        product=product,
        partner=producer,
        defaults={"partner_sku": upc, "price": Decimal(price), "num_in_stock": stock},
    )


def load_stories(sites, producers):
    """Published stories under each shop's home page, found again by slug."""
    for shop, stories in data.STORIES.items():
        home = sites[shop].root_page.specific
        for title, producer_name, text in stories:
            slug = "-".join(title.lower().split())[:50]
            if home.get_children().filter(slug=slug).exists():
                continue
            producer = producers[producer_name]
            body = [("rich_text", RichText(f"<p>{text}</p>"))]
            product = Product.objects.filter(producer=producer).order_by("upc").first()
            if product is not None:
                body.append(("product", {"product": product}))
            home.add_child(
                instance=StoryPage(
                    title=title,
                    slug=slug,
                    intro=text.split(". ")[0] + ".",
                    body=body,
                    producer=producer,
                )
            )


def load_home_pages(sites, producers):
    """Each village shop's home built from blocks, its About page (in the
    menu, with the shop's contacts) and its producer directory page. A home
    the operator has filled in already is left as it is."""
    for key, (spotlight, about_title, about_text) in data.HOME_PAGES.items():
        site = sites[key]
        home = site.root_page.specific
        shop = next(shop for shop in data.SHOPS if shop["key"] == key)
        if not home.body:
            home.body = [
                (
                    "hero",
                    {
                        "heading": shop["name"],
                        "text": shop["tagline"],
                        "button_text": "Lihat semua produk",
                        "button_link": "/catalogue/",
                    },
                ),
                ("featured_products", {"heading": "Produk pilihan", "products": [], "count": 8}),
                ("producer_spotlight", {"producer": producers[spotlight], "text": ""}),
                ("story_teaser", {"story": None}),
                (
                    "call_to_action",
                    {
                        "heading": "Ada pertanyaan?",
                        "text": "Tanyakan produk, ongkos kirim atau pesanan khusus kepada kami.",
                        "kind": "whatsapp",
                        "button_text": "Chat lewat WhatsApp",
                        "link": "",
                    },
                ),
            ]
            home.save_revision().publish()
        children = home.get_children()
        if not children.type(ContentPage).exists():
            home.add_child(
                instance=ContentPage(
                    title=about_title,
                    slug="tentang-kami",
                    intro=about_text,
                    show_contacts=True,
                    show_in_menus=True,
                )
            )
        if not children.type(ProducerDirectoryPage).exists():
            home.add_child(
                instance=ProducerDirectoryPage(
                    title="Para produsen",
                    slug="para-produsen",
                    intro="<p>Kenali ibu-ibu dan keluarga yang membuat produk toko ini.</p>",
                )
            )
        if not children.type(StoryIndexPage).exists():
            home.add_child(
                instance=StoryIndexPage(
                    title="Cerita",
                    slug="cerita",
                    intro="<p>Kisah para produsen dan produk toko ini.</p>",
                    show_in_menus=True,
                )
            )


def load_users(producers):
    """The demo logins; a password is only set when the user is created,
    so someone who changed it keeps her own."""
    User = get_user_model()
    users = {}
    for username, email, password, is_staff, is_superuser, group_name in data.USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": email, "is_staff": is_staff, "is_superuser": is_superuser},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        if group_name:
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])
        users[username] = user
    for username, phone in data.PHONES.items():
        Account.objects.get_or_create(user=users[username], defaults={"phone": phone})
    for username, group_names in data.FACILITATOR_GROUPS.items():
        for group in ProducerGroup.objects.filter(name__in=group_names):
            FacilitatorAssignment.objects.get_or_create(facilitator=users[username], group=group)
    link_producer_login(users, producers)
    return users


def link_producer_login(users, producers):
    """The producer login acts for her shop (Partner.users) and may open
    Oscar's dashboard, which then shows only her own orders and products."""
    username, producer_name = data.PRODUCER_LOGIN
    user = users[username]
    producers[producer_name].users.add(user)
    user.user_permissions.add(
        Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    )


def load_commission_rates(sites, categories):
    """The category rates every village shop starts with."""
    for site in sites.values():
        if site.is_default_site:
            continue
        for key, percent in data.COMMISSION_BY_CATEGORY.items():
            CommissionRate.objects.get_or_create(
                site=site, category=categories[key], defaults={"percent": percent}
            )


def load_sales(producers, users):
    """The demo producer's sales, once (storefront.demo_sales)."""
    username, producer_name = data.PRODUCER_LOGIN
    sales = [
        (days, [(Product.objects.get(upc=upc), qty) for upc, qty in items], method, cash)
        for days, items, method, cash in data.DEMO_SALES
    ]
    demo_sales.load(producers[producer_name], users[username], users["operator"], sales)
