"""A producer's profile, holiday switch and activity log in the portal."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from tests.shopping import add_to_basket

AuditEntry = get_model("partner", "AuditEntry")
Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")
FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
Category = get_model("catalogue", "Category")
BasketLine = get_model("basket", "Line")


class World:
    def __init__(self, ibun):
        self.district = factories.DistrictFactory(name="Ibun")
        self.village = factories.VillageFactory(name="Lampegan", district=self.district)
        self.other_village = factories.VillageFactory(name="Ibun Desa", district=self.district)
        far = factories.DistrictFactory(name="Pangalengan")
        self.far_village = factories.VillageFactory(name="Margamukti", district=far)
        self.group = ProducerGroup.objects.create(name="Kelompok Melati", village=self.village)
        self.a = factories.ProducerFactory(
            site=ibun, name="Keripik Bu Sari", village=self.village, group=self.group, story=""
        )
        self.b = factories.ProducerFactory(site=ibun, name="Batik Bu Rina", village=self.village)
        self.a_user = factories.UserFactory(username="sari", first_name="Sari")
        self.a.users.add(self.a_user)
        self.b_user = factories.UserFactory(username="rina", first_name="Rina")
        self.b.users.add(self.b_user)
        self.dewi = factories.UserFactory(username="dewi", first_name="Dewi")
        FacilitatorAssignment.objects.create(facilitator=self.dewi, group=self.group)
        self.food = Category.add_root(name="Makanan")
        self.craft = Category.add_root(name="Kerajinan")
        self.food.add_child(name="Keripik")

    @staticmethod
    def client(user=None):
        client = Client(HTTP_HOST="ibun.localhost")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # compare English messages
        if user is not None:
            client.force_login(user)
        return client

    def url(self, name, producer=None):
        return reverse(f"portal:{name}", kwargs={"producer": (producer or self.a).code})

    def profile_data(self, **changes):
        data = {
            "story": "Keripik singkong pedas dari Lampegan sejak 2015.",
            "village": self.village.pk,
            "group": self.group.pk,
            "categories": [self.food.pk],
            "whatsapp": "0812 3456 7890",
            "whatsapp_public": "on",
            "instagram": "@keripik.sari",
            "facebook": "",
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def world(ibun):
    return World(ibun)


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 120, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


# --- profile ---------------------------------------------------------------------


def test_profile_page_shows_the_onboarding_checklist(world):
    response = world.client(world.a_user).get(world.url("profile"))
    assert response.status_code == 200
    steps = response.context["steps"]
    assert [step["done"] for step in steps] == [False, False, False]
    html = response.content.decode()
    assert 'accept="image/*"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "address" not in response.context["form"].fields
    # Only root categories, only villages of her district.
    form = response.context["form"]
    assert set(form.fields["categories"].queryset) == {world.food, world.craft}
    assert set(form.fields["village"].queryset) == {world.village, world.other_village}


def test_producer_saves_her_profile(world):
    photo = SimpleUploadedFile("saya.jpg", jpeg_bytes(), content_type="image/jpeg")
    client = world.client(world.a_user)
    response = client.post(world.url("profile"), world.profile_data(photo=photo))
    assert response.status_code == 302, response.context["form"].errors
    world.a.refresh_from_db()
    assert world.a.story.startswith("Keripik singkong")
    assert world.a.whatsapp == "081234567890"
    assert world.a.whatsapp_public is True
    assert world.a.instagram == "keripik.sari"
    assert list(world.a.categories.all()) == [world.food]
    assert world.a.photo.name.startswith("producers/") and world.a.photo.name.endswith(".jpg")
    with world.a.photo.open("rb") as stored:
        assert Image.open(stored).format == "JPEG"
    # Her own changes are not in her activity log.
    assert not AuditEntry.objects.exists()
    steps = client.get(world.url("profile")).context["steps"]
    assert all(step["done"] for step in steps)


def test_a_bad_photo_is_an_error_and_nothing_is_saved(world):
    fake = SimpleUploadedFile("foto.jpg", b"ini bukan foto", content_type="image/jpeg")
    response = world.client(world.a_user).post(world.url("profile"), world.profile_data(photo=fake))
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    world.a.refresh_from_db()
    assert not world.a.photo
    assert world.a.story == ""
    assert world.a.whatsapp == ""


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"whatsapp": "12345"}, "whatsapp"),
        ({"whatsapp": "+1 202 555 0100"}, "whatsapp"),
        ({"whatsapp": "", "whatsapp_public": "on"}, "whatsapp"),
        ({"instagram": "bukan nama!"}, "instagram"),
        ({"village": None}, "village"),
    ],
)
def test_profile_errors(world, changes, field):
    response = world.client(world.a_user).post(world.url("profile"), world.profile_data(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    world.a.refresh_from_db()
    assert world.a.story == ""


def test_village_outside_her_district_is_refused(world):
    data = world.profile_data(village=world.far_village.pk)
    response = world.client(world.a_user).post(world.url("profile"), data)
    assert "village" in response.context["form"].errors
    world.a.refresh_from_db()
    assert world.a.village == world.village


def test_profile_saved_by_facilitator_is_audited(world):
    response = world.client(world.dewi).post(world.url("profile"), world.profile_data())
    assert response.status_code == 302
    entry = AuditEntry.objects.get(producer=world.a)
    assert entry.actor == world.dewi
    assert entry.actor_name == "Dewi"
    assert entry.action.startswith("Profile edited")
    assert "story" in entry.action.lower()


def test_facilitator_page_says_she_acts_for_someone_else(world):
    response = world.client(world.dewi).get(world.url("profile"))
    assert response.context["acting_for_someone_else"] is True
    assert world.url("reset-issue") in response.content.decode()


# --- holiday -----------------------------------------------------------------------


def test_holiday_blocks_the_basket_and_shows_when_she_is_back(world):
    product = factories.ProductFactory(producer=world.a, title="Keripik Pedas", stock=10)
    back = timezone.localdate() + timedelta(days=10)
    response = world.client(world.a_user).post(
        world.url("holiday"), {"on_holiday": "on", "holiday_until": back.isoformat()}
    )
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.on_holiday and world.a.holiday_until == back
    # Her own switch is not audited.
    assert not AuditEntry.objects.exists()

    shopper = world.client()
    page = shopper.get(product.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "on holiday until" in html
    assert f"{back.day} " in html
    response = add_to_basket(shopper, product)
    assert not BasketLine.objects.filter(product=product).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)]

    # Back from holiday: the date is forgotten and shoppers can order again.
    world.client(world.a_user).post(world.url("holiday"), {"holiday_until": back.isoformat()})
    world.a.refresh_from_db()
    assert not world.a.on_holiday and world.a.holiday_until is None
    add_to_basket(shopper, product)
    assert BasketLine.objects.filter(product=product).exists()


def test_holiday_date_in_the_past_is_an_error(world):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = world.client(world.a_user).post(
        world.url("holiday"), {"on_holiday": "on", "holiday_until": yesterday.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["holiday_until"] == [
        "This date is in the past. Choose today or a later day."
    ]
    world.a.refresh_from_db()
    assert not world.a.on_holiday


def test_holiday_without_a_date_and_by_facilitator_is_audited(world):
    response = world.client(world.dewi).post(world.url("holiday"), {"on_holiday": "on"})
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.on_holiday and world.a.holiday_until is None
    entry = AuditEntry.objects.get(producer=world.a)
    assert entry.actor == world.dewi and entry.action == "Shop set on holiday"


# --- activity log ---------------------------------------------------------------------


def test_audit_log_shows_only_her_entries_newest_first_in_local_time(world):
    old = AuditEntry.objects.create(producer=world.a, actor_name="Dewi", action="Produk A diubah")
    AuditEntry.objects.filter(pk=old.pk).update(created_at=datetime(2024, 11, 12, 7, 3, tzinfo=UTC))
    AuditEntry.objects.create(producer=world.a, actor_name="Dewi", action="Foto A ditambah")
    AuditEntry.objects.create(producer=world.b, actor_name="Tuti", action="Rahasia milik B")
    response = world.client(world.a_user).get(world.url("audit-log"))
    assert response.status_code == 200
    actions = [entry.action for entry in response.context["entries"]]
    assert actions == ["Foto A ditambah", "Produk A diubah"]
    html = response.content.decode()
    assert "Rahasia milik B" not in html and "Tuti" not in html
    assert "12 Nov 2024 14:03" in html  # 07:03 UTC is 14:03 in Jakarta


def test_audit_log_is_paginated_by_50(world):
    AuditEntry.objects.bulk_create(
        [AuditEntry(producer=world.a, actor_name="Dewi", action=f"Ubah {i}") for i in range(55)]
    )
    client = world.client(world.a_user)
    first = client.get(world.url("audit-log"))
    assert len(first.context["entries"]) == 50
    second = client.get(world.url("audit-log") + "?page=2")
    assert len(second.context["entries"]) == 5


@pytest.mark.parametrize("name", ["profile", "holiday", "audit-log"])
def test_another_producers_pages_are_404(world, name):
    AuditEntry.objects.create(producer=world.b, actor_name="Tuti", action="Rahasia milik B")
    client = world.client(world.a_user)
    assert client.get(world.url(name, world.b)).status_code == 404
    assert (
        client.post(world.url(name, world.b), {"story": "x", "on_holiday": "on"}).status_code == 404
    )
    # Her facilitator does not look after B either.
    assert world.client(world.dewi).get(world.url(name, world.b)).status_code == 404
    world.b.refresh_from_db()
    assert not world.b.on_holiday and world.b.story != "x"
