"""Moving a practice product to her real shop: one complete copy, published
when the practice product was, never twice; the practice product stays."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog import editing
from tests import factories
from tests.training.cohort_world import (
    client_for,
    enrol,
    make_cohort,
    make_instructor,
    practice_product,
)
from training import practice

Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
AuditEntry = get_model("partner", "AuditEntry")


@pytest.fixture
def euis(ibun):
    cohort = make_cohort(ibun, make_instructor(), village=factories.VillageFactory(name="Sudi"))
    (item,) = enrol(cohort, "Euis Komariah, 0812-3456-7890")
    return item


@pytest.fixture
def source(euis):
    product = practice_product(euis, title="Rengginang Ketan Bawang", stock=7, price=18000)
    product.description = "<p>Renyah, digoreng sendiri.</p>"
    product.save()
    ProductAttribute.objects.get_or_create(
        product_class=product.product_class,
        code="weight",
        defaults={"name": "Berat (gram)", "type": "integer"},
    )
    product.attr.weight = 250
    product.attr.save()
    ProductCategory.objects.create(product=product, category=Category.add_root(name="Makanan"))
    return product


def promote_url(item, product):
    return reverse(
        "portal:product-promote",
        kwargs={"producer": item.practice_producer.code, "pk": product.pk},
    )


def test_the_copy_in_her_real_shop_has_everything_and_is_published(euis, source):
    response = client_for(euis.trainee).post(promote_url(euis, source))
    assert response.status_code == 302

    copy = Product.objects.get(producer=euis.producer)
    assert response["Location"].endswith(f"#product-{copy.pk}")
    assert copy.title == source.title and copy.description == source.description
    assert copy.product_class == source.product_class
    assert list(copy.categories.all()) == list(source.categories.all())
    assert copy.attr.weight == 250
    assert (copy.fulfilment, copy.lead_time_days) == (source.fulfilment, source.lead_time_days)
    record = editing.stockrecord_of(copy)
    assert record.partner == euis.producer
    assert (record.price, record.num_in_stock) == (18000, 7)
    (photo,) = copy.images.all()
    assert photo.original.name != source.images.get().original.name
    assert copy.is_public
    # The practice product stays where it was.
    source.refresh_from_db()
    assert source.producer == euis.practice_producer and source.is_public
    # Shoppers can buy the copy: it is a real product now.
    assert copy.get_absolute_url()


def test_a_made_to_order_product_keeps_its_lead_time_and_capacity(euis, source):
    editing.apply_stock(
        source, {"fulfilment": "made_to_order", "lead_time_days": 3, "weekly_capacity": 10}
    )
    copy = practice.promote(source, euis.trainee)
    assert copy.is_made_to_order
    assert (copy.lead_time_days, copy.weekly_capacity) == (3, 10)


def test_a_hidden_or_incomplete_practice_product_arrives_hidden(euis):
    hidden = practice_product(euis, title="Masih Draf")
    editing.set_public(hidden, False)
    without_photo = practice_product(euis, title="Tanpa Foto", photo=False)
    assert not practice.promote(hidden, euis.trainee).is_public
    copy = practice.promote(without_photo, euis.trainee)
    assert not copy.is_public and copy.producer == euis.producer


def test_moving_it_twice_makes_one_copy_and_says_so(euis, source):
    client = client_for(euis.trainee)
    client.cookies["django_language"] = "en"
    client.post(promote_url(euis, source))
    response = client.post(promote_url(euis, source), follow=True)
    assert "is already in your real shop" in response.content.decode()
    assert Product.objects.filter(producer=euis.producer).count() == 1


def test_a_copy_she_deleted_can_be_moved_again(euis, source):
    editing.soft_delete(practice.promote(source, euis.trainee))
    again = practice.promote(source, euis.trainee)
    assert again.deleted_at is None
    assert Product.objects.filter(producer=euis.producer, deleted_at__isnull=True).count() == 1


def test_a_real_shop_product_has_no_such_move(euis, ibun):
    real = factories.ProductFactory(producer=euis.producer, title="Produk Asli")
    url = reverse("portal:product-promote", kwargs={"producer": euis.producer.code, "pk": real.pk})
    assert client_for(euis.trainee).post(url).status_code == 404
    with pytest.raises(practice.PromotionError):
        practice.promote(real, euis.trainee)
    assert Product.objects.filter(producer=euis.producer).count() == 1


def test_another_trainee_cannot_move_her_product(euis, source, ibun):
    cohort = euis.cohort
    (imas,) = enrol(cohort, "Imas Sulastri, 0812-3456-7891")
    client = client_for(imas.trainee)
    assert client.post(promote_url(euis, source)).status_code == 404
    # Her own practice shop in the URL, Euis's product after it.
    url = reverse(
        "portal:product-promote",
        kwargs={"producer": imas.practice_producer.code, "pk": source.pk},
    )
    assert client.post(url).status_code == 404
    assert not Product.objects.filter(producer__in=[euis.producer, imas.producer]).exists()


def test_someone_acting_for_the_practice_shop_only_cannot_write_into_the_real_shop(euis, source):
    helper = factories.UserFactory()
    euis.practice_producer.users.add(helper)  # not one of her real shop's accounts
    assert client_for(helper).post(promote_url(euis, source)).status_code == 404
    assert not Product.objects.filter(producer=euis.producer).exists()


def test_a_facilitator_moving_it_leaves_a_line_in_her_real_shops_log(euis, source):
    FacilitatorAssignment = get_model("partner", "FacilitatorAssignment")
    facilitator = factories.UserFactory(first_name="Dewi")
    FacilitatorAssignment.objects.create(facilitator=facilitator, village=euis.producer.village)
    assert client_for(facilitator).post(promote_url(euis, source)).status_code == 302
    entry = AuditEntry.objects.get(producer=euis.producer)
    assert entry.actor == facilitator and source.title in entry.action


def test_the_practice_shop_pages_say_so_and_offer_the_move(euis, source):
    client = client_for(euis.trainee)
    client.cookies["django_language"] = "en"
    practice_list = client.get(
        reverse("portal:product-list", kwargs={"producer": euis.practice_producer.code})
    ).content.decode()
    assert "Practice shop" in practice_list
    assert promote_url(euis, source) in practice_list
    edit = client.get(
        reverse(
            "portal:product-edit",
            kwargs={"producer": euis.practice_producer.code, "pk": source.pk},
        )
    ).content.decode()
    assert promote_url(euis, source) in edit and "Move to my real shop" in edit
    real_list = client.get(
        reverse("portal:product-list", kwargs={"producer": euis.producer.code})
    ).content.decode()
    assert "Practice shop" not in real_list and "Move to my real shop" not in real_list
