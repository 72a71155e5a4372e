"""A trainee's checklist ticks from what she really did, in her real or her
practice shop, at the time she did it; a whole cohort costs the same
queries whatever its size."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import create_order
from PIL import Image

from sharing.models import Channel, Share
from storefront.payment import confirmation
from tests import factories, payments
from tests.shopping import add_to_basket, checkout_as_guest
from training import practice, progress
from training.models import Cohort, Enrolment, SimulatedOrder
from vendors import fulfilment, profile_completeness
from vendors.strategy import Selector

Account = get_model("partner", "Account")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Payment = get_model("payment", "Payment")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
FulfilmentEvent = get_model("partner", "FulfilmentEvent")

TO_DELIVERED = (fulfilment.CONFIRMED, fulfilment.PACKED, fulfilment.SHIPPED, fulfilment.DELIVERED)


# --- helpers (test_dashboard uses them too) ----------------------------------


def jpeg(name="foto.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 120, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def instructor(first_name="Dewi"):
    user = factories.UserFactory(first_name=first_name)
    user.user_permissions.add(Permission.objects.get(codename="add_cohort"))
    return user


def make_cohort(site, teacher, name="Kelas Digital Ibun", days_ago=10, length=30):
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    cohort = Cohort.objects.create(
        name=name,
        learning_centre="PKBM An-Nur",
        site=site,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=length),
    )
    cohort.instructors.add(teacher)
    return cohort


def enrol(cohort, first_name, phone=None):
    """A trainee with her real shop and her practice shop, both hers."""
    user = factories.UserFactory(first_name=first_name)
    if phone:
        Account.objects.create(user=user, phone=phone)
    real = factories.ProducerFactory(site=cohort.site, name=f"Warung Bu {first_name}")
    practice = factories.ProducerFactory(
        site=cohort.site,
        name=f"Warung Bu {first_name} (Latihan)",
        is_practice=True,
        practice_of=real,
        village=real.village,
    )
    real.users.add(user)
    practice.users.add(user)
    return Enrolment.objects.create(
        cohort=cohort, trainee=user, producer=real, practice_producer=practice
    )


def order_of(product, *, practice=False, status=fulfilment.PROCESSING):
    """An order for one product, placed the way checkout places it."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy(practice=practice)
    basket.add_product(product, 1)
    return create_order(basket=basket, status=status)


def deliver(line, user):
    for step in TO_DELIVERED:
        fulfilment.change_status(line, step, user)


def simulated_order(enrolment, product, teacher):
    order = order_of(product, practice=True)
    payments.awaiting(order, "cod", enrolment.cohort.site)
    return SimulatedOrder.objects.create(
        enrolment=enrolment, order=order, question="Bisa kirim besok?", created_by=teacher
    )


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def row_of(cohort, enrolment):
    return next(row for row in progress.cohort_progress(cohort) if row.enrolment == enrolment)


@pytest.fixture
def cohort(ibun):
    for name in ("Makanan", "Kerajinan"):
        ProductClass.objects.get_or_create(name=name, defaults={"track_stock": True})
    return make_cohort(ibun, instructor())


# --- profile completeness -----------------------------------------------------


def complete(producer):
    producer.story = "Membuat rengginang sejak 2010."
    producer.photo = "producers/euis.jpg"
    producer.whatsapp = "081234567890"
    producer.whatsapp_public = True


@pytest.mark.django_db
def test_profile_is_complete_with_name_story_village_photo_and_a_public_contact(ibun):
    producer = factories.ProducerFactory(site=ibun, story="")
    assert set(profile_completeness.missing(producer)) == {"story", "photo", "contact"}
    complete(producer)
    producer.whatsapp_public = False  # a number she keeps private is no contact
    assert profile_completeness.missing(producer) == ["contact"]
    producer.save()
    producer.refresh_from_db()
    assert producer.profile_completed_at is None

    producer.whatsapp_public = True
    before = timezone.now()
    producer.save()
    producer.refresh_from_db()
    stamped = producer.profile_completed_at
    assert before <= stamped <= timezone.now()

    # Emptied later, or saved from a copy loaded before the stamp: kept as it was.
    stale = type(producer).objects.get(pk=producer.pk)
    stale.profile_completed_at = None
    producer.story = ""
    producer.save()
    stale.save()
    stale.name = "Rengginang Bu Euis"
    stale.save(update_fields=["name"])
    producer.refresh_from_db()
    assert producer.profile_completed_at == stamped


