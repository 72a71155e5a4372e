"""What the cohort tests share: an instructor, her class in Ibun Store,
trainees enrolled through the real service, practice products."""

import io

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import Client
from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from training import enrolment
from training.models import Cohort

ProductImage = get_model("catalogue", "ProductImage")
HOST = "ibun.localhost"


def make_instructor(username="instruktur", **fields):
    """A user in the "Instruktur" group, holding training's cohort permissions."""
    user = factories.UserFactory(username=username, **fields)
    group, _created = Group.objects.get_or_create(name="Instruktur")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="training",
            codename__in=["add_cohort", "change_cohort", "view_cohort"],
        )
    )
    user.groups.add(group)
    return user


def make_cohort(site, instructor, name="Kelas Pemasaran Digital", village=None):
    cohort = Cohort.objects.create(
        name=name,
        learning_centre="PKBM An-Nur",
        site=site,
        village=village,
        starts_on="2025-03-01",
        ends_on="2025-04-30",
    )
    cohort.instructors.add(instructor)
    return cohort


def enrol(cohort, text):
    """Enrol the pasted list ``text``; returns the Enrolments."""
    return enrolment.enrol(cohort, enrolment.read_text(text))


def jpeg(colour=(200, 120, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def practice_product(item, title="Rengginang Latihan", stock=5, price=20000, photo=True):
    """A published product in the trainee's practice shop, with a photo."""
    product = factories.ProductFactory(
        producer=item.practice_producer, title=title, stock=stock, stock__price=price
    )
    if photo:
        ProductImage.objects.create(
            product=product, original=ContentFile(jpeg(), name="latihan.jpg"), display_order=0
        )
    return product


def client_for(user):
    client = Client(HTTP_HOST=HOST)
    if user is not None:
        client.force_login(user)
    return client
