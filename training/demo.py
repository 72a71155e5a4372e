"""The training demo: an instructor, her class at PKBM An-Nur, three
trainees with practice shops and products, and one practice order.

Every name is invented. Idempotent like seed_demo: everything is found by a
natural key (a username, a group name, the cohort's name and centre, a
phone number, a product's upc) before it is made, and nothing that exists
is overwritten. Trainees get no password: the instructor prints their
first-login codes (/latih/<class>/kode-masuk/), which is part of the demo.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from storefront import demo_data
from storefront import demo_images as images
from training import enrolment, simulation
from training.models import Cohort, Enrolment, SimulatedOrder

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

INSTRUCTOR = {
    "username": "instruktur",
    "first_name": "Bu Nining",
    "last_name": "Rahayu",
    "email": "instruktur@pasardesa.test",
}
GROUP = "Instruktur"
PERMISSIONS = ["add_cohort", "change_cohort", "view_cohort"]
PRACTICE_WEIGHT_GRAMS = 250  # what the delivery fee is worked out from
COHORT = {"name": "Kelas Pemasaran Digital", "learning_centre": "PKBM An-Nur"}
# (name, phone, [(upc, title, class, price, stock, description)])
TRAINEES = [
    (
        "Euis Komariah",
        "+6281200000201",
        [
            (
                "LATIH-001",
                "Rengginang Ketan Bawang",
                "Makanan",
                15000,
                12,
                "Rengginang ketan renyah, digoreng sendiri, 250 gram per bungkus.",
            ),
            (
                "LATIH-002",
                "Opak Singkong Manis",
                "Makanan",
                12000,
                8,
                "Opak singkong tipis dengan gula aren.",
            ),
        ],
    ),
    (
        "Imas Sulastri",
        "+6281200000202",
        [
            (
                "LATIH-003",
                "Tas Rajut Benang Katun",
                "Kerajinan",
                85000,
                3,
                "Tas rajut tangan, muat dompet dan telepon.",
            ),
        ],
    ),
    (
        "Yayah Rokayah",
        "+6281200000203",
        [
            (
                "LATIH-004",
                "Kerudung Sulam Bunga",
                "Busana",
                65000,
                5,
                "Kerudung katun dengan sulaman bunga di ujungnya.",
            ),
            (
                "LATIH-005",
                "Sarung Bantal Sulam",
                "Kerajinan",
                45000,
                4,
                "Sepasang sarung bantal bersulam benang warna.",
            ),
        ],
    ),
]


def load(site, village, instructor_password):
    """Load the training demo in the village shop ``site``; returns the
    logins to print as (login, password or None, who)."""
    with transaction.atomic():
        instructor = _instructor(instructor_password)
        cohort = _cohort(site, village, instructor)
        enrolments = _trainees(cohort)
        for item, (_name, _phone, products) in zip(enrolments, TRAINEES, strict=True):
            for row in products:
                _practice_product(item.practice_producer, row)
        if not SimulatedOrder.objects.filter(enrolment__cohort=cohort).exists():
            simulation.simulate_one(enrolments[0], instructor, rng=random.Random(7))
    logins = [
        (
            INSTRUCTOR["username"],
            instructor_password,
            f"instructor {instructor.get_full_name()}, /latih/",
        )
    ]
    for name, phone, _products in TRAINEES:
        logins.append((phone, None, f"trainee {name}: first-login code from /latih/{cohort.pk}/"))
    return logins


def _instructor(password):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=INSTRUCTOR["username"],
        defaults={key: value for key, value in INSTRUCTOR.items() if key != "username"},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="training", codename__in=PERMISSIONS)
    )
    user.groups.add(group)
    return user


def _cohort(site, village, instructor):
    today = timezone.localdate()
    cohort, _created = Cohort.objects.get_or_create(
        site=site,
        **COHORT,
        defaults={
            "village": village,
            "starts_on": today - datetime.timedelta(days=14),
            "ends_on": today + datetime.timedelta(days=42),
        },
    )
    cohort.instructors.add(instructor)
    return cohort


def _trainees(cohort):
    """Her enrolments in TRAINEES order, enrolling the missing ones."""
    enrolled = {
        item.trainee.account.phone: item
        for item in Enrolment.objects.filter(cohort=cohort).select_related(
            "trainee__account", "practice_producer"
        )
    }
    missing = [
        enrolment.Row(line=number, name=name, phone=phone)
        for number, (name, phone, _products) in enumerate(TRAINEES, start=1)
        if phone not in enrolled
    ]
    if missing:
        for item in enrolment.enrol(cohort, missing):
            enrolled[item.trainee.account.phone] = item
    return [enrolled[phone] for _name, phone, _products in TRAINEES]


def _practice_product(shop, row):
    upc, title, class_name, price, stock, text = row
    product = Product.objects.filter(upc=upc).first()
    if product is None:
        product_class, _created = ProductClass.objects.get_or_create(
            name=class_name, defaults={"track_stock": True, "requires_shipping": True}
        )
        product = Product.objects.create(
            upc=upc,
            title=title,
            product_class=product_class,
            producer=shop,
            description=f"<p>{text}</p>",
            is_public=True,
        )
        for code, value in demo_data.attribute_values(
            upc, PRACTICE_WEIGHT_GRAMS, shop.name, class_name
        ).items():
            setattr(product.attr, code, value)
        product.attr.save()
    category_name = demo_data.CATEGORIES.get(class_name, class_name)
    category = Category.objects.filter(depth=1, name=category_name).first()
    category = category or Category.add_root(name=category_name)
    ProductCategory.objects.get_or_create(product=product, category=category)
    StockRecord.objects.get_or_create(
        product=product,
        partner=shop,
        defaults={"partner_sku": upc, "price": Decimal(price), "num_in_stock": stock},
    )
    if not product.images.exists():
        ProductImage.objects.create(
            product=product,
            display_order=0,
            original=ContentFile(images.product_jpeg(title, class_name), name=f"{upc}.jpg"),
        )
    return product