@pytest.mark.django_db
def test_a_save_of_some_fields_that_completes_the_profile_stamps_it(ibun):
    producer = factories.ProducerFactory(site=ibun)
    complete(producer)
    producer.photo = ""
    producer.save()
    producer.photo = "producers/baru.jpg"
    producer.save(update_fields=["photo"])
    producer.refresh_from_db()
    assert producer.profile_completed_at is not None


@pytest.mark.django_db
def test_profile_step_ticks_when_she_completes_her_profile_in_the_portal(client, cohort):
    enrolment = enrol(cohort, "Euis")
    client.defaults["HTTP_HOST"] = "ibun.localhost"
    client.force_login(enrolment.trainee)
    assert row_of(cohort, enrolment).reached["profile"] is None

    url = reverse("portal:profile", kwargs={"producer": enrolment.producer.code})
    data = {"story": "Rengginang ketan dari Ibun.", "whatsapp": "0812 3456 7890"}
    response = client.post(url, {**data, "whatsapp_public": "on", "photo": jpeg()})
    assert response.status_code == 302, response.context["form"].errors

    enrolment.producer.refresh_from_db()
    assert enrolment.producer.profile_completed_at is not None
    row = row_of(cohort, enrolment)
    assert row.reached["profile"] == enrolment.producer.profile_completed_at


# --- products -----------------------------------------------------------------


@pytest.mark.django_db
def test_first_product_with_a_photo_ticks_from_the_portal(client, cohort):
    enrolment = enrol(cohort, "Euis")
    factories.ProductFactory(producer=enrolment.producer)  # no photo: not yet
    assert row_of(cohort, enrolment).reached["photo_product"] is None

    client.defaults["HTTP_HOST"] = "ibun.localhost"
    client.force_login(enrolment.trainee)
    practice = enrolment.practice_producer
    url = reverse("portal:product-add", kwargs={"producer": practice.code})
    assert client.post(url, {"photos": [jpeg()]}).status_code == 302

    image = ProductImage.objects.get(product__producer=practice)
    assert row_of(cohort, enrolment).reached["photo_product"] == image.date_created

    # A photo of a deleted product does not count.
    Product.objects.filter(pk=image.product_id).update(deleted_at=timezone.now())
    assert row_of(cohort, enrolment).reached["photo_product"] is None


@pytest.mark.django_db
def test_five_products_across_both_shops_ticks_at_the_fifth(cohort):
    enrolment = enrol(cohort, "Euis")
    shops = [enrolment.producer, enrolment.practice_producer]
    products = []
    for number in range(6):
        product = factories.ProductFactory(producer=shops[number % 2])
        Product.objects.filter(pk=product.pk).update(date_created=ago(days=10 - number))
        products.append(Product.objects.get(pk=product.pk))
    assert row_of(cohort, enrolment).reached["five_products"] == products[4].date_created
    # The second one was deleted: the fifth live product is the sixth made.
    Product.objects.filter(pk=products[1].pk).update(deleted_at=timezone.now())
    assert row_of(cohort, enrolment).reached["five_products"] == products[5].date_created

    Product.objects.filter(pk=products[2].pk).update(deleted_at=timezone.now())
    assert row_of(cohort, enrolment).reached["five_products"] is None


@pytest.mark.django_db
def test_four_products_are_not_five(cohort):
    enrolment = enrol(cohort, "Euis")
    for _number in range(4):
        factories.ProductFactory(producer=enrolment.producer)
    factories.ProductFactory()  # someone else's
    assert row_of(cohort, enrolment).reached["five_products"] is None


@pytest.mark.django_db
def test_a_product_moved_to_her_real_shop_counts_once(cohort):
    enrolment = enrol(cohort, "Euis")
    practised = [factories.ProductFactory(producer=enrolment.practice_producer) for _ in range(3)]
    for product in practised[:2]:
        factories.ProductFactory(producer=enrolment.producer, code=practice.promotion_code(product))
    assert row_of(cohort, enrolment).reached["five_products"] is None
    factories.ProductFactory(producer=enrolment.producer)
    fifth = factories.ProductFactory(producer=enrolment.practice_producer)
    assert row_of(cohort, enrolment).reached["five_products"] == fifth.date_created


# --- sharing ------------------------------------------------------------------


