"""Every login path ends on a real page, never in Wagtail's 404."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from tests import factories
from vendors import ledger

Category = get_model("catalogue", "Category")
CommissionRate = get_model("partner", "CommissionRate")
ProductCategory = get_model("catalogue", "ProductCategory")


@pytest.mark.django_db
@pytest.mark.parametrize("protected", ["/cms/", "/dashboard/", "/accounts/"])
def test_protected_areas_redirect_to_a_login_page_that_exists(ibun_client, protected):
    response = ibun_client.get(protected, follow=True)
    assert response.status_code == 200
    assert "login" in response.redirect_chain[-1][0]


@pytest.mark.django_db
def test_a_producer_logs_in_and_lands_on_her_account(ibun_client, ibun):
    user = factories.UserFactory(username="siti", email="siti@contoh.test")
    response = ibun_client.post(
        "/accounts/login/",
        {
            "login-username": "siti@contoh.test",
            "login-password": "rahasia-uji-123",
            "login_submit": "1",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/cms/",
        "/cms/settings/storefront/shopsettings/",
        "/cms/snippets/regions/village/",
        "/cms/snippets/partner/producergroup/",
        "/cms/snippets/partner/commissionrate/",
        "/cms/snippets/partner/commissionrate/add/",
        "/dashboard/",
        "/dashboard/orders/",
        "/dashboard/catalogue/",
    ],
)
def test_the_operator_reaches_the_cms_and_the_dashboard(ibun_client, path):
    operator = factories.UserFactory(is_staff=True, is_superuser=True)
    ibun_client.force_login(operator)
    response = ibun_client.get(path, follow=True)
    assert response.status_code == 200, path


@pytest.mark.django_db
def test_the_operator_gives_a_category_its_own_commission_in_the_cms(ibun_client, ibun, other_shop):
    operator = factories.UserFactory(is_staff=True, is_superuser=True)
    ibun_client.force_login(operator)
    food = Category.add_root(name="Makanan")
    chips = food.add_child(name="Keripik")
    producer = factories.ProducerFactory(site=ibun, name="Keripik Bu Ani")
    keripik = factories.ProductFactory(producer=producer, title="Keripik Singkong")
    ProductCategory.objects.create(product=keripik, category=chips)
    assert ledger.commission_percent(keripik, ibun) == 10, "the shop's own rate"

    response = ibun_client.post(
        "/cms/snippets/partner/commissionrate/add/",
        {"site": ibun.pk, "category": food.pk, "percent": "7.5"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    [made] = CommissionRate.objects.all()
    assert (made.site, made.category, made.percent) == (ibun, food, Decimal("7.5"))
    listing = ibun_client.get(response["Location"]).content.decode()
    assert "Makanan" in listing
    assert ledger.commission_percent(keripik, ibun) == Decimal("7.5"), "Keripik is under Makanan"
    assert ledger.commission_percent(keripik, other_shop) == 10, "another shop keeps its rate"
    # A rate that is not a percentage is refused and changes nothing.
    refused = ibun_client.post(
        "/cms/snippets/partner/commissionrate/add/",
        {"site": ibun.pk, "category": chips.pk, "percent": "150"},
    )
    assert refused.status_code == 200
    assert "percent" in refused.context["form"].errors
    assert CommissionRate.objects.count() == 1


def portal_people():
    """A producer with the dashboard permission and a facilitator of her group,
    both with working passwords."""
    from django.contrib.auth.models import Permission
    from oscar.core.loading import get_model

    village = factories.VillageFactory(name="Sudi")
    group = get_model("partner", "ProducerGroup").objects.create(
        name="Kelompok Sulam", village=village
    )
    producer = factories.ProducerFactory(name="Sulam Bu Tini", village=village, group=group)
    producer_user = factories.UserFactory(username="tini")
    producer_user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    producer.users.add(producer_user)
    facilitator = factories.UserFactory(username="dewi")
    get_model("partner", "FacilitatorAssignment").objects.create(
        facilitator=facilitator, group=group
    )
    return producer_user, facilitator


@pytest.mark.django_db
@pytest.mark.parametrize("admin", ["/cms/", "/django-admin/"])
def test_producers_and_facilitators_never_get_into_the_admins(ibun_client, ibun, admin):
    for person in portal_people():
        # Signing in at the admin's own page does not let them in...
        response = ibun_client.post(
            f"{admin}login/",
            {"username": person.username, "password": "rahasia-uji-123"},
            follow=True,
        )
        assert response.wsgi_request.path.startswith(f"{admin}login/"), person
        # ...and signed in elsewhere, the admin still sends them to its login.
        ibun_client.force_login(person)
        response = ibun_client.get(admin)
        assert response.status_code == 302, person
        assert "login" in response["Location"], person
        ibun_client.logout()


@pytest.mark.django_db
def test_the_operator_signs_in_to_the_cms(ibun_client, ibun):
    factories.UserFactory(username="operator-uji", is_staff=True, is_superuser=True)
    response = ibun_client.post(
        "/cms/login/", {"username": "operator-uji", "password": "rahasia-uji-123"}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "operator-uji"
    assert response.wsgi_request.path == "/cms/"
