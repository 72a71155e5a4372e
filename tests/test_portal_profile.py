"""A producer's profile, holiday switch and activity log in the portal."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from tests.shopping import add_to_basket
from vendors import access
from vendors.strategy import current_holiday

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
    ],
)
def test_profile_errors(world, changes, field):
    response = world.client(world.a_user).post(world.url("profile"), world.profile_data(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    world.a.refresh_from_db()
    assert world.a.story == ""


def test_group_outside_her_district_is_refused(world):
    far_group = ProducerGroup.objects.create(name="Kelompok Jauh", village=world.far_village)
    data = world.profile_data(group=far_group.pk)
    response = world.client(world.b_user).post(world.url("profile", world.b), data)
    assert "group" in response.context["form"].errors
    world.b.refresh_from_db()
    assert world.b.group is None


@pytest.mark.parametrize("who", ["a_user", "dewi"])
def test_group_and_village_cannot_be_changed_in_the_portal_once_set(world, who):
    """Facilitator access follows the group and village: changing them would
    hand her shop to another facilitator. Only operators change them."""
    mawar = ProducerGroup.objects.create(name="Kelompok Mawar", village=world.other_village)
    rina = factories.UserFactory(username="rina-pendamping", first_name="Rina")
    FacilitatorAssignment.objects.create(facilitator=rina, group=mawar)
    client = world.client(getattr(world, who))

    page = client.get(world.url("profile"))
    html = page.content.decode()
    assert 'name="group"' not in html and 'name="village"' not in html
    assert "Kelompok Melati" in html and "Lampegan" in html
    assert "ask the shop operator" in html

    data = world.profile_data(group=mawar.pk, village=world.other_village.pk, story="Baru")
    response = client.post(world.url("profile"), data)
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.story == "Baru"  # the rest of the form is saved
    assert (world.a.group, world.a.village) == (world.group, world.village)
    # Still Dewi's to help, never Rina's.
    assert world.a in access.managed_producers(world.dewi)
    assert world.a not in access.managed_producers(rina)
    assert world.client(rina).get(world.url("profile")).status_code == 404
    if who == "dewi":
        fields = AuditEntry.objects.get(producer=world.a).params["fields"].split(", ")
        assert "Cerita Anda" in fields
        assert "Kelompok" not in fields and "Desa" not in fields


def test_a_new_producer_chooses_her_group_and_village_once(world):
    newcomer = factories.ProducerFactory(site=world.a.site, name="Dodol Bu Eha", village=None)
    user = factories.UserFactory(username="eha")
    newcomer.users.add(user)
    client = world.client(user)
    url = world.url("profile", newcomer)
    # The village is needed; the group may stay empty.
    response = client.post(url, world.profile_data(village=None, group=None))
    assert "village" in response.context["form"].errors
    response = client.post(url, world.profile_data(village=world.village.pk, group=None))
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.village == world.village and newcomer.group is None
    # The group can still be chosen, once.
    client.post(url, world.profile_data(village=world.far_village.pk, group=world.group.pk))
    newcomer.refresh_from_db()
    assert (newcomer.village, newcomer.group) == (world.village, world.group)
    other = ProducerGroup.objects.create(name="Kelompok Lain", village=world.village)
    client.post(url, world.profile_data(group=other.pk))
    newcomer.refresh_from_db()
    assert newcomer.group == world.group


def test_a_deactivated_producer_is_closed_to_her_and_her_facilitator(world):
    Partner.objects.filter(pk=world.a.pk).update(is_active=False)
    for user in (world.a_user, world.dewi):
        client = world.client(user)
        for name in ("shop", "profile", "holiday", "reset-issue"):
            assert client.get(world.url(name)).status_code == 404
        response = client.post(world.url("holiday"), {"on_holiday": "on"})
        assert response.status_code == 404
        response = client.post(world.url("profile"), world.profile_data(story="x"))
        assert response.status_code == 404
        assert world.a not in client.get(reverse("portal:home")).context["producers"]
    world.a.refresh_from_db()
    assert not world.a.on_holiday and world.a.story == ""
    # Her colleague's shop is untouched.
    assert world.client(world.b_user).get(world.url("shop", world.b)).status_code == 200


# --- photo -------------------------------------------------------------------------


def give_photo(producer):
    producer.photo.save("lama.jpg", ContentFile(jpeg_bytes()), save=True)
    return producer.photo.name


def test_a_new_photo_replaces_the_old_one_after_commit(world, django_capture_on_commit_callbacks):
    old = give_photo(world.a)
    photo = SimpleUploadedFile("baru.jpg", jpeg_bytes(), content_type="image/jpeg")
    client = world.client(world.a_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(world.url("profile"), world.profile_data(photo=photo))
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.photo.name != old
    # Not deleted while the transaction could still roll back...
    assert world.a.photo.storage.exists(old)
    for callback in callbacks:
        callback()
    # ...and gone once it is committed.
    assert not world.a.photo.storage.exists(old)
    assert world.a.photo.storage.exists(world.a.photo.name)


def test_a_rolled_back_save_keeps_the_old_photo(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    old = give_photo(world.a)

    def failing_record(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("vendors.audit.record", failing_record)
    photo = SimpleUploadedFile("baru.jpg", jpeg_bytes(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            world.client(world.dewi).post(world.url("profile"), world.profile_data(photo=photo))
    assert callbacks == []
    world.a.refresh_from_db()
    assert world.a.photo.name == old and world.a.story == ""
    assert world.a.photo.storage.exists(old)


def test_profile_saved_by_facilitator_is_audited(world):
    response = world.client(world.dewi).post(world.url("profile"), world.profile_data())
    assert response.status_code == 302
    entry = AuditEntry.objects.get(producer=world.a)
    assert entry.actor == world.dewi
    assert entry.actor_name == "Dewi"
    # She reads who did it and what, in Bahasa Indonesia (her shop's language).
    with translation.override("id"):
        assert entry.done_by == "pendamping Dewi"
        assert entry.action.startswith("Profil diubah")
        assert "Cerita Anda" in entry.action
    # An English reader sees the same entry in English.
    with translation.override("en"):
        assert entry.done_by == "facilitator Dewi"
        assert entry.action.startswith("Profile edited")


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
    assert entry.actor == world.dewi and entry.message == "Shop set on holiday"


def put_on_holiday(producer, until):
    Partner.objects.filter(pk=producer.pk).update(on_holiday=True, holiday_until=until)
    producer.refresh_from_db()


def shopper():
    """A shopper in Ibun Store, in the shop's language (Bahasa Indonesia)."""
    return Client(HTTP_HOST="ibun.localhost")