@pytest.mark.django_db
def test_first_share_is_her_earliest_share_as_sharer(cohort):
    enrolment = enrol(cohort, "Euis")
    other = enrol(cohort, "Tati")
    # Someone shared her shop: not her doing.
    Share.objects.create(producer=enrolment.producer, channel=Channel.WHATSAPP, sharer=None)
    Share.objects.create(
        producer=enrolment.producer, channel=Channel.LINK, sharer=other.practice_producer
    )
    assert row_of(cohort, enrolment).reached["share"] is None

    later = Share.objects.create(
        producer=enrolment.producer, channel=Channel.FACEBOOK, sharer=enrolment.producer
    )
    first = Share.objects.create(
        producer=enrolment.practice_producer,
        channel=Channel.WHATSAPP,
        sharer=enrolment.practice_producer,
    )
    Share.objects.filter(pk=first.pk).update(created_at=ago(days=2))
    first.refresh_from_db()
    row = row_of(cohort, enrolment)
    assert row.reached["share"] == first.created_at
    assert row.last_active >= later.created_at
    assert row_of(cohort, other).reached["share"] is not None


# --- orders -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_delivered_practice_order_is_fulfilled_but_never_a_real_sale(cohort):
    teacher = cohort.instructors.get()
    enrolment = enrol(cohort, "Euis")
    product = factories.ProductFactory(producer=enrolment.practice_producer, stock=5)
    simulation = simulated_order(enrolment, product, teacher)
    line = simulation.order.lines.get()
    assert line.partner == enrolment.practice_producer

    fulfilment.change_status(line, fulfilment.CONFIRMED, enrolment.trainee)
    assert row_of(cohort, enrolment).reached["fulfilled"] is None
    deliver_rest = TO_DELIVERED[1:]
    for step in deliver_rest:
        fulfilment.change_status(line, step, enrolment.trainee)
    confirmation.confirm_cash(
        Payment.objects.get(order=simulation.order).pk, teacher, Payment.CashHolder.PRODUCERS
    )
    assert Payment.objects.get(order=simulation.order).is_paid

    delivered = FulfilmentEvent.objects.get(line=line, status=fulfilment.DELIVERED)
    row = row_of(cohort, enrolment)
    assert row.reached["fulfilled"] == delivered.created_at
    assert row.reached["real_sale"] is None


@pytest.mark.django_db
def test_first_real_sale_is_when_a_real_order_is_paid(ibun_client, cohort):
    enrolment = enrol(cohort, "Euis")
    product = factories.ProductFactory(producer=enrolment.producer, stock=5)
    add_to_basket(ibun_client, product)
    assert checkout_as_guest(ibun_client, payment="bank-transfer").status_code == 302
    order = Order.objects.get(lines__partner=enrolment.producer)
    assert row_of(cohort, enrolment).reached["real_sale"] is None  # not paid yet

    payment, _changed = confirmation.mark_paid(Payment.objects.get(order=order).pk)
    row = row_of(cohort, enrolment)
    assert row.reached["real_sale"] == payment.paid_at
    assert row.reached["fulfilled"] is None  # paid, not delivered yet


@pytest.mark.django_db
def test_a_cash_on_delivery_sale_counts_once_delivered(cohort):
    enrolment = enrol(cohort, "Euis")
    product = factories.ProductFactory(producer=enrolment.producer, stock=5)
    order = order_of(product)
    payments.awaiting(order, "cod", cohort.site)
    line = order.lines.get()
    fulfilment.change_status(line, fulfilment.CONFIRMED, enrolment.trainee)
    assert row_of(cohort, enrolment).reached["real_sale"] is None

    deliver_rest = TO_DELIVERED[1:]
    for step in deliver_rest:
        fulfilment.change_status(line, step, enrolment.trainee)
    delivered = FulfilmentEvent.objects.get(line=line, status=fulfilment.DELIVERED)
    row = row_of(cohort, enrolment)
    assert row.reached["real_sale"] == delivered.created_at
    assert row.reached["fulfilled"] == delivered.created_at


@pytest.mark.django_db
def test_a_cancelled_line_of_a_paid_order_is_no_sale(cohort):
    enrolment = enrol(cohort, "Euis")
    product = factories.ProductFactory(producer=enrolment.producer, stock=5)
    order = order_of(product, status=fulfilment.AWAITING_PAYMENT)
    payment = payments.awaiting(order, "bank-transfer", cohort.site)
    confirmation.mark_paid(payment.pk)
    line = order.lines.get()
    fulfilment.change_status(line, fulfilment.CANCELLED, enrolment.trainee, note="Stok habis")
    assert row_of(cohort, enrolment).reached["real_sale"] is None


