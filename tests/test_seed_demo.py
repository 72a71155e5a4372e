"""`seed_demo` loads a complete demo and is safe to run again."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from oscar.core.loading import get_model
from wagtail.models import Page, Site

from storefront.models import ShopSettings, StoryIndexPage, StoryPage
from vendors import access

Country = get_model("address", "Country")
Partner = get_model("partner", "Partner")
PartnerAddress = get_model("partner", "PartnerAddress")
Product = get_model("catalogue", "Product")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")

COUNTED = (
    Site,
    Page,
    ShopSettings,
    Country,
    Category,
    Partner,
    Product,
    ProductCategory,
    ProductAttributeValue,
    StockRecord,
    ProductImage,
    get_user_model(),
)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.mark.django_db
def test_seed_demo_loads_the_demo_and_is_idempotent(client):
    """One test, so the (few seconds long) seeding runs twice, not twice per check."""
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first, "a second run must change nothing"

    check_portal_and_village_shops_replace_wagtail_welcome()
    check_ibun_store_has_producers_and_products()
    check_each_product_has_its_producers_stock_record_and_one_image()
    check_demo_logins(client)
    check_shop_home_and_search_show_the_demo(client)


def check_portal_and_village_shops_replace_wagtail_welcome():
    assert sorted(Site.objects.values_list("hostname", flat=True)) == [
        "ibun.localhost",
        "localhost",
        "pangalengan.localhost",
    ]
    assert set(Site.objects.values_list("port", flat=True)) == {80}
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    assert type(Site.objects.get(hostname="localhost").root_page.specific).__name__ == (
        "PortalPage"
    )
    assert not Page.objects.filter(depth=2, title__startswith="Welcome").exists()
    ibun = Site.objects.get(hostname="ibun.localhost")
    settings = ShopSettings.for_site(ibun)
    assert settings.district.name == "Ibun"
    assert settings.accepts_bank_transfer
    assert settings.fee_village == 5000 and settings.fee_outside_province is None
    assert StoryPage.objects.live().child_of(ibun.root_page).exists()
    assert StoryIndexPage.objects.live().child_of(ibun.root_page).in_menu().exists()


def check_ibun_store_has_producers_and_products():
    ibun = Site.objects.get(hostname="ibun.localhost")
    assert Partner.objects.filter(site=ibun).count() >= 8
    assert Partner.objects.filter(site=ibun, village__name="Lampegan").exists()
    assert Partner.objects.filter(site__hostname="pangalengan.localhost").count() >= 3
    assert Product.objects.filter(producer__site=ibun, is_public=True).count() >= 40
    assert Product.objects.count() >= 48
    assert Product.objects.filter(fulfilment="made_to_order", lead_time_days__gte=1).exists()
    assert PartnerAddress.objects.count() == 0, "no producer's address is stored or shown"
    assert Country.objects.get(iso_3166_1_a2="ID").is_shipping_country


def check_each_product_has_its_producers_stock_record_and_one_image():
    products = Product.objects.prefetch_related("stockrecords", "images", "categories")
    for product in products:
        assert [record.partner_id for record in product.stockrecords.all()] == [product.producer_id]
        assert len(product.images.all()) == 1
        assert len(product.categories.all()) == 1
        assert product.attr.weight > 0


def check_demo_logins(client):
    users = {user.username: user for user in get_user_model().objects.all()}
    assert users["operator"].is_superuser and users["operator"].is_staff
    assert users["operator"].check_password("pasardesa-operator")

    facilitator = users["fasilitator"]
    assert facilitator.groups.filter(name="Fasilitator").exists()
    assert not facilitator.is_staff, "staff see every order: facilitators use the portal"
    helped = access.managed_producers(facilitator)
    assert helped.filter(name="Keripik Ceu Enok").exists()
    assert not helped.filter(site__hostname="pangalengan.localhost").exists()

    producer_user = users["produsen"]
    assert producer_user.partners.get().village.name == "Lampegan"
    assert producer_user.has_perm("partner.dashboard_access")
    assert not producer_user.is_staff
    # The logins `make run` prints work on the portal's sign-in page.
    for login, password in (
        ("081200000101", "pasardesa-produsen"),
        ("produsen@pasardesa.test", "pasardesa-produsen"),
        ("081200000999", "pasardesa-fasilitator"),
    ):
        response = client.post(
            "/jual/masuk/", {"username": login, "password": password}, HTTP_HOST="ibun.localhost"
        )
        assert response.status_code == 302, login
        assert response["Location"] == "/jual/", login
        client.post("/jual/keluar/", HTTP_HOST="ibun.localhost")


def check_shop_home_and_search_show_the_demo(client):
    home = client.get("/", HTTP_HOST="ibun.localhost")
    assert home.status_code == 200
    assert "Ibun Store" in home.content.decode()
    portal = client.get("/", HTTP_HOST="localhost")
    assert portal.status_code == 200
    search = client.get("/catalogue/?q=keripik", HTTP_HOST="ibun.localhost")
    assert "Keripik Singkong Pedas" in search.content.decode()
