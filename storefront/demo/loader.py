"""Loads the demo into the database, idempotently: every object is looked up
by a natural key first, so running it again changes nothing."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from wagtail.models import Page, Site

from regions.models import District, Province, Regency, Village
from storefront.demo import data, images
from storefront.models import PortalPage, ShopSettings, StoryPage, VillageShopPage

Account = get_model("partner", "Account")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")

ATTRIBUTES = {
    # product class -> [(code, name, type)]
    "Makanan": [("shelf_life_days", "Masa simpan (hari)", "integer")],
    "Kerajinan": [("material", "Bahan", "text")],
    "Busana": [("material", "Bahan", "text"), ("size", "Ukuran", "text")],
}


def load():
    villages = load_regions()
    sites = load_shops()
    categories, classes = load_catalogue_structure()
    groups = {
        name: ProducerGroup.objects.get_or_create(
            name=name, defaults={"kind": kind, "village": villages[village]}
        )[0]
        for name, kind, village in data.GROUPS
    }
    producers = load_producers(sites, villages, groups, categories)
    load_products(producers, categories, classes)
    load_stories(sites, producers)
    load_users(producers)
    return sites


def load_regions():
    province, _ = Province.objects.get_or_create(name=data.PROVINCE)
    regency, _ = Regency.objects.get_or_create(province=province, name=data.REGENCY)
    villages = {}
    for district_name, village_names in data.DISTRICTS.items():
        district, _ = District.objects.get_or_create(regency=regency, name=district_name)
        for name in village_names:
            villages[name] = Village.objects.get_or_create(district=district, name=name)[0]
    return villages


def load_shops():
    """The portal and the village shops, replacing Wagtail's welcome site."""
    root = Page.get_first_root_node()
    welcome = Site.objects.filter(hostname="localhost", root_page__depth=2).exclude(
        root_page__in=PortalPage.objects.all()
    )
    for site in welcome:
        page = site.root_page
        site.delete()
        if not Site.objects.filter(root_page=page).exists():
            page.delete()

    sites = {}
    for shop in data.SHOPS:
        is_portal = shop["key"] == "portal"
        site = Site.objects.filter(hostname=shop["hostname"]).first()
        if site is None:
            page_class = PortalPage if is_portal else VillageShopPage
            page = root.add_child(
                instance=page_class(
                    title=shop["name"], slug=shop["key"], intro=f"<p>{shop['tagline']}</p>"
                )
            )
            site = Site.objects.create(
                hostname=shop["hostname"],
                port=80,
                root_page=page,
                site_name=shop["name"],
                is_default_site=is_portal,
            )
        district = District.objects.get(name=shop["district"]) if shop["district"] else None
        ShopSettings.objects.update_or_create(
            site=site,
            defaults={
                "language": "id",
                "theme": "desa",
                "tagline": shop["tagline"],
                "district": district,
                "collection_point": shop["collection_point"],
                "whatsapp": "0812-0000-0001",
                "bank_name": "Bank BJB",
                "bank_account_number": "0012345678901",
                "bank_account_holder": shop["holder"],
                "fee_village": 5000,
                "fee_outside_village": 10000,
                "fee_outside_district": 20000,
                "fee_outside_regency": 35000,
                "fee_outside_province": None,
            },
        )
        sites[shop["key"]] = site
    return sites


def load_catalogue_structure():
    classes, categories = {}, {}
    for class_name, category_name in data.CATEGORIES.items():
        product_class, _ = ProductClass.objects.get_or_create(
            name=class_name, defaults={"track_stock": True, "requires_shipping": True}
        )
        ProductAttribute.objects.get_or_create(
            product_class=product_class,
            code="weight",
            defaults={"name": "Berat (gram)", "type": "integer"},
        )
        for code, name, kind in ATTRIBUTES.get(class_name, []):
            ProductAttribute.objects.get_or_create(
                product_class=product_class, code=code, defaults={"name": name, "type": kind}
            )
        classes[class_name] = product_class
        category = Category.objects.filter(name=category_name, depth=1).first()
        categories[class_name] = category or Category.add_root(name=category_name)
    return categories, classes


def load_producers(sites, villages, groups, categories):
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
        producer, _created = Partner.objects.get_or_create(
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


def load_products(producers, categories, classes):
    for (
        upc,
        producer_name,
        title,
        class_name,
        price,
        stock,
        lead_days,
        weight,
        text,
    ) in data.PRODUCTS:
        producer = producers[producer_name]
        product = Product.objects.filter(upc=upc).first()
        if product is None:
            product = Product(
                upc=upc,
                title=title,
                product_class=classes[class_name],
                producer=producer,
                description=f"<p>{text}</p>",
                is_public=True,
                fulfilment=Product.Fulfilment.IN_STOCK
                if stock is not None
                else Product.Fulfilment.MADE_TO_ORDER,
                lead_time_days=lead_days,
                weekly_capacity=10 if stock is None else None,
            )
            product.attr.weight = weight
            if class_name == "Makanan":
                product.attr.shelf_life_days = 14
            product.save()
        ProductCategory.objects.get_or_create(product=product, category=categories[class_name])
        StockRecord.objects.get_or_create(
            product=product,
            partner=producer,
            defaults={"partner_sku": upc, "price": Decimal(price), "num_in_stock": stock},
        )
        if not product.images.exists():
            ProductImage.objects.create(
                product=product,
                display_order=0,
                original=ContentFile(images.product_jpeg(title, class_name), name=f"{upc}.jpg"),
            )


def load_stories(sites, producers):
    for shop, stories in data.STORIES.items():
        home = sites[shop].root_page.specific
        for title, producer_name, text in stories:
            slug = "-".join(title.lower().split())[:50]
            if home.get_children().filter(slug=slug).exists():
                continue
            home.add_child(
                instance=StoryPage(
                    title=title,
                    slug=slug,
                    intro=text.split(". ")[0] + ".",
                    body=f"<p>{text}</p>",
                    producer=producers[producer_name],
                )
            )


def load_users(producers):
    User = get_user_model()
    for username, email, password, is_staff, is_superuser, group_name in data.USERS:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={"email": email, "is_staff": is_staff, "is_superuser": is_superuser},
        )
        if created:
            user.set_password(password)
            user.save()
        if group_name:
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    for username, phone in data.PHONES.items():
        Account.objects.get_or_create(
            user=User.objects.get(username=username), defaults={"phone": phone}
        )
    for username, group_names in data.FACILITATOR_GROUPS.items():
        for group in ProducerGroup.objects.filter(name__in=group_names):
            FacilitatorAssignment.objects.get_or_create(
                facilitator=User.objects.get(username=username), group=group
            )
    login, producer_name = data.PRODUCER_LOGIN
    producer_user = User.objects.get(username=login)
    producers[producer_name].users.add(producer_user)
    producer_user.user_permissions.add(
        Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    )