# --- last active, the cohort at once -----------------------------------------


@pytest.mark.django_db
def test_last_active_is_her_latest_sign_in_or_action(cohort):
    enrolment = enrol(cohort, "Euis")
    assert row_of(cohort, enrolment).last_active is None
    type(enrolment.trainee).objects.filter(pk=enrolment.trainee.pk).update(last_login=ago(days=3))
    assert row_of(cohort, enrolment).last_active == (
        type(enrolment.trainee).objects.get(pk=enrolment.trainee.pk).last_login
    )
    product = factories.ProductFactory(producer=enrolment.practice_producer)
    product.refresh_from_db()
    assert row_of(cohort, enrolment).last_active >= product.date_updated


def busy_cohort(site, teacher, size):
    """A cohort where every trainee has done a bit of everything."""
    cohort = make_cohort(site, teacher, name=f"Kelas {size}")
    for number in range(size):
        enrolment = enrol(cohort, f"Peserta{number}", phone=f"+62812{size:02d}{number:05d}")
        practice = enrolment.practice_producer
        for index in range(2):
            product = factories.ProductFactory(producer=practice, stock=5)
            ProductImage.objects.create(product=product, original=f"products/p{number}-{index}.jpg")
        Share.objects.create(producer=practice, channel=Channel.WHATSAPP, sharer=practice)
        if number % 2 == 0:
            order = simulated_order(enrolment, product, teacher).order
            deliver(order.lines.get(), enrolment.trainee)
        real_product = factories.ProductFactory(producer=enrolment.producer, stock=5)
        if number % 3 == 0:
            order = order_of(real_product, status=fulfilment.AWAITING_PAYMENT)
            payment = payments.awaiting(order, "bank-transfer", site)
            confirmation.mark_paid(payment.pk)
    return cohort


@pytest.mark.django_db
def test_a_cohort_costs_the_same_queries_for_3_or_20_trainees(ibun, django_assert_max_num_queries):
    ProductClass.objects.get_or_create(name="Makanan")
    teacher = instructor()
    small, large = busy_cohort(ibun, teacher, 3), busy_cohort(ibun, teacher, 20)
    counts = []
    for cohort in (small, large):
        cohort = Cohort.objects.get(pk=cohort.pk)
        with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as captured:
            rows = progress.cohort_progress(cohort)
            days, series = progress.cumulative_by_day(cohort, rows)
        counts.append(len(captured))
        assert all(row.reached["share"] and row.reached["photo_product"] for row in rows)
    assert counts[0] == counts[1]
    assert len(rows) == 20
    assert sum(row.reached["fulfilled"] is not None for row in rows) == 10
    assert sum(row.reached["real_sale"] is not None for row in rows) == 7
    assert series["share"][-1] == 20


# --- over time ----------------------------------------------------------------


@pytest.mark.django_db
def test_cumulative_trainees_per_day_from_start_to_today(cohort):
    first, second, _never = (enrol(cohort, name) for name in ("Ani", "Butet", "Cici"))
    start = cohort.starts_on
    start_time = timezone.make_aware(datetime.datetime.combine(start, datetime.time(10)))
    # Ani shared before the class began, Butet on day 3, Cici never.
    for enrolment, when in ((first, start_time - datetime.timedelta(days=5)), (second, None)):
        share = Share.objects.create(
            producer=enrolment.producer, channel=Channel.LINK, sharer=enrolment.producer
        )
        if when is None:
            when = start_time + datetime.timedelta(days=2)
        Share.objects.filter(pk=share.pk).update(created_at=when)

    today = start + datetime.timedelta(days=4)
    days, series = progress.cumulative_by_day(cohort, today=today)
    assert days == [start + datetime.timedelta(days=offset) for offset in range(5)]
    assert series["share"] == [1, 1, 2, 2, 2]
    assert series["real_sale"] == [0] * 5
    assert set(series) == set(progress.STEP_KEYS)

    # Once the cohort is over, the chart stops at its last day; before it
    # began, it is its first day alone.
    days, _series = progress.cumulative_by_day(cohort, today=cohort.ends_on.replace(year=2999))
    assert days[-1] == cohort.ends_on
    days, series = progress.cumulative_by_day(cohort, today=start - datetime.timedelta(days=9))
    assert days == [start] and series["share"] == [1]