def holiday_text(until):
    return f"Produsen sedang libur sampai {date_format(until, 'j F Y')}."


def test_every_product_of_a_producer_on_holiday_says_so(world):
    """Made to order or in stock: cards, product pages and her profile page
    say she is on holiday and until when, and nothing can be added."""
    made = factories.ProductFactory(
        producer=world.a,
        title="Tas Anyaman",
        fulfilment="made_to_order",
        lead_time_days=3,
        stock=0,
    )
    kept = factories.ProductFactory(producer=world.a, title="Keripik Pedas", stock=10)
    back = timezone.localdate() + timedelta(days=7)
    put_on_holiday(world.a, back)
    client = shopper()

    profile = client.get(world.a.get_absolute_url())
    assert profile.status_code == 200
    html = profile.content.decode()
    # Her page, and each product card on it.
    assert html.count(holiday_text(back)) == 3
    assert "Sesuai pesanan" not in html  # no made-to-order badge hides the holiday

    for product in (made, kept):
        page = client.get(product.get_absolute_url())
        html = page.content.decode()
        assert holiday_text(back) in html
        assert reverse("basket:add", kwargs={"pk": product.pk}) not in html
        assert "Sesuai pesanan" not in html
        add_to_basket(client, product)
    assert not BasketLine.objects.exists()

    # Without a return date she is simply on holiday.
    put_on_holiday(world.a, None)
    html = client.get(made.get_absolute_url()).content.decode()
    assert "Produsen sedang libur." in html
    assert reverse("basket:add", kwargs={"pk": made.pk}) not in html


def test_the_last_day_of_the_holiday_is_still_a_holiday(world):
    product = factories.ProductFactory(producer=world.a, stock=5)
    today = timezone.localdate()
    put_on_holiday(world.a, today)
    html = shopper().get(product.get_absolute_url()).content.decode()
    assert holiday_text(today) in html
    assert reverse("basket:add", kwargs={"pk": product.pk}) not in html


