"""Products made in Oscar's dashboard belong to a producer, and a producer can
only list products as herself."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from oscar.core.loading import get_class, get_model

from tests import factories

ProductForm = get_class("dashboard.catalogue.forms", "ProductForm")
StockRecord = get_model("partner", "StockRecord")


def producer_user(partner):
    user = factories.UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    )
    partner.users.add(user)
    return user


@pytest.mark.django_db
def test_the_product_form_asks_who_sells_it_and_how_it_is_made():
    product_class = factories.ProductClassFactory()
    producer = factories.ProducerFactory()
    form = ProductForm(
        product_class,
        data={
            "title": "Tas Rajut",
            "producer": producer.pk,
            "fulfilment": "made_to_order",
            "lead_time_days": 5,
            "structure": "standalone",
            "is_public": "on",
        },
        user=factories.UserFactory(is_staff=True),
    )
    assert form.is_valid(), form.errors
    product = form.save()
    assert product.producer == producer
    assert product.is_made_to_order and product.lead_time_days == 5


@pytest.mark.django_db
def test_a_producer_can_only_choose_herself():
    mine, other = factories.ProducerFactory(), factories.ProducerFactory()
    form = ProductForm(
        factories.ProductClassFactory(),
        data={
            "title": "Sabun",
            "producer": other.pk,
            "fulfilment": "stock",
            "lead_time_days": 0,
            "structure": "standalone",
        },
        user=producer_user(mine),
    )
    assert list(form.fields["producer"].queryset) == [mine]
    assert not form.is_valid()
    assert "producer" in form.errors


@pytest.mark.django_db
def test_made_to_order_needs_a_lead_time():
    form = ProductForm(
        factories.ProductClassFactory(),
        data={
            "title": "Batik",
            "producer": factories.ProducerFactory().pk,
            "fulfilment": "made_to_order",
            "lead_time_days": 0,
            "structure": "standalone",
        },
        user=factories.UserFactory(is_staff=True),
    )
    assert not form.is_valid()
    assert "lead_time_days" in form.errors


@pytest.mark.django_db
def test_a_stock_record_must_belong_to_the_products_producer():
    product = factories.ProductFactory()
    record = StockRecord(
        product=product, partner=factories.ProducerFactory(), partner_sku="X-1", price=1000
    )
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "partner" in error.value.message_dict


@pytest.mark.django_db
def test_the_dashboard_product_page_shows_the_producer_field(client, ibun):
    operator = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    product_class = factories.ProductClassFactory()
    response = client.get(
        f"/dashboard/catalogue/products/create/{product_class.slug}/", HTTP_HOST="ibun.localhost"
    )
    assert response.status_code == 200
    assert 'name="producer"' in response.content.decode()
    assert 'name="lead_time_days"' in response.content.decode()
