"""`seed_demo` loads a complete demo and is safe to run again."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from oscar.core.loading import get_model
from wagtail.models import Site

from vendors import access

Partner = get_model("partner", "Partner")
PartnerAddress = get_model("partner", "PartnerAddress")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Site, Partner, Product, StockRecord, ProductImage, get_user_model())
    }


@pytest.mark.django_db
def test_seed_demo_loads_ibun_store_and_is_idempotent(client):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first

    assert sorted(Site.objects.values_list("hostname", flat=True)) == [
        "ibun.localhost",
        "localhost",
        "pangalengan.localhost",
    ]
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    ibun = Site.objects.get(hostname="ibun.localhost")
    assert Partner.objects.filter(site=ibun).count() >= 8
    assert Partner.objects.filter(site=ibun, village__name="Lampegan").exists()
    ibun_products = Product.objects.filter(producer__site=ibun, is_public=True)
    assert ibun_products.count() >= 40
    for product in Product.objects.prefetch_related("stockrecords", "images"):
        assert [record.partner_id for record in product.stockrecords.all()] == [product.producer_id]
        assert len(product.images.all()) == 1
    assert PartnerAddress.objects.count() == 0, "no producer's address is stored or shown"

    users = {user.username: user for user in get_user_model().objects.all()}
    assert users["operator"].is_superuser
    facilitator = users["fasilitator"]
    assert not facilitator.is_staff, "facilitators work in the portal, not the dashboard"
    assert facilitator.facilitator_assignments.exists()
    helped = access.managed_producers(facilitator)
    assert helped.filter(name="Keripik Ceu Enok").exists()
    assert not helped.filter(site__hostname="pangalengan.localhost").exists()
    producer_user = users["produsen"]
    assert producer_user.partners.get().village.name == "Lampegan"
    assert producer_user.has_perm("partner.dashboard_access")

    home = client.get("/", HTTP_HOST="ibun.localhost")
    assert home.status_code == 200
    assert "Ibun Store" in home.content.decode()
    search = client.get("/catalogue/?q=keripik", HTTP_HOST="ibun.localhost")
    assert "Keripik Singkong Pedas" in search.content.decode()