def test_a_return_date_in_the_past_opens_the_shop_again(world):
    """Nobody switched the holiday off: from the day after her return date the
    shop is open, and no stale date is shown anywhere."""
    made = factories.ProductFactory(
        producer=world.a, fulfilment="made_to_order", lead_time_days=2, stock=0
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    put_on_holiday(world.a, yesterday)
    client = shopper()

    html = client.get(world.a.get_absolute_url()).content.decode()
    assert "libur" not in html
    page = client.get(made.get_absolute_url()).content.decode()
    assert "libur" not in page
    assert reverse("basket:add", kwargs={"pk": made.pk}) in page
    add_to_basket(client, made)
    assert BasketLine.objects.filter(product=made).exists()

    # Her portal says her shop is open, and the holiday form starts switched off.
    own = world.client(world.a_user)
    assert "Your shop is on holiday" not in own.get(world.url("shop")).content.decode()
    form = own.get(world.url("holiday")).context["form"]
    assert form["on_holiday"].value() is False and not form["holiday_until"].value()
    # Saving that form as it is does not trip over the old date.
    assert own.post(world.url("holiday"), {}).status_code == 302


def test_holiday_days_are_counted_in_jakarta(world, monkeypatch):
    """At 01:00 in Jakarta it is still the previous day in UTC: a holiday that
    ended "yesterday" in Jakarta is over."""
    jakarta_1am = datetime(2025, 3, 2, 1, 0, tzinfo=UTC) - timedelta(hours=7)
    monkeypatch.setattr(timezone, "now", lambda: jakarta_1am)
    world.a.on_holiday = True
    world.a.holiday_until = jakarta_1am.date()  # 1 March, today in UTC
    assert current_holiday(world.a) is None
    world.a.holiday_until = jakarta_1am.date() + timedelta(days=1)  # 2 March
    assert current_holiday(world.a).until == world.a.holiday_until


# --- activity log ---------------------------------------------------------------------


def test_audit_log_shows_only_her_entries_newest_first_in_local_time(world):
    old = AuditEntry.objects.create(producer=world.a, actor_name="Dewi", message="Produk A diubah")
    AuditEntry.objects.filter(pk=old.pk).update(created_at=datetime(2024, 11, 12, 7, 3, tzinfo=UTC))
    AuditEntry.objects.create(producer=world.a, actor_name="Dewi", message="Foto A ditambah")
    AuditEntry.objects.create(producer=world.b, actor_name="Tuti", message="Rahasia milik B")
    response = world.client(world.a_user).get(world.url("audit-log"))
    assert response.status_code == 200
    actions = [entry.action for entry in response.context["entries"]]
    assert actions == ["Foto A ditambah", "Produk A diubah"]
    html = response.content.decode()
    assert "Rahasia milik B" not in html and "Tuti" not in html
    assert "12 Nov 2024 14:03" in html  # 07:03 UTC is 14:03 in Jakarta


def test_audit_log_is_paginated_by_50(world):
    AuditEntry.objects.bulk_create(
        [AuditEntry(producer=world.a, actor_name="Dewi", message=f"Ubah {i}") for i in range(55)]
    )
    client = world.client(world.a_user)
    first = client.get(world.url("audit-log"))
    assert len(first.context["entries"]) == 50
    second = client.get(world.url("audit-log") + "?page=2")
    assert len(second.context["entries"]) == 5


@pytest.mark.parametrize("name", ["profile", "holiday", "audit-log"])
def test_another_producers_pages_are_404(world, name):
    AuditEntry.objects.create(producer=world.b, actor_name="Tuti", message="Rahasia milik B")
    client = world.client(world.a_user)
    assert client.get(world.url(name, world.b)).status_code == 404
    assert (
        client.post(world.url(name, world.b), {"story": "x", "on_holiday": "on"}).status_code == 404
    )
    # Her facilitator does not look after B either.
    assert world.client(world.dewi).get(world.url(name, world.b)).status_code == 404
    world.b.refresh_from_db()
    assert not world.b.on_holiday and world.b.story != "x"
